"""The quantities an output states, and the numbers that only identify
(``rbb.importers.output_quantities``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.importers.output_quantities import output_quantities


def _read(text: str) -> list[tuple[Decimal, str]]:
    return [(q.value, q.text) for q in output_quantities(text, 7)]


@pytest.mark.parametrize(("output", "expected"), [
    ("Preparation and electronic distribution of 250 field reports by UNMIK",
     [("250", "250 field reports")]),
    ("Management of supply and storage of 202,500 litres of fuel (70,000 litres for ground "
     "transportation)", [("202500", "202,500 litres"), ("70000", "70,000 litres")]),
    ("Provision of budget, finance and accounting services for a budget of $46.0 million, in "
     "line with delegated authority", [("46.0", "$46.0 million")]),
    ("Solidified confidence ... through four quick-impact projects",
     [("4", "four quick-impact projects")]),
    ("media monitoring newsletters twice a day, 5 days a week", [("5", "5 days")]),
])
def test_counts_and_amounts_are_quantities(output: str, expected: list[tuple[str, str]]) -> None:
    assert _read(output) == [(Decimal(value), text) for value, text in expected]


@pytest.mark.parametrize("output", [
    "support the implementation of Sustainable Development Goal 16 on peace",
    "targets proposed in the United Nations Secretariat climate action plan 2020–2030",
    "a continuation of ISO 14001:2015 environmental management systems certification",
    "in accordance with General Assembly resolution 78/302 and document A/78/744/Add.7",
    "pursuant to Security Council resolution 1244 (1999)",
    "for levels P-3 to D-1 and FS-3 to FS-7",
    "effective 1 January 2025, as set out in para. 17",
    "during the 2025/26 period, in the areas listed under (1) and (2)",
    "one of the priorities",
])
def test_identifiers_are_not_quantities(output: str) -> None:
    assert _read(output) == []


def test_each_quantity_keeps_the_line_it_is_printed_on() -> None:
    (quantity,) = output_quantities("Operation and maintenance of 13 generators", 409)
    assert (quantity.value, quantity.source_line) == (Decimal(13), 409)
