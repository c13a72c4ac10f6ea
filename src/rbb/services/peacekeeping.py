"""The whole of peacekeeping: every stored mission and period side by side, for both
interfaces (docs/cycle.md, "The whole of peacekeeping").

For each mission and period: total requirements and each group of classes at each
stage (cost estimates, apportionment, expenditure), the resource utilization rate,
personnel (uniformed and civilian), vacancy rates where an incumbency table states
them, the cost per uniformed and per civilian person and each group's share of the
gross requirements. Every figure keeps the documents and lines it was read from.

It reads the index tables a page at a time (``storage.peacekeeping_index``): the
financial figures of the page's missions and periods, and of the documents that can
state their personnel only the ``staffing_tables`` and ``incumbency`` parts, of which
only the mission's summary table is validated.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, TypeAdapter

from rbb.engine.derived import resource_utilization_rate, share
from rbb.model import DocumentKind, Period, Stage
from rbb.model.base import Exact
from rbb.model.staffing import IncumbencyRow, RowType, StaffingKind, StaffingTable
from rbb.storage import FinancialFigure
from rbb.storage.peacekeeping_index import figures_of, mission_periods, parts_of
from rbb.storage.repository import STAGE_FIGURES_TABLE

from .document_service import DocumentService, DocumentSummary

STAGES = (Stage.COST_ESTIMATES, Stage.APPORTIONMENT, Stage.EXPENDITURE)
GROUPS = ("military_and_police_personnel", "civilian_personnel", "operational_costs")
TOTALS = ("total_requirements", "gross_requirements")
LINES = (*GROUPS, *TOTALS)
MAIN_TABLE = "financial_resources"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
DERIVED_PLACES = 10
"""Derived figures (rates, shares, cost per person) are quotients: kept to ten decimal
places, rounded half away from zero, so the page, the API and both downloads carry the
same digits."""
WIDE = Context(prec=60)
"""Rounding to ten places never runs out of digits, however large the quotient."""


class Footing(StrEnum):
    """Which personnel figure: the actual average of an incumbency table, the approved
    strength (incumbency, or a budget's human resources summary), or the proposed."""

    ACTUAL_AVERAGE = "actual_average"
    APPROVED = "approved"
    PROPOSED = "proposed"


BASES: tuple[tuple[Stage, Footing], ...] = (
    (Stage.EXPENDITURE, Footing.ACTUAL_AVERAGE),
    (Stage.APPORTIONMENT, Footing.APPROVED),
    (Stage.COST_ESTIMATES, Footing.PROPOSED),
)
"""The cost per person divides a group's amount at a stage by the personnel of the same
footing: what was spent by who served, what was approved by the approved strength,
what is proposed by the proposed posts; the first pair both stated is used."""

FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "military": (("military_observers", "military_contingents"),),
    "police": (("united_nations_police", "formed_police_units"),),
    "international": (("international_staff",), ("international_subtotal",),
                      ("usg_asg", "d2_d1", "p5_p4", "p3_p2", "fs")),
    "national": (("national_staff",), ("national_subtotal",), ("npo", "ngs"),
                 ("national_professional_officers", "national_general_service_staff")),
    "united_nations_volunteers": (
        ("united_nations_volunteers",), ("unv_subtotal",), ("unv_international", "unv_national"),
        ("united_nations_volunteers_international", "united_nations_volunteers_national")),
    "temporary": (("general_temporary_assistance",),),
    "government_provided": (("government_provided_personnel",),),
}
"""Each personnel family from the categories (incumbency) or columns (staffing table)
that count it: the first alternative any of whose names is stated, summed, so that a
total and its parts are never both counted."""
UNIFORMED = ("military", "police")
CIVILIAN = ("international", "national", "united_nations_volunteers", "temporary",
            "government_provided")
"""Government-provided personnel count as civilian: the civilian personnel group pays
for them."""


class FrozenRecord(BaseModel):
    """Records built here from values already typed (``model_construct``: not validated
    again, a third of the time of a download)."""

    model_config = ConfigDict(frozen=True)


