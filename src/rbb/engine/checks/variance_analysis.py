"""Analysis of variances (section III of a budget report, IV of a performance report).

The footnote's rule: an explanation is given for every class whose variance is at
least plus or minus 5 per cent or $100,000. The amount and percentage printed
beside each explanation repeat the financial table; the first paragraph names the
direction ("increased" or "reduced requirements"); the figures it gives as causes
(vacancy rates, exchange rates) must agree with the tables that print them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from rbb.model import Document, DocumentKind, Finding, MoneyRow, PersonnelCategory, VacancyKind
from rbb.model.classes import BY_CODE
from rbb.model.currencies import currency_named, name_pattern, plural_name, singular_name
from rbb.model.tables import VarianceExplanation
from rbb.presentation import format_amount, format_percentage, round_half_away

from .. import derived
from .comparison import Where, agrees_when_rounded, compare, error, sum_tolerance, warning
from .shared_readings import once_per_document, rows_by_line

SECTION = "Analysis of variances"

_CATEGORY_WORDS: tuple[tuple[str, PersonnelCategory], ...] = (
    ("national general service", PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF),
    ("national professional officer", PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS),
    ("international staff", PersonnelCategory.INTERNATIONAL_STAFF),
    ("united nations volunteers", PersonnelCategory.UNITED_NATIONS_VOLUNTEERS),
)


def _explained(document: Document) -> Iterator[tuple[Where, VarianceExplanation,
                                                    MoneyRow | None]]:
    """Each explanation, where it is printed, and the row of the class it explains (None
    when the financial table prints no such class); nothing without a detailed table."""
    detail = _detail_rows(document)
    if detail is None:
        return
    _, rows, _ = detail
    base = Where.of(document, section=SECTION, table="analysis_of_variances")
    for explanation in document.variance_explanations:
        where = base.at(row=explanation.line, source_line=explanation.source_line)
        row = rows.get(explanation.line)
        known = row is not None and derived.is_class_line(explanation.line)
        yield where, explanation, row if known else None


def check_unknown_classes(document: Document) -> Iterator[Finding]:
    for where, explanation, row in _explained(document):
        if row is None:
            yield error("variances.unknown-class",
                        f"an explanation is given for {explanation.label!r}, which is not a "
                        "class of the financial resources table", where)


def check_quoted_amounts(document: Document) -> Iterator[Finding]:
    yield from _quoted(document, amounts=True)


def check_quoted_percentages(document: Document) -> Iterator[Finding]:
    yield from _quoted(document, amounts=False)


def check_directions(document: Document) -> Iterator[Finding]:
    detail = _detail_rows(document)
    for where, explanation, row in _explained(document):
        if row is None or detail is None:
            continue
        variance = detail[2].variance(row)
        if variance is not None:
            yield from _direction(document, where, explanation, variance)


def check_vacancy_rates(document: Document) -> Iterator[Finding]:
    for _, explanation, row in _explained(document):
        if row is not None:
            yield from _vacancy_rates(document, explanation)


@once_per_document
def _detail_rows(document: Document,
                 ) -> tuple[str, dict[str, MoneyRow], derived.VarianceColumns] | None:
    """The financial table that prints the classes (section II.A / III.A)."""
    tables = [t for t in document.financial_tables
              if any(derived.is_class_line(r.line) for r in t.rows)]
    if not tables:
        return None
    table = max(tables, key=lambda t: len(t.rows))
    convention = derived.variance_columns(table, document.kind)
    if convention is None:
        return None
    return table.key, rows_by_line(table), convention


def _printed_or_computed(row: MoneyRow, convention: derived.VarianceColumns,
                         ) -> tuple[Decimal | None, Decimal | None]:
    amount = row.values.get(convention.amount.key) if convention.amount else None
    if amount is None:
        amount = convention.variance(row)
    percentage = row.values.get(convention.percentage.key) if convention.percentage else None
    base = row.values.get(convention.base.key)
    if base == 0:
        # Over a nil apportionment a percentage means nothing; the reports print a dash
        # or 100.0. Only a printed 100.0 counts towards the threshold.
        percentage = percentage if percentage else None
    elif percentage is None and amount is not None and base is not None:
        exact = derived.variance_percentage(amount, base)
        percentage = None if exact is None else round_half_away(exact, 1)
    return amount, percentage


def check_missing_explanations(document: Document) -> Iterator[Finding]:
    detail = _detail_rows(document)
    if detail is None:
        return
    table, rows, convention = detail
    explained = {e.line: e for e in document.variance_explanations}
    for line, row in rows.items():
        if not derived.is_class_line(line) or line in explained:
            continue
        if line in ("national_staff",) and any(p in explained for p in (
                "national_professional_officers", "national_general_service_staff")):
            continue
        amount, percentage = _printed_or_computed(row, convention)
        base = row.values.get(convention.base.key)
        if not derived.crosses_variance_threshold(amount, percentage, base):
            continue
        unbudgeted = derived.unbounded_variance(amount, percentage, base)
        size = ("over a nil apportionment, so no percentage can be computed" if unbudgeted
                else f"{format_percentage(percentage)} per cent")
        yield warning(
            "variances.explanation-missing",
            f"{_label(line, row)}: a variance of {format_amount(amount)}, {size}, is over the "
            "threshold of ±5 per cent or $100,000, and the analysis of variances does not "
            "explain it",
            Where.of(document, section=SECTION, table=table, row=line, column="variance",
                     source_line=row.source_line),
            printed=amount, computed=percentage)


def _label(line: str, row: MoneyRow) -> str:
    entry = BY_CODE.get(line)
    return entry.label if entry else row.label


def _quoted(document: Document, *, amounts: bool) -> Iterator[Finding]:
    """The amount (or the percentage) printed beside each explanation against the
    table's."""
    detail = _detail_rows(document)
    for where, explanation, row in _explained(document):
        if row is None or detail is None:
            continue
        amount, percentage = _printed_or_computed(row, detail[2])
        if amounts and explanation.amount is not None and amount is not None:
            yield from compare(
                "variances.quoted-amount", where.at(column="amount"), explanation.amount,
                amount, sum_tolerance(1),
                "{label}: the explanation quotes a variance of {printed}, the table (line "
                "{line}) prints {computed}", label=explanation.label, line=row.source_line)
        if not amounts and explanation.percentage is not None and percentage is not None:
            yield from compare(
                "variances.quoted-percentage", where.at(column="percentage"),
                explanation.percentage, percentage, sum_tolerance(1),
                "{label}: the explanation quotes {printed} per cent, the table (line {line}) "
                "prints {computed}", show=format_percentage, label=explanation.label,
                line=row.source_line)


