"""A budget Summary's "Human resources" table read from its words
(``rbb.importers.summary_personnel``): the seed's table reads as its importer stores
it; a handwritten table of the older layout (not from the seeds, figures derived by
hand below) reads in every rendering a public copy gives; damaged, ambiguous and
hostile texts are diagnostics, never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rbb.importers import ImportResult
from rbb.importers.summary_personnel import read_personnel_summary
from rbb.model import DiagnosticSeverity, Period
from rbb.model.staffing import RowType, StaffingColumn, StaffingKind, StaffingTable
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported
from tests.importers.test_openings import FILES, opening

C = StaffingColumn


def _content(table: StaffingTable) -> list[tuple[object, ...]]:
    """What a table says, without the lines it is printed on."""
    return [(r.office, r.parent_office, r.row_type, r.kind, r.period, r.counts)
            for r in table.rows]


# --- the seed, against its importer ----------------------------------------------------

def test_the_seed_budgets_table_reads_as_its_importer_stores_it(budget: ImportResult) -> None:
    """A cross-check: the ``tabbed`` importer's ``human_resources`` table of the
    budget seed, row for row, line for line."""
    assert budget.document is not None
    stored = next(t for t in budget.document.staffing_tables if t.key == "human_resources")
    table, diagnostics = read_personnel_summary(BUDGET_SEED.read_text(encoding="utf-8"),
                                                name=BUDGET_SEED.name)
    assert diagnostics == ()
    assert table is not None
    assert table == stored


def test_a_performance_report_and_the_openings_print_no_such_table() -> None:
    """"Human resources incumbency performance", a sentence about "the human resources
    of the Force", a contents entry: none is the budget's table, and none is an error."""
    texts = [(PERFORMANCE_SEED.name, PERFORMANCE_SEED.read_text(encoding="utf-8"))]
    texts += [(name, opening(name)[1]) for name in FILES]
    for name, text in texts:
        assert read_personnel_summary(text, name=name) == (None, ()), name


def test_a_component_table_is_not_the_summary() -> None:
    text = ("Human resources: component 1, substantive\n"
            "International staff / National staff / Total\n"
            "Office of the Head\nApproved posts 2006/07 / 4 / 2 / 6\n"
            "Proposed posts 2007/08 / 4 / 2 / 6\n")
    assert read_personnel_summary(text, name="component.txt") == (None, ())


# --- a handwritten table of the older layout -------------------------------------------

# A fictional mission's Summary, 2007/08, laid out as the budgets of 2005-2012 print it.
# Columns: Military observers, Military contingents, Civilian police, International
# staff, National staff, United Nations Volunteers, Total. Totals derived by hand:
#   Executive direction and management  approved  24 + 31 + 6 = 61
#                                       proposed  26 + 33 + 6 = 65
#   Substantive civilian                approved  120 + 85 + 140 + 42 = 387
#                                       proposed  135 + 88 + 151 + 45 = 419
#   Military                            approved  48 + 15 000 = 15 048
#                                       proposed  52 + 14 250 = 14 302
#   Support                             approved  210 + 1 020 + 95 = 1 325
#                                       proposed  204 + 1 048 + 97 = 1 349
#   Total approved  by column 48, 15 000, 120, 24+85+210 = 319, 31+140+1 020 = 1 191,
#                   6+42+95 = 143; 16 821 (= 61 + 387 + 15 048 + 1 325)
#   Total proposed  52, 14 250, 135, 26+88+204 = 318, 33+151+1 048 = 1 232,
#                   6+45+97 = 148; 16 135 (= 65 + 419 + 14 302 + 1 349)
#   Net change      4, (750), 15, -1, 41, 5; 16 135 - 16 821 = (686)
HEADER = ["Military observers", "Military contingents", "Civilian police",
          "International staff", "National staff", "United Nations Volunteers", "Total"]