class Source(FrozenRecord):
    """Where a figure is printed: a document, its part (``financial`` or ``staffing``),
    the table, the row and the line."""

    mission: str
    period: Period
    kind: DocumentKind
    part: str
    table: str
    row: str
    source_line: int | None = None
    partial: bool = False


class Figure(FrozenRecord):
    value: Exact
    sources: tuple[Source, ...]
    derived: bool = False
    """Computed here (a sum, a rate, a share, a cost per person), not printed as such."""


class DocumentEntry(FrozenRecord):
    mission: str
    period: Period
    kind: DocumentKind
    partial: bool = False


class Basis(FrozenRecord):
    """The rule a cost per person used: the amount's stage, the personnel's footing."""

    stage: Stage
    footing: Footing


class MissionPeriod(FrozenRecord):
    mission: str
    mission_name: str
    period: Period
    partial: bool
    """A partial document is among this period's documents or the sources of a figure."""
    documents: tuple[DocumentEntry, ...]
    totals: dict[Stage, Figure]
    """Total requirements at each stage (gross requirements where no total is printed)."""
    groups: dict[str, dict[Stage, Figure]]
    utilization_rate: Figure | None
    """Expenditure ÷ apportionment, in per cent (gross requirements, else total)."""
    footing: Footing | None
    personnel: dict[str, Figure]
    """``military``, ``police``, ``uniformed``, the civilian families and ``civilian``."""
    vacancy_rates: dict[str, Figure]
    """``uniformed`` and ``civilian``, in per cent, from an incumbency table."""
    basis: Basis | None
    cost_per_uniformed: Figure | None
    cost_per_civilian: Figure | None
    """Thousands of dollars per person."""
    share_stage: Stage | None
    shares: dict[str, Figure]
    """Each group's share of the gross requirements at ``share_stage``, in per cent."""


@dataclass(frozen=True, slots=True)
class PeacekeepingFilter:
    mission: str | None = None
    period_from: Period | None = None
    period_to: Period | None = None

    def admits(self, mission: str, period: Period) -> bool:
        return ((self.mission is None or mission == self.mission)
                and (self.period_from is None or self.period_from <= period)
                and (self.period_to is None or period <= self.period_to))


class PeacekeepingPage(FrozenRecord):
    rows: tuple[MissionPeriod, ...]
    total: int
    offset: int
    limit: int
    missions: tuple[str, ...]
    """Every mission with something stored (the filter's choices)."""


def peacekeeping_index(documents: DocumentService) -> list[tuple[str, Period]]:
    """Every mission and period that has a document or a printed figure."""
    return mission_periods(documents.engine, LINES)


def peacekeeping_page(documents: DocumentService, wanted: PeacekeepingFilter, *,
                      offset: int = 0, limit: int = PAGE_SIZE,
                      index: Sequence[tuple[str, Period]] | None = None) -> PeacekeepingPage:
    """One page of mission-periods (``index``: ``peacekeeping_index``, when already read)."""
    every = list(index) if index is not None else peacekeeping_index(documents)
    chosen = [item for item in every if wanted.admits(*item)]
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    return PeacekeepingPage(rows=tuple(mission_period_rows(documents,
                                                           chosen[offset:offset + limit])),
                            total=len(chosen), offset=offset, limit=limit,
                            missions=tuple(sorted({code for code, _ in every})))


def every_row(documents: DocumentService, wanted: PeacekeepingFilter,
              index: Sequence[tuple[str, Period]] | None = None) -> Iterator[MissionPeriod]:
    """Every mission-period the filter admits, read a page at a time (the downloads)."""
    every = list(index) if index is not None else peacekeeping_index(documents)
    chosen = [item for item in every if wanted.admits(*item)]
    for start in range(0, len(chosen), MAX_PAGE_SIZE):
        yield from mission_period_rows(documents, chosen[start:start + MAX_PAGE_SIZE])


