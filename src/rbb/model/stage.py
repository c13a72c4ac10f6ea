"""Where a figure stands in the budget cycle (docs/domain.md, "The cycle")."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    COST_ESTIMATES = "cost_estimates"
    ACABQ_RECOMMENDED = "acabq_recommended"
    APPROPRIATION = "appropriation"
    APPORTIONMENT = "apportionment"
    EXPENDITURE = "expenditure"


class DocumentKind(StrEnum):
    BUDGET = "budget"
    PERFORMANCE = "performance"
