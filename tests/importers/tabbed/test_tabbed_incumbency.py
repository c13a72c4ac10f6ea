"""The tabbed incumbency table with a "Planned (average)" column (reports of about
2003-2010), on a handwritten Summary (not from the seeds)."""

from __future__ import annotations

from decimal import Decimal

from rbb.importers import import_text
from rbb.model import PersonnelCategory

from .performance_seed import NAME

_HEAD = """\
General Assembly

Budget performance of the United Nations Interim Administration Mission in Kosovo for the \
period from 1 July 2006 to 30 June 2007

Summary

Human resources incumbency performance
"""
# Rates against the planned average, by hand:
#   military observers   (36 - 33) / 36 = 8.3
#   international staff  (150 - 141) / 150 = 6.0
#   temporary positions, national staff  (20 - 15) / 20 = 25.0
_PLANNED = _HEAD + """\
Category\tApproved^a\tPlanned (average)\tActual (average)\tVacancy rate (percentage)^b
Military observers\t38\t36\t33\t8.3
International staff\t160\t150\t141\t6.0
Temporary positions^c\t\t\t\t
National staff\t25\t20\t15\t25.0
"""


def test_a_planned_column_is_read_into_the_planned_average() -> None:
    result = import_text(_PLANNED, name=NAME)
    document = result.document
    assert document is not None
    assert [d for d in result.diagnostics if d.section == "Summary"] == []
    assert [(r.category, r.label, r.approved, r.planned_average, r.actual_average,
             r.vacancy_rate) for r in document.incumbency] == [
        (PersonnelCategory.MILITARY_OBSERVERS, "Military observers", Decimal(38), Decimal(36),
         Decimal(33), Decimal("8.3")),
        (PersonnelCategory.INTERNATIONAL_STAFF, "International staff", Decimal(160),
         Decimal(150), Decimal(141), Decimal("6.0")),
        (PersonnelCategory.GENERAL_TEMPORARY_ASSISTANCE, "Temporary positions: National staff",
         Decimal(25), Decimal(20), Decimal(15), Decimal("25.0")),
    ]


def test_a_row_without_its_planned_cell_is_an_error_on_its_line() -> None:
    text = _PLANNED.replace("Military observers\t38\t36\t33\t8.3", "Military observers\t38\t36\t33")
    result = import_text(text, name=NAME)
    errors = [d for d in result.errors if d.code == "missing-column"]
    assert [(d.line, d.file) for d in errors] == [(text.split("\n").index(
        "Military observers\t38\t36\t33") + 1, NAME)]
    assert "'vacancy rate'" in errors[0].message