def mission_period_rows(documents: DocumentService,
                        items: Sequence[tuple[str, Period]]) -> list[MissionPeriod]:
    if not items:
        return []
    missions = sorted({code for code, _ in items})
    periods = sorted({period for _, period in items}, key=lambda p: p.start_year)
    summaries = documents.summaries_of(missions)
    by_id = {s.id: s for s in summaries}
    names = {m.code: m.name for m in documents.missions() if m.code in set(missions)}
    figures = figures_of(documents.engine, missions, periods, LINES)
    wanted_periods = {*periods, *(p.next for p in periods)}
    readers = [s for s in summaries if s.period in wanted_periods]
    parts = parts_of(documents.engine, [s.id for s in readers],
                     ("staffing_tables", "incumbency", "partial"))
    partial = {i for i, p in parts.items() if p.get("partial") == "true"}
    partial |= set(documents.partial_ids([s.id for s in summaries if s.id not in parts]))
    chosen = best_figures(figures, by_id)
    people = _personnel(readers, parts, partial)
    own: dict[tuple[str, Period], list[DocumentSummary]] = defaultdict(list)
    for summary in summaries:
        own[(summary.mission, summary.period)].append(summary)
    return [_row(code, period, names.get(code, code), own[(code, period)], by_id, partial,
                 chosen, people) for code, period in items]


# --- money ------------------------------------------------------------------------

FigureKey = tuple[str, Period, str, Stage]
"""Mission, period, line, stage."""


def best_figures(figures: Sequence[tuple[str, FinancialFigure]],
                  by_id: Mapping[int, DocumentSummary]) -> dict[FigureKey, FinancialFigure]:
    """One figure per mission, period, line and stage: the main table before the
    summary, the report of that period before others, the newest report first (the
    overview's rule)."""

    def rank(item: tuple[str, FinancialFigure]) -> tuple[int, int, int, int]:
        figure = item[1]
        summary = by_id.get(figure.document_id)
        return (figure.table_key != MAIN_TABLE,
                summary is None or summary.period != figure.period,
                -(summary.period.start_year if summary else 0), figure.document_id)

    chosen: dict[FigureKey, FinancialFigure] = {}
    for code, figure in sorted(figures, key=rank):
        # the reports' money tables only: a legislative document's stage figures
        # (``STAGE_FIGURES_TABLE``, docs/cycle.md) have no financial page to link to
        if figure.amount is None or figure.stage not in set(STAGES) or \
                figure.table_key == STAGE_FIGURES_TABLE:
            continue
        chosen.setdefault((code, figure.period, figure.line, Stage(figure.stage)), figure)
    return chosen


def _source(summary: DocumentSummary | None, part: str, table: str, row: str,
            line: int | None, partial: set[int]) -> Source:
    assert summary is not None, "a figure's document is among its mission's"
    return Source.model_construct(mission=summary.mission, period=summary.period, kind=summary.kind,
                  part=part, table=table, row=row, source_line=line,
                  partial=summary.id in partial)


def _printed(figure: FinancialFigure, by_id: Mapping[int, DocumentSummary],
             partial: set[int]) -> Figure:
    assert figure.amount is not None
    return Figure.model_construct(value=figure.amount, sources=(_source(
        by_id.get(figure.document_id), "financial", figure.table_key, figure.line,
        figure.source_line, partial),))


def derived(value: Decimal | None, *parts: Figure | None) -> Figure | None:
    """A quotient kept to ``DERIVED_PLACES``, with the sources of what it was made of."""
    if value is None:
        return None
    sources = tuple(dict.fromkeys(s for part in parts if part is not None
                                  for s in part.sources))
    exact = value.quantize(Decimal(1).scaleb(-DERIVED_PLACES), ROUND_HALF_UP, WIDE)
    return Figure.model_construct(value=exact, sources=sources, derived=True)


# --- personnel --------------------------------------------------------------------

PeopleKey = tuple[str, Period, Footing]


@dataclass(frozen=True, slots=True)
class _Counted:
    """A table's personnel on one footing: each family, and for an incumbency table the
    strength the vacancy rate is measured against and the actual average."""

    families: dict[str, Figure]
    vacancy: dict[str, Figure]
    rank: tuple[int, int, int]


def _personnel(readers: Sequence[DocumentSummary], parts: Mapping[int, Mapping[str, str]],
               partial: set[int]) -> dict[PeopleKey, _Counted]:
    """The personnel each document states, on each footing, best first: the report of
    that period before others, incumbency before a staffing table, the newest report."""
    found: dict[PeopleKey, _Counted] = {}
    for summary in readers:
        stored = parts.get(summary.id, {})
        for key, counted in [*_from_incumbency(summary, stored.get("incumbency"), partial),
                             *_from_staffing(summary, stored.get("staffing_tables"), partial)]:
            if key not in found or counted.rank < found[key].rank:
                found[key] = counted
    return found


