"""Reading the figures a text quotes: amounts (``$46,045,300``, ``$40.6 million``),
the percentages beside them, and totals given with their parts.

Only wording that names its referent is read ("an increase of $X, or Y per cent,
compared with the apportionment"; "$0.4 million under civilian personnel";
"216,002 litres of fuel (84,992 litres for ..., 68,010 litres for ...)"); a figure
whose wording names nothing rbb can find in a table is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rbb.model import Document, DocumentKind, Period, Stage
from rbb.model.classes import line_for_label
from rbb.model.staffing import RowType

from .. import derived
from .shared_readings import once_per_document

_DOLLARS = re.compile(
    r"\\?\$\s?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<million>\s+million)?")
_PERIOD = re.compile(r"\b(\d{4}/\d{2})\b")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z(])|;\s")


@dataclass(frozen=True, slots=True)
class MoneyQuote:
    """A figure quoted in the text and the table figure its wording names."""

    value: Decimal
    """Thousands of dollars for an amount in full; as printed for millions and per cent."""
    expected: Decimal
    """The table figure in thousands of dollars (for a percentage: the numerator)."""
    referent: str
    millions: bool = False
    percentage: bool = False
    denominator: Decimal | None = None


class Figures:
    """The money figures of a document the prose can name: by line, stage and period."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.period = document.period
        self.amounts: dict[tuple[str, Stage, str], Decimal] = {}
        self.variances: dict[str, tuple[Decimal, Decimal | None]] = {}
        tables = sorted(document.financial_tables, key=lambda t: -len(t.rows))
        for table in tables:
            rows = derived.rows_by_line(table)
            convention = derived.variance_columns(table, document.kind)
            for line, row in rows.items():
                for column in table.amount_columns():
                    value = row.values.get(column.key)
                    if value is not None and column.stage and column.period:
                        self.amounts.setdefault((line, column.stage, column.period.label), value)
                if convention is None:
                    continue
                printed = row.values.get(convention.amount.key) if convention.amount else None
                variance = printed if printed is not None else convention.variance(row)
                if variance is not None:
                    self.variances.setdefault(line, (variance, row.values.get(
                        convention.base.key)))

    @property
    def own_stage(self) -> Stage:
        budget = self.document.kind is DocumentKind.BUDGET
        return Stage.COST_ESTIMATES if budget else Stage.APPORTIONMENT

    def amount(self, line: str, stage: Stage, period: Period | None = None) -> Decimal | None:
        return self.amounts.get((line, stage, (period or self.period).label))


def _window_after(text: str, end: int, next_start: int) -> str:
    after = text[end:next_start]
    stop = _SENTENCE_END.search(after)
    return after[: stop.start()] if stop else after


def _sentence(text: str, start: int) -> str:
    begin = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), 0)
    stop = _SENTENCE_END.search(text, start)
    return text[begin: stop.start() if stop else len(text)]


money_figures = once_per_document(Figures)
"""The document's money figures, indexed once for all the prose it prints."""


def money_quotes(document: Document, text: str) -> list[MoneyQuote]:
    """Every amount of the text whose wording names a table figure, with that figure."""
    if "$" not in text and "per cent" not in text:
        return []
    figures = money_figures(document)
    if not figures.amounts:
        return []
    matches = list(_DOLLARS.finditer(text))
    quotes: list[MoneyQuote] = []
    previous: str | None = None
    for index, match in enumerate(matches):
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        before = text[max(0, match.start() - 120): match.start()]
        if index:
            before = text[max(matches[index - 1].end(), match.start() - 120): match.start()]
        after = _window_after(text, match.end(), next_start)
        sentence = _sentence(text, match.start()).lower()
        quote, previous = _resolve(figures, match, before, after, sentence, previous)
        if quote is not None:
            quotes.append(quote)
            quotes += _percentage_after(figures, quote, after)
    quotes += _utilization(figures, text)
    return quotes


def _value(match: re.Match[str]) -> tuple[Decimal, bool]:
    number = Decimal(match.group("whole").replace(",", "") + (match.group("fraction") or ""))
    if match.group("million"):
        return number, True
    return number / 1000, False


def _other_period(after: str, figures: Figures) -> bool:
    return any(label != figures.period.label for label in _PERIOD.findall(after))


def _resolve(figures: Figures, match: re.Match[str], before: str, after: str, sentence: str,
             previous: str | None) -> tuple[MoneyQuote | None, str | None]:
    value, millions = _value(match)
    lowered_before, lowered_after = before.lower(), after.lower()
    performance = figures.document.kind is DocumentKind.PERFORMANCE
    if "recommend" in sentence or (performance and "proposed" in sentence):
        return None, None
    referent = _referent(figures, lowered_before, lowered_after, sentence, previous)
    if referent is None:
        return None, None
    name, expected = referent
    if expected is None:
        return None, name
    if name.startswith("variance") or name.startswith("other revenue"):
        expected = abs(expected) if value >= 0 else expected
    return MoneyQuote(value, expected, name, millions=millions), name


