"""Redeployments and the results tracker for both interfaces (docs/execution.md,
"Redeployments and the results tracker"): record a redeployment and derive the
performance report's redeployment table from the period's; record an indicator's or
output's actual value by quarter, and the evidence behind it.

Net to zero: every redeployment moves one amount from one group or class to another, so
the set nets to zero by construction; what can go wrong is a group left with less than
nothing, or a stored performance report printing other redeployments than the ones
recorded. Those are findings (data, shown on the page and by the API, and stored by
``rbb check``'s checks ``redeployments.*``), not refusals: a redeployment is recorded as
approved, and the finding says what to reconcile. The table and the findings are derived
in ``rbb.engine.redeployments``, as the checks derive them.

A record made in error is withdrawn, never deleted: it is kept with who withdrew it, when
and why, and counts nowhere after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from rbb.engine.redeployments import original_distribution, reconcile, redeployment_table
from rbb.model.cycle import DocumentKind, Period
from rbb.model.document import Document, DocumentKey
from rbb.model.errors import InputError, NotFoundError
from rbb.model.execution import (
    OUTPUT_KEY,
    ActualSubject,
    Evidence,
    IndicatorActual,
    OutputActual,
    Redeployment,
    Withdrawal,
)
from rbb.model.findings import Finding
from rbb.model.frameworks import Component
from rbb.model.tables import Redeployments
from rbb.storage import DocumentStore
from rbb.storage.execution_records import Actual, EvidenceFile, ExecutionRecordStore

__all__ = ["Actual", "EvidenceFile", "ExecutionRecordsService", "RedeploymentSummary",
           "TrackedComponent", "TrackedEntry", "actual_record_data", "reconcile",
           "redeployment_data", "redeployment_table", "subject_of", "summary_data",
           "withdrawal_data"]

MAX_AMOUNT = Decimal("10000000000")
"""No redeployment moves ten billion dollars (a typing error, not an approval)."""


@dataclass(frozen=True, slots=True)
class RedeploymentSummary:
    """The period's redeployments, the table the performance report prints, and what
    reconciling them found."""

    mission: str
    period: Period
    redeployments: list[Redeployment]
    table: Redeployments
    original_from: str | None
    """The document the original distribution comes from (``UNMIK 2021/22
    performance``), or None when no stored document gives the period's apportionment."""
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class TrackedEntry:
    """An indicator or output of the framework and its actual values by quarter."""

    subject: ActualSubject
    key: str
    """``1.1.1`` for an indicator, ``1.1/3`` for an output."""
    text: str
    planned: str | None
    """The target (an indicator's value for the period) or the output's quantity."""
    actuals: dict[int, Actual] = field(default_factory=dict)
    withdrawn: dict[int, Actual] = field(default_factory=dict)
    """Values withdrawn as recorded in error, by quarter: kept and shown, never counted
    (a quarter has one or the other)."""


@dataclass(frozen=True, slots=True)
class TrackedComponent:
    key: str
    name: str
    accomplishments: list[tuple[str, str, list[TrackedEntry]]]
    """Each expected accomplishment's number, text and entries (indicators first)."""


