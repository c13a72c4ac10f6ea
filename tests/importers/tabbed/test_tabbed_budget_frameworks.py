"""Results-based budgeting frameworks of the UNMIK 2025/26 budget report (I.D)."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Comparator, Component, Document, Indicator, Period

D = Decimal


def _component(budget: Document, key: str) -> Component:
    (component,) = [c for c in budget.components if c.key == key]
    return component


def _indicator(budget: Document, number: str) -> Indicator:
    return next(i for c in budget.components for ea in c.expected_accomplishments
                for i in ea.indicators if i.number == number)


def test_components_in_order(budget: Document) -> None:
    assert [(c.key, c.number, c.source_line) for c in budget.components] == [
        ("executive_direction_and_management", None, 165), ("substantive", 1, 208),
        ("support", 2, 365)]
    assert _component(budget, "executive_direction_and_management").expected_accomplishments == ()


def test_counts_of_accomplishments_indicators_and_outputs(budget: Document) -> None:
    counts = {ea.number: (len(ea.indicators), len(ea.outputs))
              for c in budget.components for ea in c.expected_accomplishments}
    assert counts == {"1.1": (2, 15), "1.2": (2, 6), "1.3": (3, 8), "2.1": (8, 22)}


def test_accomplishment_and_p_tagged_indicators_in_one_tab_row(budget: Document) -> None:
    """Line 211: ``1.1 Progress towards ...<TAB><p>1.1.1 Increase ... (2023/24: 1,260;
    2024/25: 930; 2025/26: 935)</p> <p>1.1.2 ... (2024/25: n/a, 2025/26: 15)</p>``."""
    ea = _component(budget, "substantive").expected_accomplishments[0]
    assert (ea.number, ea.source_line) == ("1.1", 211)
    assert ea.text == "Progress towards reconciliation and integration of all communities in Kosovo"
    first, second = ea.indicators
    assert first.text.endswith("integration in municipalities throughout Kosovo")
    assert [(v.period, v.value, v.source_line) for v in first.values] == [
        (Period(2023), D(1260), 211), (Period(2024), D(930), 211), (Period(2025), D(935), 211)]
    assert [(v.period, v.text, v.value) for v in second.values] == [
        (Period(2024), "n/a", None), (Period(2025), "15", D(15))]


def test_indicator_values_with_units_and_comparators(budget: Document) -> None:
    """``2.1.2 ... (2023/24: 40.8 per cent; 2024/25: ≥ 44 per cent; 2025/26: ≥ 44 per cent)``,
    ``2.1.3 ... (2023/24: 102; 2024/25: ≤ 48; 2025/26: ≤ 48)``."""
    female = _indicator(budget, "2.1.2")
    assert [(v.value, v.unit, v.comparator) for v in female.values] == [
        (D("40.8"), "per cent", None), (D(44), "per cent", Comparator.AT_LEAST),
        (D(44), "per cent", Comparator.AT_LEAST)]
    assert female.source_line == 371
    roster = _indicator(budget, "2.1.3")
    assert [(v.value, v.unit, v.comparator) for v in roster.values] == [
        (D(102), None, None), (D(48), None, Comparator.AT_MOST), (D(48), None, Comparator.AT_MOST)]


def test_latex_comparators_are_read(budget: Document) -> None:
    """Line 383: ``(2023/24: 2,000; 2024/25: $\\geq 2,000$; 2025/26: $\\geq 1,900$)``."""
    index = _indicator(budget, "2.1.8")
    assert [(v.text, v.value, v.comparator) for v in index.values] == [
        ("2,000", D(2000), None), ("≥ 2,000", D(2000), Comparator.AT_LEAST),
        ("≥ 1,900", D(1900), Comparator.AT_LEAST)]
    assert all(v.source_line == 383 for v in index.values)


def test_accomplishment_header_variants(budget: Document) -> None:
    """1.2 follows ``*Expected accomplishment**Indicators of achievement*`` (line 232), 1.3 the
    two-line header (249, 251), 2.1 the header glued to ``Component 2: support`` (365)."""
    numbers = [(ea.number, ea.source_line) for c in budget.components
               for ea in c.expected_accomplishments]
    assert numbers == [("1.1", 211), ("1.2", 234), ("1.3", 253), ("2.1", 367)]
    assert _indicator(budget, "1.3.2").values[0].value == D(266183)


def test_outputs_with_their_quantities(budget: Document) -> None:
    """Line 217: ``- Preparation and electronic distribution of 250 field reports by UNMIK``."""
    outputs = _component(budget, "substantive").expected_accomplishments[0].outputs
    reports = outputs[2]
    assert reports.source_line == 217
    assert [(q.value, q.text, q.source_line) for q in reports.quantities] == [
        (D(250), "250 field reports", 217)]
    assert outputs[0].quantities == ()  # "daily meetings": no number is stated
    assert [q.text for q in outputs[-1].quantities] == ["four quick-impact projects"]


def test_support_outputs_under_service_area_headings(budget: Document) -> None:
    """``Fuel management services`` / ``- Management of supply and storage of 202,500 litres of
    fuel (70,000 litres for ground transportation, ...) ... covering 8 points in 4 locations``."""
    outputs = _component(budget, "support").expected_accomplishments[0].outputs
    fuel = next(o for o in outputs if o.heading == "Fuel management services")
    assert [q.value for q in fuel.quantities] == [D(202500), D(70000), D(69000), D(63000),
                                                   D(500), D(8), D(4)]
    assert fuel.quantities[0].text == "202,500 litres"
    finance = "Budget, finance and reporting services"
    budget_output = next(o for o in outputs if o.heading == finance)
    assert [(q.value, q.text) for q in budget_output.quantities] == [(D("46.0"), "$46.0 million")]
    headings = list(dict.fromkeys(o.heading for o in outputs))
    assert headings[:2] == ["Service improvements", "Budget, finance and reporting services"]
    assert len(headings) == 11


def test_identifiers_are_not_quantities(budget: Document) -> None:
    """``Sustainable Development Goal 16`` (line 263), ``climate action plan 2020–2030`` and
    ``ISO 14001:2015`` (line 403) identify; only ``20 meetings`` counts."""
    outputs = [o for c in budget.components for ea in c.expected_accomplishments
               for o in ea.outputs]
    goal = next(o for o in outputs if o.source_line == 263)
    assert [q.value for q in goal.quantities] == [D(20)]
    climate = next(o for o in outputs if o.source_line == 403)
    assert climate.quantities == ()


def test_external_factors(budget: Document) -> None:
    assert _component(budget, "substantive").external_factors == (
        "The regional security environment will remain calm. EULEX, OSCE and KFOR will "
        "continue to provide support.")
    assert _component(budget, "support").external_factors is not None
