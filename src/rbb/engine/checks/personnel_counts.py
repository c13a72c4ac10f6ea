"""Personnel counts quoted in the prose (the Summary's "deployment of 8 military
observers ... and 24 United Nations Volunteers", a performance report's "average
strength of 8 military observers, 9 United Nations police officers and 336
civilian personnel") against the human-resources and incumbency tables.

A budget report's strengths are the proposed posts of its summary human-resources
table; a performance report's are the incumbency table's approved strength, and
"average" counts its actual average — "planned average" its planned average, where
the table prints one (reports of about 2003-2010), and nothing where it does not.

Two wordings make a difference only a warning, because the count need not be the
strength the tables print:

* what a budget "provided for" (past tense) is a budget already issued — the proposal
  a performance report recounts, or an earlier budget a budget report cites — so the
  count is quoted from another document, as are a performance report's planned
  outputs (quoted from its budget);
* one count of civilian and uniformed personnel together ("N civilian personnel and
  uniformed personnel", "N civilian and uniformed personnel") is held against the sum
  of both, but such a joint figure is often a planning one (the users a service is
  sized for) rather than either table's strength.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from rbb.model import Document, DocumentKind, Finding, PersonnelCategory
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind

from .. import derived
from .comparison import error, warning
from .prose_texts import Text, prose_texts

_TRIGGER = re.compile(r"deployment of|maximum strength of|average strength of|average of|"
                      r"provided for|strength of", re.IGNORECASE)
_CATEGORY = re.compile(
    r"(?<![\d,.])(?P<count>\d{1,3}(?:,\d{3})*)\s+(?:(?:approved|authorized)\s+)?(?P<category>"
    r"military and police personnel|uniformed personnel|military observers|"
    r"united nations police officers|united nations police|police officers|police personnel|"
    r"international staff|national professional officers?|national general service staff|"
    r"national staff|united nations volunteers|civilian personnel|"
    r"civilian(?=\s+and\s+uniformed\s+personnel))"
    r"(?P<combined>\s+and\s+uniformed)?", re.IGNORECASE)
_PAST_BUDGET = "provided for"
"""The wording of a count quoted from a budget already issued."""
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")

MO, UNPOL, INTERNATIONAL, NPO, NGS, UNV, GTA = (
    "military_observers", "united_nations_police", "international_staff",
    "national_professional_officers", "national_general_service_staff",
    "united_nations_volunteers", "general_temporary_assistance")
_PARTS: dict[str, tuple[str, ...]] = {
    "military observers": (MO,),
    "united nations police officers": (UNPOL,),
    "united nations police": (UNPOL,),
    "police officers": (UNPOL,),
    "police personnel": (UNPOL,),
    "military and police personnel": (MO, UNPOL),
    "uniformed personnel": (MO, UNPOL),
    "international staff": (INTERNATIONAL,),
    "national professional officers": (NPO,),
    "national professional officer": (NPO,),
    "national general service staff": (NGS,),
    "national staff": (NPO, NGS),
    "united nations volunteers": (UNV,),
    "civilian personnel": (INTERNATIONAL, NPO, NGS, UNV),
}
_CIVILIAN = frozenset({INTERNATIONAL, NPO, NGS, UNV})
_SUMMARY_COLUMNS: dict[StaffingColumn, str] = {
    StaffingColumn.MILITARY_OBSERVERS: MO,
    StaffingColumn.UNITED_NATIONS_POLICE: UNPOL,
    StaffingColumn.INTERNATIONAL_STAFF: INTERNATIONAL,
    StaffingColumn.NPO: NPO,
    StaffingColumn.NGS: NGS,
    StaffingColumn.UNITED_NATIONS_VOLUNTEERS: UNV,
}
_INCUMBENCY: dict[PersonnelCategory, str] = {
    PersonnelCategory.MILITARY_OBSERVERS: MO,
    PersonnelCategory.UNITED_NATIONS_POLICE: UNPOL,
    PersonnelCategory.INTERNATIONAL_STAFF: INTERNATIONAL,
    PersonnelCategory.NATIONAL_PROFESSIONAL_OFFICERS: NPO,
    PersonnelCategory.NATIONAL_GENERAL_SERVICE_STAFF: NGS,
    PersonnelCategory.UNITED_NATIONS_VOLUNTEERS: UNV,
    PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL: UNV,
    PersonnelCategory.UNITED_NATIONS_VOLUNTEERS_NATIONAL: UNV,
}


def strengths(document: Document, average: bool, *, planned: bool = False,
              ) -> dict[str, Decimal]:
    """Persons by category: approved (proposed in a budget), actual average, or with
    ``planned`` the planned average of a performance report that prints one."""
    out: dict[str, Decimal] = {}
    if document.kind is DocumentKind.PERFORMANCE:
        for row in document.incumbency:
            category = _INCUMBENCY.get(row.category)
            value = row.planned_average if planned else \
                row.actual_average if average else row.approved
            if category is not None and value is not None:
                out[category] = out.get(category, Decimal(0)) + value
        return out
    if average:
        return out
    for table in document.staffing_tables:
        if table.component is not None:
            continue
        for staffing_row in table.rows:
            if staffing_row.row_type is RowType.TOTAL and staffing_row.period == document.period:
                for column, category in _SUMMARY_COLUMNS.items():
                    if staffing_row.counts.get(column) is not None:
                        out[category] = Decimal(staffing_row.counts[column] or 0)
    if not out:
        totals = derived.human_resources_totals(document)
        key = derived.staffing_row_key(StaffingKind.PROPOSED, document.period.label)
        for component in totals.values():
            for column, count in component.get(key, {}).items():
                category = _SUMMARY_COLUMNS.get(column)
                if category is not None:
                    out[category] = out.get(category, Decimal(0)) + count
    return out


def check_personnel_counts(document: Document) -> Iterator[Finding]:
    for text in prose_texts(document):
        yield from personnel_counts(document, text)


def personnel_counts(document: Document, text: Text) -> Iterator[Finding]:
    """Each count is read with the nearest wording before it in its sentence that says
    which strength it is ("deployment of", "maximum strength of", "average of" ...);
    "provided for" counts only when a number follows it directly."""
    if not _TRIGGER.search(text.text):
        return
    performance = document.kind is DocumentKind.PERFORMANCE
    for sentence in _SENTENCE_END.split(text.text):
        triggers = list(_TRIGGER.finditer(sentence))
        if not triggers:
            continue
        for match in _CATEGORY.finditer(sentence):
            before = [t for t in triggers if t.end() <= match.start()]
            if not before:
                continue
            trigger = before[-1].group(0).lower()
            average = "average" in trigger
            planned = average and sentence[:before[-1].start()].rstrip().lower().endswith(
                "planned")
            if average and (not performance or not text.own):
                continue  # a planned average strength is not the incumbency's
            if trigger == _PAST_BUDGET and not re.match(r"\s*\d", sentence[before[-1].end():]):
                continue
            quoting = text.own and trigger != _PAST_BUDGET
            known = strengths(document, average, planned=planned)
            if known:
                yield from _compare(document, text, match, known, average=average,
                                    quoting=quoting, planned=planned)


def _compare(document: Document, text: Text, match: re.Match[str], known: dict[str, Decimal],
             *, average: bool, quoting: bool, planned: bool = False) -> Iterator[Finding]:
    category = match.group("category").lower()
    if category == "civilian":  # "civilian and uniformed personnel"
        category = "civilian personnel"
    parts = _PARTS[category]
    combined = bool(match.group("combined"))
    if combined:
        if not _CIVILIAN.issuperset(parts):
            return  # "uniformed" after a uniformed category: no sum of two kinds
        parts = parts + _PARTS["uniformed personnel"]
    if not all(part in known for part in parts):
        return
    expected = sum((known[part] for part in parts), Decimal(0))
    quoted = Decimal(match.group("count").replace(",", ""))
    if quoted == expected:
        return
    what = "planned average" if planned else "actual average" if average else (
        "proposed" if document.kind is DocumentKind.BUDGET else "approved")
    table = "incumbency" if document.kind is DocumentKind.PERFORMANCE else "human-resources"
    label = match.group("category") + (" and uniformed personnel" if combined else "")
    message = (f"the text quotes {match.group('count')} {label}; the {table} table's "
               f"{what} strength is {expected}")
    where = text.where.at(column=f"{what} {category}")
    if quoting and not combined:
        yield error("prose.personnel-count", message, where, printed=quoted, computed=expected)
    else:
        reason = ("the text quotes another document" if not quoting else
                  "the count mixes civilian and uniformed personnel")
        yield warning("prose.personnel-count", f"{message} ({reason})", where,
                      printed=quoted, computed=expected)
