"""The ``desk-app`` command: the GUI by default, admin and automation commands otherwise.

Exit codes: 0 success (a file processed with some bad rows is a success that reports them),
2 unusable input (bad URL, unreadable file, refused arguments), 1 internal error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TextIO

from desk_app import __version__
from desk_app.db import Database, DatabaseSetupError, open_database
from desk_app.domain.errors import DomainError
from desk_app.domain.states import Role
from desk_app.settings import Settings, load_settings

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class UsageError(Exception):
    """Unusable input found by the command line itself (exit 2)."""


def _common() -> argparse.ArgumentParser:
    # Accepted before and after the sub-command: `desk-app --db X demo` = `desk-app demo --db X`.
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL (default: DESK_APP_DB, the config file, then the embedded SQLite file)",
    )
    parent.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print one JSON object for scripts",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="desk-app",
        parents=[common],
        description="Gönül Kapısı ön masa ve Hoş Geldin Bebek uygulaması (Çorum Belediyesi). "
        "Komutsuz çalıştırıldığında pencereyi açar.",
    )
    parser.add_argument("--version", action="version", version=f"desk_app {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check the installation (database, migrations, a slip PDF, Qt) and exit 0 or 1",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_db = sub.add_parser("db", parents=[common], help="schema: create or migrate")
    db_sub = p_db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", parents=[common], help="create or migrate the schema")
    db_sub.add_parser("status", parents=[common], help="show the schema revision")

    p_user = sub.add_parser("user", parents=[common], help="manage users")
    user_sub = p_user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p_add = user_sub.add_parser("add", parents=[common], help="add a user")
    p_add.add_argument("name", help="user name used to log in")
    p_add.add_argument("--role", required=True, choices=[r.value for r in Role])
    p_add.add_argument("--full-name", default=None, help="full name (default: the user name)")
    p_add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p_add.add_argument(
        "--sso",
        action="store_true",
        help="PostgreSQL: a Windows domain login (SSPI/GSSAPI/LDAP) with no password here",
    )
    user_sub.add_parser("list", parents=[common], help="list users")
    for action, help_text in (
        ("deactivate", "the user can no longer log in or connect"),
        ("reactivate", "let a deactivated user log in again"),
        ("unlock", "clear a lockout after failed logins"),
    ):
        user_sub.add_parser(action, parents=[common], help=help_text).add_argument("name")
    p_role = user_sub.add_parser("set-role", parents=[common], help="change a user's role")
    p_role.add_argument("name")
    p_role.add_argument("--role", required=True, choices=[r.value for r in Role])
    p_reset = user_sub.add_parser("reset-password", parents=[common], help="set a new password")
    p_reset.add_argument("name")
    p_reset.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )

    p_demo = sub.add_parser("demo", parents=[common], help="fill a database with a demo year")
    p_demo.add_argument("--year", type=int, default=2025)
    p_demo.add_argument(
        "--years",
        default=None,
        metavar="FIRST-LAST",
        help="several years at full volume, e.g. 2016-2025 (every 153 call a request)",
    )
    p_demo.add_argument(
        "--citizens",
        type=int,
        default=None,
        metavar="N",
        help="with --years: size of the citizen pool (default: what the requests need)",
    )
    p_demo.add_argument("--seed", type=int, default=1)
    p_demo.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="pretend today is this date (YYYY-MM-DD)",
    )

    p_import = sub.add_parser(
        "import-applications", parents=[common], help="import the web site's applications export"
    )
    p_import.add_argument("file", metavar="FILE", help="the export: .csv or .xlsx")
    p_import.add_argument(
        "--dry-run", action="store_true", help="check and report without writing anything"
    )
    p_import.add_argument(
        "--error-report",
        metavar="FILE.csv|xlsx",
        default=None,
        help="save the rejected rows (row, column, reason) to this file",
    )

    p_slips = sub.add_parser(
        "slips",
        parents=[common],
        help="print the route sheets and QR-coded slips of booked home deliveries",
    )
    when = p_slips.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="one day")
    when.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    p_slips.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    p_slips.add_argument("--team", metavar="NAME", default=None, help="only this team")
    p_slips.add_argument("--page-size", choices=["A4", "A5"], default="A4")
    p_slips.add_argument("--out", required=True, metavar="FILE.pdf")

    p_confirm = sub.add_parser(
        "confirm", parents=[common], help="record the outcome of a scanned slip (once per slip)"
    )
    p_confirm.add_argument("token", metavar="TOKEN", help="the slip's QR text or its short code")
    p_confirm.add_argument(
        "--outcome",
        required=True,
        choices=["delivered", "not-home", "wrong-address", "refused", "other"],
    )
    p_confirm.add_argument("--received-by", default="", metavar="NAME")
    p_confirm.add_argument("--relation", default="", metavar="RELATION", help="e.g. Anne, Baba")
    p_confirm.add_argument("--note", default="", help="what happened (required for other)")

    p_report = sub.add_parser(
        "report", parents=[common], help="the supervisor's summary of a year or a period"
    )
    span = p_report.add_mutually_exclusive_group(required=True)
    span.add_argument("--year", type=int, metavar="YYYY")
    span.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    p_report.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    p_report.add_argument("--format", choices=["text", "csv", "xlsx", "pdf"], default="text")
    p_report.add_argument("--out", metavar="FILE", default=None)

    p_backup = sub.add_parser(
        "backup", parents=[common], help="a consistent copy of the SQLite database (desks may work)"
    )
    p_backup.add_argument("--out", required=True, metavar="FILE")
    p_restore = sub.add_parser(
        "restore", parents=[common], help="put an SQLite backup back (close every desk first)"
    )
    p_restore.add_argument("file", metavar="FILE", nargs="?")
    p_restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p_restore.add_argument(
        "--list", action="store_true", help="list the .before-restore-* copies kept (newest first)"
    )

    p_settings = sub.add_parser(
        "settings", parents=[common], help="show or change settings (eligibility rules, ...)"
    )
    settings_sub = p_settings.add_subparsers(
        dest="settings_command", metavar="ACTION", required=True
    )
    settings_sub.add_parser("list", parents=[common], help="every setting with its value")
    p_set = settings_sub.add_parser("set", parents=[common], help="change one setting")
    p_set.add_argument("key", help="e.g. eligibility.max_baby_age_months")
    p_set.add_argument("value", help="the new value, as JSON for numbers and true/false")
    p_audit = sub.add_parser("audit", parents=[common], help="the audit trail (PostgreSQL)")
    audit_sub = p_audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_sub.add_parser(
        "collect-logins",
        parents=[common],
        help="read the logins the server refused from its log into the audit trail and lock "
        "(admins; a scheduled task, e.g. every 5 minutes)",
    )
    _add_kvkk_commands(sub, common)
    return parser


def _add_kvkk_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p_retention = sub.add_parser(
        "retention",
        parents=[common],
        help="KVKK: anonymise personal data past the retention period (kvkk.retention_years)",
    )
    retention_sub = p_retention.add_subparsers(
        dest="retention_command", metavar="ACTION", required=True
    )
    p_run = retention_sub.add_parser(
        "run", parents=[common], help="anonymise and write a destruction record"
    )
    p_run.add_argument(
        "--dry-run", action="store_true", help="count what is due without changing anything"
    )
    p_citizen = sub.add_parser("citizen", parents=[common], help="KVKK: one person's data")
    citizen_sub = p_citizen.add_subparsers(dest="citizen_command", metavar="ACTION", required=True)
    p_export = citizen_sub.add_parser(
        "export",
        parents=[common],
        help="everything stored about one person (right to information), as JSON",
    )
    p_export.add_argument("tc", metavar="TC", help="the person's T.C. Kimlik No")
    p_export.add_argument("--out", required=True, metavar="FILE.json")
    p_notify = sub.add_parser("notify", parents=[common], help="SMS to families ([sms] section)")
    notify_sub = p_notify.add_subparsers(dest="notify_command", metavar="ACTION", required=True)
    p_notify_run = notify_sub.add_parser(
        "run", parents=[common], help="the sender: send queued SMS until stopped"
    )
    p_notify_run.add_argument(
        "--once", action="store_true", help="send what is due now, then exit (scheduled task)"
    )
    p_remind = notify_sub.add_parser(
        "queue-reminders", parents=[common], help="queue the day-before reminders"
    )
    p_remind.add_argument(
        "--for-date", type=_iso_date, metavar="YYYY-MM-DD", help="the deliveries' day (tomorrow)"
    )


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"‘{text}’ bir tarih değil; YYYY-AA-GG biçiminde yazın (ör. 2025-06-17)."
        ) from None


def _emit(
    args: argparse.Namespace, payload: dict[str, Any], text: str, out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    if getattr(args, "json", False):
        out.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
    else:
        out.write(text.rstrip("\n") + "\n")


def _open(settings: Settings, *, migrate: bool = True) -> Database:
    """The database as the person running the command: the user name in the URL (or the OS
    account for single sign-on), the password from libpq's password file or service file, or
    asked for at the terminal. Never from the command line (a warning says so)."""
    from sqlalchemy.engine import make_url

    try:
        url = make_url(settings.db_url) if "://" in settings.db_url else None
    except Exception:  # normalize_url gives the message
        url = None
    if url is not None and url.password and url.get_backend_name().startswith("postgres"):
        sys.stderr.write(
            "desk-app: UYARI: --db adresinde parola var; parola işlem listesinde görünür. "
            "Parolayı PGPASSFILE (pgpass) ya da servis dosyasında tutun veya sorulduğunda "
            "yazın.\n"
        )
    db = open_database(
        settings.db_url,
        sslmode=settings.sslmode,
        sslrootcert=settings.sslrootcert,
        migrate=False,
        gss=settings.db_auth == "sspi",
    )
    if db.is_postgres and not (url and url.password) and settings.db_auth != "sspi":
        db = _with_prompted_password(db)
    if migrate and not db.schema_state().up_to_date:
        db.upgrade()  # only the owner may; others get the Turkish message to ask IT
    return db


def _with_prompted_password(db: Database) -> Database:
    from desk_app.db import DatabaseUnavailable

    try:
        db.check_login()
        return db
    except DatabaseUnavailable as exc:
        message = str(exc).lower()
        if "password" not in message or not sys.stdin.isatty():
            raise
    user = db.url.username or getpass.getuser()
    password = getpass.getpass(f"{user} için veritabanı parolası: ")
    person = db.as_login(user, password)
    db.dispose()
    person.check_login()
    return person


def _actor(db: Database) -> Any:
    """Who runs the command: on PostgreSQL the connection's own login (its user's role, or the
    database owner); on SQLite (single-user mode) the OS account as an administrator."""
    if db.is_postgres:
        from desk_app.services import admin

        return admin.session_actor(db)
    from desk_app.services.context import cli_actor

    return cli_actor()


def _cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    db = _open(settings, migrate=False)
    try:
        before = db.schema_state()
        state = db.upgrade() if args.db_command == "upgrade" else before
        payload = {
            "ok": True,
            "database": db.describe(),
            "revision": state.current,
            "head": state.head,
            "previous": before.current,
        }
        if args.db_command == "upgrade":
            text = (
                f"{db.describe()}: şema güncel ({state.current})."
                if before.up_to_date
                else f"{db.describe()}: şema {before.current or 'boş'} → {state.current}."
            )
        else:
            text = f"{db.describe()}: şema {state.current or 'boş'}, güncel sürüm {state.head}."
        _emit(args, payload, text)
        return EXIT_OK
    finally:
        db.dispose()


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("Parola sorulamıyor (terminal yok); --password-stdin kullanın.")
    first = getpass.getpass("Parola: ")
    if getpass.getpass("Parola (tekrar): ") != first:
        raise UsageError("Parolalar aynı değil; komutu yeniden çalıştırın.")
    return first


def _cmd_user(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services import admin

    db = _open(settings)
    try:
        actor = _actor(db)
        if args.user_command == "add":
            password = None if args.sso else _read_password(args)
            user = admin.add_login(
                db, actor, args.name, args.full_name or args.name, Role(args.role), password
            )
            _emit(
                args,
                {
                    "ok": True,
                    "user": {"id": user.id, "username": user.username, "role": user.role.value},
                },
                f"Kullanıcı eklendi: {user.username} ({user.role.value}).",
            )
        elif args.user_command == "list":
            users = admin.list_users(db, actor)
            rows = [
                {
                    "id": u.id,
                    "username": u.username,
                    "full_name": u.full_name,
                    "role": u.role.value,
                    "active": u.active,
                }
                for u in users
            ]
            text = "\n".join(
                f"{u.username:20} {u.role.value:11} {'' if u.active else '(kapalı) '}{u.full_name}"
                for u in users
            )
            _emit(args, {"ok": True, "users": rows}, text or "Kullanıcı yok.")
        else:
            done = _user_change(args, db, actor)
            _emit(args, {"ok": True, "user": args.name, "action": args.user_command}, done)
        return EXIT_OK
    finally:
        db.dispose()


def _user_change(args: argparse.Namespace, db: Database, actor: Any) -> str:
    from desk_app.services import admin

    name, command = args.name, args.user_command
    if command in ("deactivate", "reactivate"):
        admin.set_active(db, actor, name, command == "reactivate")
        return f"{name}: hesap {'açıldı' if command == 'reactivate' else 'kapatıldı'}."
    if command == "set-role":
        admin.set_role(db, actor, name, Role(args.role))
        return f"{name}: rol {args.role} oldu."
    if command == "reset-password":
        admin.reset_password(db, actor, name, _read_password(args))
        return f"{name}: parola değiştirildi."
    admin.unlock(db, actor, name)
    return f"{name}: kilit kaldırıldı."


def _progress_printer(enabled: bool) -> Callable[[float, str], bool]:
    last = [-1]

    def report(fraction: float, message: str) -> bool:
        if enabled and sys.stderr.isatty():
            pct = int(fraction * 100)
            if pct != last[0]:
                last[0] = pct
                bar = "#" * (pct // 4)
                sys.stderr.write(f"\r[{bar:<25}] {pct:3d}% {message[:40]:<40}")
                sys.stderr.flush()
        return True

    return report


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.demo import generate_demo

    if args.years is not None:
        return _cmd_demo_years(args, settings)
    if args.citizens is not None:
        raise UsageError("--citizens yalnızca --years ile kullanılabilir.")
    db = _open(settings)
    try:
        quiet = bool(getattr(args, "json", False))
        summary = generate_demo(
            db,
            _actor(db),
            year=args.year,
            seed=args.seed,
            today=args.today,
            progress=_progress_printer(not quiet),
        )
        if not quiet and sys.stderr.isatty():
            sys.stderr.write("\n")
        data = summary.to_dict()
        lines = [f"{db.describe()}: {args.year} örnek yılı yüklendi (tohum {args.seed})."]
        lines += [f"  {k}: {v}" for k, v in data.items() if k not in ("year", "seed")]
        _emit(args, {"ok": True, "database": db.describe(), **data}, "\n".join(lines))
        return EXIT_OK
    finally:
        db.dispose()


def _cmd_demo_years(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.demo.scale import generate_years, parse_years

    first, last = parse_years(args.years)
    db = _open(settings)
    try:
        quiet = bool(getattr(args, "json", False))
        summary = generate_years(
            db,
            _actor(db),
            first_year=first,
            last_year=last,
            citizens=args.citizens,
            seed=args.seed,
            today=args.today,
            progress=_progress_printer(not quiet),
        )
        if not quiet and sys.stderr.isatty():
            sys.stderr.write("\n")
        data = summary.to_dict()
        lines = [
            f"{db.describe()}: {first}-{last} örnek yılları yüklendi (tohum {args.seed}), "
            f"{summary.seconds:.1f} sn."
        ]
        lines += [
            f"  {k}: {v}"
            for k, v in data.items()
            if k not in ("first_year", "last_year", "seed", "seconds")
        ]
        _emit(args, {"ok": True, "database": db.describe(), **data}, "\n".join(lines))
        return EXIT_OK
    finally:
        db.dispose()


def _import_text(report: Any, dry_run: bool) -> str:
    head = "Deneme (hiçbir şey yazılmadı)" if dry_run else "İçe aktarma"
    lines = [
        f"{head}: {report.file}: {report.rows} satır, {report.imported} aktarıldı "
        f"({report.duplicates} mükerrer şüphesi), {report.skipped_existing} zaten vardı, "
        f"{report.rejected} reddedildi."
    ]
    if report.observations:
        lines.append(
            f"  {report.observations} telefon/adres farkı incelemeye alındı "
            "(masadaki bilgiler değiştirilmedi)."
        )
    lines += [f"  Not: {note}" for note in report.notes]
    lines += [f"  {e.row}. satır, {e.column or '-'}: {e.message}" for e in report.errors]
    return "\n".join(lines)


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.applications import import_applications, write_error_report

    if args.error_report and not args.error_report.lower().endswith((".csv", ".xlsx")):
        raise UsageError("--error-report dosyasının uzantısı .csv veya .xlsx olmalı.")
    db = _open(settings)
    try:
        quiet = bool(getattr(args, "json", False))
        report = import_applications(
            db, _actor(db), args.file, dry_run=args.dry_run, progress=_progress_printer(not quiet)
        )
        if not quiet and sys.stderr.isatty():
            sys.stderr.write("\n")
        payload: dict[str, Any] = {"ok": True, **report.to_dict()}
        if args.error_report:
            try:
                saved = write_error_report(report, args.error_report)
            except OSError as exc:
                raise UsageError(
                    f"Hata raporu kaydedilemedi: {args.error_report} "
                    f"({exc.strerror or type(exc).__name__}); klasörü ve yazma iznini denetleyin."
                ) from exc
            payload["error_report"] = str(saved)
        _emit(args, payload, _import_text(report, args.dry_run))
        return EXIT_OK
    finally:
        db.dispose()


def _parse_setting_value(key: str, raw: str) -> Any:
    """The value in the type of the setting's default: 12, true, or plain text."""
    from desk_app.services.admin import DEFAULTS

    if key not in DEFAULTS:
        known = ", ".join(sorted(DEFAULTS))
        raise UsageError(f"Bilinmeyen ayar: {key}. Bilinen ayarlar: {known}.")
    default = DEFAULTS[key]
    if isinstance(default, str):
        return raw
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if isinstance(default, bool) and isinstance(value, str):
        value = {"evet": True, "hayır": False, "hayir": False}.get(value.casefold(), value)
    return value


