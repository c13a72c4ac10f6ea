"""How a generated ledger spreads each class's expenditure over the months of its period
(docs/execution.md, "A generated ledger").

Each class has a shape by its kind: payroll every month, contracts raised at the start of
each quarter with a year-start and a year-end peak, travel evenly, projects in the first
half. The months' totals then follow what the report says of its monthly expenditure:
its printed monthly figures where it has them, else the months its text names as higher
(``The higher expenditure in July and September 2021 was attributable ...``). The class
totals are kept exactly (cents); the months are fitted by iterative proportional fitting."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from rbb.model.classes import BY_CODE
from rbb.model.document import Document


class ClassKind(StrEnum):
    """How a class's money is committed over a year."""

    PAYROLL = "payroll"
    """Personnel: committed and paid month by month."""
    CONTRACT = "contract"
    """Operational contracts and purchases: quarterly, and at the year's start and end."""
    TRAVEL = "travel"
    PROJECT = "project"
    """Quick-impact projects: approved and committed in the first half of the year."""


_PERSONNEL_GROUPS = {"military_and_police_personnel", "civilian_personnel"}


def class_kind(class_code: str) -> ClassKind:
    line = BY_CODE[class_code]
    if line.group in _PERSONNEL_GROUPS or class_code == "staff_assessment_income":
        return ClassKind.PAYROLL
    if class_code == "official_travel":
        return ClassKind.TRAVEL
    if class_code == "quick_impact_projects":
        return ClassKind.PROJECT
    return ClassKind.CONTRACT


def months_of(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The first day of every month from ``start`` to ``end``."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(months)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


_SHAPES: dict[ClassKind, tuple[Decimal, Decimal, Decimal, Decimal]] = {
    # (a month, a quarter's first month extra, the first month extra, the last month extra)
    ClassKind.PAYROLL: (Decimal(1), Decimal(0), Decimal(0), Decimal("0.15")),
    ClassKind.CONTRACT: (Decimal("0.6"), Decimal("1.4"), Decimal(1), Decimal("1.5")),
    ClassKind.TRAVEL: (Decimal(1), Decimal(0), Decimal(0), Decimal(0)),
    ClassKind.PROJECT: (Decimal("0.5"), Decimal(0), Decimal(0), Decimal(1)),
}


def shape(kind: ClassKind, count: int) -> list[Decimal]:
    """The relative weight of each of ``count`` months for a class of ``kind``."""
    base, quarter, first, last = _SHAPES[kind]
    weights = [base + (quarter if i % 3 == 0 else 0) for i in range(count)]
    weights[0] += first
    weights[-1] += last
    if kind is ClassKind.PROJECT:
        for i in range(min(count, 6)):
            weights[i] += 1
    return weights


_MONTH_NAMES = "|".join(calendar.month_name[1:])
_MONTH_LIST = re.compile(
    rf"\b((?:{_MONTH_NAMES})(?:\s*,\s*(?:{_MONTH_NAMES}))*(?:\s*,?\s*and\s+(?:{_MONTH_NAMES}))?)"
    rf"\s+(\d{{4}})\b")
_HIGHER = re.compile(r"\b(higher|increased|highest|peak|spike)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;])\s+")


def stated_peak_months(document: Document) -> tuple[dt.date, ...]:
    """The months of the period the report's prose names as of higher expenditure: a
    sentence speaking of expenditure as higher (a peak, a spike) and naming months with
    their year (``in July and September 2021``)."""
    months = set(months_of(document.period.start, document.period.end))
    found: set[dt.date] = set()
    for paragraph in document.paragraphs:
        for sentence in _SENTENCE.split(paragraph.text):
            if "expenditure" not in sentence.lower() or not _HIGHER.search(sentence):
                continue
            for names, year in _MONTH_LIST.findall(sentence):
                for name in re.findall(_MONTH_NAMES, names):
                    month = dt.date(int(year), list(calendar.month_name).index(name), 1)
                    if month in months:
                        found.add(month)
    return tuple(sorted(found))


PEAK_FACTOR = Decimal("1.3")
"""A month the report names as higher is set this much above the highest other month."""


def month_targets(document: Document, months: Sequence[dt.date], base: Sequence[Decimal],
                  total: Decimal) -> tuple[list[Decimal], str]:
    """What the months should total (``total`` in all), and where that comes from: the
    printed monthly expenditure, the months the text names, or the classes' shapes
    (``base``)."""
    printed = {m.month: m.amount for m in document.monthly_expenditure}
    if months and all(month in printed for month in months):
        figures = [printed[month] for month in months]
        whole = sum(figures, Decimal(0))
        if whole > 0 and all(f >= 0 for f in figures):
            return [f * total / whole for f in figures], "printed monthly expenditure"
    peaks = set(stated_peak_months(document))
    others = [b for month, b in zip(months, base, strict=True) if month not in peaks]
    if peaks and others:
        level = max(others) * PEAK_FACTOR
        raised = [max(b, level) if month in peaks else b
                  for month, b in zip(months, base, strict=True)]
        whole = sum(raised, Decimal(0))
        names = ", ".join(m.strftime("%B %Y") for m in sorted(peaks))
        return [r * total / whole for r in raised], f"months the report names as higher: {names}"
    whole = sum(base, Decimal(0))
    return [b * total / whole for b in base], "the classes' monthly shapes"


def fit(seed: list[list[Decimal]], row_totals: Sequence[Decimal],
        column_totals: Sequence[Decimal], *, rounds: int = 60) -> list[list[Decimal]]:
    """Iterative proportional fitting: ``seed`` scaled by rows and columns until its rows
    sum to ``row_totals`` and its columns (nearly) to ``column_totals``; zeros stay."""
    matrix = [list(row) for row in seed]
    columns = range(len(column_totals))
    for _ in range(rounds):
        for j in columns:
            have = sum((row[j] for row in matrix), Decimal(0))
            if have > 0:
                factor = column_totals[j] / have
                for row in matrix:
                    row[j] *= factor
        for row, want in zip(matrix, row_totals, strict=True):
            have = sum(row, Decimal(0))
            if have > 0:
                factor = want / have
                row[:] = [value * factor for value in row]
    return matrix


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to non-negative integer ``weights`` (largest
    remainder): the parts sum to ``total`` exactly."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("weights must not all be zero")
    parts, remainders = [], []
    for index, weight in enumerate(weights):
        part, remainder = divmod(total * weight, whole)
        parts.append(part)
        remainders.append((remainder, -index))
    left = total - sum(parts)
    for _, negative_index in sorted(remainders, reverse=True)[:left]:
        parts[-negative_index] += 1
    return parts


def decimal_weights(values: Sequence[Decimal], scale: int = 10**12) -> list[int]:
    """Non-negative Decimals as integer weights for :func:`apportion`."""
    biggest = max(values, default=Decimal(0))
    if biggest <= 0:
        return [0 for _ in values]
    return [int(value / biggest * scale) if value > 0 else 0 for value in values]
