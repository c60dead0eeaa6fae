"""Import the web site's applications export (CSV or XLSX): the command line and the GUI's
import dialog call ``import_applications``.

Good rows are written in transactions of a few hundred rows, each row in its own savepoint: a
kill midway leaves every row fully in or fully out, a bad row is rolled back alone and never
stops the others, and other desks wait at most a fraction of a second for the database. A row
whose Başvuru No was imported before adds nothing (re-importing a file is harmless). A parent
known by T.C. Kimlik No keeps the phone and address the desk holds; what the export says
differently is recorded for review.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.db import Database, large_cache
from desk_app.domain.clock import local_today
from desk_app.domain.errors import Conflict, DomainError, PermissionDenied, ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.text import fold
from desk_app.importing.reader import ParsedFile, read_export
from desk_app.importing.rows import ImportRow, RowError, parse_row
from desk_app.models import BabySetApplication, Citizen, Mahalle, utcnow
from desk_app.services import audit
from desk_app.services.applications.duplicates import NAME_CACHE_KEY, NameWindowCache
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.contacts import ObservedContact, observe_contact_in_session
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import ConnectionLost, read_only, unit_of_work

if TYPE_CHECKING:
    from desk_app.services.applications.common import ApplicationInput

log = logging.getLogger(__name__)

Progress = Callable[[float, str], bool]

CHANNEL_WEB = "WEB"
SOURCE_WEB = "web"
STATUS_DUPLICATE = "SUSPECTED_DUPLICATE"

# Desk field names (in ValidationError.field) -> the export's column keys.
_FIELD_TO_COLUMN = {
    FieldKey.TC_KIMLIK_NO: "parent_tc",
    FieldKey.VELI_TC_KIMLIK_NO: "parent_tc",
    FieldKey.AD: "parent_first_name",
    FieldKey.SOYAD: "parent_last_name",
    FieldKey.TELEFON: "phone",
    FieldKey.CEP_TELEFONU: "phone",
    FieldKey.MAHALLE: "mahalle",
    FieldKey.CADDE_SOKAK: "street",
    FieldKey.BINA_NO: "building_no",
    FieldKey.DAIRE_NO: "apartment_no",
    FieldKey.BEBEK_ADI: "baby_first_name",
    FieldKey.BEBEK_SOYADI: "baby_last_name",
    FieldKey.BEBEK_DOGUM_TARIHI: "baby_birth_date",
    FieldKey.BEBEK_TC_KIMLIK_NO: "baby_tc",
    FieldKey.BASVURU_TARIHI: "applied_at",
    FieldKey.AYDINLATMA: "notice",
    "web_reference": "web_reference",
    FieldKey.BASVURU_NO: "web_reference",
}


@dataclass(frozen=True)
class ImportedRow:
    row: int
    web_reference: str
    reference: str  # HGB-2025-00001 (empty in a dry run)
    status: str
    observed: tuple[str, ...] = ()  # phone/address recorded for review


@dataclass(frozen=True)
class SkippedRow:
    row: int
    web_reference: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    file: str
    rows: int  # data rows in the file (blank rows not counted)
    imported: int  # applications written (in a dry run: that would be written)
    duplicates: int  # of those, suspected duplicates
    rejected: int  # rows refused; see errors
    skipped_existing: int  # Başvuru No already imported (or twice in the file)
    errors: tuple[RowError, ...]
    notes: tuple[str, ...] = ()
    dry_run: bool = False
    cancelled: bool = False
    processed: int = 0  # rows looked at before the end (or the cancel)
    observations: int = 0  # phone/address differences recorded for review
    imported_rows: tuple[ImportedRow, ...] = ()
    skipped_rows: tuple[SkippedRow, ...] = ()
    by_status: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
            "skipped_existing": self.skipped_existing,
            "processed": self.processed,
            "cancelled": self.cancelled,
            "dry_run": self.dry_run,
            "observations": self.observations,
            "by_status": dict(self.by_status),
            "skipped_rows": [
                {"row": s.row, "web_reference": s.web_reference, "reason": s.reason}
                for s in self.skipped_rows
            ],
            "notes": list(self.notes),
            "file": self.file,
        }


class _RowRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


@dataclass
class _Tally:
    imported: list[ImportedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rejected: int = 0
    processed: int = 0
    observations: int = 0
    seen_references: dict[str, int] = field(default_factory=dict)  # folded -> first row
    dry_babies: set[str] = field(default_factory=set)  # dry run: babies of earlier rows


def _end_chunk(session: Session, dry_run: bool) -> None:
    """A chunk's transaction ends: rolled back on a dry run, else committed; another desk's
    change of a row the chunk touched is a Conflict (the rows already imported are skipped
    when the file is imported again)."""
    if dry_run:
        session.rollback()
        return
    try:
        session.commit()
    except StaleDataError as exc:
        raise Conflict(
            "İçe aktarılan bir kayıt aynı anda başka bir masada değişti; dosyayı "
            "yeniden içe aktarın (aktarılmış satırlar atlanır)."
        ) from exc


def _application_input(
    row: ImportRow, parent_citizen_id: int | None, notice_version: str
) -> ApplicationInput:
    from desk_app.services.applications.common import ApplicationInput

    parent = None
    if parent_citizen_id is None:
        parent = CitizenInput(
            first_name=row.parent_first_name,
            last_name=row.parent_last_name,
            tc_kimlik_no=row.parent_tc,
            phone=row.phone_e164,
            mahalle=row.mahalle,
            street=row.street,
            building_no=row.building_no,
            apartment_no=row.apartment_no,
        )
    return ApplicationInput(
        parent=parent,
        parent_citizen_id=parent_citizen_id,
        baby_first_name=row.baby_first_name,
        baby_last_name=row.baby_last_name,
        baby_birth_date=row.baby_birth_date,
        baby_tc_kimlik_no=row.baby_tc,
        channel_code=CHANNEL_WEB,
        applied_at=row.applied_at,
        web_reference=row.web_reference,
        notice_acknowledged=row.notice_acknowledged,
        notice_version=notice_version,
    )


def _baby_key(row: ImportRow) -> str:
    if row.baby_tc:
        return f"tc:{row.baby_tc}"
    return f"p:{row.parent_tc}:{row.baby_birth_date.isoformat()}:{fold(row.baby_first_name)}"


def _served(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Mahalle.name).where(Mahalle.served.is_(True), Mahalle.active.is_(True))
        )
    )


def _column_of(parsed: ParsedFile, field_name: str | None) -> str:
    key = _FIELD_TO_COLUMN.get(field_name or "")
    return parsed.header_of(key) if key else (field_name or "")


def _write_row(
    session: Session,
    actor: Actor,
    parsed: ParsedFile,
    row: ImportRow,
    served: list[str],
    now: datetime,
) -> tuple[ImportedRow | SkippedRow, int]:
    """Write one row inside ``session`` (not committed). Returns what happened and how many
    contact observations were recorded."""
    from desk_app.services.applications.common import AlreadyImported
    from desk_app.services.applications.register import register_in_session

    exists = session.scalar(
        select(BabySetApplication.reference).where(
            BabySetApplication.web_reference == row.web_reference
        )
    )
    if exists is not None:
        return SkippedRow(row.row, row.web_reference, f"daha önce aktarılmış ({exists})"), 0
    parent = session.scalar(
        select(Citizen).where(
            tc_access.citizen_tc_in(session, [row.parent_tc]), Citizen.anonymised_at.is_(None)
        )
    )
    observed: tuple[str, ...] = ()
    if parent is not None:
        outcome = observe_contact_in_session(
            session,
            actor,
            parent,
            ObservedContact(
                phone_e164=row.phone_e164,
                mahalle=row.mahalle,
                street=row.street,
                building_no=row.building_no,
                apartment_no=row.apartment_no,
                mahalle_served=row.mahalle in served,
            ),
            web_reference=row.web_reference,
            now=now,
        )
        observed = outcome.recorded
    # The export does not say which notice text the family saw: the current one is recorded.
    data = _application_input(row, parent.id if parent is not None else None, "")
    try:
        result = register_in_session(session, actor, data, source=SOURCE_WEB, now=now)
    except AlreadyImported as exc:  # a concurrent import got there first
        return SkippedRow(row.row, row.web_reference, f"daha önce aktarılmış ({exc.reference})"), 0
    except DomainError as exc:
        raise _RowRefused([RowError(row.row, _column_of(parsed, exc.field), exc.message)]) from exc
    status = str(getattr(result.status, "value", result.status))
    return ImportedRow(row.row, row.web_reference, result.reference, status, observed), len(
        observed
    )


CHUNK_ROWS = 250  # rows a transaction: short enough for other desks, long enough to be fast
# SQLite takes longer chunks: one writer at a time whatever their length, and each COMMIT writes
# the chunk's pages to the write-ahead log (and may copy it back into the file), so fewer
# commits write the same hot index pages fewer times. PostgreSQL keeps short ones: other desks
# registering an application wait on the reference counter's row while a chunk is written.
SQLITE_CHUNKS = 4


def _write_chunk(
    db: Database,
    actor: Actor,
    parsed: ParsedFile,
    chunk: list[ImportRow],
    served: list[str],
    now: datetime,
    dry_run: bool,
    tally: _Tally,
    cache: NameWindowCache,
    tick: Callable[[int], bool],
) -> bool:
    """Write ``chunk`` in one transaction, each row in its own savepoint: a refused row is
    rolled back alone and reported. Returns False when the user cancelled (the rows done so
    far are kept). A dry run does the same work and rolls everything back."""
    done: list[tuple[ImportRow, ImportedRow | SkippedRow, int]] = []
    refused: list[RowError] = []
    cancelled = False
    with db.session() as session:
        session.info[NAME_CACHE_KEY] = cache
        large_cache(session)
        for row in chunk:
            if not tick(row.row):
                cancelled = True
                break
            try:
                outcome, observed = _row_in_savepoint(session, actor, parsed, row, served, now)
            except _RowRefused as exc:
                refused.extend(exc.errors)
                continue
            except (ConnectionLost, OperationalError, PermissionDenied):
                raise
            except Exception as exc:  # a bug must not stop the other rows; it is reported
                log.exception("import row %s failed", row.row)
                refused.append(
                    RowError(
                        row.row,
                        "",
                        f"Beklenmeyen hata ({type(exc).__name__}); satır aktarılmadı. "
                        "Dosyayı yeniden içe aktarmayı deneyin; sürerse BT birimine bildirin.",
                    )
                )
                continue
            done.append((row, outcome, observed))
        _end_chunk(session, dry_run)
    _tally_chunk(tally, done, refused, dry_run)
    return not cancelled


def _tally_chunk(
    tally: _Tally,
    done: list[tuple[ImportRow, ImportedRow | SkippedRow, int]],
    refused: list[RowError],
    dry_run: bool,
) -> None:
    tally.rejected += len({e.row for e in refused})
    tally.errors.extend(refused)
    for row, outcome, observed in done:
        if dry_run and isinstance(outcome, ImportedRow):
            key = _baby_key(row)
            status = outcome.status
            if key in tally.dry_babies and status != STATUS_DUPLICATE:
                status = STATUS_DUPLICATE
            outcome = ImportedRow(row.row, row.web_reference, "", status, outcome.observed)
            tally.dry_babies.add(key)
        tally.seen_references[fold(row.web_reference)] = row.row
        if isinstance(outcome, SkippedRow):
            tally.skipped.append(outcome)
        else:
            tally.imported.append(outcome)
            tally.observations += observed


def _write_chunk_batch(
    db: Database,
    actor: Actor,
    parsed: ParsedFile,
    chunk: list[ImportRow | _Refused],
    served: list[str],
    now: datetime,
    dry_run: bool,
    tally: _Tally,
    cache: NameWindowCache,
    tick: Callable[[int], bool],
) -> bool:
    """``_write_chunk`` with the batch path (services.applications.batch): rows of new parents
    are checked in memory and written a few statements a batch; the others go through the row
    path in their own savepoint, in file order. Same answers, same transaction boundaries."""
    from desk_app.services.applications.batch import Batch, Planned, prefetch

    outcomes: dict[int, tuple[ImportRow, ImportedRow | SkippedRow, int]] = {}
    refused: list[RowError] = []
    cancelled = False

    def unexpected(row: ImportRow, exc: Exception) -> None:
        log.exception("import row %s failed", row.row, exc_info=exc)
        refused.append(
            RowError(
                row.row,
                "",
                f"Beklenmeyen hata ({type(exc).__name__}); satır aktarılmadı. "
                "Dosyayı yeniden içe aktarmayı deneyin; sürerse BT birimine bildirin.",
            )
        )

    early: list[_Refused] = []  # refused before any writing, taken in file order
    with db.session() as session:
        session.info[NAME_CACHE_KEY] = cache
        large_cache(session)
        known = prefetch(session, [row for row in chunk if isinstance(row, ImportRow)])
        batch: Batch

        def by_row_path(row: ImportRow) -> None:
            try:
                outcome, observed = _row_in_savepoint(session, actor, parsed, row, served, now)
            except _RowRefused as exc:
                refused.extend(exc.errors)
                return
            except (ConnectionLost, OperationalError, PermissionDenied):
                raise
            except Exception as exc:  # a bug must not stop the other rows; it is reported
                unexpected(row, exc)
                return
            outcomes[row.row] = (row, outcome, observed)
            if isinstance(outcome, ImportedRow):
                batch.remember_stored(outcome.reference, row.parent_tc)

        def replay(rows: list[Planned]) -> None:
            for planned in rows:
                by_row_path(planned.row)

        batch = Batch(session, actor, known, cache, now, replay)
        for row in chunk:
            if not tick(row.row):
                cancelled = True
                break
            if isinstance(row, _Refused):
                early.append(row)
                continue
            existing = known.existing_refs.get(row.web_reference)
            if existing is not None:
                outcomes[row.row] = (
                    row,
                    SkippedRow(row.row, row.web_reference, f"daha önce aktarılmış ({existing})"),
                    0,
                )
                continue
            if not batch.is_fast(row):
                batch.write()
                by_row_path(row)
                continue
            try:
                batch.plan(row)
            except DomainError as exc:
                refused.append(RowError(row.row, _column_of(parsed, exc.field), exc.message))
            except (ConnectionLost, OperationalError, PermissionDenied):
                raise
            except Exception as exc:  # as in the row path: reported, the others go on
                unexpected(row, exc)
        batch.write()
        for planned in batch.written:
            status = str(planned.app["status"])
            outcomes[planned.row.row] = (
                planned.row,
                ImportedRow(planned.row.row, planned.row.web_reference, planned.reference, status),
                0,
            )
        _end_chunk(session, dry_run)
    for item in early:
        if item.skipped is not None:
            tally.skipped.append(item.skipped)
        else:
            tally.rejected += 1
            tally.errors.extend(item.errors)
    done = [outcomes[number] for number in sorted(outcomes)]
    _tally_chunk(tally, done, refused, dry_run)
    return not cancelled


def _row_in_savepoint(
    session: Session,
    actor: Actor,
    parsed: ParsedFile,
    row: ImportRow,
    served: list[str],
    now: datetime,
) -> tuple[ImportedRow | SkippedRow, int]:
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return _write_row(session, actor, parsed, row, served, now)
        except IntegrityError:
            # Another desk (or process) wrote the same Başvuru No or parent a moment ago:
            # the second attempt sees it.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def import_applications(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
    batch: bool = True,
) -> ImportReport:
    """Import every good row of the export at ``path``. Raises FileRefused (a DomainError)
    when the file cannot be used at all; bad rows are reported, never raised. ``batch=False``
    registers every row through ``register_in_session`` (the reference the batch path is
    tested against)."""
    require(actor, Action.REGISTER_APPLICATION)
    file_path = Path(path)
    parsed = read_export(file_path)
    moment = now or utcnow()
    with read_only(db) as session:
        served = _served(session)
    good = _checked_rows(parsed, served, local_today(moment))
    run = _Run(
        db, actor, parsed, served, moment, dry_run, batch, progress, _name_cache(db, good, dry_run)
    )
    cancelled = run.write(good)
    if progress is not None and not cancelled:
        progress(1.0, "Tamamlandı")
    report = _report(file_path, parsed, run.tally, dry_run, cancelled)
    if not dry_run:
        _audit_run(db, actor, file_path, report)
    return report


def _checked_rows(parsed: ParsedFile, served: list[str], today: date) -> list[ImportRow | _Refused]:
    """Every row of the file checked on its own, in file order: the clean values, or why it
    is refused (bad values, or its Başvuru No earlier in the file)."""
    good: list[ImportRow | _Refused] = []
    first_row: dict[str, int] = {}
    for source in parsed.rows:
        checked = parse_row(source, parsed, served, today)
        if isinstance(checked, list):
            good.append(_Refused(source.row, checked))
            continue
        ref_key = fold(checked.web_reference)
        if ref_key in first_row:
            good.append(
                _Refused(
                    checked.row,
                    [],
                    SkippedRow(
                        checked.row,
                        checked.web_reference,
                        f"aynı Başvuru No dosyada {first_row[ref_key]}. satırda da var",
                    ),
                )
            )
            continue
        first_row[ref_key] = checked.row
        good.append(checked)
    return good


def _name_cache(db: Database, good: list[ImportRow | _Refused], dry_run: bool) -> NameWindowCache:
    """The live applications around the file's birth dates, read once for the whole run."""
    births = [item.baby_birth_date for item in good if isinstance(item, ImportRow)]
    cache = NameWindowCache(min(births), max(births)) if births else NameWindowCache()
    if dry_run and births:
        # Each chunk of a dry run is rolled back: it works on a copy of the cache, or a later
        # chunk would take a rolled-back application for a duplicate (and refer to its id).
        with read_only(db) as session:
            cache.rows(session, min(births), min(births))
    return cache


