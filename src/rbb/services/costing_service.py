"""Costing use cases shared by the CLI and the web app: the store and the engine joined.

The effective drivers of a budget are the stored driver set when there is one
(loaded from a file, or stored by ``rbb calibrate``), else the drivers the
stored report prints; either way they are calibrated against the report, so
the model reproduces every published class amount while standard costs given
by a file or a person are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine

from rbb.costing import (
    RECORD_OF_KIND,
    Attribution,
    Calibration,
    ColumnFigures,
    Draft,
    DriverKind,
    DriverSet,
    PeriodCost,
    Published,
    apply_edits,
    attribute,
    calibrate,
    cost_drivers,
    default_lines,
    draft_budget,
    drivers_from_document,
    gather,
    published_figures,
)
from rbb.costing.scenarios import Edit
from rbb.model import Document, DocumentKind, Period, Stage
from rbb.model.base import Record
from rbb.model.errors import InputError, NotFoundError
from rbb.storage import DocumentStore
from rbb.storage.costing_store import CostingStore, DriverRow, DriverSetRow

_REF = re.compile(r"^\s*(?P<mission>[A-Za-z][A-Za-z0-9-]*)[\s:]+(?P<period>\d{4}/\d{2})"
                  r"(?:[\s:]+(?P<kind>budget|performance))?\s*$", re.IGNORECASE)
STAGE_PREFERENCE = (Stage.APPORTIONMENT, Stage.APPROPRIATION, Stage.ACABQ_RECOMMENDED,
                    Stage.COST_ESTIMATES)
"""The latest stored figures of a period: the apportionment when known, else the
appropriation, the Advisory Committee's recommendation, the cost estimates."""


@dataclass(frozen=True, slots=True)
class DocumentRef:
    mission: str
    period: Period
    kind: DocumentKind = DocumentKind.BUDGET

    @classmethod
    def parse(cls, text: str) -> DocumentRef:
        """``UNMIK:2025/26``, ``UNMIK 2025/26 budget``; the kind defaults to budget."""
        match = _REF.match(text)
        if match is None:
            raise InputError(f"document {text!r}: write it as MISSION:PERIOD[:KIND], "
                             "e.g. UNMIK:2025/26 or UNMIK:2025/26:budget")
        try:
            period = Period.parse(match["period"])
        except ValueError as error:
            raise InputError(f"document {text!r}: {error}") from None
        kind = DocumentKind((match["kind"] or "budget").lower())
        return cls(match["mission"].upper(), period, kind)

    def __str__(self) -> str:
        return f"{self.mission}:{self.period}:{self.kind.value}"


@dataclass(frozen=True, slots=True)
class Drivers:
    """The effective drivers of a budget and where they come from."""

    drivers: DriverSet
    origin: str
    stored: bool
    published: Published | None
    calibration: Calibration | None


