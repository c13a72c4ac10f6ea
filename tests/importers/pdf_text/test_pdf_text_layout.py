"""The pdf_text building blocks, each on a few lines quoted from A/77/589:
page furniture, joining wrapped lines, headings, the cells of the analysis of
variances, and the split of an outputs table into its cells."""

from __future__ import annotations

from decimal import Decimal

from rbb.importers.cells import parse_cell, trailing_cells
from rbb.importers.detect import DocumentMeta
from rbb.importers.pdf_text.layout import content_lines, dangles, join
from rbb.importers.pdf_text.outline import split_sections
from rbb.importers.pdf_text.outputs import completed_entry, read_outputs, split_segment
from rbb.importers.reading import Reading
from rbb.importers.source import Line, SourceText
from rbb.model import DocumentKind, Period
from rbb.model.mission import mission_for_code

from .seed import seed_lines


def _lines(text: str, first: int = 1) -> list[Line]:
    return [Line(number, t) for number, t in enumerate(text.split("\n"), start=first)]


def _seed(first: int, last: int) -> list[Line]:
    """Seed lines ``first`` to ``last`` as numbered lines."""
    return [Line(n, seed_lines()[n - 1]) for n in range(first, last + 1)]


def _reading() -> Reading:
    meta = DocumentMeta(kind=DocumentKind.PERFORMANCE, mission=mission_for_code("UNMIK"),
                        period=Period(2021), title="Budget performance of UNMIK")
    return Reading("quoted.txt", meta)


def test_page_furniture_and_link_targets_are_dropped() -> None:
    # 836-849: a page break, "A/77/589" / "22-25975 12/44", between two lines of text
    kept = content_lines([Line(n, seed_lines()[n - 1]) for n in range(836, 850)])
    assert [line.number for line in kept] == [836, 849]
    # 207-213: link targets appended after a paragraph
    kept = content_lines([Line(n, seed_lines()[n - 1]) for n in range(207, 214)])
    assert [line.stripped[:12] for line in kept] == ["contested.", "10. On 20 Se"]


def test_page_footnote_under_a_rule_is_dropped() -> None:
    # 4403: "... budgeted vacancy rate of 1 per cent."; 4405: "__________________";
    # 4407-4409: the footnote "1 Resource variance amounts ..."; 4410: " 55. The reduced ..."
    assert content_lines(_seed(4403, 4410)) == [Line(4403, seed_lines()[4402]),
                                                 Line(4410, seed_lines()[4409])]


def test_joining_keeps_hyphenated_words_and_each_line_s_number() -> None:
    # 21: "reduced requirements of $0.1 million under operational costs owing mainly to lower-"
    # 23: "than-budgeted expenditure for official travel and other supplies, services and "
    joined = join(_lines("owing mainly to lower-\nthan-budgeted expenditure", first=21))
    assert joined.text == "owing mainly to lower-than-budgeted expenditure"
    assert joined.line_at(joined.text.index("budgeted")) == 22
    assert join(_lines("in Ferizaj/\nUroševac town")).text == "in Ferizaj/Uroševac town"


def test_a_cell_cannot_end_after_a_preposition() -> None:
    assert dangles("users, in addition to 84 computing devices for ")
    assert dangles("decision by UN-Women as the Chair of the Security and ")
    assert not dangles("of issues affecting local communities ")


def test_headings_in_sequence_cut_the_sections() -> None:
    text = """  I. Introduction
  III. Resource performance
 A. Financial resources
  (Thousands of United States dollars. Budget year is from 1 July 2021 to 30 June 2022)
 D. Other revenue and adjustments, and borrowing
 B. Summary information on redeployments across groups
 1. Other revenue and adjustments
 IV. Analysis of variances1
  VI. Summary of follow-up action taken to implement the
decisions and requests of the General Assembly in its
resolution 76/274, including the requests and
the Assembly  """
    sections = split_sections(_lines(text))
    # II may be lost; D. out of sequence is text; "1." under B. is III.B.1; the footnote
    # mark "1" goes; the follow-up heading wraps while it cannot end
    assert [(s.code, s.title, len(s.body)) for s in sections] == [
        ("Summary", "Summary", 0), ("I", "Introduction", 0), ("III", "Resource performance", 0),
        ("III.A", "Financial resources", 2), ("III.B", "Summary information on redeployments "
                                               "across groups", 0),
        ("III.B.1", "Other revenue and adjustments", 0), ("IV", "Analysis of variances", 0),
        ("VI", "Summary of follow-up action taken to implement the decisions and requests of "
               "the General Assembly in its resolution 76/274, including the requests and the "
               "Assembly", 0)]


def test_table_of_contents_entries_are_not_headings() -> None:
    toc = "I. Mandate and planned results  5\nII. Financial resources  20"
    sections = split_sections(_lines(toc))
    assert [s.code for s in sections] == ["Summary"]