class ExecutionRecordsService:
    def __init__(self, engine: Engine) -> None:
        self.store = ExecutionRecordStore(engine)
        self.documents = DocumentStore(engine)

    # --- redeployments --------------------------------------------------------------

    def redeploy(self, mission: str, period: Period, *, date: dt.date, amount: str | Decimal,
                 from_line: str, to_line: str, reason: str, approver: str,
                 by: str) -> Redeployment:
        """Record an approved redeployment (``InputError`` naming what is wrong)."""
        dollars = _dollars(amount)
        try:
            redeployment = Redeployment(
                mission=mission, period=period, date=date, amount=dollars,
                from_line=from_line.strip(), to_line=to_line.strip(), reason=reason.strip(),
                approver=approver, recorded_by=by, recorded_at=dt.datetime.now(dt.UTC))
        except ValidationError as error:
            raise InputError(_reason(error)) from None
        return self.store.add_redeployment(redeployment)

    def redeployments(self, mission: str, period: Period) -> list[Redeployment]:
        return self.store.redeployments(mission, period)

    def summary(self, mission: str, period: Period) -> RedeploymentSummary:
        """The redeployments (withdrawn ones too, marked), the table of those that count
        and the findings of reconciling them."""
        recorded = self.store.redeployments(mission, period)
        counted = [r for r in recorded if r.withdrawn is None]
        documents = self._documents(mission, period)
        found = original_distribution(documents, period)
        table = redeployment_table(counted, found[0] if found else None)
        origin = str(found[1].key) if found else None
        report = next((d for d in documents if d.kind is DocumentKind.PERFORMANCE), None)
        findings = reconcile(mission, period, table,
                             report.redeployments if report else None, counted)
        return RedeploymentSummary(mission, period, recorded, table, origin, findings)

    def withdraw_redeployment(self, mission: str, period: Period, redeployment_id: int, *,
                              reason: str, by: str) -> Redeployment:
        """Withdraw a redeployment of ``mission`` and ``period`` recorded in error: kept,
        marked with who, when and why, and no longer counted (``NotFoundError`` for one
        of another period, ``InputError`` without a reason or when withdrawn already)."""
        found = self.store.redeployment(redeployment_id)
        if (found.mission, found.period) != (mission, period):
            raise NotFoundError(f"no redeployment numbered {redeployment_id} is stored for "
                                f"{mission} {period}")
        return self.store.withdraw_redeployment(redeployment_id, _withdrawal(reason, by))

    def withdraw_actual(self, mission: str, period: Period, actual_id: int, *,
                        reason: str, by: str) -> Actual:
        """Withdraw an actual value recorded in error (as ``withdraw_redeployment``); its
        evidence is kept with it. Recording the quarter again gives it a new value."""
        found = self.store.actual(actual_id)
        if (found.mission, found.period) != (mission, period):
            raise NotFoundError(f"no actual value numbered {actual_id} is stored for "
                                f"{mission} {period}")
        return self.store.withdraw_actual(actual_id, _withdrawal(reason, by))

    def _documents(self, mission: str, period: Period) -> list[Document]:
        """The stored documents the table is derived against, as ``rbb check`` reads
        them (``engine.redeployments.original_distribution``): the period's performance
        report and the next period's budget, with their money and redeployment tables."""
        found = []
        for key in (DocumentKey(mission=mission, period=period, kind=DocumentKind.PERFORMANCE),
                    DocumentKey(mission=mission, period=period.next,
                                kind=DocumentKind.BUDGET)):
            summary = self.documents.summary(key)
            if summary is not None:
                found.append(self.documents.load_parts(
                    summary.id, ("financial_tables", "redeployments")))
        return found

    # --- the results tracker --------------------------------------------------------

    def frameworks(self, mission: str, period: Period) -> tuple[list[Component], str]:
        """The components of the period's stored budget (else its performance report),
        and which document they come from; ``NotFoundError`` when neither is stored."""
        for kind in (DocumentKind.BUDGET, DocumentKind.PERFORMANCE):
            try:
                document = self.documents.load(mission, period, kind)
            except NotFoundError:
                continue
            if document.components:
                return list(document.components), f"{mission} {period} {kind.value}"
        raise NotFoundError(f"no budget or performance report of {mission} {period} with "
                            "results-based budgeting frameworks is stored")

    def tracker(self, mission: str, period: Period) -> tuple[list[TrackedComponent], str]:
        """Every indicator and output of the frameworks with its actuals by quarter."""
        components, origin = self.frameworks(mission, period)
        recorded: dict[tuple[ActualSubject, str, str], dict[int, Actual]] = {}
        withdrawn: dict[tuple[ActualSubject, str, str], dict[int, Actual]] = {}
        for actual in self.store.actuals(mission, period):
            kept = recorded if actual.withdrawn is None else withdrawn
            kept.setdefault((subject_of(actual), actual.component, actual.key), {})[
                actual.quarter] = actual

        def entry(subject: ActualSubject, component: str, key: str, text: str,
                  planned: str | None) -> TrackedEntry:
            found = (subject, component, key)
            return TrackedEntry(subject, key, text, planned, recorded.get(found, {}),
                                withdrawn.get(found, {}))

        tracked = []
        for component in components:
            accomplishments = []
            for ea in component.expected_accomplishments:
                entries = [entry(ActualSubject.INDICATOR, component.key, i.number, i.text,
                                 next((v.text for v in i.values if v.period == period), None))
                           for i in ea.indicators]
                entries += [entry(ActualSubject.OUTPUT, component.key, f"{ea.number}/{place}",
                                  o.text, o.quantities[0].text if o.quantities else None)
                            for place, o in enumerate(ea.outputs, start=1)]
                accomplishments.append((ea.number, ea.text, entries))
            tracked.append(TrackedComponent(component.key, component.name, accomplishments))
        return tracked, origin

    def record(self, mission: str, period: Period, *, subject: ActualSubject | str,
               component: str, key: str, quarter: int, value: str, note: str = "",
               by: str, files: Sequence[tuple[str, bytes]] = ()) -> Actual:
        """Record a quarter's actual value of an indicator or output the frameworks
        hold (``InputError`` for one they do not, naming the keys expected), with its
        evidence ``files`` (name, bytes) in the same transaction."""
        try:
            kind = ActualSubject(subject)
        except ValueError:
            raise InputError(f"{str(subject)[:20]!r} is not indicator or output") from None
        components, origin = self.frameworks(mission, period)
        _known(components, origin, kind, component, key)
        record_type = IndicatorActual if kind is ActualSubject.INDICATOR else OutputActual
        try:
            actual = record_type(mission=mission, period=period, component=component,
                                 key=key, quarter=quarter, value=value.strip(),
                                 note=note.strip(), recorded_by=by,
                                 recorded_at=dt.datetime.now(dt.UTC))
        except ValidationError as error:
            raise InputError(_reason(error)) from None
        return self.store.record_actual(actual, files)

    def actual(self, actual_id: int) -> Actual:
        return self.store.actual(actual_id)

    def actuals(self, mission: str, period: Period) -> list[Actual]:
        """Every actual value of the period, withdrawn ones too (marked), with its
        number: what ``rbb actuals`` lists and ``rbb withdraw-actual`` takes."""
        return self.store.actuals(mission, period)

    def add_evidence(self, actual_id: int, file_name: str, content: bytes, *,
                     by: str) -> Evidence:
        return self.store.add_evidence(actual_id, file_name, content, by=by)

    def evidence_file(self, evidence_id: int) -> EvidenceFile:
        return self.store.evidence_file(evidence_id)


