"""Every check of ``rbb check`` in one list, as beancount lists its validations: each is
a function that reads a document (or the documents given together) and returns its
findings, registered with its finding code, a title and what it checks
(docs/checks.md says more). Installed plugins add theirs through the entry-point
group ``rbb.checks`` (``rbb.plugins``), after rbb's own.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rbb import __version__ as rbb_version
from rbb import plugins
from rbb.model import Document, DocumentKind, Finding
from rbb.model.execution import MissionRecords

from . import (
    assembly_actions,
    cited_requests,
    cross_document,
    cycle,
    money_tables,
    other_tables,
    personnel_counts,
    prose_figures,
    redeployments,
    results_frameworks,
    staffing_tables,
    variance_analysis,
)

REPORTS_OF_THE_SECRETARY_GENERAL = frozenset(
    kind for kind in DocumentKind if kind.of_secretary_general)
"""The kinds a check applies to unless it says otherwise: the budget and performance
reports whose tables rbb's checks (and plugins' checks written before the legislative
documents were stored) read. A check of an ACABQ report or a resolution names its kinds."""
EVERY_KIND = frozenset(DocumentKind)


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """A check of one document on its own; its findings carry its ``code``."""

    code: str
    title: str
    documentation: str
    function: Callable[[Document], Iterable[Finding]]
    needs: tuple[str, ...] = ()
    """The tables (fields of the document) it reads: on a partial document that lacks
    one of them (``Coverage.missing_tables``) the check is skipped, with the reason."""
    kinds: frozenset[DocumentKind] = REPORTS_OF_THE_SECRETARY_GENERAL
    """The kinds of document it reads; it is not run on the others (``applies_to``)."""

    def applies_to(self, document: Document) -> bool:
        return document.kind in self.kinds


@dataclass(frozen=True, slots=True)
class CrossDocumentCheck:
    """A check of what the documents given together print in common."""

    code: str
    title: str
    documentation: str
    function: Callable[[Sequence[Document]], Iterable[Finding]]
    kinds: frozenset[DocumentKind] = REPORTS_OF_THE_SECRETARY_GENERAL
    """The kinds of document it reads: it is given only those of the documents checked
    together (``applies_to``)."""

    def applies_to(self, document: Document) -> bool:
        return document.kind in self.kinds


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """A check of what a mission records beside its documents (its redeployments),
    against the mission's stored documents: run by ``rbb check`` over the store, where
    the records are (``rbb.services.stored_findings``), never over files alone. Its
    findings are on one of the documents it is given."""

    code: str
    title: str
    documentation: str
    function: Callable[[MissionRecords, Sequence[Document]], Iterable[Finding]]
    kinds: frozenset[DocumentKind] = redeployments.READS
    """The kinds of document it reads: it is given only those of the mission's."""

    def applies_to(self, document: Document) -> bool:
        return document.kind in self.kinds


Check = DocumentCheck | CrossDocumentCheck | RecordCheck

