"""Execution records in the store (migration 0011): redeployments, the actual values of
indicators and outputs by quarter, and their evidence files. Each write is one
transaction and keeps who wrote it and when; evidence is sniffed and size-limited here
too, so no path into the store skips the check."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)

from rbb.model.cycle import Period
from rbb.model.errors import InputError, NotFoundError
from rbb.model.evidence import MAX_EVIDENCE_BYTES, safe_file_name, sniff
from rbb.model.execution import (
    ActualSubject,
    Evidence,
    IndicatorActual,
    OutputActual,
    Redeployment,
    Withdrawal,
)

from . import schema
from .statements import reading
from .writing import documents_changed, exact_text, take_turns

Actual = IndicatorActual | OutputActual


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """An evidence file's record and its bytes (for a download)."""

    evidence: Evidence
    content: bytes
    actual: Actual


class ExecutionRecordStore:
    def __init__(self, engine: Engine, *, evidence_limit: int = MAX_EVIDENCE_BYTES) -> None:
        self.engine = engine
        self.evidence_limit = evidence_limit

    # --- redeployments --------------------------------------------------------------

    def add_redeployment(self, redeployment: Redeployment) -> Redeployment:
        """Keep a redeployment (its ``id`` is the store's): one transaction, which also
        makes the mission's findings across its documents stale (``documents_changed``):
        the checks of ``rbb check`` read its redeployments with its documents."""
        r = schema.redeployments
        with self.engine.begin() as connection:
            take_turns(connection, f"redeployments:{redeployment.mission}")
            new_id = connection.execute(insert(r).values(
                mission_code=redeployment.mission, period=redeployment.period.label,
                date=redeployment.date, amount=exact_text(redeployment.amount),
                from_line=redeployment.from_line, to_line=redeployment.to_line,
                reason=redeployment.reason, approver=redeployment.approver,
                recorded_by=redeployment.recorded_by, recorded_at=redeployment.recorded_at,
            ).returning(r.c.id)).scalar_one()
            documents_changed(connection, [redeployment.mission])
        return redeployment.model_copy(update={"id": int(new_id)})

    def redeployments(self, mission: str, period: Period | None = None
                      ) -> list[Redeployment]:
        """The period's redeployments (every period's without one) by period, date, then
        in the order recorded; withdrawn ones included, marked."""
        r = schema.redeployments
        query = (select(r).where(r.c.mission_code == mission)
                 .order_by(r.c.period, r.c.date, r.c.id))
        if period is not None:
            query = query.where(r.c.period == period.label)
        with reading(self.engine) as connection:
            rows = connection.execute(query).all()
        return [_redeployment(row) for row in rows]

    def redeployment(self, redeployment_id: int) -> Redeployment:
        r = schema.redeployments
        with reading(self.engine) as connection:
            row = connection.execute(select(r).where(r.c.id == redeployment_id)).first()
        if row is None:
            raise NotFoundError(f"no redeployment numbered {redeployment_id} is stored")
        return _redeployment(row)

    def withdraw_redeployment(self, redeployment_id: int, withdrawal: Withdrawal
                              ) -> Redeployment:
        """Mark a redeployment withdrawn (kept, no longer counted): one transaction,
        making the mission's findings stale as recording did. ``InputError`` when it is
        withdrawn already (the first withdrawal stands)."""
        with self.engine.begin() as connection:
            mission = _withdrawn(connection, schema.redeployments, redeployment_id,
                                 withdrawal, "redeployment", "redeployments")
            documents_changed(connection, [mission])
        return self.redeployment(redeployment_id)

    # --- actual values --------------------------------------------------------------

    def record_actual(self, actual: Actual, files: Sequence[tuple[str, bytes]] = ()
                      ) -> Actual:
        """Keep a quarter's actual value, with evidence ``files`` (name, bytes) if given,
        in one transaction: a file refused (``InputError``) keeps nothing. Recording the
        same entry and quarter again replaces the value and note (and who recorded it),
        and keeps its evidence."""
        checked = [self._checked(name, content, by=actual.recorded_by, at=actual.recorded_at)
                   for name, content in files]
        a = schema.execution_actuals
        subject = _subject(actual)
        identity = and_(a.c.mission_code == actual.mission, a.c.period == actual.period.label,
                        a.c.subject == subject.value, a.c.component == actual.component,
                        a.c.key == actual.key, a.c.quarter == actual.quarter)
        # Recording a withdrawn quarter again gives it a value that counts.
        values = {"value": actual.value, "note": actual.note,
                  "recorded_by": actual.recorded_by, "recorded_at": actual.recorded_at,
                  "withdrawn_by": None, "withdrawn_at": None, "withdrawn_reason": None}
        with self.engine.begin() as connection:
            take_turns(connection, f"actuals:{actual.mission}")
            found = connection.execute(select(a.c.id).where(identity)).scalar()
            if found is None:
                found = connection.execute(insert(a).values(
                    mission_code=actual.mission, period=actual.period.label,
                    subject=subject.value, component=actual.component, key=actual.key,
                    quarter=actual.quarter, **values).returning(a.c.id)).scalar_one()
            else:
                connection.execute(update(a).where(a.c.id == found).values(**values))
            for evidence, content in checked:
                _insert_evidence(connection, int(found), evidence, content)
            evidence_kept = _evidence_of(connection, [int(found)]).get(int(found), ())
        return actual.model_copy(update={"id": int(found), "evidence": evidence_kept})

    def _checked(self, file_name: str, content: bytes, *, by: str,
                 at: datetime | None = None) -> tuple[Evidence, bytes]:
        """An evidence file's record: its name sanitised, its kind sniffed from the
        content (``InputError`` if it is not one rbb keeps), its size bounded
        (``TooLargeError``)."""
        name = safe_file_name(file_name)
        media_type = sniff(name, content, limit=self.evidence_limit)
        return Evidence(file_name=name, media_type=media_type, size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), recorded_by=by,
                        recorded_at=at or datetime.now(UTC)), content

    def actuals(self, mission: str, period: Period) -> list[Actual]:
        """Every actual value of the period with its evidence (not its bytes)."""
        a = schema.execution_actuals
        query = (select(a).where(a.c.mission_code == mission, a.c.period == period.label)
                 .order_by(a.c.subject, a.c.component, a.c.key, a.c.quarter))
        with reading(self.engine) as connection:
            rows = connection.execute(query).all()
            evidence = _evidence_of(connection, [row.id for row in rows])
        return [_actual(row, evidence.get(row.id, ())) for row in rows]

    def actual(self, actual_id: int) -> Actual:
        a = schema.execution_actuals
        with reading(self.engine) as connection:
            row = connection.execute(select(a).where(a.c.id == actual_id)).first()
            if row is None:
                raise NotFoundError(f"no actual value numbered {actual_id} is stored")
            evidence = _evidence_of(connection, [row.id]).get(row.id, ())
        return _actual(row, evidence)

    def withdraw_actual(self, actual_id: int, withdrawal: Withdrawal) -> Actual:
        """Mark an actual value withdrawn (kept with its evidence, no longer counted);
        ``InputError`` when it is withdrawn already."""
        with self.engine.begin() as connection:
            _withdrawn(connection, schema.execution_actuals, actual_id, withdrawal,
                       "actual value", "actuals")
        return self.actual(actual_id)

    # --- evidence -------------------------------------------------------------------

    def add_evidence(self, actual_id: int, file_name: str, content: bytes, *,
                     by: str, at: datetime | None = None) -> Evidence:
        """Keep a file supporting a stored actual value (checked as ``_checked`` says);
        nothing is kept when refused."""
        evidence, _ = self._checked(file_name, content, by=by, at=at)
        a = schema.execution_actuals
        with self.engine.begin() as connection:
            mission = connection.execute(select(a.c.mission_code).where(
                a.c.id == actual_id)).scalar()
            if mission is None:
                raise NotFoundError(f"no actual value numbered {actual_id} is stored")
            take_turns(connection, f"actuals:{mission}")
            new_id = _insert_evidence(connection, actual_id, evidence, content)
        return evidence.model_copy(update={"id": new_id})

    def evidence_file(self, evidence_id: int) -> EvidenceFile:
        e = schema.execution_evidence
        with reading(self.engine) as connection:
            row = connection.execute(select(e).where(e.c.id == evidence_id)).first()
        if row is None:
            raise NotFoundError(f"no evidence numbered {evidence_id} is stored")
        return EvidenceFile(_evidence(row), bytes(row.content), self.actual(row.actual_id))

    def remove_evidence(self, evidence_id: int) -> bool:
        e = schema.execution_evidence
        with self.engine.begin() as connection:
            removed = connection.execute(delete(e).where(e.c.id == evidence_id)).rowcount
        return bool(removed)

    def evidence_bytes(self, mission: str) -> int:
        """How many bytes of evidence the mission keeps (for a quota or a report)."""
        a, e = schema.execution_actuals, schema.execution_evidence
        query = (select(func.coalesce(func.sum(e.c.size), 0))
                 .join(a, a.c.id == e.c.actual_id).where(a.c.mission_code == mission))
        with reading(self.engine) as connection:
            return int(connection.execute(query).scalar_one())


