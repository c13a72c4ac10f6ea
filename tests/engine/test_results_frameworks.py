"""Results-based budgeting frameworks: indicator periods, numbering, linked expected
accomplishments."""

from __future__ import annotations

from decimal import Decimal

from rbb.engine.checks import results_frameworks
from rbb.model import Component, ExpectedAccomplishment, Indicator, IndicatorValue, Period, Stage
from rbb.model.tables import ProgrammaticActivity

from .builders import document, run


def _indicator(number: str, *periods: str) -> Indicator:
    return Indicator(
        number=number,
        text="Increase in ...",
        values=tuple(
            IndicatorValue(period=Period.parse(p), text="1", value=Decimal(1)) for p in periods
        ),
    )


def _component(*accomplishments: ExpectedAccomplishment, number: int = 1) -> Component:
    return Component(
        key="substantive",
        number=number,
        name="substantive",
        expected_accomplishments=accomplishments,
    )


def test_indicator_periods_fit_the_report() -> None:
    ea = ExpectedAccomplishment(
        number="1.1",
        text="Progress ...",
        indicators=(
            _indicator("1.1.1", "2023/24", "2024/25", "2025/26"),
            _indicator("1.1.2", "2024/25", "2025/26"),
        ),
    )
    assert run(results_frameworks, document(components=(_component(ea),))) == []
    ea = ea.model_copy(
        update={
            "indicators": (
                _indicator("1.1.1", "2022/23", "2024/25", "2025/26"),
                _indicator("1.1.2", "2025/26", "2024/25"),
            )
        }
    )
    findings = run(results_frameworks, document(components=(_component(ea),)))
    assert [(f.code, f.row, f.column) for f in findings] == [
        ("frameworks.indicator-period", "indicator 1.1.1", "2022/23"),
        ("frameworks.indicator-period", "indicator 1.1.2", None),
    ]


def test_numbering_complete_and_in_order() -> None:
    eas = (
        ExpectedAccomplishment(
            number="1.1", text="...", indicators=(_indicator("1.1.1"), _indicator("1.1.2"))
        ),
        ExpectedAccomplishment(
            number="1.2", text="...", indicators=(_indicator("1.2.1"), _indicator("1.2.3"))
        ),
        ExpectedAccomplishment(number="2.4", text="..."),
    )
    findings = run(results_frameworks, document(components=(_component(*eas),)))
    assert [(f.code, f.row) for f in findings] == [
        ("frameworks.numbering", "expected accomplishment 2.4"),
        ("frameworks.numbering", "expected accomplishment 2.4"),
        ("frameworks.numbering", "indicator 1.2.3"),
    ]
    # "2.1.4." (with a trailing full stop, as the performance report prints it) is 2.1.4.
    ea = ExpectedAccomplishment(
        number="2.1",
        text="...",
        indicators=(
            _indicator("2.1.1"),
            _indicator("2.1.2."),
        ),
    )
    assert run(results_frameworks, document(components=(_component(ea, number=2),))) == []


def test_programmatic_activities_serve_existing_accomplishments() -> None:
    component = _component(
        ExpectedAccomplishment(number="1.1", text="..."),
        ExpectedAccomplishment(number="1.2", text="..."),
    )
    activities = (
        ProgrammaticActivity(
            description="Youth, peace and security",
            amount=Decimal("100.0"),
            stage=Stage.COST_ESTIMATES,
            expected_accomplishments=("1.1", "1.3"),
        ),
    )
    findings = run(
        results_frameworks, document(components=(component,), programmatic_activities=activities)
    )
    assert [(f.code, f.row) for f in findings] == [
        ("frameworks.linked-accomplishment", "Youth, peace and security")
    ]
