"""OpenAPI schemas of the costing endpoints: the shapes ``rbb.services.costing_views``
gives (and ``--format json`` prints). Amounts are exact decimal strings in
thousands of dollars; ``amount`` fields are rounded to 0.1 as the tables print
them, ``exact`` fields are not."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Amount = str
"""An exact decimal string, thousands of United States dollars."""


class PartData(BaseModel):
    factor: str = Field(description="posts, vacancy_factor, unit_cost, exchange_rate, "
                                    "allowance_rate, quantity, unit_price, amount")
    label: str
    amount: Amount = Field(description="rounded to 0.1 by largest remainder")
    exact: Amount
    before: str = Field(description="the driver's value before, in words")
    after: str


class ClassAttributionData(BaseModel):
    line: str
    label: str
    before: Amount
    after: Amount
    variance: Amount = Field(description="printed in the report (the computed one for a "
                                         "scenario)")
    variance_source_line: int | None
    computed: Amount
    residual: Amount = Field(description="variance − computed: what no driver explains")
    parts: list[PartData]
    adds_up: bool


class LineData(BaseModel):
    line: str
    label: str
    kind: str = Field(description="class, group or summary")
    base: Amount
    scenario: Amount
    change: Amount


class ComparisonData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "mission": "UNMIK", "period": "2025/26", "base": "UNMIK 2025/26 budget",
        "scenario": "low", "lines": [{
            "line": "international_staff", "label": "International staff", "kind": "class",
            "base": "23790.6", "scenario": "23477.6", "change": "-313.0"}],
        "attribution": []}]})

    mission: str
    period: str
    base: str
    scenario: str
    lines: list[LineData]
    attribution: list[ClassAttributionData] = Field(
        description="the classes that change, each change by driver")


class EditData(BaseModel):
    key: str
    value: str


class ScenarioData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "low", "base": "UNMIK:2025/26:budget", "description": "a higher vacancy",
        "edits": [{"key": "vacancy_factor.international_staff", "value": "10.0"}],
        "created_at": "2025-06-01T10:00:00", "updated_at": "2025-06-01T10:05:00",
        "comparison": {"mission": "UNMIK", "period": "2025/26",
                       "base": "UNMIK 2025/26 budget", "scenario": "low",
                       "lines": [], "attribution": []}}]})

    name: str
    base: str = Field(description="MISSION:PERIOD:KIND of the budget it starts from")
    description: str | None
    edits: list[EditData]
    created_at: str | None
    updated_at: str | None
    comparison: ComparisonData


class ScenarioSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "low", "base": "UNMIK:2025/26:budget", "description": None,
        "edits": ["vacancy_factor.international_staff=10.0"],
        "page": "/scenarios/low", "api": "/api/v1/scenarios/low"}]})

    name: str
    base: str
    description: str | None
    edits: list[str]
    page: str
    api: str


class NewScenario(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "name": "low", "base": "UNMIK:2025/26", "description": "a higher vacancy",
        "edits": ["vacancy_factor.international_staff=10.0"]}]})

    name: str = Field(max_length=64)
    base: str = Field(max_length=80, description="the budget document, MISSION:PERIOD[:KIND]")
    description: str | None = Field(None, max_length=500)
    edits: list[str] = Field(default_factory=list, max_length=200)


class ScenarioEdits(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "edits": ["vacancy_factor.international_staff=10.0"]}]})

    edits: list[str] = Field(min_length=1, max_length=200,
                             description="KEY=VALUE: a value sets the driver, a signed value "
                                         "(+2) changes it, a signed percentage (+3%) scales it")


class AttributionData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "mission": "UNMIK", "before": "apportionment 2024/25",
        "after": "cost estimates 2025/26", "method": "exact Shapley value ...",
        "classes": [], "totals": {"vacancy_factor": "1584.7", "residual": "0.0",
                                  "variance": "2360.6"}}]})

    mission: str
    before: str
    after: str
    method: str
    classes: list[ClassAttributionData]
    totals: dict[str, Amount | None]


class CostInput(BaseModel):
    name: str
    value: Amount | None
    unit: str
    source: str


class ClassCost(BaseModel):
    line: str
    label: str
    kind: str
    formula: str
    amount: Amount | None
    exact: Amount | None
    inputs: list[CostInput]


class CostData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "mission": "UNMIK", "period": "2025/26", "classes": [],
        "lines": {"total_requirements": "46045.3"},
        "staff_assessment_source": "calibrated share"}]})

    mission: str
    period: str
    classes: list[ClassCost]
    lines: dict[str, Amount | None]
    staff_assessment_source: str | None
