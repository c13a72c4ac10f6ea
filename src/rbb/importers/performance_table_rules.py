"""What the tables only a performance report prints mean, whatever their shape:
the personnel categories of "Human resources incumbency performance", the
groups of "Summary information on redeployments across groups", the dates of
the borrowing table, the parts of a programmatic activity (``including ...``)
and the number in a framework's "Completed" column.

The ``tabbed`` and ``pdf_text`` parsers find the cells; this module says what
they are (A/77/589, sections III.B to III.E and the frameworks of section II).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from rbb.model import PersonnelCategory
from rbb.model.classes import LineKind, line_for_label, snake_case
from rbb.model.staffing import RowType

_P = PersonnelCategory
_TOP: dict[str, PersonnelCategory] = {
    "military_observers": _P.MILITARY_OBSERVERS,
    "military_contingents": _P.MILITARY_CONTINGENTS,
    "military_contingent_personnel": _P.MILITARY_CONTINGENTS,
    "united_nations_police": _P.UNITED_NATIONS_POLICE,
    "civilian_police": _P.UNITED_NATIONS_POLICE,  # its name in the reports of 2003-2006
    "formed_police_units": _P.FORMED_POLICE_UNITS,
    "formed_police_personnel": _P.FORMED_POLICE_UNITS,
    "international_staff": _P.INTERNATIONAL_STAFF,
    "national_staff": _P.NATIONAL_STAFF,
    "national_professional_officers": _P.NATIONAL_PROFESSIONAL_OFFICERS,
    "national_general_service_staff": _P.NATIONAL_GENERAL_SERVICE_STAFF,
    "national_general_service": _P.NATIONAL_GENERAL_SERVICE_STAFF,
    "united_nations_volunteers": _P.UNITED_NATIONS_VOLUNTEERS,
    "general_temporary_assistance": _P.GENERAL_TEMPORARY_ASSISTANCE,
    "temporary_positions": _P.GENERAL_TEMPORARY_ASSISTANCE,
    "government_provided_personnel": _P.GOVERNMENT_PROVIDED_PERSONNEL,
}
_TEMPORARY = {"general_temporary_assistance": _P.GENERAL_TEMPORARY_ASSISTANCE,
              "temporary_positions": _P.GENERAL_TEMPORARY_ASSISTANCE}
INCUMBENCY_PARTS: dict[PersonnelCategory, dict[str, PersonnelCategory]] = {
    _P.UNITED_NATIONS_VOLUNTEERS: {
        "international": _P.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL,
        "national": _P.UNITED_NATIONS_VOLUNTEERS_NATIONAL,
    },
    _P.NATIONAL_STAFF: {
        "national_professional_officers": _P.NATIONAL_PROFESSIONAL_OFFICERS,
        "national_general_service_staff": _P.NATIONAL_GENERAL_SERVICE_STAFF,
        "national_general_service": _P.NATIONAL_GENERAL_SERVICE_STAFF,
        "posts": _P.NATIONAL_STAFF,
        **_TEMPORARY,
    },
    _P.INTERNATIONAL_STAFF: {"posts": _P.INTERNATIONAL_STAFF, **_TEMPORARY},
    _P.GENERAL_TEMPORARY_ASSISTANCE: {
        "international_staff": _P.GENERAL_TEMPORARY_ASSISTANCE,
        "national_staff": _P.GENERAL_TEMPORARY_ASSISTANCE,
        "united_nations_volunteers": _P.GENERAL_TEMPORARY_ASSISTANCE,
    },
}
"""A category printed as a heading without cells, and what the rows under it are:
``National staff`` over its National Professional Officers and General Service
staff, ``United Nations Volunteers`` over ``International`` and ``National``; in the
reports of about 2005-2008 ``International staff`` over ``Posts`` and ``General
temporary assistance``, and ``Temporary positions`` over the staff it holds."""
_SELF_NAMED = frozenset({_P.NATIONAL_PROFESSIONAL_OFFICERS, _P.NATIONAL_GENERAL_SERVICE_STAFF,
                         _P.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL,
                         _P.UNITED_NATIONS_VOLUNTEERS_NATIONAL})


def part_label(heading: str | None, label: str, category: PersonnelCategory) -> str:
    """The label kept for a row under a heading: as printed where its category says
    whose part it is (``National Professional Officers``), else with its heading
    (``Temporary positions: International staff``, ``International staff: Posts``)."""
    if heading is None or category in _SELF_NAMED:
        return label
    if snake_case(heading) not in _TOP and snake_case(heading[:-1]) in _TOP:
        heading = heading[:-1]  # ``Temporary positionsc``: a footnote mark
    return f"{heading}: {label}"


UNKNOWN_GROUP = ("expected I. Military and police personnel, II. Civilian personnel or "
                 "III. Operational costs")
_MONTH = re.compile(r"^(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})$")


def category_of(label: str, parent: PersonnelCategory | None) -> PersonnelCategory | None:
    """The category a label names under its heading; a glued footnote mark is dropped
    (``Approveda`` beside ``Temporary positionsc``)."""
    for code in (snake_case(label), snake_case(label[:-1])):
        if parent is not None and code in INCUMBENCY_PARTS.get(parent, {}):
            return INCUMBENCY_PARTS[parent][code]
        if code in _TOP:
            return _TOP[code]
    return None


def small_row_type(label: str) -> RowType:
    """``Total`` closes the small tables of section III."""
    return RowType.TOTAL if label.lower() in ("total", "grand total") else RowType.ITEM


def redeployment_group(label: str) -> tuple[str, RowType] | None:
    """``I. Military and police personnel`` → its group code; ``Total`` → ``total``;
    anything else is not a row of the redeployments table (``None``)."""
    row_type = small_row_type(label)
    if row_type is RowType.TOTAL:
        return "total", row_type
    found = line_for_label(label)
    if found is None or found.kind is not LineKind.GROUP:
        return None
    return found.code, row_type


def is_redeployment_percentage(label: str) -> bool:
    """``Percentage of redeployment to total appropriation``, blank when nothing moved."""
    return label.startswith("Percentage")


def is_part_of_above(label: str) -> bool:
    """``including gender and youth activities`` (or ``of which ...``): a part of the
    activity above it."""
    return re.sub(r"[^a-z]", "", label.lower()).startswith(("including", "ofwhich"))


def borrowing_date(text: str) -> date | None:
    """``31 July 2021``: the date a loan stood at."""
    try:
        return datetime.strptime(" ".join(text.split()), "%d %B %Y").date()
    except ValueError:
        return None


def expenditure_month(text: str) -> date | None:
    """``July 2021`` (or ``31 July 2021``): the first day of the month of a monthly
    expenditure."""
    text = " ".join(text.split())
    words = text.split(" ")
    if len(words) == 3 and words[0].isdigit():
        text = " ".join(words[1:])
    if not _MONTH.match(text):
        return None
    try:
        return datetime.strptime(text, "%B %Y").date()
    except ValueError:
        return None


def completed_quantity(done: str) -> Decimal | None:
    """``1,881`` → 1881; ``Yes`` and ``No`` count nothing."""
    return Decimal(done.replace(",", "")) if done[:1].isdigit() else None