_ROWS = TypeAdapter(list[IncumbencyRow])


def _from_incumbency(summary: DocumentSummary, body: str | None, partial: set[int]
                     ) -> Iterator[tuple[PeopleKey, _Counted]]:
    if not body or body == "[]":
        return
    rows = _ROWS.validate_json(body)
    source = {row.category.value: _source(summary, "staffing", "incumbency",
                                          row.category.value, row.source_line, partial)
              for row in rows}

    def counts(value: str) -> dict[str, Decimal]:
        total: defaultdict[str, Decimal] = defaultdict(Decimal)
        for row in rows:
            number = row.actual_average if value == "actual" else (
                row.approved if value == "approved" else row.vacancy_base[1])
            if number is not None and (value != "base" or row.actual_average is not None):
                total[row.category.value] += number
        return dict(total)

    rank = (0, 0, -summary.period.start_year)
    based = counts("base")
    actual_of_based = {category: value for category, value in counts("actual").items()
                       if category in based}
    vacancy = _vacancy(_families(based, source), _families(actual_of_based, source))
    for footing, value in ((Footing.ACTUAL_AVERAGE, "actual"), (Footing.APPROVED, "approved")):
        families = _families(counts(value), source)
        if families:
            yield ((summary.mission, summary.period, footing),
                   _Counted(families, vacancy if footing is Footing.ACTUAL_AVERAGE else {},
                            rank))


_TABLES = TypeAdapter(list[dict[str, object]])
_FOOTINGS = {StaffingKind.APPROVED: Footing.APPROVED, StaffingKind.PROPOSED: Footing.PROPOSED,
             StaffingKind.ACTUAL_AVERAGE: Footing.ACTUAL_AVERAGE}


def _from_staffing(summary: DocumentSummary, body: str | None, partial: set[int]
                   ) -> Iterator[tuple[PeopleKey, _Counted]]:
    """The mission's summary human resources table (no component): its total rows, or
    its rows summed where it has no total, by kind and period."""
    if not body or body == "[]":
        return
    found = next((t for t in json.loads(body) if t.get("component") is None), None)
    if found is None:
        return
    table = StaffingTable.model_validate(found)
    rows = [r for r in table.rows if r.row_type is RowType.TOTAL] or \
        [r for r in table.rows if r.row_type is RowType.ITEM]
    sums: dict[tuple[Footing, Period], defaultdict[str, Decimal]] = {}
    sources: dict[tuple[Footing, Period], dict[str, Source]] = {}
    for row in rows:
        footing = _FOOTINGS.get(row.kind)
        if footing is None:
            continue
        key = (footing, row.period or summary.period)
        for column, count in row.counts.items():
            if count is not None:
                sums.setdefault(key, defaultdict(Decimal))[column.value] += count
                sources.setdefault(key, {}).setdefault(column.value, _source(
                    summary, "staffing", table.key, row.office, row.source_line, partial))
    for (footing, period), total in sums.items():
        families = _families(dict(total), sources[(footing, period)])
        if families:
            yield ((summary.mission, period, footing),
                   _Counted(families, {}, (int(summary.period != period), 1,
                                           -summary.period.start_year)))


def _families(values: Mapping[str, Decimal], sources: Mapping[str, Source]
              ) -> dict[str, Figure]:
    """Each family, then ``uniformed`` and ``civilian`` where any of their parts is."""
    found: dict[str, Figure] = {}
    for family, alternatives in FAMILIES.items():
        for names in alternatives:
            present = [name for name in names if name in values]
            if present:
                found[family] = Figure.model_construct(
                    value=sum((values[n] for n in present), Decimal(0)),
                    sources=tuple(dict.fromkeys(sources[n] for n in present)),
                    derived=len(present) > 1)
                break
    for whole, members in (("uniformed", UNIFORMED), ("civilian", CIVILIAN)):
        parts = [found[m] for m in members if m in found]
        if parts:
            found[whole] = Figure.model_construct(value=sum((p.value for p in parts), Decimal(0)),
                                  sources=tuple(dict.fromkeys(s for p in parts
                                                              for s in p.sources)),
                                  derived=len(parts) > 1 or parts[0].derived)
    return found