def subject_of(actual: Actual) -> ActualSubject:
    return ActualSubject.INDICATOR if isinstance(actual, IndicatorActual) else \
        ActualSubject.OUTPUT


def _known(components: list[Component], origin: str, kind: ActualSubject, component: str,
           key: str) -> None:
    found = next((c for c in components if c.key == component), None)
    if found is None:
        raise InputError(f"{origin} has no component {component[:64]!r} (expected one of "
                         f"{', '.join(c.key for c in components)})")
    if kind is ActualSubject.INDICATOR:
        keys = [i.number for ea in found.expected_accomplishments for i in ea.indicators]
    else:
        keys = [f"{ea.number}/{place}" for ea in found.expected_accomplishments
                for place in range(1, len(ea.outputs) + 1)]
    if key not in keys:
        shown = ", ".join(keys[:12]) + (", ..." if len(keys) > 12 else "")
        hint = "" if kind is ActualSubject.INDICATOR or OUTPUT_KEY.fullmatch(key) else \
            " (an output is its expected accomplishment's number and its place, 1.1/3)"
        raise InputError(f"{origin}, component {component}, has no {kind.value} "
                         f"{key[:40]!r}{hint}; expected one of {shown or 'none'}")


def _withdrawal(reason: str, by: str) -> Withdrawal:
    try:
        return Withdrawal(by=by, at=dt.datetime.now(dt.UTC), reason=reason.strip())
    except ValidationError as error:
        raise InputError("a withdrawal needs its reason: " + _reason(error)) from None


def _dollars(amount: str | Decimal) -> Decimal:
    text = str(amount).strip().replace(",", "").removeprefix("$")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f"amount {str(amount)[:40]!r} is not a number of dollars "
                         "(expected e.g. 125000 or 125000.50)") from None
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        raise InputError(f"amount {str(amount)[:40]!r} is not a plausible number of dollars")
    return value


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


# --- as data, for the API and ``rbb redeployments --format json`` ---------------------

def _finding(found: Finding) -> dict[str, Any]:
    return {"severity": found.severity.value, "code": found.code, "row": found.row,
            "column": found.column, "source_line": found.source_line,
            "printed": None if found.printed is None else format(found.printed, "f"),
            "computed": None if found.computed is None else format(found.computed, "f"),
            "message": found.message}


def redeployment_data(r: Redeployment) -> dict[str, Any]:
    return {"id": r.id, "date": r.date.isoformat(), "amount": format(r.amount, "f"),
            "from_line": r.from_line, "to_line": r.to_line, "reason": r.reason,
            "approver": r.approver, "recorded_by": r.recorded_by,
            "recorded_at": r.recorded_at.isoformat(), "across_groups": r.across_groups,
            "withdrawn": withdrawal_data(r.withdrawn)}


def actual_record_data(a: Actual) -> dict[str, Any]:
    """An actual value as ``rbb actuals --format json`` lists it (its evidence by name
    and digest; the API gives download links)."""
    return {"id": a.id, "subject": subject_of(a).value, "component": a.component,
            "key": a.key, "quarter": a.quarter, "value": a.value, "note": a.note,
            "recorded_by": a.recorded_by, "recorded_at": a.recorded_at.isoformat(),
            "withdrawn": withdrawal_data(a.withdrawn),
            "evidence": [{"file_name": e.file_name, "sha256": e.sha256} for e in a.evidence]}


def withdrawal_data(w: Withdrawal | None) -> dict[str, Any] | None:
    return None if w is None else {"by": w.by, "at": w.at.isoformat(), "reason": w.reason}


def _text(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def summary_data(summary: RedeploymentSummary) -> dict[str, Any]:
    """The redeployments (dollars), the table by group (thousands, as the report prints
    it), where its original distribution comes from, and the findings."""
    return {
        "mission": summary.mission, "period": summary.period.label,
        "redeployments": [redeployment_data(r) for r in summary.redeployments],
        "table": {"rows": [{"group": r.group, "original_distribution":
                            _text(r.original_distribution),
                            "redeployment": _text(r.redeployment),
                            "revised_distribution": _text(r.revised_distribution)}
                           for r in summary.table.rows],
                  "percentage_of_appropriation":
                      _text(summary.table.percentage_of_appropriation)},
        "original_distribution_from": summary.original_from,
        "findings": [_finding(f) for f in summary.findings]}
