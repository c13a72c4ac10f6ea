"""Editing a proposal's vacancy factors (docs/preparation.md, "Editing post actions and
vacancy factors"): the rate of each category for the proposal's period, and the text
that justifies it. Earlier periods' rates are what was printed before and stay.

The justification of a category is a ``Paragraph`` of section II.D ("Vacancy factors"),
the section the report prints around the vacancy factors table, whose text begins with
the category's name and a colon (``International staff: The proposed rate …``): the
report prints it as it prints the section's other paragraphs, and ``ProposalContent``
needs no field of its own for it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rbb.model.cycle import Period
from rbb.model.document import Document
from rbb.model.errors import InputError
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import PersonnelCategory, VacancyFactor, VacancyKind
from rbb.model.tables import Paragraph
from rbb.reports.tables_staffing import VACANCY_LAYOUT

SECTION = "II.D"
MAX_TEXT = 4000
"""Characters of one category's justification."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _names() -> dict[PersonnelCategory, str]:
    """Each category as the table prints it, qualified where the table's heading
    qualifies it (``International`` under ``United Nations Volunteers``)."""
    names = {}
    for heading, members in VACANCY_LAYOUT:
        for category, label in members:
            short = heading == "United Nations Volunteers" and label != heading
            names[category] = f"{label} {heading}" if short else label
    return names


NAMES = _names()
"""The categories a vacancy factors table prints, in its order, with their names."""


@dataclass(frozen=True)
class VacancyLine:
    category: PersonnelCategory
    name: str
    earlier: tuple[VacancyFactor, ...]
    """The category's rates of other periods, as printed (read-only)."""
    current: VacancyFactor | None
    """Its rate for the proposal's period."""
    justification: str


def vacancy_lines(document: Document) -> list[VacancyLine]:
    """The categories the document has rates for, in the table's order."""
    present = {f.category for f in document.vacancy_factors}
    texts = justifications(document)
    lines = []
    for category, name in NAMES.items():
        if category not in present:
            continue
        mine = [f for f in document.vacancy_factors if f.category is category]
        lines.append(VacancyLine(
            category, name, tuple(f for f in mine if f.period != document.period),
            next((f for f in mine if f.period == document.period), None),
            texts.get(category, "")))
    return lines


def justifications(document: Document) -> dict[PersonnelCategory, str]:
    found = {}
    for paragraph in document.paragraphs:
        category = _category_of(paragraph)
        if category is not None and category not in found:
            found[category] = paragraph.text.split(":", 1)[1].strip()
    return found


def _category_of(paragraph: Paragraph) -> PersonnelCategory | None:
    if "".join(paragraph.section.split()).upper() != SECTION:
        return None
    for category, name in NAMES.items():
        if paragraph.text.startswith(f"{name}:"):
            return category
    return None


def parse_rate(value: Any, where: str) -> Decimal | None:
    """A rate as typed (``8.8``), or None for a blank: 0 to 100, at most one decimal, as
    the report prints it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InputError(f"{where}: a rate as text, e.g. \"8.8\" (not {type(value).__name__})")
    text = str(value).strip().removesuffix("%").strip()
    try:
        rate = Decimal(text[:30])
    except InvalidOperation:
        raise InputError(f"{where}: {text[:20]!r} is not a percentage (e.g. 8.8)") from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise InputError(f"{where}: {text[:20]} is not a rate from 0 to 100 per cent")
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -1:
        raise InputError(f"{where}: {text[:20]} has more than one decimal; the report "
                         "prints rates to one decimal (e.g. 8.8)")
    return rate


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: text")
    text = value.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise InputError(f"{where}: at most {MAX_TEXT} characters, not {len(text)}")
    if _CONTROL.search(text):
        raise InputError(f"{where}: control characters are not allowed")
    return text


def _known(key: str, where: str) -> PersonnelCategory:
    try:
        category = PersonnelCategory(key)
    except ValueError:
        category = None
    if category not in NAMES:
        raise InputError(f"{where}.{key[:40]}: not a category of the vacancy factors "
                         f"(expected one of {', '.join(c.value for c in NAMES)})")
    assert category is not None
    return category


def with_vacancy(content: ProposalContent, rates: Mapping[str, Any] | None = None,
                 texts: Mapping[str, Any] | None = None) -> ProposalContent:
    """The content with the proposal period's rate of each category in ``rates`` (a
    blank removes it) and the justification of each category in ``texts`` (a blank
    removes it); categories not named stay as they are."""
    document = content.document
    period = document.period
    factors = list(document.vacancy_factors)
    for key, value in (rates or {}).items():
        category = _known(str(key), "rates")
        rate = parse_rate(value, f"rates.{category.value}")
        factors = _set_rate(factors, category, period, rate)
    paragraphs = list(document.paragraphs)
    for key, value in (texts or {}).items():
        category = _known(str(key), "justifications")
        paragraphs = _set_text(paragraphs, category,
                               _text(value, f"justifications.{category.value}"))
    edited = document.model_copy(update={"vacancy_factors": tuple(factors),
                                         "paragraphs": tuple(paragraphs)})
    return content.model_copy(update={"document": edited})


def _set_rate(factors: list[VacancyFactor], category: PersonnelCategory, period: Period,
              rate: Decimal | None) -> list[VacancyFactor]:
    at = next((n for n, f in enumerate(factors)
               if f.category is category and f.period == period), None)
    if rate is None:
        return factors if at is None else factors[:at] + factors[at + 1:]
    if at is not None:
        factors[at] = factors[at].model_copy(update={"rate": rate, "source_line": None})
        return factors
    new = VacancyFactor(category=category, period=period, kind=VacancyKind.PROPOSED,
                        rate=rate)
    last = max((n for n, f in enumerate(factors) if f.category is category), default=None)
    if last is None:
        return [*factors, new]
    return [*factors[:last + 1], new, *factors[last + 1:]]


def _set_text(paragraphs: list[Paragraph], category: PersonnelCategory, text: str
              ) -> list[Paragraph]:
    at = next((n for n, p in enumerate(paragraphs) if _category_of(p) is category), None)
    if not text:
        return paragraphs if at is None else paragraphs[:at] + paragraphs[at + 1:]
    full = f"{NAMES[category]}: {text}"
    if at is not None:
        paragraphs[at] = paragraphs[at].model_copy(update={"text": full})
        return paragraphs
    new = Paragraph(section=SECTION, text=full)
    last = max((n for n, p in enumerate(paragraphs)
                if "".join(p.section.split()).upper() == SECTION), default=None)
    if last is None:
        return [*paragraphs, new]
    return [*paragraphs[:last + 1], new, *paragraphs[last + 1:]]


def vacancy_data(document: Document) -> dict[str, Any]:
    """The API's view: the period, every rate as printed, and the justifications."""
    return {
        "period": document.period.label,
        "factors": [{"category": f.category.value, "period": f.period.label,
                     "kind": f.kind.value, "rate": None if f.rate is None else str(f.rate),
                     "editable": f.period == document.period}
                    for f in document.vacancy_factors],
        "justifications": {c.value: t for c, t in justifications(document).items()}}
