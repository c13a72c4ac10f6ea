"""Section I.D, results-based budgeting frameworks: per component its expected
accomplishments, their indicators of achievement (with a value per period),
the outputs (under service-area headings in support), the external factors,
and the component's human resources table (docs/domain.md, "Results-based
budgeting frameworks").

The conversion prints the expected-accomplishment header in several ways
(one tab row, two lines, ``*Expected accomplishment**Indicators of
achievement*``, or glued to ``Component 2: support``) and sometimes puts an
accomplishment and its indicators in one tab row as ``<p>`` items; all are read
the same way. Executive direction and management is a component without
accomplishments.

A performance report's frameworks print ``Expected accomplishment 1.1: ...``
above a table of planned indicators beside actual indicators
(``1.1.1 ... (2021/22: 500)<TAB>Achieved. 1,079 activities ...``) and a table
of planned outputs beside what was completed and remarks (``Preparation of 250
field reports<TAB>250<TAB>Field reports ...``); a row with no planned output is
another completed entry of the output above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, auto

from rbb.model.classes import snake_case
from rbb.model.cycle import Period
from rbb.model.frameworks import (
    Comparator,
    Component,
    ExpectedAccomplishment,
    Indicator,
    IndicatorValue,
    Output,
    OutputCompletion,
)

from ..cells import CellError, letters, parse_cell
from ..output_quantities import output_quantities
from ..performance_table_rules import completed_quantity
from ..reading import Parts, Reading
from ..source import Line
from .outline import Region
from .paragraphs import NUMBERED, ParagraphSink, is_subheading
from .staffing_sections import read_component_table
from .text import has_tab, next_nonblank, prose_text

_COMPONENT = re.compile(r"^Component\s+(?P<number>\d+)\s*:\s*(?P<name>[^*\t]+?)\s*(?P<rest>\*.*)?$")
_PERFORMANCE_EA = re.compile(
    r"^Expected accomplishment\s+(?P<number>\d+\.\d+)\s*:?\s*(?P<text>\S.*)$")
_EA = re.compile(r"^(?P<number>\d+\.\d+)\s+(?P<text>\S.*)$")
_INDICATOR = re.compile(r"^(?P<number>\d+\.\d+\.\d+)\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-–•·]\s+(?P<text>\S.*)$")
_TABLE = re.compile(r"^Table\s+\d+\s*$")
_P_ITEM = re.compile(r"<p>(.*?)</p>", re.S)
_VALUES_START = re.compile(r"\(\s*\d{4}/\d{2}\s*:")
_VALUE = re.compile(
    r"(?P<period>\d{4}/\d{2})\s*:\s*(?P<value>.*?)\s*(?=[;,]\s*\d{4}/\d{2}\s*:|$)")
_EA_HEADERS = frozenset({"expectedaccomplishment", "indicatorsofachievement",
                         "expectedaccomplishmentindicatorsofachievement",
                         "expectedaccomplishmentsindicatorsofachievement",
                         "plannedindicatorsofachievementactualindicatorsofachievement"})
_OUTPUTS_HEADER = re.compile(r"^plannedoutputs(?:completed.*)?(?:remarks)?$")
_EDM = "executivedirectionandmanagement"


class _Mode(Enum):
    NONE = auto()
    ACCOMPLISHMENTS = auto()
    OUTPUTS = auto()
    EXTERNAL = auto()


@dataclass
class _Accomplishment:
    number: str
    text: str
    line: int
    indicators: list[Indicator] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)


@dataclass
class _Component:
    key: str
    number: int | None
    name: str
    line: int
    accomplishments: list[_Accomplishment] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def build(self) -> Component:
        return Component(
            key=self.key, number=self.number, name=self.name, source_line=self.line,
            external_factors=" ".join(self.external) or None,
            expected_accomplishments=tuple(ExpectedAccomplishment(
                number=ea.number, text=ea.text, indicators=tuple(ea.indicators),
                outputs=tuple(ea.outputs), source_line=ea.line) for ea in self.accomplishments))


@dataclass
class _Reader:
    region: Region
    reading: Reading
    parts: Parts
    lines: list[Line]
    sink: ParagraphSink
    components: list[_Component] = field(default_factory=list)
    mode: _Mode = _Mode.NONE
    heading: str | None = None

    @property
    def section(self) -> str:
        return self.region.label

    @property
    def component(self) -> _Component | None:
        return self.components[-1] if self.components else None

    @property
    def accomplishment(self) -> _Accomplishment | None:
        component = self.component
        return component.accomplishments[-1] if component and component.accomplishments else None


def read_frameworks(region: Region, reading: Reading, parts: Parts) -> None:
    """Read every component of the region into ``parts``."""
    lines = list(region.lines)
    reader = _Reader(region, reading, parts, lines, ParagraphSink(region.label))
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.blank:
            index += 1
            continue
        if _TABLE.match(line.stripped):
            index = _staffing(reader, index)
            continue
        if not _structure(reader, index) and not reader.sink.take(line):
            if is_subheading(lines, index):
                reader.sink.close()
                reader.mode = _Mode.NONE
            else:
                reading.unplaced(line, region.label, "an expected accomplishment, indicator, "
                                 "output, external factor or numbered paragraph")
        index += 1
    parts.rows(lambda d: d.components).extend(c.build() for c in reader.components)
    parts.rows(lambda d: d.paragraphs).extend(reader.sink.paragraphs())


def _staffing(reader: _Reader, index: int) -> int:
    reader.sink.close()
    reader.mode = _Mode.NONE
    default = reader.component.key if reader.component else None
    read = read_component_table(reader.lines, index, default, reader.reading, reader.section)
    if read.table is not None:
        reader.parts.rows(lambda d: d.staffing_tables).append(read.table)
    reader.parts.rows(lambda d: d.civilian_cost_estimates).extend(read.costs)
    return max(read.end, index + 1)


def _structure(reader: _Reader, index: int) -> bool:
    """Place a framework line; False when it is prose (a paragraph or its continuation)."""
    line = reader.lines[index]
    text = prose_text(line.text)
    if match := _COMPONENT.match(line.stripped):
        _component(reader, line, match["name"], int(match["number"]))
        rest = match["rest"] or ""
        if rest and letters(rest) not in _EA_HEADERS:
            reader.reading.unplaced(line, reader.section, "the expected accomplishment header")
        reader.mode = _Mode.ACCOMPLISHMENTS if rest else _Mode.NONE
    elif letters(text) == _EDM and not has_tab(line):
        _component(reader, line, text, None)
    elif letters(text) in _EA_HEADERS:
        reader.mode = _Mode.ACCOMPLISHMENTS
    elif (match := _PERFORMANCE_EA.match(text)) and not has_tab(line):
        _accomplishment(reader, line, match["number"], match["text"])
    elif has_tab(line) and _EA.match(prose_text(line.text.split("\t")[0])):
        _accomplishment_row(reader, line)
    elif has_tab(line) and (match := _INDICATOR.match(prose_text(line.text.split("\t")[0]))):
        _indicator(reader, line, match["number"], match["text"],
                   actual=prose_text(" ".join(line.text.split("\t")[1:])))
    elif _OUTPUTS_HEADER.match(letters(text)):
        reader.mode, reader.heading = _Mode.OUTPUTS, None
    elif reader.mode is _Mode.OUTPUTS and has_tab(line):
        _output_row(reader, line)
    elif match := _INDICATOR.match(text):
        _indicator(reader, line, match["number"], match["text"])
    elif match := _EA.match(text):
        _accomplishment(reader, line, match["number"], match["text"])
    elif letters(text) == "outputs":
        reader.mode, reader.heading = _Mode.OUTPUTS, None
    elif letters(text) == "externalfactors":
        reader.mode = _Mode.EXTERNAL
    elif reader.mode is _Mode.OUTPUTS and (match := _BULLET.match(text)):
        _output(reader, line, match["text"])
    elif reader.mode is _Mode.OUTPUTS and _is_output_heading(reader.lines, index):
        reader.heading = text
    elif reader.mode is _Mode.EXTERNAL and not NUMBERED.match(text) and not has_tab(line):
        if reader.component is None:
            return False
        reader.component.external.append(text)
    else:
        return False
    reader.sink.close()
    return True


def _is_output_heading(lines: list[Line], index: int) -> bool:
    """``Fuel management services``: a short line followed by a bullet (or, in a
    performance report, by a row of planned output, completed and remarks)."""
    nxt = next_nonblank(lines, index + 1)
    return (is_subheading(lines, index) and nxt is not None
            and (_BULLET.match(prose_text(lines[nxt].text)) is not None
                 or has_tab(lines[nxt])))


def _component(reader: _Reader, line: Line, name: str, number: int | None) -> None:
    key = snake_case(name)
    for existing in reader.components:
        if existing.key == key:
            reader.reading.warning("duplicate-component", f"component {name!r} is printed "
                                   f"again (first at line {existing.line})", line, reader.section)
            reader.components.remove(existing)
            reader.components.append(existing)
            return
    reader.components.append(_Component(key, number, name.strip(), line.number))
    reader.mode = _Mode.NONE


def _accomplishment_row(reader: _Reader, line: Line) -> None:
    """``1.1 Progress towards ...<TAB><p>1.1.1 ...</p> <p>1.1.2 ...</p>``."""
    cells = line.text.split("\t")
    match = _EA.match(prose_text(cells[0]))
    if match is None:
        return
    _accomplishment(reader, line, match["number"], match["text"])
    for cell in cells[1:]:
        items = _P_ITEM.findall(cell) or [cell]
        for item in items:
            text = prose_text(item)
            if not text:
                continue
            if found := _INDICATOR.match(text):
                _indicator(reader, line, found["number"], found["text"])
            else:
                reader.reading.unplaced(line, reader.section,
                                        f"an indicator of achievement, found {text[:60]!r}")


def _accomplishment(reader: _Reader, line: Line, number: str, text: str) -> None:
    component = reader.component
    if component is None:
        reader.reading.unplaced(line, reader.section, "a component heading before this "
                                "expected accomplishment")
        return
    component.accomplishments.append(_Accomplishment(number, text, line.number))
    reader.mode = _Mode.ACCOMPLISHMENTS


def _indicator(reader: _Reader, line: Line, number: str, text: str,
               actual: str | None = None) -> None:
    accomplishment = reader.accomplishment
    if accomplishment is None or not number.startswith(f"{accomplishment.number}."):
        reader.reading.unplaced(line, reader.section, f"indicator {number} under its expected "
                                f"accomplishment {number.rsplit('.', 1)[0]}")
        return
    indicator = _read_indicator(number, text, line, reader)
    if actual:
        indicator = indicator.model_copy(update={"actual": actual})
    accomplishment.indicators.append(indicator)


def _read_indicator(number: str, text: str, line: Line, reader: _Reader) -> Indicator:
    """``Increase in ... (2023/24: 1,260; 2024/25: 930; 2025/26: 935)``: the text and
    its value per period, the last parenthesis that names periods."""
    starts = list(_VALUES_START.finditer(text))
    if not starts:
        reader.reading.warning("indicator-value", f"indicator {number} states no value per "
                               "period: expected (2024/25: ...; 2025/26: ...)", line,
                               reader.section)
        return Indicator(number=number, text=text, source_line=line.number)
    start = starts[-1].start()
    close = text.rfind(")")
    body = text[start + 1: close if close > start else len(text)]
    values = [value for match in _VALUE.finditer(body)
              if (value := _indicator_value(number, match, line, reader)) is not None]
    return Indicator(number=number, text=text[:start].strip(), values=tuple(values),
                     source_line=line.number)


def _indicator_value(number: str, match: re.Match[str], line: Line,
                     reader: _Reader) -> IndicatorValue | None:
    printed = match["value"].strip()
    try:
        period = Period.parse(match["period"])
        cell = parse_cell(printed)
    except (ValueError, CellError) as error:
        reader.reading.warning("indicator-value", f"indicator {number}: cannot read "
                               f"{match.group(0)!r} ({error})", line, reader.section)
        return None
    comparator = Comparator(cell.comparator) if cell.comparator else None
    return IndicatorValue(period=period, text=printed, value=cell.value, unit=cell.unit,
                          comparator=comparator, tolerance=cell.tolerance,
                          source_line=line.number)


def _output(reader: _Reader, line: Line, text: str) -> None:
    accomplishment = reader.accomplishment
    if accomplishment is None:
        reader.reading.unplaced(line, reader.section, "an expected accomplishment before "
                                "its outputs")
        return
    accomplishment.outputs.append(Output(text=text, heading=reader.heading,
                                         quantities=output_quantities(text, line.number),
                                         source_line=line.number))


def _output_row(reader: _Reader, line: Line) -> None:
    """``planned output<TAB>completed<TAB>remarks``; without a planned output, the row
    is a further completed entry of the output above (``330 Meetings``, ``847 Meetings``)."""
    cells = [prose_text(cell) for cell in line.text.split("\t")]
    planned, done = cells[0], cells[1] if len(cells) > 1 else ""
    remarks = " ".join(cell for cell in cells[2:] if cell) or None
    accomplishment = reader.accomplishment
    if accomplishment is None or not (planned or (done and accomplishment.outputs)):
        reader.reading.unplaced(line, reader.section, "a planned output, its completed entry "
                                "and remarks under an expected accomplishment")
        return
    if not planned:
        last = accomplishment.outputs[-1]
        completion = OutputCompletion(completed=done, completed_quantity=completed_quantity(done),
                                      remarks=remarks, source_line=line.number)
        accomplishment.outputs[-1] = last.model_copy(update={
            "further_completions": (*last.further_completions, completion)})
        return
    text = _BULLET.sub(r"\g<text>", planned)
    accomplishment.outputs.append(Output(
        text=text, heading=reader.heading, quantities=output_quantities(text, line.number),
        completed=done or None, completed_quantity=completed_quantity(done) if done else None,
        completed_source_line=line.number if done else None, remarks=remarks,
        source_line=line.number))