CHECKS: tuple[Check, ...] = (
    DocumentCheck(
        "money.group-subtotal", "Group subtotals",
        "A group subtotal (I, II, III) equals the sum of its classes.",
        money_tables.check_group_subtotals),
    DocumentCheck(
        "money.national-staff", "National staff",
        "National staff equals National Professional Officers plus National General "
        "Service staff where all three are printed.",
        money_tables.check_national_staff),
    DocumentCheck(
        "money.gross", "Gross requirements",
        "Gross requirements equal the sum of the three groups.",
        money_tables.check_gross),
    DocumentCheck(
        "money.net", "Net requirements",
        "Net requirements equal gross requirements less staff assessment income.",
        money_tables.check_net),
    DocumentCheck(
        "money.total", "Total requirements",
        "Total requirements equal gross requirements plus voluntary contributions in kind "
        "(budgeted).",
        money_tables.check_total),
    DocumentCheck(
        "money.variance-amount", "Variance amounts",
        "The variance amount of every row follows the report's convention: (3) − (2) in a "
        "budget, (1) − (2) in a performance report.",
        money_tables.check_variance_amounts),
    DocumentCheck(
        "money.variance-percentage", "Variance percentages",
        "The variance percentage equals the variance over the apportionment, to the "
        "printed decimals.",
        money_tables.check_variance_percentages),
    DocumentCheck(
        "money.summary-table", "Summary table",
        "The summary table in front of the report prints the same figures as the detailed "
        "table of section II/III.",
        money_tables.check_summary_against_detail),
    DocumentCheck(
        "staffing.band-subtotal", "Grade-band subtotals",
        "International, national and UNV subtotals equal the sum of their grade bands.",
        staffing_tables.check_band_subtotals),
    DocumentCheck(
        "staffing.row-total", "Row totals",
        "A row's total equals the sum of its categories.",
        staffing_tables.check_row_totals),
    DocumentCheck(
        "staffing.net-change", "Net change",
        "Net change equals proposed less approved posts, column by column.",
        staffing_tables.check_net_change),
    DocumentCheck(
        "staffing.office-sum", "Office sums",
        "Subtotals and totals equal the sum of the offices above them (an office printed "
        "as the sum of its sections included).",
        staffing_tables.check_office_sums),
    DocumentCheck(
        "staffing.component-summary", "Components in the summary",
        "The summary human-resources table prints, for each component, the totals of that "
        "component's table.",
        staffing_tables.check_components_into_summary),
    DocumentCheck(
        "staffing.incumbency", "Incumbency",
        "Incumbency: the vacancy rate is (base − actual average) ÷ base, within the "
        "rounding of the average; the base is the planned average where the table prints "
        "one (reports of about 2003-2010), else the approved strength.",
        staffing_tables.check_incumbency),
    DocumentCheck(
        "staffing.civilian-cost", "Civilian personnel cost by component",
        "The estimated civilian personnel cost of the components adds up to the civilian "
        "personnel group of the financial table (a shortfall equal in every period is a "
        "warning).",
        staffing_tables.check_civilian_cost),
    DocumentCheck(
        "tables.amount-total", "Totals of amount tables",
        "The total row of non-budgeted contributions, training costs and other revenue "
        "equals the sum of its items.",
        other_tables.check_amount_totals),
    DocumentCheck(
        "tables.training-participants", "Training participants",
        "Internal plus external participants equal the total, for each category and "
        "period.",
        other_tables.check_training_participants),
    DocumentCheck(
        "tables.travel-total", "Official travel totals",
        "Official travel, non-training: the total person-trips and amount equal the sum of "
        "the rows.",
        other_tables.check_travel_totals),
    DocumentCheck(
        "tables.travel-percentage", "Official travel percentages",
        "Each travel row's percentage of the total budget equals its amount over the total "
        "requirements of the period.",
        other_tables.check_travel_percentages),
    DocumentCheck(
        "tables.travel-class", "Official travel class",
        "Official travel (the class) equals non-training travel plus training travel "
        "(warning).",
        other_tables.check_travel_class),
    DocumentCheck(
        "tables.programmatic-total", "Programmatic activities",
        "Programmatic activities: the total equals the sum of the areas; an \"including\" "
        "line is not more than its area.",
        other_tables.check_programmatic_activities),
    DocumentCheck(
        "tables.quick-impact-projects", "Quick-impact projects",
        "The quick-impact projects of the period equal the class in the financial table.",
        other_tables.check_quick_impact_projects),
    DocumentCheck(
        "tables.efficiency-total", "Efficiency gains",
        "Efficiency gains: the total equals the sum of the initiatives.",
        other_tables.check_efficiency_totals),
    DocumentCheck(
        "tables.efficiency-approved-budget", "Approved budget of efficiency gains",
        "The approved budget quoted under efficiency gains is the gross apportionment of "
        "the previous period.",
        other_tables.check_efficiency_approved_budget),
    DocumentCheck(
        "tables.efficiency-percentage", "Efficiency percentage",
        "Efficiencies as a percentage of the approved budget.",
        other_tables.check_efficiency_percentage),
    DocumentCheck(
        "tables.redeployment", "Redeployments",
        "Redeployments: original distribution plus redeployment equals the revised "
        "distribution; rows add up to the total; the original distribution is the "
        "apportionment of the group.",
        other_tables.check_redeployments),
    DocumentCheck(
        "tables.redeployment-percentage", "Redeployment percentage",
        "Percentage of redeployment to the total appropriation.",
        other_tables.check_redeployment_percentage),
    DocumentCheck(
        "tables.monthly-expenditure", "Monthly expenditure",
        "The twelve months of the expenditure pattern add up to the gross expenditure.",
        other_tables.check_monthly_expenditure),
    DocumentCheck(
        "variances.explanation-missing", "Missing explanations",
        "Every class over the threshold (±5 per cent or $100,000) has an explanation "
        "(warning).",
        variance_analysis.check_missing_explanations),
    DocumentCheck(
        "variances.unknown-class", "Explained classes",
        "An explanation names a class the financial table prints.",
        variance_analysis.check_unknown_classes),
    DocumentCheck(
        "variances.quoted-amount", "Quoted variance amounts",
        "The amount beside an explanation is the table's variance.",
        variance_analysis.check_quoted_amounts),
    DocumentCheck(
        "variances.quoted-percentage", "Quoted variance percentages",
        "The percentage beside an explanation is the table's.",
        variance_analysis.check_quoted_percentages),
    DocumentCheck(
        "variances.direction", "Direction of variances",
        "\"Increased\" or \"reduced requirements\" matches the sign of the variance in the "
        "report's convention.",
        variance_analysis.check_directions),
    DocumentCheck(
        "variances.vacancy-rate", "Vacancy rates given as causes",
        "A vacancy rate given as a cause agrees with the vacancy-factor or incumbency "
        "table.",
        variance_analysis.check_vacancy_rates),
    DocumentCheck(
        "variances.exchange-rate", "Exchange rates",
        "The same exchange rate is quoted alike in every explanation.",
        variance_analysis.check_exchange_rates),
    DocumentCheck(
        "frameworks.indicator-period", "Indicator periods",
        "An indicator's values are for the report's period or the two before it, in "
        "order.",
        results_frameworks.check_indicator_periods),
    DocumentCheck(
        "frameworks.numbering", "Numbering",
        "Expected accomplishments are numbered component.1, .2 ... and indicators "
        "accomplishment.1, .2 ..., complete and in order.",
        results_frameworks.check_numbering),
    DocumentCheck(
        "frameworks.linked-accomplishment", "Linked expected accomplishments",
        "Every expected accomplishment a programmatic activity names exists in the "
        "frameworks.",
        results_frameworks.check_linked_accomplishments),
    DocumentCheck(
        "prose.personnel-count", "Personnel counts in the text",
        "Personnel counts quoted in the text equal the staffing or incumbency table (a "
        "warning where the text quotes another document or counts civilian and uniformed "
        "personnel together).",
        personnel_counts.check_personnel_counts),
    DocumentCheck(
        "prose.amount", "Amounts in the text",
        "An amount quoted in full ($46,045,300) equals the table figure it names.",
        prose_figures.check_amounts),
    DocumentCheck(
        "prose.millions", "Amounts in millions",
        "An amount quoted in millions is the table figure rounded half away from zero to "
        "the quoted decimals.",
        prose_figures.check_millions),
    DocumentCheck(
        "prose.percentage", "Percentages in the text",
        "A percentage quoted in the text (increase over the apportionment, resource "
        "utilization rate) equals the one computed from the table.",
        prose_figures.check_percentages),
    DocumentCheck(
        "prose.parts-total", "Totals quoted with their parts",
        "A total quoted with its parts in an output, a remark or an indicator (litres of "
        "fuel by use, vehicles by type, meetings by place) equals the sum of the parts.",
        prose_figures.check_parts_totals),
    DocumentCheck(
        "prose.project-count", "Number of quick-impact projects",
        "The number of quick-impact projects quoted in the text equals the quick-impact "
        "projects table.",
        prose_figures.check_project_counts),
    DocumentCheck(
        "prose.support-ratio", "Mission support ratio",
        "The mission support ratio quoted in the text equals support personnel per 1,000 "
        "mission personnel in the human-resources table.",
        prose_figures.check_support_ratios),
    DocumentCheck(
        "prose.indicator-vacancy", "Vacancy indicator",
        "An indicator of international posts vacant quotes the vacancy factors (budget) or "
        "the incumbency table (performance).",
        prose_figures.check_indicator_vacancy),
    CrossDocumentCheck(
        "cross.amount", "Amounts across reports",
        "An amount of a period, stage and line (apportionment or expenditure by class) is "
        "the same in every stored report that prints it.",
        cross_document.check_amounts),
    CrossDocumentCheck(
        "cross.vacancy-rate", "Vacancy rates across reports",
        "A budget report's actual vacancy factor of a period equals the incumbency vacancy "
        "rate of that period's performance report.",
        cross_document.check_vacancy_rates),
    CrossDocumentCheck(
        "cycle.apportionment", "Apportionment and appropriation",
        "The gross apportionment a budget or performance report prints for a period is "
        "the amount a stored resolution of the General Assembly appropriated for the "
        "maintenance of the mission for that period.",
        cycle.check_apportionment, kinds=EVERY_KIND),
    DocumentCheck(
        "cycle.recommended-total", "The Advisory Committee's recommended total",
        "The total the Advisory Committee recommends is the proposal it states less the "
        "reductions it recommends, when each reduction states its amount.",
        cycle.check_recommended_total, kinds=frozenset({DocumentKind.ACABQ_REPORT})),
    DocumentCheck(
        "cycle.monthly-rate", "Monthly rate of the assessment",
        "An action to be taken by the General Assembly that assesses an amount at a "
        "monthly rate: the rate times the months of the period is that amount.",
        assembly_actions.check_monthly_rates),
    CrossDocumentCheck(
        "cycle.cited-request", "Requests cited in the follow-up",
        "A paragraph a follow-up row cites of a stored resolution or report of the "
        "Advisory Committee is one of that document's paragraphs.",
        cited_requests.check_cited_requests, kinds=EVERY_KIND),
    RecordCheck(
        "redeployments.net-zero", "Recorded redeployments net to zero",
        "(records of the store) Per period, the redeployments recorded and not withdrawn "
        "move as much out of the groups as into them: the net column of the table they "
        "give sums to zero.",
        redeployments.check_net_zero),
    RecordCheck(
        "redeployments.negative-distribution", "No group left negative",
        "(records of the store) Per period, no group's revised distribution (its "
        "apportionment plus the net redeployed into it) is less than zero.",
        redeployments.check_negative_distribution),
    RecordCheck(
        "redeployments.against-report", "Redeployments against the performance report",
        "(records of the store) A stored performance report of a period with redeployments "
        "recorded prints, group by group and in total, the redeployment they add up to "
        "(rounded to its one decimal).",
        redeployments.check_against_report),
)
"""rbb's own checks, in the order ``rbb check --format junit`` lists them."""