_INCREASED = re.compile(r"\b(increased|higher|additional)\s+requirements?\b", re.IGNORECASE)
_REDUCED = re.compile(r"\b(reduced|lower|decreased)\s+requirements?\b", re.IGNORECASE)


def _direction(document: Document, where: Where, explanation: VarianceExplanation,
               variance: Decimal) -> Iterator[Finding]:
    """Budget: a positive (3) − (2) is an increase; performance: a positive (1) − (2) is
    an underexpenditure, i.e. "reduced requirements". Only the first paragraph states
    the direction; later ones say what offset it."""
    if variance == 0 or not explanation.paragraphs:
        return
    text = explanation.paragraphs[0].text
    increased, reduced = _INCREASED.search(text), _REDUCED.search(text)
    if increased is None and reduced is None:
        return
    first = min((m for m in (increased, reduced) if m is not None), key=lambda m: m.start())
    says_increase = first is increased
    budget = document.kind is DocumentKind.BUDGET
    expects_increase = (variance > 0) if budget else (variance < 0)
    if says_increase == expects_increase:
        return
    stated = "increased" if says_increase else "reduced"
    yield error(
        "variances.direction",
        f"{explanation.label}: the explanation speaks of {stated} requirements, but the "
        f"variance of {format_amount(variance)} means "
        f"{'increased' if expects_increase else 'reduced'} requirements in a "
        f"{document.kind.value} report",
        where.at(source_line=explanation.paragraphs[0].source_line or where.source_line))


