"""What of a report its text holds (``rbb.model.coverage``), for both text shapes.

A report prints its own table of contents: numbered sections (``II. Financial
resources``) and lettered subsections (``A. Overall``), each with the page it starts
on. The sections read are those whose headings the parser found; an entry of the
contents whose heading the text lacks means the copy is an excerpt. Which tables such
a section would hold is read from its title, in the words of the reports' template
(docs/domain.md), never from one report's wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rbb.model import Document, DocumentKind
from rbb.model.base import Record
from rbb.model.coverage import TABLE_TITLES, ContentsEntry, Coverage, SectionRead, TableRead

from .cells import HTML_TAG, clean, roman_value
from .source import Line

_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s*(?P<title>[A-Z].*)$")
_LETTER = re.compile(r"^(?P<num>[A-Z])\.\s*(?P<title>[A-Z].*)$")
_PAGE = re.compile(r"(?:(?:\s*\.){2,}\s*(?:\d{1,4}(?:[–-]\d{1,4})?\s+)?|(?:\s*\.)*\s+)"
                   r"(?P<page>\d{1,4})$")
"""The page after the title (``...... 5``), and the paragraphs before it when the
list prints them (``...... 1–52 4``)."""
_HEADING = re.compile(r"^Contents(?:\s+Paragraphs)?(?:\s+Page)?$")
_CELLS = re.compile(r"\t| {2,}")
_MAX_CONTENTS_LINES = 200
"""A table of contents is a page or two: it is looked for no further."""
_MAX_LINE = 600
_MAX_HEADING = 80
"""A line longer than this is no ``Contents`` heading, and is not cleaned to find out
(one long line of a hostile text must cost little)."""

# Titles of the template's sections (lower case, as they start or contain) and the
# tables they hold; the first that matches decides.
_TABLES_BY_TITLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("results-based budgeting framework", ("components",)),
    ("redeployments", ("redeployments",)),
    ("monthly expenditure", ("monthly_expenditure",)),
    ("other revenue", ("other_revenue", "borrowing")),
    ("non-budgeted contributions", ("non_budgeted_contributions",)),
    ("efficiency gains", ("efficiency_gains",)),
    ("vacancy factors", ("vacancy_factors",)),
    ("official travel", ("official_travel",)),  # "non-training": before training
    ("training", ("training_costs", "training_participants")),
    ("programmatic activities", ("programmatic_activities",)),
    ("quick-impact projects", ("quick_impact_projects",)),
    ("analysis of variances", ("variance_explanations",)),
    ("actions to be taken", ("general_assembly_actions",)),
    ("follow-up", ("follow_up",)),
    ("general assembly", ("follow_up",)),
    ("advisory committee", ("follow_up",)),
    ("financial resources", ("financial_tables",)),
    ("resource requirements", ("financial_tables",)),  # budgets of 2003-2012
    ("resource performance", ("financial_tables",)),
)
_BUDGET_FRAMEWORK_TABLES = ("components", "staffing_tables", "civilian_cost_estimates")
"""A budget prints its staffing tables and the civilian personnel cost with the
frameworks of each component."""


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """An entry of the contents list as printed: ``II.A``, its title and page."""

    label: str
    title: str
    parent_title: str
    page: str | None
    line: Line


def read_contents(lines: Sequence[Line]) -> list[ContentsLine]:
    """The numbered entries of the report's table of contents: the lines after a line
    ``Contents`` up to the ``Summary`` heading; numerals rise, and the letters under
    each run A, B, C ... in turn (``I. Civilian staff`` after ``II`` is no entry). A
    contents list collapsed onto one line (Word text, a flattened page) is read from
    its dotted leaders (``II. Mandate performance ...... 5``)."""
    start = next((i for i, line in enumerate(lines[:_MAX_CONTENTS_LINES * 2])
                  if len(line.text) < _MAX_HEADING and _HEADING.match(clean(line.stripped))),
                 None)
    if start is None:
        return _one_line_contents(lines)
    printed: list[tuple[str, str | None, Line]] = []
    for line in lines[start + 1:start + 1 + _MAX_CONTENTS_LINES]:
        text = _entry_text(line)
        if text == "Summary" or len(text) > _MAX_LINE:
            break
        if not text:
            continue
        if len(several := list(_ONE_LINE_ENTRY.finditer(text))) > 1:  # two on one line
            printed += [(f"{m['num']}. {' '.join(m['title'].split())}", m["page"], line)
                        for m in several]
            continue
        page = None
        if (found := _PAGE.search(text)) is not None:
            page, text = found["page"], text[:found.start()].rstrip()
        printed.append((text, page, line))
    return _numbered(printed)


def _numbered(printed: Iterable[tuple[str, str | None, Line]]) -> list[ContentsLine]:
    entries: list[ContentsLine] = []
    roman, roman_title, letter = "", "", "A"
    for text, page, line in printed:
        if (match := _ROMAN.match(text)) and roman_value(match["num"]) > (
                roman_value(roman) if roman else 0):
            roman, roman_title, letter = match["num"], match["title"], "A"
            entries.append(ContentsLine(roman, match["title"], "", page, line))
        elif (match := _LETTER.match(text)) and roman and match["num"] == letter:
            letter = chr(ord(letter) + 1)
            entries.append(ContentsLine(f"{roman}.{match['num']}", match["title"], roman_title,
                                        page, line))
    return entries


_ONE_LINE_START = re.compile(r"\bContents(?:\s+Paragraphs)?\s+Page\b")
_ONE_LINE_ENTRY = re.compile(
    r"(?P<num>\b(?:[IVX]{1,5}|[A-Z]))\.\s+(?P<title>[A-Z][^.<>\n]{0,300}?)"
    r"\s*(?:\.\s*){2,}(?:\d{1,4}[–-]\d{1,4}\s+)?(?P<page>\d{1,4})\b")
_ONE_LINE_SPAN = 8_000
"""A contents list is read within this many characters of its heading."""
_ONE_LINE_GAP = 40
"""More text than this between two entries ends the list (the Summary follows)."""


def _one_line_contents(lines: Sequence[Line]) -> list[ContentsLine]:
    for line in lines[:_MAX_CONTENTS_LINES]:
        whole = HTML_TAG.sub(" ", line.text[:_ONE_LINE_SPAN * 4])
        head = _ONE_LINE_START.search(whole)
        if head is None:
            continue
        text = whole[head.end():head.end() + _ONE_LINE_SPAN]
        printed: list[tuple[str, str | None, Line]] = []
        at = 0
        for match in _ONE_LINE_ENTRY.finditer(text):
            if match.start() - at > _ONE_LINE_GAP:
                break
            title = " ".join(match["title"].split())
            printed.append((f"{match['num']}. {title}", match["page"], line))
            at = match.end()
        return _numbered(printed)
    return []


def _entry_text(line: Line) -> str:
    """A contents line's cells (tab- or space-separated) joined by one space."""
    cells = [clean(cell) for cell in _CELLS.split(line.text[:_MAX_LINE + 1])]
    return " ".join(" ".join(cell for cell in cells if cell).split())


