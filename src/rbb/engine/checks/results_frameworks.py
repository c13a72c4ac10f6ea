"""Results-based budgeting frameworks (section I.D of a budget report, II.E of a
performance report): indicator periods, numbering, and the expected accomplishments
that programmatic activities name (docs/domain.md, "Results-based budgeting frameworks").
"""

from __future__ import annotations

from collections.abc import Iterator

from rbb.model import Component, Document, Finding, Period

from .comparison import Where, error

SECTION = "Results-based budgeting frameworks"


def check_indicator_periods(document: Document) -> Iterator[Finding]:
    for component in document.components:
        yield from _periods(document, component)


def check_numbering(document: Document) -> Iterator[Finding]:
    for component in document.components:
        yield from _numbering(document, component)


def allowed_periods(period: Period) -> tuple[Period, ...]:
    """Both reports print an indicator for the period and the two before it
    (budget 2025/26: 2023/24 actual, 2024/25 planned, 2025/26 target)."""
    return (period.shifted(-2), period.previous, period)


def _periods(document: Document, component: Component) -> Iterator[Finding]:
    allowed = allowed_periods(document.period)
    base = Where.of(document, section=SECTION, table=f"component {component.key}")
    for ea in component.expected_accomplishments:
        for indicator in ea.indicators:
            where = base.at(row=f"indicator {indicator.number}",
                            source_line=indicator.source_line)
            labels = [value.period for value in indicator.values]
            for value in indicator.values:
                if value.period not in allowed:
                    yield error(
                        "frameworks.indicator-period",
                        f"indicator {indicator.number} gives a value for {value.period}, "
                        f"outside the periods of a {document.period} report "
                        f"({', '.join(p.label for p in allowed)})",
                        where.at(column=value.period.label,
                                 source_line=value.source_line or indicator.source_line))
            if labels != sorted(labels) or len(set(labels)) != len(labels):
                yield error(
                    "frameworks.indicator-period",
                    f"indicator {indicator.number} lists its periods out of order or twice: "
                    f"{', '.join(p.label for p in labels)}", where)


def _number(text: str) -> tuple[int, ...] | None:
    parts = text.strip().rstrip(".").split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _numbering(document: Document, component: Component) -> Iterator[Finding]:
    table = f"component {component.key}"
    expected_ea = 1
    for ea in component.expected_accomplishments:
        number = _number(ea.number)
        where = Where.of(document, section=SECTION, table=table,
                         row=f"expected accomplishment {ea.number}", source_line=ea.source_line)
        if number is None or len(number) != 2:
            yield error("frameworks.numbering",
                         f"expected accomplishment {ea.number!r} is not numbered like 1.1", where)
            continue
        if component.number is not None and number[0] != component.number:
            yield error("frameworks.numbering",
                         f"expected accomplishment {ea.number} sits in component "
                         f"{component.number}", where)
        if number[1] != expected_ea:
            yield error("frameworks.numbering",
                         f"expected accomplishment {ea.number} follows "
                         f"{number[0]}.{expected_ea - 1}; {number[0]}.{expected_ea} was "
                         "expected", where)
        expected_ea = number[1] + 1
        yield from _indicator_numbering(document, table, ea.number, number, [
            (i.number, i.source_line) for i in ea.indicators])


def _indicator_numbering(document: Document, table: str, ea_text: str, ea: tuple[int, ...],
                         indicators: list[tuple[str, int | None]]) -> Iterator[Finding]:
    expected = 1
    for text, line in indicators:
        number = _number(text)
        where = Where.of(document, section=SECTION, table=table, row=f"indicator {text}",
                         source_line=line)
        if number is None or len(number) != 3 or number[:2] != ea:
            yield error("frameworks.numbering",
                         f"indicator {text!r} does not belong to expected accomplishment "
                         f"{ea_text}", where)
            continue
        if number[2] != expected:
            yield error("frameworks.numbering",
                         f"indicator {text} follows {ea_text}.{expected - 1}; "
                         f"{ea_text}.{expected} was expected", where)
        expected = number[2] + 1


def check_linked_accomplishments(document: Document) -> Iterator[Finding]:
    known = {
        ".".join(str(n) for n in number)
        for component in document.components
        for ea in component.expected_accomplishments
        if (number := _number(ea.number)) is not None
    }
    if not known:
        return
    for activity in document.programmatic_activities:
        for linked in activity.expected_accomplishments:
            number = _number(linked)
            label = ".".join(str(n) for n in number) if number else linked
            if label in known:
                continue
            yield error(
                "frameworks.linked-accomplishment",
                f"programmatic activity {activity.description!r} serves expected "
                f"accomplishment {linked}, which the frameworks do not contain "
                f"({', '.join(sorted(known))})",
                Where.of(document, section="Programmatic activities",
                         table="programmatic_activities", row=activity.description,
                         column="expected_accomplishments", source_line=activity.source_line))