def _cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services import admin

    db = _open(settings)
    try:
        if args.settings_command == "set":
            value = _parse_setting_value(args.key, args.value)
            admin.set_value(db, _actor(db), args.key, value)
            _emit(
                args,
                {"ok": True, "key": args.key, "value": value},
                f"Ayar değişti: {args.key} = {json.dumps(value, ensure_ascii=False)}",
            )
        else:
            values = admin.get_all(db)
            text = "\n".join(
                f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(values.items())
            )
            _emit(args, {"ok": True, "settings": values}, text)
        return EXIT_OK
    finally:
        db.dispose()


def _cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.admin.login_log import collect_refused_logins

    db = _open(settings)
    try:
        found = collect_refused_logins(db, _actor(db))
        _emit(
            args,
            {"ok": True, "refused_logins": found},
            f"Sunucunun reddettiği girişler denetim kaydına alındı: {found} yeni kayıt.",
        )
        return EXIT_OK
    finally:
        db.dispose()


def _cmd_slips(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.delivery import print_slips

    if args.date_to is not None and args.date is not None:
        raise UsageError("--to yalnızca --from ile birlikte kullanılır.")
    day_from = args.date or args.date_from
    day_to = args.date_to or day_from
    db = _open(settings)
    try:
        summary = print_slips(
            db,
            _actor(db),
            args.out,
            day_from=day_from,
            day_to=day_to,
            team_name=args.team,
            page_size=args.page_size,
        )
    finally:
        db.dispose()
    payload = {
        "ok": True,
        "file": str(summary.path),
        "pages": summary.pages,
        "slips": summary.slips,
        "route_sheets": summary.route_sheets,
        "reprinted": len(summary.reprinted),
    }
    text = (
        f"{summary.path}: {summary.route_sheets} rota listesi, {summary.slips} teslim fişi, "
        f"{summary.pages} sayfa"
        + (
            f" ({len(summary.reprinted)} fiş yeniden basıldı, eskileri geçersiz)"
            if summary.reprinted
            else ""
        )
        + "."
    )
    if not summary.slips:
        text = f"{summary.path}: bu günlerde planlı eve teslim yok; boş bir sayfa yazıldı."
    _emit(args, payload, text)
    return EXIT_OK


def _cmd_confirm(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.delivery import confirm_slip, parse_outcome

    db = _open(settings)
    try:
        result = confirm_slip(
            db,
            _actor(db),
            args.token,
            parse_outcome(args.outcome),
            received_by=args.received_by,
            relation=args.relation,
            note=args.note,
        )
    finally:
        db.dispose()
    _emit(args, result.to_dict(), ("Tamam: " if result.ok else "Reddedildi: ") + result.message)
    # A refused slip is an answer, not a failure of the command; scripts read "ok".
    return EXIT_OK if result.ok else EXIT_INPUT


def _cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.reporting import export_report, make_period, summarize

    if args.year is not None:
        if args.date_to is not None:
            raise UsageError("--to yalnızca --from ile birlikte kullanılır.")
        if not 2000 <= args.year <= 2100:
            raise UsageError(f"--year {args.year}: 2000 ile 2100 arasında bir yıl yazın.")
        period = make_period("year", year=args.year)
    else:
        if args.date_to is None:
            raise UsageError("--from ile birlikte --to da verin (ör. --to 2025-12-31).")
        period = make_period("custom", start=args.date_from, end=args.date_to)
    if args.format in ("xlsx", "pdf") and not args.out:
        raise UsageError(f"{args.format} raporu için --out FILE verin.")
    db = _open(settings)
    try:
        actor = _actor(db)
        summary = summarize(db, actor, period)
        data = export_report(db, actor, summary, args.format, args.out)
    finally:
        db.dispose()
    if getattr(args, "json", False):
        payload = {"ok": True, **summary.to_dict()}
        if args.out:
            payload["file"] = args.out
        _emit(args, payload, "")
    elif args.out:
        sys.stdout.write(f"{args.out}: {summary.period.label} raporu yazıldı ({args.format}).\n")
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.admin import backup

    db = _open(settings)
    try:
        result = backup(db, _actor(db), args.out)
    finally:
        db.dispose()
    rows = sum(result.tables.values())
    _emit(
        args,
        {"ok": True, "file": str(result.path), "bytes": result.bytes, "tables": result.tables},
        f"{result.path}: yedek alındı ({result.bytes / 1_048_576:.1f} MB, {rows} kayıt; "
        "bütünlük denetimi geçti).",
    )
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.admin import inspect_backup, restore

    if args.list:
        return _list_restore_copies(args, settings)
    if not args.file:
        raise UsageError(
            "Geri yüklenecek yedek dosyasını verin (ya da --list ile kopyaları görün)."
        )
    tables = inspect_backup(args.file)
    if not args.yes:
        if getattr(args, "json", False) or not sys.stdin.isatty():
            raise UsageError("Geri yükleme onay ister: --yes ekleyin.")
        sys.stdout.write(
            f"{args.file}: {tables.get('citizen', 0)} vatandaş, {tables.get('request', 0)} talep, "
            f"{tables.get('babyset_application', 0)} başvuru.\nŞu anki veritabanı bu yedekle "
            "değiştirilecek (eskisi yanına saklanır). Bütün masalar kapalı olmalı.\n"
            "Onaylamak için EVET yazın: "
        )
        sys.stdout.flush()
        if sys.stdin.readline().strip() != "EVET":
            sys.stdout.write("Vazgeçildi; hiçbir şey değişmedi.\n")
            return EXIT_INPUT
    db = _open(settings, migrate=False)
    try:
        restored = restore(db, _actor(db), args.file)
    finally:
        db.dispose()
    _emit(
        args,
        {"ok": True, "file": args.file, "tables": restored},
        f"{args.file} geri yüklendi ({sum(restored.values())} kayıt).",
    )
    return EXIT_OK


def _list_restore_copies(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.admin import KEEP_RESTORE_COPIES, list_restore_copies
    from desk_app.services.context import cli_actor

    db = _open(settings, migrate=False)
    try:
        copies = list_restore_copies(db, cli_actor())
    finally:
        db.dispose()
    lines = [f"{c.path}  {c.bytes / 1_048_576:.1f} MB  {c.at:%Y-%m-%d %H:%M} UTC" for c in copies]
    lines.append(
        f"{len(copies)} kopya; her geri yüklemede en yeni {KEEP_RESTORE_COPIES} kopya kalır."
    )
    _emit(
        args,
        {
            "ok": True,
            "keep": KEEP_RESTORE_COPIES,
            "copies": [
                {"file": str(c.path), "bytes": c.bytes, "at": c.at.isoformat()} for c in copies
            ],
        },
        "\n".join(lines),
    )
    return EXIT_OK


def _cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.admin import run_retention

    db = _open(settings)
    try:
        result = run_retention(db, _actor(db), dry_run=args.dry_run)
    finally:
        db.dispose()
    head = (
        "Deneme (hiçbir şey değişmedi)"
        if result.dry_run
        else f"Saklama süresi uygulandı (imha tutanağı {result.record_id})"
    )
    lines = [
        f"{head}: {result.retention_years} yıl kuralı, "
        f"{result.cutoff.date().isoformat()} öncesi biten kayıtlar."
    ]
    lines += [f"  {kind}: {n}" for kind, n in result.counts.items()]
    if result.purged_records:
        lines.append(f"  süresi dolan imha tutanağı silindi: {result.purged_records}")
    if not result.dry_run and not result.compacted:
        lines.append(
            "  Uyarı: dosya sıkıştırılamadı (VACUUM); silinen değerler boş sayfalardan "
            "silinmedi. Bütün masalar kapalıyken komutu yeniden çalıştırın."
        )
    _emit(args, {"ok": True, **result.to_dict()}, "\n".join(lines))
    return EXIT_OK


def _cmd_citizen(args: argparse.Namespace, settings: Settings) -> int:
    from desk_app.services.citizens import export_citizen

    db = _open(settings)
    try:
        result = export_citizen(db, _actor(db), args.tc, args.out)
    finally:
        db.dispose()
    counts = result.counts
    _emit(
        args,
        {"ok": True, **result.to_dict()},
        f"{result.path}: vatandaşın bütün kayıtları yazıldı ({counts['requests']} talep, "
        f"{counts['applications']} başvuru, {counts['access_log']} erişim kaydı).",
    )
    return EXIT_OK


def _cmd_notify(args: argparse.Namespace, settings: Settings) -> int:
    import signal

    from desk_app.services.context import cli_actor
    from desk_app.services.notify import ProviderNotConfigured, make_sender, queue_reminders

    db = _open(settings)
    try:
        if args.notify_command == "queue-reminders":
            added = queue_reminders(db, cli_actor(), args.for_date)
            _emit(args, {"ok": True, "queued": added}, f"{added} hatırlatma SMS'i sıraya alındı.")
            return EXIT_OK
        try:
            sender = make_sender(db, cli_actor(), settings.sms)
        except ProviderNotConfigured as exc:
            raise UsageError(str(exc)) from exc
        if args.once:
            stats = sender.run_once()
        else:
            stopping: list[int] = []

            def stop(signum: int, _frame: object) -> None:
                stopping.append(signum)

            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            stats = sender.run_forever(lambda: bool(stopping))
    finally:
        db.dispose()
    text = (
        f"Gönderilen: {stats.sent}, gönderilemeyen: {stats.failed}, yeniden denenecek: "
        f"{stats.retried}, sırada: {stats.queued}"
        + (" (sessiz saatler)" if stats.quiet else "")
        + ("" if sender.provider else " (sağlayıcı kapalı: [sms] provider = off)")
    )
    _emit(args, stats.to_dict(), text)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "db": _cmd_db,
    "user": _cmd_user,
    "demo": _cmd_demo,
    "import-applications": _cmd_import,
    "settings": _cmd_settings,
    "audit": _cmd_audit,
    "slips": _cmd_slips,
    "confirm": _cmd_confirm,
    "report": _cmd_report,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "retention": _cmd_retention,
    "citizen": _cmd_citizen,
    "notify": _cmd_notify,
}


def _configure_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _configure_logging() -> None:
    """Warnings and errors to stderr (the frozen GUI's launcher sends them to a log file),
    every record passed through the redaction of passwords and secrets."""
    import logging

    from desk_app.logsafe import install_redaction

    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    install_redaction()


def main(argv: Sequence[str] | None = None) -> int:
    _configure_stdio()
    _configure_logging()
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        settings = load_settings(cli_db=getattr(args, "db", None))
        if args.self_check:
            from desk_app.self_check import run_self_check

            return run_self_check(settings, as_json=bool(getattr(args, "json", False)))
        if args.command is None:
            from desk_app.ui.app import run_gui

            return int(run_gui(settings, [sys.argv[0]]))
        return COMMANDS[args.command](args, settings)
    except (DatabaseSetupError, UsageError, DomainError) as exc:
        return _fail(args, str(exc), EXIT_INPUT)
    except KeyboardInterrupt:
        return _fail(args, "İşlem kullanıcı tarafından durduruldu.", EXIT_INTERNAL)
    except Exception as exc:  # the last line of defence: a message, never a password
        if os.environ.get("DESK_APP_DEBUG"):
            raise
        from desk_app.logsafe import redact

        return _fail(
            args, f"Beklenmeyen hata: {type(exc).__name__}: {redact(str(exc))}", EXIT_INTERNAL
        )


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps({"ok": False, "error": message}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"desk-app: {message}\n")
    return code
