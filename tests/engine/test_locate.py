"""A prose finding points at the line that prints its figure."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.locate import printed_forms, refine_source_lines
from rbb.model import Finding, Severity

LINES = [
    "54. The reduced requirements were attributable mainly to: (a) the depreciation of",
    "the euro against the United States dollar, with an actual average rate of 0.892 euros",
    "to 1 United States dollar compared with the budgeted rate of 0.837; and (b) the higher",
    "actual average vacancy rate of 2.2 per cent for national General Service staff",
]


def _finding(code: str, printed: Decimal) -> Finding:
    return Finding(
        severity=Severity.ERROR,
        code=code,
        document="doc",
        source_line=1,
        printed=printed,
        computed=Decimal("2.7"),
        message="...",
    )


def test_forms_of_a_figure() -> None:
    assert printed_forms(Decimal("146487")) == [
        "146,487",
        "146 487",
        "146\u2009487",
        "146\u202f487",
        "146487",
    ]
    assert "100" in printed_forms(Decimal("100.0"))


def test_moves_to_the_line_of_the_figure() -> None:
    moved = refine_source_lines(
        [_finding("variances.vacancy-rate", Decimal("2.2"))], {"doc": LINES}
    )
    assert moved[0].source_line == 4
    table = refine_source_lines([_finding("money.gross", Decimal("2.2"))], {"doc": LINES})
    assert table[0].source_line == 1  # table findings stay on their row
    other = refine_source_lines([_finding("prose.amount", Decimal("2.2"))], {"E": LINES})
    assert other[0].source_line == 1  # another document's finding is left alone