def test_variance_quoted_beside_its_class() -> None:
    # 4424: "United Nations Volunteers  ($63.5) (7.1%) "
    label, cells = trailing_cells("United Nations Volunteers  ($63.5) (7.1%) ", 2, units=True)
    assert (label, [parse_cell(c).value for c in cells]) == (
        "United Nations Volunteers", [Decimal("-63.5"), Decimal("-7.1")])
    # 4346: "Military observers  $77.6 21.7% "
    label, cells = trailing_cells("Military observers  $77.6 21.7% ", 2, units=True)
    assert [parse_cell(c).value for c in cells] == [Decimal("77.6"), Decimal("21.7")]
    # without units, a percentage is not a plain cell
    assert trailing_cells("Military observers  $77.6 21.7% ", 2)[1] == []


def test_indicator_value_formats() -> None:
    assert parse_cell("not applicable").value is None
    assert (parse_cell("11.5 percent").value, parse_cell("11.5 percent").unit) == \
        (Decimal("11.5"), "per cent")


def test_completed_entries() -> None:
    def entry(text: str) -> tuple[str, str] | None:
        return completed_entry(Line(1, text))

    assert entry("Yes UNMIK held 1,881 online and in-person meetings with ") == \
        ("Yes", "UNMIK held 1,881 online and in-person meetings with")
    assert entry("3,623 Documents were received and certified, including 1,696") is not None
    assert entry("13 13 programmatic activities were implemented in the ") == \
        ("13", "13 programmatic activities were implemented in the")
    assert entry(" 366 Handheld portable radios ") == ("366", "Handheld portable radios")
    assert entry("23 June 2022, the Assembly of Kosovo approved the ") is None
    assert entry(" 8 coordination meetings were held with participants ") is None
    assert entry("2022. Socioeconomic problems included unemployment ") is None


def test_remarks_then_the_next_planned_output() -> None:
    # 1568-1576: the remarks of "250 Field reports ..." end ("... when the pandemic was
    # still prevalent"); 1578: "Provision of advice and support through" begins the next
    entry = Line(1567, seed_lines()[1566])
    remarks, heading, planned = split_segment(entry, content_lines(_seed(1568, 1580)))
    assert [line.number for line in remarks] == [1568, 1570, 1572, 1574, 1576]
    assert heading == []
    assert [line.number for line in planned] == [1578, 1580]


def test_a_remark_tail_after_a_hanging_line_is_not_an_output() -> None:
    # 1862: "decision by UN-Women as the Chair of the Security and" hangs, so 1864
    # "Gender Group to call for only 6 meetings" ends the remark; 1866 "Biannual
    # reports to the Security Council" is the next output
    entry = Line(1858, seed_lines()[1857])
    remarks, _, planned = split_segment(entry, content_lines(_seed(1860, 1870)))
    assert [line.number for line in remarks] == [1860, 1862, 1864]
    assert [line.number for line in planned] == [1866, 1868, 1870]


def test_outputs_table_with_a_service_heading_and_a_list() -> None:
    # 3256-3281: the header, "Service improvements   ", the first output and its "Yes";
    # then 3704-3722: "Geospatial, information and telecommunications" / "technology
    # services", "Provision of and support for 366 handheld ...", "Yes UNMIK provided
    # support for the following" and the list " 366 Handheld portable radios" ...
    lines = content_lines(_seed(3256, 3281) + _seed(3704, 3722))
    reading = _reading()
    outputs = read_outputs(lines, "II.E", reading)
    assert reading.diagnostics == []
    assert [(o.heading, o.completed, len(o.further_completions)) for o in outputs] == [
        ("Service improvements", "Yes", 0),
        ("Geospatial, information and telecommunications technology services", "Yes", 3)]
    assert [q.value for q in outputs[1].quantities] == [Decimal(366), Decimal(75), Decimal(15)]
    assert outputs[1].quantities[1].source_line == 3710
    assert outputs[1].remarks == ("UNMIK provided support for the following communications "
                                  "equipment:")


def test_parse_never_raises_on_odd_text() -> None:
    from rbb.importers.detect import detect
    from rbb.importers.pdf_text import parse

    text = ("Budget performance for the period from 1 July 2021 to 30 June 2022 of the United "
            "Nations Interim Administration Mission in Kosovo (UNMIK)\nPerformance of financial "
            "resources\n(Thousands of United States dollars)\nCategory\n\x0c\n  III. ")
    result = parse(SourceText("odd.txt", text, "pdf_text"), detect(text, file="odd.txt"))
    assert result.document is not None
    # a header without the money columns is not read as a money table, and said so; the
    # text ends before any section that would hold the table by class: an excerpt
    assert [(d.code, d.line) for d in result.diagnostics] == [("table-not-read", 2)]
    assert result.incomplete and not result.ok()