ROWS: list[list[str]] = [
    ["Executive direction and management"],
    ["Approved 2006/07", "—", "—", "—", "24", "31", "6", "61"],
    ["Proposed 2007/08", "—", "—", "—", "26", "33", "6", "65"],
    ["Components"],
    ["Substantive civilian"],
    ["Approved 2006/07", "—", "—", "120", "85", "140", "42", "387"],
    ["Proposed 2007/08", "—", "—", "135", "88", "151", "45", "419"],
    ["Military"],
    ["Approved 2006/07", "48", "15 000", "—", "—", "—", "—", "15 048"],
    ["Proposed 2007/08", "52", "14 250", "—", "—", "—", "—", "14 302"],
    ["Support"],
    ["Approved posts 2006/07", "—", "—", "—", "210", "1 020", "95", "1 325"],
    ["Proposed posts 2007/08", "—", "—", "—", "204", "1 048", "97", "1 349"],
    ["Total"],
    ["Approved 2006/07", "48", "15 000", "120", "319", "1 191", "143", "16 821"],
    ["Proposed 2007/08", "52", "14 250", "135", "318", "1 232", "148", "16 135"],
    ["Net change", "4", "(750)", "15", "-1", "41", "5", "(686)"],
]
FOOTNOTES = "a Represents the highest level of authorized or proposed strength."
APPROVED, PROPOSED = Period.parse("2006/07"), Period.parse("2007/08")
COLUMNS = (C.MILITARY_OBSERVERS, C.MILITARY_CONTINGENTS, C.UNITED_NATIONS_POLICE,
           C.INTERNATIONAL_STAFF, C.NATIONAL_SUBTOTAL, C.UNITED_NATIONS_VOLUNTEERS, C.TOTAL)


def _counts(*values: int) -> dict[StaffingColumn, int | None]:
    return dict(zip(COLUMNS, values, strict=True))


EXPECTED: list[tuple[object, ...]] = [
    ("Executive direction and management", None, RowType.ITEM, StaffingKind.APPROVED, APPROVED,
     _counts(0, 0, 0, 24, 31, 6, 61)),
    ("Executive direction and management", None, RowType.ITEM, StaffingKind.PROPOSED, PROPOSED,
     _counts(0, 0, 0, 26, 33, 6, 65)),
    ("Substantive civilian", "Components", RowType.ITEM, StaffingKind.APPROVED, APPROVED,
     _counts(0, 0, 120, 85, 140, 42, 387)),
    ("Substantive civilian", "Components", RowType.ITEM, StaffingKind.PROPOSED, PROPOSED,
     _counts(0, 0, 135, 88, 151, 45, 419)),
    ("Military", "Components", RowType.ITEM, StaffingKind.APPROVED, APPROVED,
     _counts(48, 15000, 0, 0, 0, 0, 15048)),
    ("Military", "Components", RowType.ITEM, StaffingKind.PROPOSED, PROPOSED,
     _counts(52, 14250, 0, 0, 0, 0, 14302)),
    ("Support", "Components", RowType.ITEM, StaffingKind.APPROVED, APPROVED,
     _counts(0, 0, 0, 210, 1020, 95, 1325)),
    ("Support", "Components", RowType.ITEM, StaffingKind.PROPOSED, PROPOSED,
     _counts(0, 0, 0, 204, 1048, 97, 1349)),
    ("Total", None, RowType.TOTAL, StaffingKind.APPROVED, APPROVED,
     _counts(48, 15000, 120, 319, 1191, 143, 16821)),
    ("Total", None, RowType.TOTAL, StaffingKind.PROPOSED, PROPOSED,
     _counts(52, 14250, 135, 318, 1232, 148, 16135)),
    ("Total", None, RowType.TOTAL, StaffingKind.NET_CHANGE, None,
     _counts(4, -750, 15, -1, 41, 5, -686)),
]


def _pdf_text(rows: list[list[str]]) -> str:
    """The table as PDF text: a prose line, the title, the header, one row a line."""
    lines = ["The human resources of the mission are set out below.", "Human resources^a",
             "  ".join(["", *HEADER]), *("   ".join(row) for row in rows), FOOTNOTES]
    return "\n".join(lines)


