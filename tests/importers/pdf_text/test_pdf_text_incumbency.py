"""The incumbency table's line reader on handwritten tables (not from the seeds): the
header says whether a "Planned (average)" column is printed; rows then read four
cells (approved, planned, actual, rate) or three, and a row with another number of
cells is an error naming its line and the columns expected."""

from __future__ import annotations

from decimal import Decimal

from rbb.importers.detect import DocumentMeta
from rbb.importers.pdf_text.incumbency import read_incumbency
from rbb.importers.reading import Reading
from rbb.importers.source import Line
from rbb.model import DocumentKind, Period, PersonnelCategory
from rbb.model.mission import mission_for_code

D = Decimal
P = PersonnelCategory

# A fictional mission's table in the layout of 2005-2008, vacancy rates against the
# planned average, derived by hand:
#   military observers      (110 - 99) / 110          = 10.0
#   military contingents    (11 000 - 10 450) / 11 000 = 5.0
#   international staff     (900 - 850) / 900          = 5.56 -> 5.6; its run
#       "1 200 900 850 5.6" also splits as 1 / 200 900 / 850 or 1 / 200 / 900 850,
#       where the rate does not hold: only 1 200 / 900 / 850 is read
#   NPO                     (40 - 38) / 40             = 5.0
#   NGS                     (180 - 171) / 180          = 5.0
#   temporary, internat.    (16 - 12) / 16             = 25.0
FOUR_COLUMNS = """\
Human resources incumbency performance
Category  Approveda  Planned (average)  Actual (average)  Vacancy rate
(percentage)b
Military observers  120  110  99  10.0
Military contingents  12 500  11 000  10 450  5.0
International staff  1 200  900  850  5.6
National staff
  National Professional Officers  40  40  38  5.0
  National General Service staff  200  180  171  5.0
Temporary positionsc
  International staff  20  16  12  25.0
a Represents the highest level of authorized strength.
b Based on monthly incumbency and planned monthly strength."""

# The layout since about 2010: (60 - 54) / 60 = 10.0; (25 - 24) / 25 = 4.0
THREE_COLUMNS = """\
Human resources incumbency performance
Category  Approveda  Actual (average)  Vacancy rate (percentage)b
Military observers  60  54  10.0
United Nations police  25  24  4.0
a Represents the highest level of authorized strength."""


def _read(text: str) -> tuple[list, Reading, int]:  # type: ignore[type-arg]
    meta = DocumentMeta(kind=DocumentKind.PERFORMANCE, mission=mission_for_code("UNMIK"),
                        period=Period(2006), title="Performance report")
    reading = Reading("handwritten.txt", meta)
    lines = [Line(number, text) for number, text in enumerate(text.split("\n"), start=1)]
    rows, end = read_incumbency(lines, 0, "Summary", reading)
    return rows, reading, end


def test_a_planned_column_in_the_header_reads_four_cells() -> None:
    rows, reading, end = _read(FOUR_COLUMNS)
    assert reading.diagnostics == []
    assert end == 13  # after both footnotes
    assert [(r.category, r.label, r.approved, r.planned_average, r.actual_average,
             r.vacancy_rate, r.source_line) for r in rows] == [
        (P.MILITARY_OBSERVERS, "Military observers", D(120), D(110), D(99), D("10.0"), 4),
        (P.MILITARY_CONTINGENTS, "Military contingents", D(12500), D(11000), D(10450),
         D("5.0"), 5),
        (P.INTERNATIONAL_STAFF, "International staff", D(1200), D(900), D(850), D("5.6"), 6),
        (P.NATIONAL_PROFESSIONAL_OFFICERS, "National Professional Officers", D(40), D(40),
         D(38), D("5.0"), 8),
        (P.NATIONAL_GENERAL_SERVICE_STAFF, "National General Service staff", D(200), D(180),
         D(171), D("5.0"), 9),
        (P.GENERAL_TEMPORARY_ASSISTANCE, "Temporary positions: International staff", D(20),
         D(16), D(12), D("25.0"), 11),
    ]


