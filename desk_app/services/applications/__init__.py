"""Hoş Geldin Bebek applications: registration at the desk (and one row of the web export),
eligibility with evidence, suspected duplicates and the supervisor's decisions, cancelling,
and the applications page's lists and view.

Decisions:
- The KVKK information notice (aydınlatma metni) is information, not consent: registering needs
  only the acknowledgement that it was shown. Who recorded it (the user), when, which version
  (setting ``kvkk.notice_version``) and where (desk/web) are saved with the application.
- Eligibility rules come from settings an admin changes (``eligibility.*``); the decision, the
  parameters in force and the facts it rested on are saved as evidence with the application,
  with an ELIGIBILITY event. Eligible -> APPROVED, a failed rule -> INELIGIBLE (with Turkish
  reasons), a suspected duplicate -> SUSPECTED_DUPLICATE (a supervisor decides).
- One approved set per baby is enforced by the database (partial unique index); races end in
  ``Conflict("Bu bebek için onaylı bir başvuru zaten var: HGB-...")`` or, while registering, in a
  suspected duplicate of the winner.
- Every change takes the version on screen (stale -> Conflict, nothing written) and is one
  transaction with a timeline event and an audit row (old -> new).
The work lives in ``applications_*`` modules; everything the UI and the importer need is here.
"""

from __future__ import annotations

from desk_app.domain.eligibility import (
    EligibilityDecision,
    EligibilityResult,
    EligibilityRules,
    add_months,
    age_in_months,
)
from desk_app.services.applications.common import (
    ACTION_CANCEL,
    ACTION_DECIDE_DUPLICATE,
    ACTION_OVERRIDE,
    DUPLICATE_REASON_LABELS,
    EVENT_KIND_LABELS,
    AlreadyImported,
    ApplicationDetail,
    ApplicationEventView,
    ApplicationInput,
    ApplicationInvalid,
    ApplicationResult,
    DuplicateCandidate,
    baby_key,
)
from desk_app.services.applications.decisions import (
    cancel_application,
    decide_duplicate,
    override_ineligible,
)
from desk_app.services.applications.duplicates import find_duplicates
from desk_app.services.applications.input import validate_application
from desk_app.services.applications.query import (
    ApplicationFilter,
    ApplicationRow,
    count_applications,
    get_application,
    list_applications_after,
)
from desk_app.services.applications.register import (
    current_rules,
    register_application,
    register_in_session,
)
from desk_app.services.citizens.input import CitizenInput

__all__ = [
    "ACTION_CANCEL",
    "ACTION_DECIDE_DUPLICATE",
    "ACTION_OVERRIDE",
    "DUPLICATE_REASON_LABELS",
    "EVENT_KIND_LABELS",
    "AlreadyImported",
    "ApplicationDetail",
    "ApplicationEventView",
    "ApplicationFilter",
    "ApplicationInput",
    "ApplicationInvalid",
    "ApplicationResult",
    "ApplicationRow",
    "CitizenInput",
    "DuplicateCandidate",
    "EligibilityDecision",
    "EligibilityResult",
    "EligibilityRules",
    "add_months",
    "age_in_months",
    "baby_key",
    "cancel_application",
    "count_applications",
    "current_rules",
    "decide_duplicate",
    "find_duplicates",
    "get_application",
    "list_applications_after",
    "override_ineligible",
    "register_application",
    "register_in_session",
    "validate_application",
]