def _withdrawn(connection: Connection, table: Table, record_id: int,
               withdrawal: Withdrawal, what: str, turns: str) -> str:
    """Withdraw one record of ``table`` in the mission's turn; the mission's code.
    ``NotFoundError`` when no such record is stored."""
    mission = connection.execute(select(table.c.mission_code).where(
        table.c.id == record_id)).scalar()
    if mission is None:
        raise NotFoundError(f"no {what} numbered {record_id} is stored")
    take_turns(connection, f"{turns}:{mission}")
    _withdraw(connection, table, record_id, withdrawal, what)
    return str(mission)


def _withdraw(connection: Connection, table: Table, record_id: int, withdrawal: Withdrawal,
              what: str) -> None:
    """Set the withdrawal of a record that counts; a second withdrawal is refused."""
    done = connection.execute(update(table).where(
        table.c.id == record_id, table.c.withdrawn_at.is_(None)).values(
        withdrawn_by=withdrawal.by, withdrawn_at=withdrawal.at,
        withdrawn_reason=withdrawal.reason)).rowcount
    if not done:
        raise InputError(f"{what} {record_id} is withdrawn already")


def _withdrawal(row: Row[tuple[object, ...]]) -> Withdrawal | None:
    if row.withdrawn_at is None:
        return None
    return Withdrawal(by=row.withdrawn_by, at=_aware(row.withdrawn_at),
                      reason=row.withdrawn_reason)


