"""The role matrix: which role may do what. Enforced here, so GUI and CLI obey the same rules."""

from __future__ import annotations

from enum import StrEnum

from desk_app.domain.errors import PermissionDenied
from desk_app.domain.states import Role
from desk_app.services.context import Actor


class Action(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    LOAD_DEMO = "load_demo"
    MIGRATE = "migrate"
    READ_AUDIT = "read_audit"
    SEARCH_CITIZENS = "search_citizens"
    EDIT_CITIZENS = "edit_citizens"
    VIEW_FULL_TCKN = "view_full_tckn"
    # Requests: every role records and follows them (forward, answer, note, status, informed).
    RECORD_REQUEST = "record_request"
    FOLLOW_REQUEST = "follow_request"
    # Hoş Geldin Bebek applications.
    REGISTER_APPLICATION = "register_application"
    VIEW_APPLICATIONS = "view_applications"
    CANCEL_APPLICATION = "cancel_application"
    DECIDE_DUPLICATE = "decide_duplicate"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    # Delivery planning.
    PLAN_DELIVERIES = "plan_deliveries"
    RECORD_DELIVERY_OUTCOME = "record_delivery_outcome"
    PRINT_SLIPS = "print_slips"
    # The supervisor's summary and reports.
    VIEW_SUMMARY = "view_summary"
    MANAGE_BACKUPS = "manage_backups"
    MANAGE_DELIVERY_SETUP = "manage_delivery_setup"
    # KVKK: everything stored about one person (right to information); the retention job.
    EXPORT_CITIZEN = "export_citizen"
    RUN_RETENTION = "run_retention"
    # SMS to families: the outbox list (retry, cancel), reminders, the sender.
    MANAGE_NOTIFICATIONS = "manage_notifications"


_ALL = frozenset(Role)
_SUPERVISOR_UP = frozenset({Role.SUPERVISOR, Role.ADMIN})
_ADMIN = frozenset({Role.ADMIN})

ROLE_MATRIX: dict[Action, frozenset[Role]] = {
    Action.MANAGE_USERS: _ADMIN,
    Action.MANAGE_SETTINGS: _ADMIN,
    Action.MANAGE_REFERENCE_DATA: _ADMIN,
    Action.LOAD_DEMO: _ADMIN,
    Action.MIGRATE: _ADMIN,
    Action.READ_AUDIT: _SUPERVISOR_UP,
    Action.RECORD_REQUEST: _ALL,
    Action.FOLLOW_REQUEST: _ALL,
    Action.SEARCH_CITIZENS: _ALL,
    Action.EDIT_CITIZENS: _ALL,
    Action.VIEW_FULL_TCKN: _SUPERVISOR_UP,
    Action.REGISTER_APPLICATION: _ALL,
    Action.VIEW_APPLICATIONS: _ALL,
    Action.CANCEL_APPLICATION: _ALL,
    Action.DECIDE_DUPLICATE: _SUPERVISOR_UP,
    Action.OVERRIDE_ELIGIBILITY: _SUPERVISOR_UP,
    Action.PLAN_DELIVERIES: _ALL,
    Action.RECORD_DELIVERY_OUTCOME: _ALL,
    Action.PRINT_SLIPS: _ALL,
    Action.VIEW_SUMMARY: _SUPERVISOR_UP,
    Action.MANAGE_BACKUPS: _ADMIN,
    Action.MANAGE_DELIVERY_SETUP: _SUPERVISOR_UP,
    Action.EXPORT_CITIZEN: _SUPERVISOR_UP,
    Action.RUN_RETENTION: _ADMIN,
    Action.MANAGE_NOTIFICATIONS: _SUPERVISOR_UP,
}

ACTION_LABELS: dict[Action, str] = {
    Action.MANAGE_USERS: "kullanıcıları yönetmek",
    Action.MANAGE_SETTINGS: "ayarları değiştirmek",
    Action.MANAGE_REFERENCE_DATA: "başvuru verilerini (mahalle, müdürlük...) düzenlemek",
    Action.LOAD_DEMO: "örnek veri yüklemek",
    Action.MIGRATE: "veritabanını güncellemek",
    Action.READ_AUDIT: "işlem kayıtlarını görmek",
    Action.RECORD_REQUEST: "talep kaydetmek",
    Action.FOLLOW_REQUEST: "talepleri izlemek ve güncellemek",
    Action.SEARCH_CITIZENS: "vatandaş aramak",
    Action.EDIT_CITIZENS: "vatandaş kaydı açmak ve düzenlemek",
    Action.VIEW_FULL_TCKN: "T.C. Kimlik No'nun tamamını görmek",
    Action.REGISTER_APPLICATION: "Hoş Geldin Bebek başvurusu kaydetmek",
    Action.VIEW_APPLICATIONS: "Hoş Geldin Bebek başvurularını görmek",
    Action.CANCEL_APPLICATION: "başvuru iptal etmek",
    Action.DECIDE_DUPLICATE: "mükerrer şüphesi olan başvuru hakkında karar vermek",
    Action.OVERRIDE_ELIGIBILITY: "uygun bulunmayan başvuruyu onaylamak",
    Action.PLAN_DELIVERIES: "teslimat planlamak",
    Action.RECORD_DELIVERY_OUTCOME: "teslimat sonucu girmek",
    Action.PRINT_SLIPS: "teslim fişi, rota listesi ve tutanak basmak",
    Action.VIEW_SUMMARY: "özet sayfasını görmek ve rapor almak",
    Action.MANAGE_BACKUPS: "yedek almak ve yedekten geri yüklemek",
    Action.MANAGE_DELIVERY_SETUP: "ekipleri, teslim saatlerini ve set stoğunu yönetmek",
    Action.EXPORT_CITIZEN: "bir kişinin bütün kayıtlarını dışa aktarmak (KVKK bilgi talebi)",
    Action.RUN_RETENTION: "saklama süresi dolan kişisel verileri anonimleştirmek",
    Action.MANAGE_NOTIFICATIONS: "SMS bildirimlerini yönetmek",
}

ROLE_LABELS_GENITIVE: dict[Role, str] = {
    Role.DESK: "Masa görevlisi",
    Role.SUPERVISOR: "Süpervizör",
    Role.ADMIN: "Yönetici",
}


def allowed(actor: Actor, action: Action) -> bool:
    return actor.role in ROLE_MATRIX[action]


def require(actor: Actor, action: Action) -> None:
    if not allowed(actor, action):
        raise PermissionDenied(
            f"{ROLE_LABELS_GENITIVE[actor.role]} rolü {ACTION_LABELS[action]} için yetkili değil; "
            "bir yöneticiden yardım isteyin."
        )