def test_a_handwritten_older_table_reads_with_its_components_and_totals() -> None:
    text = _pdf_text(ROWS)
    table, diagnostics = read_personnel_summary(text, name="fictional-2007-08.txt")
    assert diagnostics == ()
    assert table is not None
    assert (table.key, table.title, table.component) == ("human_resources", "Human resources",
                                                         None)
    assert table.columns == COLUMNS
    assert _content(table) == EXPECTED
    lines = text.split("\n")
    for row in table.rows:  # each row keeps the line that prints it
        assert row.source_line is not None
        kind = "Net change" if row.kind is StaffingKind.NET_CHANGE else row.kind.value
        assert lines[row.source_line - 1].lower().startswith(kind.lower())
    assert table.source_line == 3


# A fictional 2006/07 budget whose PDF text prints the header over three lines, each
# column's name cut where the printed cell wraps. Totals derived by hand:
#   approved 25 + 3 200 + 120 + 280 + 310 + 540 + 12 + 95 + 8 = 4 590
#   proposed 25 + 3 200 + 135 + 280 + 318 + 561 + 0 + 102 + 10 = 4 631
#   net change 15 + 8 + 21 - 12 + 7 + 2 = 41 = 4 631 - 4 590
STACKED = """Human resourcesa
Military  Military             Formed                        Temporary             Government-
observers contingents Civilian police International National positionsb United Nations provided
                      police   units  staff         staff               Volunteers   personnel Total
Peace consolidation
  Approved 2005/06   25   3 200   120   280   310   540   12   95   8   4 590
  Proposed 2006/07   25   3 200   135   280   318   561   —    102  10  4 631
Total
  Approved 2005/06   25   3 200   120   280   310   540   12   95   8   4 590
  Proposed 2006/07   25   3 200   135   280   318   561   —    102  10  4 631
  Net change         —    —       15    —     8     21    (12)  7   2   41
"""


def test_a_header_printed_over_three_lines_reads_column_by_column() -> None:
    table, diagnostics = read_personnel_summary(STACKED, name="stacked.txt")
    assert diagnostics == ()
    assert table is not None
    assert table.columns == (C.MILITARY_OBSERVERS, C.MILITARY_CONTINGENTS,
                             C.UNITED_NATIONS_POLICE, C.FORMED_POLICE_UNITS,
                             C.INTERNATIONAL_STAFF, C.NATIONAL_SUBTOTAL,
                             C.GENERAL_TEMPORARY_ASSISTANCE, C.UNITED_NATIONS_VOLUNTEERS,
                             C.GOVERNMENT_PROVIDED_PERSONNEL, C.TOTAL)
    assert table.source_line == 2
    assert [(r.office, r.kind, list(r.counts.values())) for r in table.rows] == [
        ("Peace consolidation", StaffingKind.APPROVED, [25, 3200, 120, 280, 310, 540, 12, 95,
                                                        8, 4590]),
        ("Peace consolidation", StaffingKind.PROPOSED, [25, 3200, 135, 280, 318, 561, 0, 102,
                                                        10, 4631]),
        ("Total", StaffingKind.APPROVED, [25, 3200, 120, 280, 310, 540, 12, 95, 8, 4590]),
        ("Total", StaffingKind.PROPOSED, [25, 3200, 135, 280, 318, 561, 0, 102, 10, 4631]),
        ("Total", StaffingKind.NET_CHANGE, [0, 0, 15, 0, 8, 21, -12, 7, 2, 41])]


# --- the same table in every rendering -------------------------------------------------

RENDERINGS = ("word_cells", "html_cells", "markdown", "one_line", "pdf_lines", "pdf_stacked",
              "html_tags")


@dataclass(frozen=True)
class Style:
    rendering: str
    gaps: tuple[str, ...]
    grouping: str
    dash: str
    title_mark: str
    header_mark: str


