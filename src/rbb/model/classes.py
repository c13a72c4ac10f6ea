"""The standard classes of expenditure, their groups and the summary lines.

Codes are the snake_case of the label in the "Financial resources" table, so
they stay stable across missions and years (docs/domain.md, "Money tables").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class LineKind(StrEnum):
    GROUP = "group"
    CLASS = "class"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class FinancialLine:
    """One row kind of the financial resources table."""

    code: str
    label: str
    kind: LineKind
    group: str | None = None
    parent: str | None = None
    """For the split national staff classes: the whole they add up to."""
    numeral: str | None = None


GROUPS: tuple[FinancialLine, ...] = (
    FinancialLine("military_and_police_personnel", "Military and police personnel", LineKind.GROUP,
                  numeral="I"),
    FinancialLine("civilian_personnel", "Civilian personnel", LineKind.GROUP, numeral="II"),
    FinancialLine("operational_costs", "Operational costs", LineKind.GROUP, numeral="III"),
)

_MP, _CP, _OC = (g.code for g in GROUPS)

CLASSES: tuple[FinancialLine, ...] = (
    FinancialLine("military_observers", "Military observers", LineKind.CLASS, _MP),
    FinancialLine("military_contingents", "Military contingents", LineKind.CLASS, _MP),
    FinancialLine("united_nations_police", "United Nations police", LineKind.CLASS, _MP),
    FinancialLine("formed_police_units", "Formed police units", LineKind.CLASS, _MP),
    FinancialLine("international_staff", "International staff", LineKind.CLASS, _CP),
    FinancialLine("national_staff", "National staff", LineKind.CLASS, _CP),
    FinancialLine("national_professional_officers", "National Professional Officers",
                  LineKind.CLASS, _CP, parent="national_staff"),
    FinancialLine("national_general_service_staff", "National General Service staff",
                  LineKind.CLASS, _CP, parent="national_staff"),
    FinancialLine("united_nations_volunteers", "United Nations Volunteers", LineKind.CLASS, _CP),
    FinancialLine("general_temporary_assistance", "General temporary assistance",
                  LineKind.CLASS, _CP),
    FinancialLine("government_provided_personnel", "Government-provided personnel",
                  LineKind.CLASS, _CP),
    FinancialLine("civilian_electoral_observers", "Civilian electoral observers",
                  LineKind.CLASS, _OC),
    FinancialLine("consultants_and_consulting_services", "Consultants and consulting services",
                  LineKind.CLASS, _OC),
    FinancialLine("official_travel", "Official travel", LineKind.CLASS, _OC),
    FinancialLine("facilities_and_infrastructure", "Facilities and infrastructure",
                  LineKind.CLASS, _OC),
    FinancialLine("ground_transportation", "Ground transportation", LineKind.CLASS, _OC),
    FinancialLine("air_operations", "Air operations", LineKind.CLASS, _OC),
    FinancialLine("marine_operations", "Marine operations", LineKind.CLASS, _OC),
    FinancialLine("communications_and_information_technology",
                  "Communications and information technology", LineKind.CLASS, _OC),
    FinancialLine("medical", "Medical", LineKind.CLASS, _OC),
    FinancialLine("special_equipment", "Special equipment", LineKind.CLASS, _OC),
    FinancialLine("other_supplies_services_and_equipment",
                  "Other supplies, services and equipment", LineKind.CLASS, _OC),
    FinancialLine("quick_impact_projects", "Quick-impact projects", LineKind.CLASS, _OC),
)

SUMMARY_LINES: tuple[FinancialLine, ...] = (
    FinancialLine("gross_requirements", "Gross requirements", LineKind.SUMMARY),
    FinancialLine("staff_assessment_income", "Staff assessment income", LineKind.SUMMARY),
    FinancialLine("net_requirements", "Net requirements", LineKind.SUMMARY),
    FinancialLine("voluntary_contributions_in_kind_budgeted",
                  "Voluntary contributions in kind (budgeted)", LineKind.SUMMARY),
    FinancialLine("total_requirements", "Total requirements", LineKind.SUMMARY),
)

ALL_LINES: tuple[FinancialLine, ...] = GROUPS + CLASSES + SUMMARY_LINES
BY_CODE: dict[str, FinancialLine] = {line.code: line for line in ALL_LINES}

NATIONAL_STAFF_PARTS: tuple[str, ...] = tuple(c.code for c in CLASSES if c.parent)
"""``national_staff`` = National Professional Officers + National General Service staff."""


def snake_case(label: str) -> str:
    """The stable code of a printed label: ``Other supplies, services and equipment``
    becomes ``other_supplies_services_and_equipment``."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# Spellings the reports use besides the canonical label (singular forms,
# the short group headings of the redeployment table).
_ALIASES: dict[str, str] = {
    "national_professional_officer": "national_professional_officers",
    "national_general_service": "national_general_service_staff",
    "voluntary_contributions_in_kind": "voluntary_contributions_in_kind_budgeted",
    "united_nations_volunteer": "united_nations_volunteers",
    "quick_impact_project": "quick_impact_projects",
    "consultants": "consultants_and_consulting_services",
    # The Advisory Committee's spelling (A/78/744/Add.7, para. 20 (c)).
    "communication_and_information_technology": "communications_and_information_technology",
    # The names of the reports of 2003-2006: the third group was "Operational
    # requirements" and United Nations police were "Civilian police".
    "operational_requirements": "operational_costs",
    "civilian_police": "united_nations_police",
}


def line_for_label(label: str) -> FinancialLine | None:
    """The financial line a printed label names, or None for an unknown label."""
    code = snake_case(re.sub(r"^[IVX]+\.\s+", "", label.strip()))
    code = _ALIASES.get(code, code)
    return BY_CODE.get(code)


def classes_of_group(group: str) -> tuple[FinancialLine, ...]:
    return tuple(c for c in CLASSES if c.group == group)
