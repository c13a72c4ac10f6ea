"""Planned outputs beside "Completed (number or yes/no)" and "Remarks".

The extraction prints each row of the outputs table cell by cell: the planned
output (narrow column, about 45 characters), then the completed entry, which
opens a line with ``Yes``, ``No`` or a number followed by a capital
(``250 Field reports were prepared ...``), and the remarks after it. So the
lines between two completed entries hold the remarks of the first and then,
possibly, the planned output of the second. The planned output is the run of
narrow lines at the end that starts like an output (``Provision of ...``,
``Implementation ...``, ``10 coordination meetings ...``) where the remark
before it can end: a remark's wrapped tail starts lower case or follows a
line that cannot end (``... the Security and`` / ``Gender Group ...``).
When no planned output sits between two completed entries, the second is a
further completion of the same output (``330 Meetings ...`` and ``847
Meetings ...`` for one combined output; ``389 Computing devices`` and ``65
Printers``). A planned output left hanging (``... computing devices for``)
takes back the lower-case lines the extraction printed among its remarks
(``connectivity of personnel, as well as other`` / ``common services``).

Service headings of the support component (``Fuel management services``)
stand alone before a planned output.

What counts as a quantity of a planned output is one rule for every text shape
(``rbb.importers.output_quantities``); a planned output wraps over several lines,
so each quantity is given back the line its number sits on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rbb.model import DocumentKind
from rbb.model.frameworks import Output, OutputCompletion, OutputQuantity

from ..output_quantities import output_quantities
from ..performance_table_rules import completed_quantity
from ..reading import Reading
from ..source import Line
from .layout import NARROW_MAX, Joined, dangles, first_word, join, squash

OUTPUTS_HEADER = re.compile(r"^\s*(?:Planned outputs|Outputs)\s*$")
_HEADER_PART = re.compile(r"^\s*(?:Completed|\(number or|yes/no\)|yes/no\)\s*Remarks|Remarks|"
                          r"Planned outputs|Outputs)\s*$")
_COMPLETED = re.compile(
    r"^\s*(?P<done>Yes|No|\d{1,3}(?:,\d{3})+|\d+)(?:\s+(?P<rest>\S.*?))?\s*$")
MONTHS = frozenset({"January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"})
_OUTPUT_WORDS = frozenset({
    "support", "advice", "biannual", "annual", "quarterly", "monthly", "weekly", "daily",
    "at", "up", "enhance", "improved", "receipt", "reports", "meetings", "workshops",
    "technical", "good", "public", "regular", "joint", "field", "conduct", "review",
    "outreach", "liaison", "maintenance", "storage", "supply", "delivery", "design",
})
_NOMINAL = re.compile(r"(?:tion|sion|ment|ance|ence|ing|ysis|ure|al)s?$")
_NOT_OUTPUT = frozenset({"during", "following", "according", "regarding", "including",
                         "concerning", "notwithstanding", "pending", "nothing", "international",
                         "national", "regional", "general", "additional", "several", "total",
                         "original", "final", "special", "central", "local",
                         "political", "federal", "principal", "external", "internal"})
_HEADING_ENDS = frozenset({"services", "improvements", "initiatives", "infrastructure",
                           "security", "discipline", "hiv/aids", "aviation", "transportation",
                           "engineering", "operations", "conduct", "safety"})
_HEADING_MAX = 90
_HEADING_LINES = 3


@dataclass
class _Completion:
    done: str
    line: Line
    rest: str
    remarks: list[Line] = field(default_factory=list)

    def build(self) -> OutputCompletion:
        remarks = join(self.remarks if self.rest else self.remarks[1:], bullets=True,
                       first=self.rest if self.rest else None)
        return OutputCompletion(completed=self.done,
                                completed_quantity=completed_quantity(self.done),
                                remarks=remarks.text or None, source_line=self.line.number)


@dataclass
class _Draft:
    heading: str | None
    planned: list[Line]
    completions: list[_Completion] = field(default_factory=list)

    def build(self) -> Output:
        planned = join(self.planned)
        built = [completion.build() for completion in self.completions]
        first = built[0] if built else None
        return Output(
            text=planned.text, heading=self.heading, quantities=_quantities(planned),
            completed=None if first is None else first.completed,
            completed_quantity=None if first is None else first.completed_quantity,
            completed_source_line=None if first is None else first.source_line,
            remarks=None if first is None else first.remarks,
            further_completions=tuple(built[1:]),
            source_line=self.planned[0].number if self.planned else None)


def _quantities(planned: Joined) -> tuple[OutputQuantity, ...]:
    """The quantities of a planned output, each with the line its number is printed on."""
    found: list[OutputQuantity] = []
    cursor = 0
    for quantity in output_quantities(planned.text, None):
        at = planned.text.find(quantity.text, cursor)
        if at < 0:
            at = cursor
        else:
            cursor = at + 1
        found.append(quantity.model_copy(update={"source_line": planned.line_at(at)}))
    return tuple(found)


def completed_entry(line: Line) -> tuple[str, str] | None:
    """``Yes UNMIK held ...``, ``250 Field reports ...``, ``13 13 programmatic ...``,
    ``65 Printers``; not ``23 June 2022, the Assembly ...``."""
    match = _COMPLETED.match(line.text)
    if match is None:
        return None
    rest = match["rest"] or ""
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "“\""):
        return None
    if first_word(rest).rstrip(",.") in MONTHS:
        return None
    if rest[:1].isdigit() and not re.match(r"^\d[\d,]*\s+\S", rest):
        return None
    return match["done"], rest


_GARBLED = re.compile(r"^\s*(?P<token>\d[^\s/:]*)\s+(?P<word>[A-Z]\w*)")


def _garbled_entry(line: Line) -> bool:
    """``25x Field reports ...``: not a completed entry, though printed like one."""
    match = _GARBLED.match(line.text)
    if match is None or completed_entry(line) or match["word"] in MONTHS:
        return False
    token = match["token"]
    if token.endswith((".", ";", ",", ":", ")")):
        return False
    return re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", token) is None


def read_outputs(lines: Sequence[Line], section: str, reading: Reading) -> list[Output]:
    """``lines`` start at the "Planned outputs" header."""
    index = 0
    while index < len(lines) and _HEADER_PART.match(lines[index].text):
        index += 1
    block = list(lines[index:])
    marks = [position for position, line in enumerate(block) if completed_entry(line)]
    for line in block:
        if _garbled_entry(line):
            reading.warning("garbled-entry", "a line that opens like a completed entry but whose "
                            "number does not read: expected Yes, No or a number such as 1,625",
                            line, section)
    if not marks:
        if block and reading.meta.kind is DocumentKind.PERFORMANCE:
            reading.warning("outputs-without-completion", "planned outputs without any completed "
                            "entry (Yes, No or a number)", block[0], section)
        return [draft.build() for draft in _planned_only(block)]
    heading, planned = _lead(block[: marks[0]])
    drafts = [_Draft(heading, planned)]
    for position, mark in enumerate(marks):
        end = marks[position + 1] if position + 1 < len(marks) else len(block)
        done, rest = completed_entry(block[mark]) or ("", "")
        segment = block[mark + 1:end]
        if position + 1 < len(marks):
            remarks, heading_lines, planned = split_segment(block[mark], segment)
        else:
            remarks, heading_lines, planned = segment, [], []
        draft = drafts[-1]
        if draft.planned and dangles(draft.planned[-1].text):
            remarks = _take_back(draft, block[mark], remarks)
        draft.completions.append(_Completion(done, block[mark], rest, [block[mark], *remarks]))
        if planned:
            heading = squash(" ".join(x.stripped for x in heading_lines)) if heading_lines \
                else drafts[-1].heading
            drafts.append(_Draft(heading, planned))
        elif heading_lines:
            for stray in heading_lines:
                reading.unplaced(stray, section, "a service heading above a planned output")
    if not drafts[0].planned:
        reading.warning("completion-without-output", "a completed entry with no planned output "
                        "before it", block[marks[0]], section)
    return [draft.build() for draft in drafts]


def _planned_only(block: list[Line]) -> list[_Draft]:
    """Outputs without completed entries (a budget report): each starts where a
    line starts like an output after a line that can end."""
    heading, planned = _lead(block)
    drafts: list[_Draft] = []
    for index, line in enumerate(planned):
        if not drafts or _planned_start(planned, index):
            drafts.append(_Draft(heading, []))
        drafts[-1].planned.append(line)
    return drafts


def _lead(segment: list[Line]) -> tuple[str | None, list[Line]]:
    """The first planned output of a block, after its service heading if any."""
    end = _heading_end(segment, 0)
    if end:
        return squash(" ".join(line.stripped for line in segment[:end])), segment[end:]
    return None, segment


def split_segment(entry: Line,
                  segment: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """Remarks of the completed ``entry``, a service heading, the next planned output."""
    full = [entry, *segment]
    narrow = len(full)
    while narrow > 1 and len(full[narrow - 1].stripped) <= NARROW_MAX:
        narrow -= 1
    for start in range(narrow, len(full)):
        heading_end = _heading_end(full, start)
        if heading_end:
            return full[1:start], full[start:heading_end], full[heading_end:]
        if _planned_start(full, start):
            heading_start = _heading_before(full, narrow, start)
            return full[1:heading_start], full[heading_start:start], full[start:]
    return segment, [], []


def _planned_start(segment: Sequence[Line], start: int) -> bool:
    line = segment[start]
    text = line.stripped
    if not text or (start > 0 and dangles(segment[start - 1].text)):
        return False
    if text[0].isdigit():
        return not line.text[:1].isspace() and re.match(r"^\d[\d,]*\s+[a-z]", text) is not None \
            and not re.match(r"^(?:19|20)\d\d\b", text) and not _in_list(segment, start)
    if not text[0].isupper():
        return False
    word = re.sub(r"[^\w-]", "", first_word(text)).lower()
    if word in _NOT_OUTPUT:
        return False
    return word in _OUTPUT_WORDS or _NOMINAL.search(word) is not None


def _in_list(segment: Sequence[Line], index: int) -> bool:
    """An item of a remark's list (``134 litres ...`` / ``467 kg ...``): the line
    before or after it opens with a number too."""
    neighbours = [segment[i].stripped for i in (index - 1, index + 1) if 0 <= i < len(segment)]
    return any(text[:1].isdigit() for text in neighbours)


def _is_heading(lines: Sequence[Line]) -> bool:
    text = squash(" ".join(line.stripped for line in lines))
    if not text or len(text) > _HEADING_MAX or text.endswith((".", ":", ";", ",")):
        return False
    if not text[0].isupper():
        return False
    return text.split()[-1].lower() in _HEADING_ENDS or lines[-1].text.endswith("   ")


def _heading_end(segment: Sequence[Line], start: int) -> int:
    """End of a service heading starting at ``start`` and followed by a planned output."""
    if start > 0 and dangles(segment[start - 1].text):
        return 0
    for end in range(start + 1, min(start + 1 + _HEADING_LINES, len(segment))):
        if _is_heading(segment[start:end]) and _planned_start(segment, end):
            return end
    return 0


def _heading_before(segment: Sequence[Line], narrow: int, start: int) -> int:
    """A heading wrapped over lines just before the planned output
    (``Geospatial, information and telecommunications`` / ``technology services``)."""
    for first in range(start - 1, max(narrow, start - _HEADING_LINES) - 1, -1):
        opening = segment[first].stripped
        if opening[:1].isupper() and not (first > 0 and dangles(segment[first - 1].text)) \
                and _is_heading(segment[first:start]):
            return first
    return start


def _take_back(draft: _Draft, entry: Line, remarks: list[Line]) -> list[Line]:
    """Lines of a hanging planned output printed among the remarks: lower case,
    narrow, and not the wrapped tail of the line before (which would have had
    room for the first word)."""
    kept: list[Line] = []
    previous = entry.stripped
    taking = False
    for line in remarks:
        text = line.stripped
        hanging = dangles(draft.planned[-1].text)
        if not taking:
            room = len(previous) + 1 + len(first_word(text)) <= NARROW_MAX
            taking = hanging and text[:1].islower() and len(text) <= NARROW_MAX and room \
                and not dangles(previous)
        elif not (text[:1].islower() or hanging):
            taking = False
        (draft.planned if taking else kept).append(line)
        previous = text
    return kept