_MONEY = ("financial_tables",)
_VARIANCES = ("financial_tables", "variance_explanations")
_NEEDS: dict[str, tuple[str, ...]] = {
    "money.group-subtotal": _MONEY, "money.national-staff": _MONEY, "money.gross": _MONEY,
    "money.net": _MONEY, "money.total": _MONEY, "money.variance-amount": _MONEY,
    "money.variance-percentage": _MONEY, "money.summary-table": _MONEY,
    "staffing.band-subtotal": ("staffing_tables",), "staffing.row-total": ("staffing_tables",),
    "staffing.net-change": ("staffing_tables",), "staffing.office-sum": ("staffing_tables",),
    "staffing.component-summary": ("staffing_tables",),
    "staffing.incumbency": ("incumbency",),
    "staffing.civilian-cost": ("civilian_cost_estimates", "financial_tables"),
    "tables.amount-total": ("non_budgeted_contributions", "training_costs", "other_revenue"),
    "tables.training-participants": ("training_participants",),
    "tables.travel-total": ("official_travel",),
    "tables.travel-percentage": ("official_travel", "financial_tables"),
    "tables.travel-class": ("official_travel", "training_costs", "financial_tables"),
    "tables.programmatic-total": ("programmatic_activities",),
    "tables.quick-impact-projects": ("quick_impact_projects", "financial_tables"),
    "tables.efficiency-total": ("efficiency_gains",),
    "tables.efficiency-approved-budget": ("efficiency_gains", "financial_tables"),
    "tables.efficiency-percentage": ("efficiency_gains",),
    "tables.redeployment": ("redeployments", "financial_tables"),
    "tables.redeployment-percentage": ("redeployments", "financial_tables"),
    "tables.monthly-expenditure": ("monthly_expenditure", "financial_tables"),
    "variances.explanation-missing": _VARIANCES, "variances.unknown-class": _VARIANCES,
    "variances.quoted-amount": _VARIANCES, "variances.quoted-percentage": _VARIANCES,
    "variances.direction": _VARIANCES,
    "variances.vacancy-rate": ("variance_explanations", "vacancy_factors", "incumbency"),
    "variances.exchange-rate": ("variance_explanations",),
    "frameworks.indicator-period": ("components",), "frameworks.numbering": ("components",),
    "frameworks.linked-accomplishment": ("components", "programmatic_activities"),
    "prose.personnel-count": ("staffing_tables", "incumbency"),
    "prose.amount": _MONEY, "prose.millions": _MONEY, "prose.percentage": _MONEY,
    "prose.project-count": ("quick_impact_projects",),
    "prose.support-ratio": ("staffing_tables",),
    "prose.indicator-vacancy": ("components", "vacancy_factors", "incumbency"),
}
"""The tables each of rbb's checks reads (a plugin's check says so in ``needs``)."""