def render(header: list[str], rows: list[list[str]], style: Style) -> str:
    """The table as a public copy gives it: `` / `` cells (Word), ``|`` cells (flattened
    HTML), collapsed onto one line, PDF lines with runs of spaces or HTML cells; thousands
    grouped by a space, a no-break space (or its HTML entity) or not at all; a dash of
    either length; a footnote mark after the title, bold in Markdown."""
    def cell(text: str) -> str:
        text = style.dash if text in ("—", "–", "-") else text
        return {"space": text, "nbsp": re.sub(r"(?<=\d) (?=\d{3})", "\u00a0", text),
                "entity": re.sub(r"(?<=\d) (?=\d{3})", "&nbsp;", text),
                "none": re.sub(r"(?<=\d) (?=\d{3})", "", text)}[style.grouping]

    head = [f"{name}{style.header_mark}" if name == "United Nations Volunteers" else name
            for name in header]
    table = [["", *head], *([row[0], *(cell(c) for c in row[1:])] for row in rows)]
    gap = iter(style.gaps * (1 + sum(len(r) for r in table)))
    if style.rendering == "word_cells":
        body = "\n".join(" / ".join(r) for r in table)
    elif style.rendering == "html_cells":
        body = "\n".join("| " + " | ".join(r) + " |" for r in table)
    elif style.rendering == "markdown":  # a Markdown table: a rule under its header
        width = len(table[0])
        body = "\n".join("| " + " | ".join([*r, *[""] * (width - len(r))]) + " |"
                         for r in [table[0], ["---"] * width, *table[1:]])
    elif style.rendering == "one_line":
        body = " ".join(" ".join(c for c in r if c) for r in table)
    elif style.rendering == "pdf_lines":
        body = "\n".join(next(gap).join(r) for r in table)
    elif style.rendering == "pdf_stacked":  # the header's names over two lines
        halves = [(n.split()[:len(n.split()) // 2], n.split()[len(n.split()) // 2:]) for n in head]
        top = next(gap).join(" ".join(t) for t, _ in halves if t)
        bottom = next(gap).join(" ".join(b) for _, b in halves)
        body = "\n".join([top, bottom, *(next(gap).join(r) for r in table[1:])])
    else:
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in table)
    separator = " " if style.rendering == "one_line" else "\n"
    title = f"**Human resources{style.title_mark}" if style.title_mark.startswith("**") \
        else f"Human resources{style.title_mark}"
    return separator.join([title, body, FOOTNOTES])


styles = st.builds(
    Style, rendering=st.sampled_from(RENDERINGS),
    gaps=st.lists(st.sampled_from([" ", "  ", "   ", "\u2009 ", "      "]), min_size=1,
                  max_size=5).map(tuple),
    grouping=st.sampled_from(["space", "nbsp", "entity", "none"]),
    dash=st.sampled_from(["—", "–", "-", "&mdash;"]),
    title_mark=st.sampled_from(["", "^a", "a", " a", "<sup>a</sup>", "**^a"]),
    header_mark=st.sampled_from(["", "^b", "b", " b"]))


def _seed_rows(table: StaffingTable) -> tuple[list[str], list[list[str]]]:
    """The seed's table printed again from what its importer stored."""
    names = {C.MILITARY_OBSERVERS: "Military observers",
             C.UNITED_NATIONS_POLICE: "United Nations police",
             C.INTERNATIONAL_STAFF: "International staff",
             C.NPO: "National Professional Officers", C.NGS: "National General Service staff",
             C.UNITED_NATIONS_VOLUNTEERS: "United Nations Volunteers", C.TOTAL: "Total"}

    def printed(count: int | None) -> str:
        if not count:
            return "–"
        text = f"{abs(count):,}".replace(",", " ")
        return f"({text})" if count < 0 else text

    rows: list[list[str]] = []
    office: str | None = None
    for row in table.rows:
        if row.parent_office and row.parent_office != office and [row.parent_office] not in rows:
            rows.append([row.parent_office])
        if row.office != office:
            rows.append([row.office])
            office = row.office
        label = "Net change" if row.kind is StaffingKind.NET_CHANGE else \
            f"{row.kind.value.capitalize()} {row.period}"
        rows.append([label, *(printed(row.counts[c]) for c in table.columns)])
    return [names[c] for c in table.columns], rows


@given(style=styles)
def test_the_handwritten_table_reads_the_same_in_every_rendering(style: Style) -> None:
    text = render(HEADER, ROWS, style)
    table, diagnostics = read_personnel_summary(text, name="rendered")
    assert diagnostics == (), text
    assert table is not None, text
    assert _content(table) == EXPECTED, text


@given(style=styles)
def test_the_seed_table_reads_the_same_in_every_rendering(style: Style) -> None:
    budget = imported(BUDGET_SEED)
    assert budget.document is not None
    stored = next(t for t in budget.document.staffing_tables if t.key == "human_resources")
    header, rows = _seed_rows(stored)
    table, diagnostics = read_personnel_summary(render(header, rows, style), name="rendered")
    assert diagnostics == ()
    assert table is not None and table.columns == stored.columns
    assert _content(table) == _content(stored)


# --- errors and bounds -----------------------------------------------------------------

@pytest.mark.parametrize("rendering", ["pdf_lines", "one_line", "word_cells"])
def test_a_row_with_a_cell_missing_is_an_error_naming_its_line_and_row(rendering: str) -> None:
    rows = [list(row) for row in ROWS]
    rows[6] = ["Proposed 2007/08", "—", "—", "135", "88", "151", "419"]  # 45 lost
    text = render(HEADER, rows, Style(rendering, ("   ",), "space", "—", "^a", ""))
    table, diagnostics = read_personnel_summary(text, name="damaged.txt")
    line = 1 if rendering == "one_line" else 9  # title, header, then the row's line
    printed = " ".join(w for w in text.split("\n")[line - 1].split() if w != "/")
    assert "Proposed 2007/08 — — 135 88 151 419" in printed
    assert [(d.code, d.severity, d.file, d.line) for d in diagnostics] == [
        ("bad-number", DiagnosticSeverity.ERROR, "damaged.txt", line)]
    message = diagnostics[0].message
    assert "Substantive civilian: Proposed 2007/08" in message and "7 counts" in message
    assert diagnostics[0].text == "Proposed 2007/08 — — 135 88 151 419"  # the row, not the line
    assert table is not None  # the other rows are read, that one is not
    assert _content(table) == [row for index, row in enumerate(EXPECTED) if index != 3]


def test_thousands_that_split_two_ways_keep_the_split_whose_total_holds() -> None:
    # "48 15 000 120 319 1 191 143 16 821" in 7 cells: also 48 | 15 000 120 | 319 | 1 | 191
    # | 143 | 16 821, whose columns add to 15 000 822, not 16 821; the printed split holds.
    text = _pdf_text(ROWS)
    assert "48   15 000   120   319   1 191" in text
    table, _ = read_personnel_summary(text.replace("   ", " "), name="one-spaced")
    assert table is not None
    assert table.rows[8].counts == EXPECTED[8][5]


def test_an_ambiguous_row_is_an_error_not_a_guess() -> None:
    # Three columns, "100 100 200 100 300": 100 100 | 200 | 100 300 (100 100 + 200 =
    # 100 300) and 100 | 100 200 | 100 300 (100 + 100 200 = 100 300) both hold.
    text = ("Human resources\nMilitary contingents International staff Total\n"
            "Military\nApproved 2006/07 100 100 200 100 300\n"
            "Proposed 2007/08 99 100 200 99 300\n")
    table, diagnostics = read_personnel_summary(text, name="ambiguous.txt")
    assert [(d.code, d.line) for d in diagnostics] == [("ambiguous-cells", 4)]
    assert "Military: Approved 2006/07" in diagnostics[0].message
    # the second row has one split that holds: 99 100 | 200 | 99 300 (99 100 + 200 =
    # 99 300), not 99 | 100 200 | 99 300 (99 + 100 200 = 100 299)
    assert table is not None and [r.counts for r in table.rows] == [
        {C.MILITARY_CONTINGENTS: 99100, C.INTERNATIONAL_STAFF: 200, C.TOTAL: 99300}]


def test_a_row_the_text_cuts_off_is_a_warning() -> None:
    text = _pdf_text(ROWS[:6]) .removesuffix("\n" + FOOTNOTES) + "\nProposed 2007/08 — — 135"
    table, diagnostics = read_personnel_summary(text, name="excerpt.txt")
    assert [(d.code, d.severity, d.line) for d in diagnostics] == [
        ("row-cut-off", DiagnosticSeverity.WARNING, 10)]
    assert table is not None and _content(table) == EXPECTED[:3]


def test_a_header_with_an_unknown_category_is_an_error() -> None:
    # two categories make it the table; the third is none the template names
    text = ("Human resources\nMilitary observers / International staff / Correction officers"
            " / Total\nSupport\nApproved 2006/07 / 1 / 4 / 2 / 7\n")
    table, diagnostics = read_personnel_summary(text, name="header.txt")
    assert table is None
    assert [(d.code, d.line) for d in diagnostics] == [("table-header", 2)]
    assert "'Correction'" in diagnostics[0].message and "Total" in diagnostics[0].message


def test_a_long_hostile_one_line_text_is_read_in_one_pass() -> None:
    # 20 000 titles with a header and no rows, then 200 000 figures after a row label:
    # each word is looked at a bounded number of times; no table is invented.
    text = ("Human resources Military observers Total " * 20_000
            + "Support Approved 2006/07 " + "1 " * 200_000)
    table, diagnostics = read_personnel_summary(text, name="long.txt")
    assert table is None
    codes = [d.code for d in diagnostics]
    assert codes.count("bad-number") == 1
    assert set(codes) == {"table-without-rows", "bad-number"}


def test_many_headers_printed_over_lines_without_rows_invent_no_table() -> None:
    # 5 000 titles, each over a header of three lines that reads (Military observers,
    # Military contingents, United Nations Volunteers, Total) and no row after it.
    text = ("Human resources\nMilitary Military United\nobservers contingents Nations "
            "Volunteers\nTotal\n") * 5_000
    table, diagnostics = read_personnel_summary(text, name="headers.txt")
    assert table is None
    assert [d.code for d in diagnostics] == ["table-without-rows"] * 5_000
    assert diagnostics[1].line == 6 and "united_nations_volunteers" in diagnostics[1].message


# --- through the importer --------------------------------------------------------------

def _one_line_summary() -> tuple[str, int]:
    """The budget seed with its Summary (from its heading to the first section)
    collapsed onto one line, cells in `` / ``, as a Word copy gives it; and that line."""
    lines = BUDGET_SEED.read_text(encoding="utf-8").split("\n")
    start = lines.index("Summary")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("I. "))
    summary = " ".join(" / ".join(c for c in line.split("\t") if c.strip())
                       for line in lines[start:end] if line.strip())
    return "\n".join([*lines[:start], summary, *lines[end:]]), start + 1


def test_the_summary_from_words_stores_the_table_and_supersedes_the_line_readers(
        budget: ImportResult) -> None:
    """The importer's step on its own: the table the line readers left without rows
    gives way to the one read from words, and what they said of its lines goes."""
    from rbb.importers.detect import detect
    from rbb.importers.pdf_text import summary_from_words
    from rbb.importers.reading import Parts, Reading
    from rbb.importers.source import SourceText
    from rbb.model.staffing import StaffingTable as Table

    text, line = _one_line_summary()
    lines = SourceText("one-line.txt", text, "pdf_text").lines
    reading = Reading("one-line.txt", detect(text, file="one-line.txt"), last_line=len(lines))
    parts = Parts()
    parts.rows(lambda d: d.staffing_tables).append(
        Table(key="human_resources", title="Human resources", columns=(C.TOTAL,), rows=()))
    reading.unplaced(lines[line - 1], "Summary", "a row of the human resources table")
    summary_from_words(lines, reading, parts)
    assert budget.document is not None
    stored = next(t for t in budget.document.staffing_tables if t.key == "human_resources")
    [table] = parts.rows(lambda d: d.staffing_tables)
    assert _content(table) == _content(stored)
    assert reading.diagnostics == []


def test_the_pdf_text_importer_stores_the_table_it_reads_from_words(
        budget: ImportResult) -> None:
    from rbb.importers import import_text

    text, line = _one_line_summary()
    result = import_text(text, name="one-line-summary.txt", shape="pdf_text")
    assert result.document is not None and budget.document is not None
    stored = next(t for t in budget.document.staffing_tables if t.key == "human_resources")
    table = next(t for t in result.document.staffing_tables if t.key == "human_resources")
    assert _content(table) == _content(stored)
    assert {row.source_line for row in table.rows} == {line}
    assert not [d for d in result.diagnostics if d.section == "human_resources"]
