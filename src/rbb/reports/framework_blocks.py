"""Results-based budgeting frameworks as blocks (docs/domain.md, "Results-based budgeting
frameworks").

Budget report: per expected accomplishment, the table "Expected accomplishment |
Indicators of achievement" and the list of outputs. Performance report: the
planned indicators beside the actual ones, and each planned output beside
"Completed" and "Remarks". The text is reproduced from the store as imported.
"""

from __future__ import annotations

from itertools import groupby

from rbb.model import Component, ExpectedAccomplishment, Indicator, Output

from .view import Block, Bullets, Cell, HeaderCell, Paragraph, Row, Subheading, Table


def component_heading(component: Component) -> str:
    """``Component 1: substantive``, or the name alone (executive direction and management)."""
    if component.number is None:
        return component.name
    return f"Component {component.number}: {component.name}"


def indicator_text(indicator: Indicator) -> str:
    """``1.1.1 Increase in ... (2023/24: 1,260; 2024/25: 930; 2025/26: 935)``."""
    values = "; ".join(f"{v.period.label}: {v.text}" for v in indicator.values)
    suffix = f" ({values})" if values else ""
    return f"{indicator.number} {indicator.text}{suffix}"


def budget_blocks(component: Component) -> list[Block]:
    """The framework of one component in a budget report, then its external factors."""
    blocks: list[Block] = []
    for accomplishment in component.expected_accomplishments:
        blocks.append(Table(
            key=f"framework_{accomplishment.number}",
            header=((HeaderCell("Expected accomplishment"),
                     HeaderCell("Indicators of achievement")),),
            rows=(Row((Cell(f"{accomplishment.number} {accomplishment.text}"),
                       Cell("\n".join(indicator_text(i) for i in accomplishment.indicators))),
                      source_line=accomplishment.source_line),),
            columns=("Expected accomplishment", "Indicators of achievement"),
            text=True, widths=(35, 65), source_line=accomplishment.source_line))
        blocks.extend(_output_lists(accomplishment))
    blocks.extend(_external_factors(component))
    return blocks


def _output_lists(accomplishment: ExpectedAccomplishment) -> list[Block]:
    if not accomplishment.outputs:
        return []
    blocks: list[Block] = [Subheading("Outputs", source_line=accomplishment.outputs[0].source_line)]
    for heading, outputs in groupby(accomplishment.outputs, key=lambda o: o.heading):
        items = list(outputs)
        blocks.append(Bullets(tuple(o.text for o in items), heading=heading,
                              source_line=items[0].source_line))
    return blocks


def _external_factors(component: Component) -> list[Block]:
    if not component.external_factors:
        return []
    return [Subheading("External factors"), Paragraph(component.external_factors)]


def performance_blocks(component: Component) -> list[Block]:
    """Planned against actual: indicators, then outputs with completion and remarks."""
    blocks: list[Block] = []
    for accomplishment in component.expected_accomplishments:
        blocks.append(Subheading(
            f"Expected accomplishment {accomplishment.number}: {accomplishment.text}",
            source_line=accomplishment.source_line))
        if accomplishment.indicators:
            blocks.append(Table(
                key=f"indicators_{accomplishment.number}",
                header=((HeaderCell("Planned indicators of achievement"),
                         HeaderCell("Actual indicators of achievement")),),
                rows=tuple(Row((Cell(indicator_text(i)), Cell(i.actual or "")),
                               source_line=i.source_line)
                           for i in accomplishment.indicators),
                columns=("Planned indicators of achievement",
                         "Actual indicators of achievement"),
                text=True, widths=(45, 55)))
        if accomplishment.outputs:
            blocks.append(_outputs_table(accomplishment))
    blocks.extend(_external_factors(component))
    return blocks


def _outputs_table(accomplishment: ExpectedAccomplishment) -> Table:
    rows: list[Row] = []
    heading: str | None = None
    for output in accomplishment.outputs:
        if output.heading and output.heading != heading:
            heading = output.heading
            rows.append(Row((Cell(heading, italic=True), Cell(""), Cell("")), kind="heading"))
        rows.append(_output_row(output))
    return Table(
        key=f"outputs_{accomplishment.number}",
        header=((HeaderCell("Planned outputs"),
                 HeaderCell("Completed (number or yes/no)"), HeaderCell("Remarks")),),
        rows=tuple(rows), columns=("Planned outputs", "Completed (number or yes/no)", "Remarks"),
        text=True, widths=(40, 14, 46))


def _output_row(output: Output) -> Row:
    return Row((Cell(output.text), Cell(output.completed or ""), Cell(output.remarks or "")),
               source_line=output.source_line)