CHECKS = tuple(replace(check, needs=_NEEDS.get(check.code, ()))
               if isinstance(check, DocumentCheck) else check for check in CHECKS)


def registered_checks() -> tuple[Check, ...]:
    """rbb's checks, then those of installed plugins (entry-point group ``rbb.checks``:
    each names a check or a list of them) in the order of their names; raises
    ``plugins.PluginError`` naming a plugin that cannot be loaded."""
    found = plugins.load(plugins.CHECKS, (DocumentCheck, CrossDocumentCheck, RecordCheck))
    checks = [*CHECKS, *(item for item in found
                         if isinstance(item, DocumentCheck | CrossDocumentCheck | RecordCheck))]
    codes = Counter(check.code for check in checks)
    twice = sorted(code for code, count in codes.items() if count > 1)
    if twice:
        raise plugins.PluginError(f"the finding code {', '.join(twice)} is registered by more "
                                  "than one check: each check needs a code of its own")
    return tuple(checks)


def document_checks() -> tuple[DocumentCheck, ...]:
    return tuple(c for c in registered_checks() if isinstance(c, DocumentCheck))


def cross_document_checks() -> tuple[CrossDocumentCheck, ...]:
    return tuple(c for c in registered_checks() if isinstance(c, CrossDocumentCheck))


