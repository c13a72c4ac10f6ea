"""Section II.E: the results-based budgeting frameworks, by component.

The extraction prints a framework table cell by cell: a planned indicator
(the narrow left column, ending with its values ``(2019/20: 754; 2020/21:
860; 2021/22: 500)``) and then the actual indicator beside it; a planned
output and then its completed entry and remarks (see ``outputs``). Each
component opens with numbered paragraphs before its first expected
accomplishment ("42. UNMIK continued to work towards ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rbb.model import Comparator, Component, ExpectedAccomplishment, Indicator, IndicatorValue
from rbb.model.classes import snake_case
from rbb.model.frameworks import Output

from ..cells import Cell, CellError, parse_cell
from ..reading import Parts, Reading
from ..source import Line
from .layout import NARROW_MAX, Joined, join, squash
from .outline import Section
from .outputs import OUTPUTS_HEADER, read_outputs
from .paragraphs import read_prose

COMPONENT = re.compile(r"^\s*Component\s+(?P<number>\d+)\s*:\s*(?P<name>\S.*?)\s*$")
ACCOMPLISHMENT = re.compile(
    r"^\s*Expected accomplishment\s+(?P<number>\d+\.\d+)\s*:?\s*(?P<text>.*?)\s*$")
INDICATORS_HEADER = re.compile(
    r"^\s*(?:Planned indicators of achievement|Indicators of achievement)\b")
INDICATOR = re.compile(r"^\s*(?P<number>\d+\.\d+\.\d+)\.?\s+(?P<text>\S.*)$")
_VALUES = re.compile(r"\((?P<body>[^()]*\b(?:19|20)\d\d/\d\d\s*:[^()]*)\)\s*$")
_VALUE = re.compile(r"\s*(?P<period>(?:19|20)\d\d/\d\d)\s*:\s*(?P<text>[^;]*)")
_LEADING_NUMBER = re.compile(
    r"^(?P<cmp>[≥≤<>])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<unit>per cent|%)?(?=\s+[A-Za-z][A-Za-z\s-]*$)")


@dataclass
class _Component:
    number: int | None
    name: str
    line: Line
    accomplishments: list[ExpectedAccomplishment] = field(default_factory=list)

    def build(self) -> Component:
        return Component(key=snake_case(self.name), number=self.number, name=self.name,
                         expected_accomplishments=tuple(self.accomplishments),
                         source_line=self.line.number)


def read_frameworks(section: Section, reading: Reading, parts: Parts) -> None:
    lines = section.body
    components = parts.rows(lambda d: d.components)
    paragraphs = parts.rows(lambda d: d.paragraphs)
    current: _Component | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        component = COMPONENT.match(line.text)
        if component:
            if current is not None:
                components.append(current.build())
            current = _Component(int(component["number"]), component["name"], line)
            index += 1
            continue
        end = _next_structure(lines, index + 1)
        if ACCOMPLISHMENT.match(line.text):
            accomplishment = _accomplishment(lines[index:end], section.code, reading)
            if current is None:
                reading.warning("accomplishment-without-component", "an expected accomplishment "
                                "before any 'Component N: ...' heading", line, section.code)
                current = _Component(None, "unnamed", line)
            current.accomplishments.append(accomplishment)
        elif current is not None and current.accomplishments:
            for stray in lines[index:end]:
                reading.unplaced(stray, section.code, "an expected accomplishment, its "
                                 "indicators or its outputs")
        else:
            paragraphs.extend(read_prose(lines[index:end], section.code, reading))
        index = end
    if current is not None:
        components.append(current.build())


def _next_structure(lines: Sequence[Line], index: int) -> int:
    while index < len(lines) and not (COMPONENT.match(lines[index].text)
                                      or ACCOMPLISHMENT.match(lines[index].text)):
        index += 1
    return index


def _accomplishment(lines: Sequence[Line], section: str,
                    reading: Reading) -> ExpectedAccomplishment:
    head = ACCOMPLISHMENT.match(lines[0].text)
    assert head is not None
    number = head["number"]
    indicators_at = _find(lines, INDICATORS_HEADER, 1)
    outputs_at = _find(lines, OUTPUTS_HEADER, 1)
    title_end = min(indicators_at, outputs_at)
    title = squash(" ".join([head["text"]] + [line.stripped for line in lines[1:title_end]]))
    indicators: list[Indicator] = []
    outputs: list[Output] = []
    if indicators_at < len(lines):
        indicators = _indicators(lines[indicators_at + 1:outputs_at], number, section, reading)
    else:
        reading.warning("no-indicators", f"expected accomplishment {number}: no 'Planned "
                        "indicators of achievement' header", lines[0], section)
    if outputs_at < len(lines):
        outputs = read_outputs(lines[outputs_at:], section, reading)
    return ExpectedAccomplishment(number=number, text=title, indicators=tuple(indicators),
                                  outputs=tuple(outputs), source_line=lines[0].number)


def _find(lines: Sequence[Line], pattern: re.Pattern[str], start: int) -> int:
    for index in range(start, len(lines)):
        if pattern.match(lines[index].text):
            return index
    return len(lines)


def _indicators(lines: Sequence[Line], accomplishment: str, section: str,
                reading: Reading) -> list[Indicator]:
    starts = [index for index, line in enumerate(lines)
              if (match := INDICATOR.match(line.text))
              and match["number"].startswith(f"{accomplishment}.")]
    for stray in lines[: starts[0] if starts else len(lines)]:
        reading.unplaced(stray, section, f"an indicator of expected accomplishment "
                         f"{accomplishment}")
    indicators = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        indicators.append(_indicator(lines[start:end], reading, section))
    return indicators


def _indicator(lines: Sequence[Line], reading: Reading, section: str) -> Indicator:
    """The planned cell ends with the line that closes its values; the rest is
    the actual indicator. Without values, the planned cell is the run of
    narrow lines."""
    head = INDICATOR.match(lines[0].text)
    assert head is not None
    planned_end = _planned_end(lines, head["text"])
    planned = join(lines[:planned_end], first=head["text"])
    actual = join(lines[planned_end:], bullets=True)
    values_match = _VALUES.search(planned.text)
    text = planned.text[: values_match.start()] if values_match else planned.text
    values = _values(planned, values_match, reading, section, lines) if values_match else []
    return Indicator(number=head["number"], text=text.strip(), values=tuple(values),
                     actual=actual.text or None, source_line=lines[0].number)


def _planned_end(lines: Sequence[Line], first: str) -> int:
    text = ""
    for index, line in enumerate(lines):
        text = f"{text} {first if index == 0 else line.stripped}"
        if _VALUES.search(text):
            return index + 1
    index = 1
    while index < len(lines) and len(lines[index].stripped) <= NARROW_MAX:
        index += 1
    return index


def _values(planned: Joined, match: re.Match[str], reading: Reading, section: str,
            lines: Sequence[Line]) -> list[IndicatorValue]:
    """``2019/20: 754; 2020/21: 860; 2021/22: 500``: each value keeps the line its
    number is printed on, which may follow the period's line."""
    by_number = {line.number: line for line in lines}
    values = []
    offset = match.start("body")
    for chunk in match["body"].split(";"):
        part = _VALUE.fullmatch(chunk)
        start, offset = offset, offset + len(chunk) + 1
        if part is None:
            reading.error("indicator-value", f"indicator {lines[0].stripped.split()[0]}: expected "
                          f"'YYYY/YY: value', found '{squash(chunk)}'",
                          by_number.get(planned.line_at(start + len(chunk) - len(chunk.lstrip())),
                                        lines[0]), section)
            continue
        printed = squash(part["text"])
        digit = re.search(r"\d", part["text"])
        at = start + (part.start("text") + digit.start() if digit else part.start("period"))
        line = by_number.get(planned.line_at(at), lines[0])
        cell = _cell(printed)
        if cell is None and digit:
            reading.error("bad-number", f"indicator {lines[0].stripped.split()[0]}, "
                          f"{part['period']}: expected a value such as 754, ≥ 44 per cent or "
                          f"not applicable, found '{printed}'", line, section)
        values.append(IndicatorValue(
            period=part["period"], text=printed, value=None if cell is None else cell.value,
            unit=None if cell is None else cell.unit,
            comparator=None if cell is None or cell.comparator is None
            else Comparator(cell.comparator),
            tolerance=None if cell is None else cell.tolerance, source_line=line.number))
    return values


def _cell(printed: str) -> Cell | None:
    """An indicator value: ``≥ 44 per cent``, ``10.0 per cent ± 3 per cent``,
    ``not applicable``; a number followed by words keeps the number."""
    try:
        return parse_cell(printed)
    except CellError:
        match = _LEADING_NUMBER.match(printed)
        if match is None:
            return None
        try:
            return parse_cell(match.group(0))
        except CellError:
            return None