_LINE_CATEGORY: dict[str, PersonnelCategory] = {
    "military_observers": PersonnelCategory.MILITARY_OBSERVERS,
    "united_nations_police": PersonnelCategory.UNITED_NATIONS_POLICE,
    "international_staff": PersonnelCategory.INTERNATIONAL_STAFF,
    "national_staff": PersonnelCategory.NATIONAL_STAFF,
    "national_professional_officers": PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS,
    "national_general_service_staff": PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF,
    "united_nations_volunteers": PersonnelCategory.UNITED_NATIONS_VOLUNTEERS,
    "formed_police_units": PersonnelCategory.FORMED_POLICE_UNITS,
    "military_contingents": PersonnelCategory.MILITARY_CONTINGENTS,
}


def _category(explanation: VarianceExplanation, text: str) -> PersonnelCategory | None:
    lowered = text.lower()
    for words, category in _CATEGORY_WORDS:
        if words in lowered:
            return category
    return _LINE_CATEGORY.get(explanation.line)


def table_rates(document: Document, category: PersonnelCategory,
                ) -> dict[str, tuple[Decimal, int | None]]:
    """The rates the document's tables print for a category, by role: ``actual`` (the
    incumbency table of a performance report, or the vacancy factor of the period),
    ``proposed`` and ``approved`` (the vacancy-factor table of a budget report)."""
    period = document.period
    rates: dict[str, tuple[Decimal, int | None]] = {}
    categories = _equivalent(category)
    for row in document.incumbency:
        if row.category in categories and row.vacancy_rate is not None:
            rates.setdefault("actual", (row.vacancy_rate, row.source_line))
    for factor in document.vacancy_factors:
        if factor.category not in categories or factor.rate is None:
            continue
        if factor.kind is VacancyKind.PROPOSED and factor.period == period:
            rates.setdefault("proposed", (factor.rate, factor.source_line))
        elif factor.kind is VacancyKind.APPROVED and factor.period == period.previous:
            rates.setdefault("approved", (factor.rate, factor.source_line))
        elif factor.kind is VacancyKind.BUDGETED and factor.period == period:
            rates.setdefault("budgeted", (factor.rate, factor.source_line))
        elif factor.kind is VacancyKind.ACTUAL and factor.period == period:
            rates.setdefault("actual", (factor.rate, factor.source_line))
    return rates


def _equivalent(category: PersonnelCategory) -> set[PersonnelCategory]:
    if category is PersonnelCategory.UNITED_NATIONS_VOLUNTEERS:
        return {category, PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL}
    return {category}


_RATE_OF = re.compile(r"\brate\s+of\s+(\d+(?:\.\d+)?)\s*(?:per\s*cent|percent|%)",
                      re.IGNORECASE)
_EXCHANGE = re.compile(r"\brate\s+of\s+(\d{1,4}(?:\.\d{1,4})?)(?!\.?\d)"
                       r"(?!\s*(?:per\s*cent|%))", re.IGNORECASE)
_CLAUSES = re.compile(r";|\(\w\)\s")


def _role(before: str, after: str, kind: DocumentKind) -> str | None:
    """Which table figure a quoted rate stands for, from the words around it:
    "actual average vacancy rate of" (incumbency), "budgeted", "applied in the approved
    budget" (approved vacancy factor), and in a budget report the bare rate is the
    proposed one."""
    before, after = before.lower(), after.lower()
    if "actual" in before:
        return "actual"
    if "budgeted" in before:
        return "budgeted"
    if "approved" in after:
        return "approved"
    return "proposed" if kind is DocumentKind.BUDGET else None