def _vacancy(base: Mapping[str, Figure], actual: Mapping[str, Figure]) -> dict[str, Figure]:
    """(strength − actual average) ÷ strength over the rows that state both, where the
    strength is the planned average when printed, else the approved (docs/domain.md)."""
    rates: dict[str, Figure] = {}
    for whole in ("uniformed", "civilian"):
        strength, served = base.get(whole), actual.get(whole)
        if strength is None or served is None or strength.value == 0:
            continue
        rate = derived(share(strength.value - served.value, strength.value), strength, served)
        if rate is not None:
            rates[whole] = rate
    return rates


# --- one row ----------------------------------------------------------------------


def _row(code: str, period: Period, name: str, own: Sequence[DocumentSummary],
         by_id: Mapping[int, DocumentSummary], partial: set[int],
         chosen: Mapping[FigureKey, FinancialFigure],
         people: Mapping[PeopleKey, _Counted]) -> MissionPeriod:
    def money(line: str, stage: Stage) -> Figure | None:
        found = chosen.get((code, period, line, stage))
        return None if found is None else _printed(found, by_id, partial)

    totals = {stage: figure for stage in STAGES
              if (figure := money("total_requirements", stage) or
                  money("gross_requirements", stage)) is not None}
    groups = {group: {stage: figure for stage in STAGES
                      if (figure := money(group, stage)) is not None} for group in GROUPS}
    utilization = None
    for line in ("gross_requirements", "total_requirements"):
        spent, approved = money(line, Stage.EXPENDITURE), money(line, Stage.APPORTIONMENT)
        if spent is not None and approved is not None:
            utilization = derived(resource_utilization_rate(spent.value, approved.value),
                                  spent, approved)
            if utilization is not None:
                break
    counted = {footing: people[(code, period, footing)] for footing in Footing
               if (code, period, footing) in people}
    basis = next((Basis(stage=stage, footing=footing) for stage, footing in BASES
                  if footing in counted and (stage in groups[GROUPS[0]]
                                             or stage in groups[GROUPS[1]])), None)
    footing = basis.footing if basis else next(iter(counted), None)
    personnel = counted[footing].families if footing else {}

    def per_person(group: str, family: str) -> Figure | None:
        if basis is None:
            return None
        amount, persons = groups[group].get(basis.stage), personnel.get(family)
        if amount is None or persons is None or persons.value == 0:
            return None
        return derived(amount.value / persons.value, amount, persons)

    share_stage = next((s for s in (Stage.EXPENDITURE, Stage.APPORTIONMENT,
                                    Stage.COST_ESTIMATES)
                        if money("gross_requirements", s) is not None), None)
    shares: dict[str, Figure] = {}
    if share_stage is not None:
        gross = money("gross_requirements", share_stage)
        assert gross is not None
        for group in GROUPS:
            part = groups[group].get(share_stage)
            if part is not None and (value := derived(share(part.value, gross.value),
                                                      part, gross)) is not None:
                shares[group] = value
    used = [*totals.values(), *(f for g in groups.values() for f in g.values()),
            *personnel.values()]
    return MissionPeriod(
        mission=code, mission_name=name, period=period,
        partial=any(s.id in partial for s in own) or any(
            source.partial for figure in used for source in figure.sources),
        documents=tuple(DocumentEntry(mission=s.mission, period=s.period, kind=s.kind,
                                      partial=s.id in partial) for s in own),
        totals=totals, groups=groups, utilization_rate=utilization, footing=footing,
        personnel=personnel,
        vacancy_rates=counted[Footing.ACTUAL_AVERAGE].vacancy
        if Footing.ACTUAL_AVERAGE in counted else {},
        basis=basis, cost_per_uniformed=per_person(GROUPS[0], "uniformed"),
        cost_per_civilian=per_person(GROUPS[1], "civilian"),
        share_stage=share_stage, shares=shares)
