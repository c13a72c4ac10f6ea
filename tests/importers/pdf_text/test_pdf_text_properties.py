"""Property tests: the seed with lines dropped, duplicated, swapped or numbers
corrupted. parse never raises; the result is storable or says where it is not."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbb.importers import ImportResult, import_text
from rbb.model.facts import document_facts

from .seed import seed_document, seed_lines

_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
_WHOLE_FILE_CODES = {"missing-section", "input"}

printed = [number for number, text in enumerate(seed_lines(), start=1) if text.strip()]


_NUMBER = re.compile(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<!\S)[–—](?!\S)")


@cache
def _table_fact_positions() -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Lines carrying a fact of a table or an indicator value (not framework prose),
    with the positions of the characters that print those facts."""
    values: dict[int, set[Decimal]] = {}
    for fact in document_facts(seed_document()):
        if fact.source_line and fact.value is not None and (
                fact.section != "frameworks" or fact.row.startswith("indicator")):
            scale = 1000 if fact.section == "general_assembly_actions" else 1
            values.setdefault(fact.source_line, set()).add(abs(fact.value) * scale)
    found = []
    for number, wanted in sorted(values.items()):
        text = seed_lines()[number - 1]
        positions = tuple(
            index for match in _NUMBER.finditer(text)
            if _value(match.group(0)) in wanted
            for index in range(match.start(), match.end()) if text[index] not in " ,.")
        if positions:
            found.append((number, positions))
    return tuple(found)


def _value(printed: str) -> Decimal:
    return Decimal(0) if printed in "–—" else Decimal(printed.replace(" ", "").replace(",", ""))


def _check(result: ImportResult) -> None:
    assert all(d.code != "internal" for d in result.diagnostics), result.diagnostics
    assert result.document is not None or result.diagnostics
    if result.incomplete:  # an excerpt: its coverage says what the text lacks
        assert result.document is not None and result.document.coverage is not None
        assert result.document.coverage.listing() != "nothing missing"
    if not result.ok(strict=True, partial=True):
        assert result.diagnostics
    for diagnostic in result.diagnostics:
        assert diagnostic.file == "mutated.txt"
        assert diagnostic.line is not None or diagnostic.code in _WHOLE_FILE_CODES


def _import(lines: list[str]) -> ImportResult:
    return import_text("\n".join(lines), name="mutated.txt")


@_SETTINGS
@given(st.lists(st.sampled_from(printed), min_size=1, max_size=15, unique=True))
def test_dropping_lines(dropped: list[int]) -> None:
    lines = [t for n, t in enumerate(seed_lines(), start=1) if n not in set(dropped)]
    _check(_import(lines))


@_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(printed), st.sampled_from(printed)),
                min_size=1, max_size=10))
def test_duplicating_and_moving_lines(moves: list[tuple[int, int]]) -> None:
    lines = list(seed_lines())
    for source, target in moves:
        lines.insert(target - 1, lines[source - 1])
    _check(_import(lines))


@_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(printed), st.sampled_from(printed)),
                min_size=1, max_size=10))
def test_swapping_lines(swaps: list[tuple[int, int]]) -> None:
    lines = list(seed_lines())
    for a, b in swaps:
        lines[a - 1], lines[b - 1] = lines[b - 1], lines[a - 1]
    _check(_import(lines))


@_SETTINGS
@given(st.integers(min_value=1, max_value=len(seed_lines())))
def test_truncating(keep: int) -> None:
    _check(_import(seed_lines()[:keep]))


@_SETTINGS
@given(st.data())
def test_a_corrupt_number_in_a_table_is_reported_on_its_line(data: st.DataObject) -> None:
    number, positions = data.draw(st.sampled_from(_table_fact_positions()))
    text = seed_lines()[number - 1]
    position = data.draw(st.sampled_from(positions))
    junk = data.draw(st.sampled_from("xO?#"))
    lines = list(seed_lines())
    lines[number - 1] = text[:position] + junk + text[position + 1:]
    result = _import(lines)
    _check(result)
    assert not result.ok(strict=True)
    assert any(d.line == number for d in result.diagnostics), (text, lines[number - 1])