def _referent(figures: Figures, before: str, after: str, sentence: str,
              previous: str | None) -> tuple[str, Decimal | None] | None:
    period = figures.period
    if re.match(r"^\s*in expenditure", after):
        if _other_period(after, figures):
            return None
        return "gross expenditure", figures.amount(derived.GROSS, Stage.EXPENDITURE)
    under = re.match(r"^\s*under ([a-z ,-]+?)(?:\s+owing|\s+due|,|\.|;|$)", after)
    if under:
        line = line_for_label(under.group(1).strip())
        if line is None:
            return None
        variance = figures.variances.get(line.code)
        return f"variance under {line.label.lower()}", variance[0] if variance else None
    if re.match(r"^\s*\)?\s*net\b", after) and previous and previous.startswith("gross"):
        stage = Stage.APPORTIONMENT if "apportion" in previous else figures.own_stage
        return "net requirements", figures.amount(derived.NET, stage)
    if re.search(r"unencumbered balance of\s*$", before):
        variance = figures.variances.get(derived.GROSS)
        return "variance (unencumbered balance)", variance[0] if variance else None
    if re.search(r"(?:increase|decrease|reduction) of\s*$", before) and \
            "apportionment" in sentence:
        variance = figures.variances.get(derived.GROSS)
        return "variance of gross requirements", variance[0] if variance else None
    if re.search(r"apportionment of\s*$", before):
        labels = _PERIOD.findall(after)
        target = Period.parse(labels[0]) if labels else (
            period.previous if figures.document.kind is DocumentKind.BUDGET else period)
        return f"gross apportionment {target}", figures.amount(
            derived.GROSS, Stage.APPORTIONMENT, target)
    if "quick-impact" in sentence:
        stage = Stage.COST_ESTIMATES if figures.own_stage is Stage.COST_ESTIMATES else \
            Stage.EXPENDITURE
        return "quick-impact projects", figures.amount("quick_impact_projects", stage)
    if re.search(r"estimated at\s*$", before):
        return _estimated(figures, sentence)
    if re.search(r"(?:amounts? to|amounted to|amounting to|in the amount of|amount of|"
                 r"budget of)\s*$", before) and \
            re.search(r"budget|appropriat|apportion|gross|revenue", sentence):
        if "other revenue" in sentence:
            return "other revenue", _other_revenue_total(figures)
        return f"gross {figures.own_stage.value.replace('_', ' ')}", figures.amount(
            derived.GROSS, figures.own_stage)
    if before.rstrip().endswith("(") and "revenue" in sentence:
        return _other_revenue_row(figures, before)
    return None


def _estimated(figures: Figures, sentence: str) -> tuple[str, Decimal | None] | None:
    document = figures.document
    if "official travel" in sentence:
        totals = [t.amount for t in document.official_travel if t.row_type is RowType.TOTAL]
        return "official travel, non-training", totals[0] if totals else None
    if "programmatic" in sentence:
        totals = [a.amount for a in document.programmatic_activities
                  if a.row_type is RowType.TOTAL]
        return "programmatic activities", totals[0] if totals else None
    return None


def _other_revenue_total(figures: Figures) -> Decimal | None:
    totals = [r.amount for r in figures.document.other_revenue if r.row_type is RowType.TOTAL]
    return totals[0] if totals else None


def _other_revenue_row(figures: Figures, before: str) -> tuple[str, Decimal | None] | None:
    """``cancellation of prior-period obligations ($18,800)``: the row of the other
    revenue table whose label shares most words with the words before the amount."""
    words = set(re.findall(r"[a-z/-]+", before.lower())[-6:])
    best: tuple[int, str, Decimal | None] | None = None
    for row in figures.document.other_revenue:
        if row.row_type is not RowType.ITEM:
            continue
        shared = len(words & set(re.findall(r"[a-z/-]+", row.label.lower())))
        if shared and (best is None or shared > best[0]):
            best = (shared, row.label, row.amount)
    return None if best is None else (f"other revenue: {best[1]}", best[2])


_OR_PERCENT = re.compile(r"^\s*,?\s*or\s+(\d+(?:\.\d+)?)\s*per\s*cent", re.IGNORECASE)
_UTILIZATION = re.compile(r"resource utilization rate of (\d+(?:\.\d+)?)\s*per\s*cent",
                          re.IGNORECASE)


def _percentage_after(figures: Figures, quote: MoneyQuote, after: str) -> list[MoneyQuote]:
    """``an increase of $2,360,600, or 5.4 per cent``: the variance over the apportionment."""
    match = _OR_PERCENT.match(after)
    if match is None or not quote.referent.startswith("variance"):
        return []
    variance = figures.variances.get(derived.GROSS)
    if variance is None or variance[1] is None:
        return []
    return [MoneyQuote(Decimal(match.group(1)), variance[0], "percentage variance of gross "
                       "requirements", percentage=True, denominator=variance[1])]


def _utilization(figures: Figures, text: str) -> list[MoneyQuote]:
    """Performance report: "a resource utilization rate of 98.3 per cent" (expenditure over
    apportionment), unless the wording goes on to name another period."""
    if figures.document.kind is not DocumentKind.PERFORMANCE:
        return []
    expenditure = figures.amount(derived.GROSS, Stage.EXPENDITURE)
    apportionment = figures.amount(derived.GROSS, Stage.APPORTIONMENT)
    if expenditure is None or not apportionment:
        return []
    quotes = []
    matches = list(_UTILIZATION.finditer(text))
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        after = _window_after(text, match.end(), stop).split("compared with")[0]
        if _other_period(after, figures):
            continue
        quotes.append(MoneyQuote(Decimal(match.group(1)), expenditure,
                                 "resource utilization rate", percentage=True,
                                 denominator=apportionment))
    return quotes