def test_without_a_planned_column_rows_read_three_cells() -> None:
    rows, reading, _ = _read(THREE_COLUMNS)
    assert reading.diagnostics == []
    assert [(r.approved, r.planned_average, r.actual_average, r.vacancy_rate)
            for r in rows] == [(D(60), None, D(54), D("10.0")), (D(25), None, D(24), D("4.0"))]


def test_a_row_short_of_the_planned_cell_names_its_line_and_the_columns() -> None:
    text = FOUR_COLUMNS.replace("Military observers  120  110  99  10.0",
                                "Military observers  120  99  10.0")
    rows, reading, _ = _read(text)
    [error] = reading.diagnostics
    assert (error.code, error.line, error.file) == ("missing-cells", 4, "handwritten.txt")
    assert "expected 4 (approved, planned average, actual average, vacancy rate)" in \
        error.message
    assert "Military observers" in error.message
    assert len(rows) == 5  # the other rows are read


def test_four_numbers_in_a_three_column_table_are_an_error_not_a_thousands_group() -> None:
    # "60 58 54 10.0": four numbers, none a group of thousands (three digits), so no
    # three cells
    text = THREE_COLUMNS.replace("Military observers  60  54  10.0",
                                "Military observers  60  58  54  10.0")
    rows, reading, _ = _read(text)
    [error] = reading.diagnostics
    assert (error.code, error.line) == ("bad-number", 3)
    assert "expected 3 (approved, actual average, vacancy rate)" in error.message
    assert [r.category for r in rows] == [P.UNITED_NATIONS_POLICE]


def test_four_numbers_that_split_two_ways_into_three_cells_are_an_error() -> None:
    # "60 580 540 10.0" reads 60 580 / 540 / 10.0 or 60 / 580 540 / 10.0 as three cells;
    # (60 580 - 540) / 60 580 = 99.1 and (60 - 580 540) / 60 are not 10.0: no reading
    text = THREE_COLUMNS.replace("Military observers  60  54  10.0",
                                "Military observers  60  580  540  10.0")
    _, reading, _ = _read(text)
    [error] = reading.diagnostics
    assert (error.code, error.line) == ("bad-number", 3)
    assert "'60 580 540 10.0' does not split into cells in exactly one way" in error.message


def test_a_corrupt_cell_in_a_four_column_table_says_four_numbers() -> None:
    text = FOUR_COLUMNS.replace("99  10.0", "9x  10.0")
    _, reading, _ = _read(text)
    [error] = reading.diagnostics
    assert (error.code, error.line) == ("bad-number", 4)
    assert "expected four numbers (approved, planned average, actual average, vacancy rate)" \
        in error.message


def test_posts_and_temporary_assistance_under_their_staff_headings() -> None:
    """The layout of about 2005-2007 (handwritten): ``International staff`` and
    ``National staff`` as headings over ``Posts`` and ``General temporary assistance``.
    Rates by hand: (900 - 855) / 900 = 5.0; (50 - 45) / 50 = 10.0; (4 - 3) / 4 = 25.0;
    (80 - 76) / 80 = 5.0."""
    rows, reading, _ = _read("""\
Human resources incumbency performance
Category  Approveda  Actual (average)  Vacancy rate (percentage)b
Military contingents  900  855  5.0
International staff
  Posts  50  45  10.0
  General temporary assistance  4  3  25.0
National staff
  Posts  80  76  5.0
a Represents the highest level of authorized strength.""")
    assert reading.diagnostics == []
    assert [(r.category, r.label, r.approved, r.source_line) for r in rows] == [
        (P.MILITARY_CONTINGENTS, "Military contingents", D(900), 3),
        (P.INTERNATIONAL_STAFF, "International staff: Posts", D(50), 5),
        (P.GENERAL_TEMPORARY_ASSISTANCE, "International staff: General temporary assistance",
         D(4), 6),
        (P.NATIONAL_STAFF, "National staff: Posts", D(80), 8),
    ]