def _windows(text: str, pattern: re.Pattern[str]) -> list[tuple[re.Match[str], str, str]]:
    """Each match with the words before it (from the previous match) and after it (up to
    the next one), so a role word is read beside the figure it qualifies."""
    matches = list(pattern.finditer(text))
    out = []
    for index, match in enumerate(matches):
        start = matches[index - 1].end() if index else max(0, match.start() - 60)
        end = matches[index + 1].start() if index + 1 < len(matches) else match.end() + 60
        out.append((match, text[max(start, match.start() - 60):match.start()],
                    text[match.end():min(end, match.end() + 60)]))
    return out


def _vacancy_rates(document: Document, explanation: VarianceExplanation) -> Iterator[Finding]:
    for paragraph in explanation.paragraphs:
        for clause in _CLAUSES.split(paragraph.text):
            if "vacancy" in clause.lower():
                yield from _vacancy_clause(document, explanation, clause, paragraph.source_line)


def _vacancy_clause(document: Document, explanation: VarianceExplanation, clause: str,
                    source_line: int | None) -> Iterator[Finding]:
    category = _category(explanation, clause)
    if category is None:
        return
    rates = table_rates(document, category)
    for match, before, after in _windows(clause, _RATE_OF):
        role = _role(before, after, document.kind)
        if role is None or role not in rates:
            continue
        quoted = Decimal(match.group(1))
        printed_rate, table_line = rates[role]
        if agrees_when_rounded(quoted, printed_rate):
            continue
        yield error(
            "variances.vacancy-rate",
            f"{explanation.label}: the explanation gives the {role} vacancy rate of "
            f"{category.value.replace('_', ' ')} as {quoted} per cent; the table "
            f"(line {table_line}) prints {printed_rate}",
            Where.of(document, section=SECTION, table="analysis_of_variances",
                     row=explanation.line, column=f"{role} vacancy rate",
                     source_line=source_line),
            printed=quoted, computed=printed_rate)


def check_exchange_rates(document: Document) -> Iterator[Finding]:
    """No table prints exchange rates, so the prose must at least agree with itself:
    one actual (or proposed) and one budgeted (or approved) rate per document, in
    whichever currency the mission's costs are stated (the currencies of the
    reference data)."""
    if _detail_rows(document) is None:
        return
    seen: dict[str, list[tuple[Decimal, str, VarianceExplanation, int | None]]] = \
        defaultdict(list)
    for explanation in document.variance_explanations:
        for paragraph in explanation.paragraphs:
            for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", paragraph.text):
                currency = _currency_in(sentence)
                if currency is None and "exchange" not in sentence.lower():
                    continue
                for match, before, after in _windows(sentence, _EXCHANGE):
                    role = _role(before, after, DocumentKind.BUDGET) or "proposed"
                    role = {"approved": "budgeted", "proposed": "actual"}.get(role, role)
                    seen[role].append((Decimal(match.group(1)), currency or "",
                                       explanation, paragraph.source_line))
    for role, quotes in seen.items():
        reference, _, _, reference_line = quotes[0]
        for value, currency, explanation, line in quotes[1:]:
            if value == reference:
                continue
            unit = f" {_units(currency, value)} to the dollar" if currency else " to the dollar"
            yield error(
                "variances.exchange-rate",
                f"{explanation.label}: the {role} exchange rate is quoted as {value}{unit}; "
                f"an earlier explanation (line {reference_line}) quotes {reference}",
                Where.of(document, section=SECTION, table="analysis_of_variances",
                         row=explanation.line, column=f"{role} exchange rate",
                         source_line=line),
                printed=value, computed=reference)


@cache
def _currency_names() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{name_pattern()})\b", re.IGNORECASE)


def _currency_in(sentence: str) -> str | None:
    """The first currency a sentence names (``euros``, ``CFA francs``), by its code."""
    match = _currency_names().search(sentence)
    found = currency_named(match.group()) if match else None
    return found.code if found else None


def _units(code: str, value: Decimal) -> str:
    """``0.948 euro``, ``591.9 CFA francs``: as the reports print a rate, one unit or
    less in the singular."""
    return singular_name(code) if value <= 1 else plural_name(code)