def tables_of(title: str, parent_title: str, kind: DocumentKind) -> tuple[str, ...]:
    """The tables a section of this title holds (``A. Overall`` under ``Financial
    resources``: the financial resources table)."""
    lowered = title.lower()
    if lowered == "overall":
        lowered = parent_title.lower() if "financial" in parent_title.lower() else lowered
    for words, tables in _TABLES_BY_TITLE:
        if words in lowered:
            if tables == ("components",) and kind is DocumentKind.BUDGET:
                return _BUDGET_FRAMEWORK_TABLES
            return tables
    return ()


def coverage_of(document: Document, contents: Iterable[ContentsLine],
                sections: Iterable[tuple[str, str, Line | None]]) -> Coverage:
    """The coverage of a document read from a text: the sections whose headings were
    found (label, title, heading), the tables with figures, the contents entries and,
    of the tables of the entries the text lacks, those no other section gave."""
    read = [SectionRead(label=label, title=title, line=heading.number if heading else None)
            for label, title, heading in sections]
    labels = {section.label for section in read}
    tables = sorted((TableRead(table=name, title=title, line=first_line(getattr(document, name)))
                     for name, title in TABLE_TITLES.items() if getattr(document, name)),
                    key=lambda table: (table.line is None, table.line or 0))
    have = {table.table for table in tables if table.table != "financial_tables"}
    if document.financial_table("financial_resources") is not None:
        have.add("financial_tables")  # the Summary's table alone is not section II.A's
    entries: list[ContentsEntry] = []
    missing: dict[str, None] = {}
    for entry in contents:
        in_text = entry.label in labels
        entries.append(ContentsEntry(label=entry.label, title=entry.title, page=entry.page,
                                     line=entry.line.number, in_text=in_text))
        if not in_text:
            for table in tables_of(entry.title, entry.parent_title, document.kind):
                if table not in have:
                    missing[table] = None
    if not entries and "financial_tables" not in have \
            and not _holds_financial_section(read, document.kind):
        # No contents list read (cut before it, or printed without numbers) and the text
        # ends before the section every report prints its table by class in: the
        # excerpt's absence, like a section its contents list names. (With a contents
        # list that names no such section, the table's absence is the report's error.)
        missing["financial_tables"] = None
    return Coverage(sections=tuple(read), tables=tuple(tables), contents=tuple(entries),
                    missing_tables=tuple(missing))


def _holds_financial_section(read: Sequence[SectionRead], kind: DocumentKind) -> bool:
    titles = {section.label: section.title for section in read}
    return any("financial_tables" in tables_of(section.title,
                                               titles.get(section.label.split(".")[0], ""), kind)
               for section in read)


def lacks(coverage: Coverage, table: str) -> bool:
    """Whether a table is missing because the sections holding it are not in the text:
    then its absence is the excerpt's, not an error of the reading."""
    return table in coverage.missing_tables


def first_line(value: object) -> int | None:
    """The first source line any figure of a table is printed on."""
    lines = [line for line in _lines(value, depth=0) if line is not None]
    return min(lines) if lines else None


def _lines(value: object, *, depth: int) -> Iterable[int | None]:
    if depth > 6:
        return
    if isinstance(value, tuple | list):
        for item in value:
            yield from _lines(item, depth=depth + 1)
    elif isinstance(value, Record):
        line = getattr(value, "source_line", None)
        if isinstance(line, int):
            yield line
            return
        for name in type(value).model_fields:
            yield from _lines(getattr(value, name), depth=depth + 1)
