"""Costing: cost drivers as data, calibration against a published budget, cost
estimates by class, variance attribution, scenarios and the drafting of the next
budget (docs/costing.md).

A layer of its own above the engine (it uses the engine's derived figures and
the presentation module's rounding); storing drivers and scenarios is
:mod:`rbb.storage.costing_store`, the use cases that join both are
:mod:`rbb.services.costing_service`.
"""

from .attribution import Attribution, ClassAttribution, Part, attribute, attribute_class
from .calibrate import Calibration, CalibrationRow, calibrate
from .compare import Comparison, LineChange, compare
from .costs import ClassCost, PeriodCost, cost_drivers, cost_period, default_lines
from .draft import ColumnFigures, Draft, carry, draft_budget
from .drivers import (
    RECORD_OF_KIND,
    AllowanceRate,
    ClassAmount,
    DriverKind,
    DriverSet,
    ExchangeRate,
    OperationalQuantity,
    PostCount,
    Provenance,
    ProvenanceKind,
    StaffAssessmentRate,
    StandardCost,
    VacancyRate,
)
from .extract import Published, document_reference, drivers_from_document, published_figures
from .inputs import ClassInputs, PeriodInputs, Source, gather
from .scenarios import KEY_HELP, Edit, apply_edits, check_name, merge_edits

__all__ = [
    "KEY_HELP", "RECORD_OF_KIND", "AllowanceRate", "Attribution", "Calibration",
    "CalibrationRow", "ClassAmount", "ClassAttribution", "ClassCost", "ClassInputs",
    "ColumnFigures", "Comparison", "Draft", "DriverKind", "DriverSet", "Edit", "ExchangeRate",
    "LineChange", "OperationalQuantity", "Part", "PeriodCost", "PeriodInputs", "PostCount",
    "Provenance", "ProvenanceKind", "Published", "Source", "StaffAssessmentRate",
    "StandardCost", "VacancyRate", "apply_edits", "attribute", "attribute_class", "calibrate",
    "carry", "check_name", "compare", "cost_drivers", "cost_period", "default_lines",
    "document_reference", "draft_budget", "drivers_from_document", "gather", "merge_edits",
    "published_figures",
]