class CostingService:
    def __init__(self, engine: Engine) -> None:
        self.documents = DocumentStore(engine)
        self.store = CostingStore(engine)

    def budget(self, mission: str, period: Period) -> Document:
        return self.documents.load(mission, period, DocumentKind.BUDGET)

    def drivers(self, mission: str, period: Period) -> Drivers:
        """Stored drivers, else the report's; calibrated against the report when stored."""
        stored = self.store.load_driver_set(mission, period)
        document = self._optional_budget(mission, period)
        if stored is None and document is None:
            raise NotFoundError(f"no budget document and no drivers for {mission.upper()} "
                                f"{period} are stored (rbb import, rbb drivers load)")
        if stored is not None:
            base, origin = driver_set(stored), f"stored drivers ({stored.origin})"
        else:
            assert document is not None
            base, origin = drivers_from_document(document), f"report {document.key}"
        if document is None:
            return Drivers(base, origin, stored is not None, None, None)
        published = published_figures(document)
        calibration = calibrate(base, published)
        return Drivers(calibration.drivers, origin, stored is not None, published, calibration)

    def calibrate(self, mission: str, period: Period, *, store: bool = True) -> Calibration:
        """Calibrate against the stored report and, unless told not to, store the drivers."""
        found = self.drivers(mission, period)
        if found.calibration is None:
            raise NotFoundError(f"calibration needs the budget report of {mission.upper()} "
                                f"{period}; none is stored")
        if store:
            self.save_drivers(found.calibration.drivers,
                              origin=f"calibrated against {found.published.reference}"
                              if found.published else "calibrated")
        return found.calibration

    def save_drivers(self, drivers: DriverSet, *, origin: str) -> None:
        header, rows = driver_rows(drivers, origin)
        self.store.save_driver_set(header, rows)

    def cost(self, mission: str, period: Period, *, edits: tuple[Edit, ...] = ()) -> PeriodCost:
        found = self.drivers(mission, period)
        drivers = apply_edits(found.drivers, edits) if edits else found.drivers
        return cost_drivers(drivers, period)

    def attribute(self, mission: str, period: Period) -> Attribution:
        """Each class's printed variance (cost estimates less apportionment) by driver."""
        found = self.drivers(mission, period)
        drivers = found.drivers
        lines = default_lines(drivers)
        printed = {line: (f.amount, f.source_line)
                   for line, f in (found.published.variances.items() if found.published else ())}
        return attribute(gather(drivers, drivers.base_period, lines),
                         gather(drivers, period, lines), printed_variances=printed,
                         before_label=f"apportionment {drivers.base_period}",
                         after_label=f"cost estimates {period}")

    def draft(self, source: DocumentRef, target: Period, *, edits: tuple[Edit, ...] = (),
              scenario: str | None = None, store: bool = True) -> Draft:
        """The next budget, drafted; stored unless told not to. A published (non-draft)
        document of the same identity is never replaced."""
        document = self.documents.load(source.mission, source.period, source.kind)
        found = self.drivers(source.mission, source.period)
        draft = draft_budget(document, found.drivers, target, edits=edits, scenario=scenario,
                             apportionment=self.latest_figures(source.mission, source.period),
                             expenditure=self.latest_figures(source.mission,
                                                             source.period.previous,
                                                             (Stage.EXPENDITURE,)))
        if store:
            existing = [s for s in self.documents.summaries(mission=source.mission)
                        if s.period == target and s.kind is document.kind]
            if existing and not existing[0].draft:
                raise InputError(f"{existing[0].mission} {target} {document.kind.value} is a "
                                 "published report; a draft does not replace it")
            self.documents.save(draft.document)
        return draft

    def latest_figures(self, mission: str, period: Period,
                       stages: tuple[Stage, ...] = STAGE_PREFERENCE) -> ColumnFigures | None:
        """A period's figures at the most advanced stage stored, drafts left out."""
        drafts = {s.id for s in self.documents.summaries(mission=mission) if s.draft}
        figures = [f for f in self.documents.financial_figures(mission=mission)
                   if f.period == period and f.document_id not in drafts
                   and f.table_key == "financial_resources" and f.amount is not None]
        for stage in stages:
            chosen = [f for f in figures if f.stage == stage.value]
            if chosen:
                latest = max(f.document_id for f in chosen)
                values: dict[str, Decimal] = {}
                for figure in chosen:
                    if figure.document_id == latest and figure.amount is not None:
                        values[figure.line] = figure.amount
                summary = next(s for s in self.documents.summaries(mission=mission)
                               if s.id == latest)
                return ColumnFigures(stage=stage, period=period, values=values,
                                     reference=f"{summary.mission} {summary.period} "
                                               f"{summary.kind.value}")
        return None

    def _optional_budget(self, mission: str, period: Period) -> Document | None:
        try:
            return self.budget(mission, period)
        except NotFoundError:
            return None


def driver_rows(drivers: DriverSet, origin: str) -> tuple[DriverSetRow, list[DriverRow]]:
    """A driver set as storage rows: a readable key and value beside each record's JSON."""
    header = DriverSetRow(mission=drivers.mission, period=drivers.period,
                          base_period=drivers.base_period, lines=drivers.lines, origin=origin)
    rows = []
    for kind in DriverKind:
        for record in drivers.of_kind(kind):
            key, value = _key_value(kind, record)
            provenance = getattr(record, "provenance")  # noqa: B009
            rows.append(DriverRow(
                kind=kind.value, period=getattr(record, "period"), key=key,  # noqa: B009
                value=value, provenance_kind=provenance.kind.value,
                provenance_reference=provenance.reference, source_line=provenance.source_line,
                body=record.model_dump_json()))
    return header, rows


def driver_set(row: DriverSetRow) -> DriverSet:
    """Stored rows back into a driver set (each record validated again)."""
    grouped: dict[DriverKind, list[Record]] = {kind: [] for kind in DriverKind}
    for driver in row.drivers:
        kind = DriverKind(driver.kind)
        grouped[kind].append(RECORD_OF_KIND[kind].model_validate_json(driver.body))
    return DriverSet(mission=row.mission, period=row.period, base_period=row.base_period,
                     lines=row.lines, **{k.value: tuple(v) for k, v in grouped.items()})


_KEY_FIELDS: dict[DriverKind, tuple[tuple[str, ...], str]] = {
    DriverKind.POSTS: (("line", "band", "office"), "count"),
    DriverKind.VACANCY_FACTORS: (("category",), "rate"),
    DriverKind.STANDARD_COSTS: (("line", "band", "currency"), "annual_cost"),
    DriverKind.ALLOWANCE_RATES: (("category",), "daily_rate"),
    DriverKind.EXCHANGE_RATES: (("currency",), "rate"),
    DriverKind.QUANTITIES: (("item", "line"), "quantity"),
    DriverKind.AMOUNTS: (("line",), "amount"),
    DriverKind.STAFF_ASSESSMENT: ((), "rate"),
}


def _key_value(kind: DriverKind, record: Record) -> tuple[str, str | None]:
    names, value_name = _KEY_FIELDS[kind]
    key = "/".join(str(getattr(record, n) or "") for n in names) or kind.value
    value = getattr(record, value_name)
    return key, None if value is None else (format(value, "f") if isinstance(value, Decimal)
                                            else str(value))