class _Run:
    """The rows of one import written chunk by chunk, with progress and cancel."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parsed: ParsedFile,
        served: list[str],
        moment: datetime,
        dry_run: bool,
        batch: bool,
        progress: Progress | None,
        cache: NameWindowCache,
    ) -> None:
        self.db, self.actor, self.parsed, self.served = db, actor, parsed, served
        self.moment, self.dry_run, self.batch = moment, dry_run, batch
        self.progress = progress
        self.cache = cache
        self.tally = _Tally()
        self.total = len(parsed.rows)
        self.position = 0
        self.pending: list[ImportRow | _Refused] = []
        self.chunk_rows = CHUNK_ROWS if db.is_postgres else CHUNK_ROWS * SQLITE_CHUNKS

    def tick(self, row_number: int) -> bool:
        """One more row looked at; False when the user cancelled (the row is not counted)."""
        self.position += 1
        self.tally.processed += 1
        if self.progress is None:
            return True
        fraction = (self.position - 1) / self.total if self.total else 1.0
        if self.progress(fraction, f"Satır {row_number} / {self.total + 1}"):
            return True
        self.tally.processed -= 1
        return False

    def flush(self) -> bool:
        """Write the pending rows as one chunk; False when the user cancelled."""
        cache = self.cache.copy() if self.dry_run else self.cache
        pending = self.pending
        db, actor, parsed, served, moment = (
            self.db,
            self.actor,
            self.parsed,
            self.served,
            self.moment,
        )
        dry_run, tally, tick = self.dry_run, self.tally, self.tick
        if not pending:
            ok = True
        elif self.batch:
            ok = _write_chunk_batch(
                db, actor, parsed, pending, served, moment, dry_run, tally, cache, tick
            )
        else:
            rows = [item for item in pending if isinstance(item, ImportRow)]
            ok = _write_chunk(db, actor, parsed, rows, served, moment, dry_run, tally, cache, tick)
        self.pending = []
        return ok

    def refused(self, item: _Refused) -> bool:
        """A row refused before writing, between chunks; False when the user cancelled."""
        if not self.flush() or not self.tick(item.row):
            return False
        if item.skipped is not None:
            self.tally.skipped.append(item.skipped)
        else:
            self.tally.rejected += 1
            self.tally.errors.extend(item.errors)
        return True

    def write(self, good: list[ImportRow | _Refused]) -> bool:
        """Every row in file order; returns whether the user cancelled."""
        for item in good:
            if isinstance(item, _Refused) and self.batch and not self.dry_run:
                # The batch path takes refused rows in its chunk (in file order, for progress
                # and cancel) instead of ending the chunk at each of them. Not in a dry run:
                # each chunk of a dry run is rolled back, so where chunks end is part of its
                # prediction.
                self.pending.append(item)
                continue
            if isinstance(item, _Refused):
                if not self.refused(item):
                    return True
                continue
            self.pending.append(item)
            if len(self.pending) >= self.chunk_rows and not self.flush():
                return True
        return not self.flush()


def _report(
    file_path: Path, parsed: ParsedFile, tally: _Tally, dry_run: bool, cancelled: bool
) -> ImportReport:
    by_status: dict[str, int] = {}
    for imported in tally.imported:
        by_status[imported.status] = by_status.get(imported.status, 0) + 1
    tally.imported.sort(key=lambda r: r.row)
    tally.skipped.sort(key=lambda r: r.row)
    tally.errors.sort(key=lambda e: e.row)
    total = len(parsed.rows)
    notes = list(parsed.notes)
    if cancelled:
        notes.append(
            f"İçe aktarma durduruldu: {tally.processed} / {total} satır işlendi; işlenen "
            "satırlar kaydedildi. Dosyayı yeniden içe aktarınca kalan satırlar eklenir."
        )
    return ImportReport(
        file=file_path.name,
        rows=total,
        imported=len(tally.imported),
        duplicates=by_status.get(STATUS_DUPLICATE, 0),
        rejected=tally.rejected,
        skipped_existing=len(tally.skipped),
        errors=tuple(tally.errors),
        notes=tuple(notes),
        dry_run=dry_run,
        cancelled=cancelled,
        processed=tally.processed,
        observations=tally.observations,
        imported_rows=tuple(tally.imported),
        skipped_rows=tuple(tally.skipped),
        by_status=by_status,
    )


def _audit_run(db: Database, actor: Actor, file_path: Path, report: ImportReport) -> None:
    with unit_of_work(db) as session:
        audit.record(
            session,
            actor,
            "import.run",
            "import",
            None,
            new={
                k: v
                for k, v in report.to_dict().items()
                if k not in ("errors", "notes", "by_status", "skipped_rows")
            },
            detail=f"{file_path.name}: {len(report.errors)} hata; "
            + ", ".join(f"{k}={v}" for k, v in sorted(report.by_status.items())),
        )


@dataclass(frozen=True)
class _Refused:
    """A row refused before any writing (bad values, or its Başvuru No twice in the file)."""

    row: int
    errors: list[RowError]
    skipped: SkippedRow | None = None


# --- the error report -------------------------------------------------------------------------

ERROR_REPORT_HEADERS = ("Satır", "Sütun", "Hata")


def write_error_report(report: ImportReport, path: str | Path) -> Path:
    """Save the errors as .csv (UTF-8 with BOM, ``;``: Excel opens it as is) or .xlsx, written
    in one step as a private file (0600); text from the imported file never becomes a formula
    (``desk_app.domain.spreadsheet``)."""
    from desk_app.domain.spreadsheet import safe_row
    from desk_app.services.files import write_file

    target = Path(path)
    suffix = target.suffix.lower()
    rows = [safe_row((e.row, e.column, e.message)) for e in report.errors]
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Hatalar")
        sheet.append(list(ERROR_REPORT_HEADERS))
        for row in rows:
            sheet.append(row)
        return write_file(target, workbook.save, suffix=".xlsx", purpose="hata raporu")
    if suffix != ".csv":
        raise ValidationError(
            f"Hata raporu yalnızca .csv veya .xlsx olarak kaydedilebilir; ‘{target.name}’ "
            "yerine bu uzantılardan birini seçin.",
            "dosya",
        )
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ERROR_REPORT_HEADERS)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8-sig")
    return write_file(target, lambda fh: fh.write(data), suffix=".csv", purpose="hata raporu")