def _redeployment(row: Row[tuple[object, ...]]) -> Redeployment:
    return Redeployment(
        id=row.id, mission=row.mission_code, period=Period.parse(row.period),
        date=row.date, amount=Decimal(row.amount), from_line=row.from_line,
        to_line=row.to_line, reason=row.reason, approver=row.approver,
        recorded_by=row.recorded_by, recorded_at=_aware(row.recorded_at),
        withdrawn=_withdrawal(row))


def _insert_evidence(connection: Connection, actual_id: int, evidence: Evidence,
                     content: bytes) -> int:
    e = schema.execution_evidence
    return int(connection.execute(insert(e).values(
        actual_id=actual_id, content=content,
        **evidence.model_dump(exclude={"id"})).returning(e.c.id)).scalar_one())


def _subject(actual: Actual) -> ActualSubject:
    return ActualSubject.INDICATOR if isinstance(actual, IndicatorActual) else \
        ActualSubject.OUTPUT


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive times; the store writes them in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _evidence(row: Row[tuple[object, ...]]) -> Evidence:
    return Evidence(id=row.id, file_name=row.file_name, media_type=row.media_type,
                    size=row.size, sha256=row.sha256, recorded_by=row.recorded_by,
                    recorded_at=_aware(row.recorded_at))


def _evidence_of(connection: Connection, actual_ids: Sequence[int]
                 ) -> dict[int, tuple[Evidence, ...]]:
    if not actual_ids:
        return {}
    e = schema.execution_evidence
    columns = [c for c in e.c if c.name != "content"]
    found: dict[int, list[Evidence]] = {}
    for start in range(0, len(actual_ids), 500):
        chunk = list(actual_ids[start:start + 500])
        for row in connection.execute(select(*columns).where(e.c.actual_id.in_(chunk))
                                      .order_by(e.c.id)):
            found.setdefault(row.actual_id, []).append(_evidence(row))
    return {key: tuple(value) for key, value in found.items()}


def _actual(row: Row[tuple[object, ...]], evidence: tuple[Evidence, ...]) -> Actual:
    kind = IndicatorActual if row.subject == ActualSubject.INDICATOR.value else OutputActual
    return kind(id=row.id, mission=row.mission_code, period=Period.parse(row.period),
                component=row.component, key=row.key, quarter=row.quarter, value=row.value,
                note=row.note, evidence=evidence, recorded_by=row.recorded_by,
                recorded_at=_aware(row.recorded_at), withdrawn=_withdrawal(row))
