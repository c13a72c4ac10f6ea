"""Costing results as plain data: what ``--format json`` prints and the REST API returns.

One shape for both interfaces (datasette's rule: JSON and HTML from the same
view data). Amounts are exact decimal strings in thousands of dollars, the
way the data format writes them; ``printed`` fields are rounded to 0.1 as the
tables print them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from rbb.costing import (
    Attribution,
    Calibration,
    ClassAttribution,
    Comparison,
    Draft,
    PeriodCost,
)
from rbb.costing.exact import to_decimal

from .scenario_service import ScenarioView


def text(value: Decimal | Fraction | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = to_decimal(value)
    return format(value, "f")


def calibration_data(calibration: Calibration) -> dict[str, Any]:
    drivers = calibration.drivers
    return {
        "mission": drivers.mission, "period": drivers.period.label,
        "base_period": drivers.base_period.label,
        "all_reproduced": calibration.all_reproduced,
        "rows": [{
            "line": r.line, "period": r.period.label, "method": r.method,
            "published": text(r.published), "source_line": r.source_line,
            "full_time_equivalents": text(r.full_time_equivalents),
            "currency": r.currency, "exchange_rate": text(r.exchange_rate),
            "unit_cost": text(r.unit_cost), "modelled": text(r.modelled),
            "reproduced": text(r.reproduced), "matches": r.matches,
        } for r in calibration.rows],
    }


def cost_data(cost: PeriodCost) -> dict[str, Any]:
    return {
        "mission": cost.mission, "period": cost.period.label,
        "classes": [{
            "line": c.line, "label": c.label, "kind": c.kind, "formula": c.formula,
            "amount": text(c.amount), "exact": text(c.exact),
            "inputs": [{"name": s.name, "value": text(s.value), "unit": s.unit,
                        "source": s.provenance} for s in c.sources],
        } for c in cost.classes.values()],
        "lines": {line: text(amount) for line, amount in cost.lines.items()},
        "staff_assessment_source": cost.staff_assessment_source,
    }


def class_attribution_data(found: ClassAttribution) -> dict[str, Any]:
    return {
        "line": found.line, "label": found.label, "before": text(found.before),
        "after": text(found.after), "variance": text(found.variance),
        "variance_source_line": found.variance_source_line,
        "computed": text(found.computed), "residual": text(found.residual),
        "parts": [{"factor": p.factor, "label": p.label, "amount": text(p.amount),
                   "exact": text(p.exact), "before": p.before, "after": p.after}
                  for p in found.parts],
        "adds_up": found.check(),
    }


def attribution_data(attribution: Attribution) -> dict[str, Any]:
    return {
        "mission": attribution.mission, "before": attribution.before_label,
        "after": attribution.after_label,
        "method": "exact Shapley value over the drivers of each class; parts rounded to 0.1 "
                  "by largest remainder; residual = printed variance − modelled variance",
        "classes": [class_attribution_data(c) for c in attribution.classes],
        "totals": {k: text(v) for k, v in attribution.totals().items()},
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    return {
        "mission": comparison.mission, "period": comparison.period.label,
        "base": comparison.base_label, "scenario": comparison.scenario_label,
        "lines": [{"line": c.line, "label": c.label, "kind": c.kind, "base": text(c.base),
                   "scenario": text(c.scenario), "change": text(c.change)}
                  for c in comparison.lines],
        "attribution": [class_attribution_data(c) for c in comparison.attribution.classes
                        if c.variance or any(p.amount for p in c.parts)],
    }


def scenario_data(view: ScenarioView) -> dict[str, Any]:
    row = view.scenario
    return {
        "name": row.name, "base": str(view.base), "description": row.description,
        "edits": [{"key": e.key, "value": e.value} for e in view.edits],
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
        "comparison": comparison_data(view.comparison),
    }


def draft_data(draft: Draft) -> dict[str, Any]:
    document = draft.document
    return {
        "document": str(document.key), "draft": document.draft, "notes": list(draft.notes),
        "total_requirements": text(next(
            (r.values.get(f"cost_estimates_{document.period.label.replace('/', '_')}")
             for r in document.financial_tables[-1].rows if r.line == "total_requirements"),
            None)),
        "variance_explanations": [{
            "line": e.line, "amount": text(e.amount), "percentage": text(e.percentage),
            "paragraphs": [{"number": p.number, "text": p.text,
                            "links": [{"text": link.text, "value": text(link.value),
                                       "source": link.source} for link in p.links]}
                           for p in e.paragraphs],
        } for e in document.variance_explanations],
        "attribution": attribution_data(draft.attribution),
    }