def record_checks() -> tuple[RecordCheck, ...]:
    return tuple(c for c in registered_checks() if isinstance(c, RecordCheck))


def documentation_by_code() -> dict[str, str]:
    """Every finding code of the registered checks and what it checks."""
    return {check.code: check.documentation for check in registered_checks()}


@functools.cache
def checks_version() -> str:
    """A digest of what the findings are computed by: rbb's version, the code of the
    engine (every check, the derived figures, the locating of prose figures), and the
    code and names of the plugins' checks. Stored findings computed with another
    version are computed again (``rbb.services.stored_findings``). Computed once per
    process: a plugin installed later counts from the next start."""
    engine = Path(__file__).resolve().parents[1]
    files = sorted(engine.rglob("*.py"))
    checks = registered_checks()
    for check in checks:
        source = inspect.getsourcefile(check.function)
        if source is not None and not Path(source).resolve().is_relative_to(engine):
            files.append(Path(source).resolve())
    return _digest(rbb_version, tuple(check.code for check in checks),
                   tuple(dict.fromkeys(files)))


@functools.lru_cache(maxsize=8)
def _digest(version: str, codes: tuple[str, ...], files: tuple[Path, ...]) -> str:
    digest = hashlib.sha256(f"{version}\n{' '.join(codes)}\n".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()
