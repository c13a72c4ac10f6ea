"""Which classes of expenditure are costed from people, by which grade bands, and under
which vacancy category: the fixed structure of the financial resources table
(docs/domain.md, "Money tables" and "People")."""

from __future__ import annotations

from rbb.model.classes import BY_CODE, CLASSES
from rbb.model.staffing import INTERNATIONAL_BANDS, StaffingColumn

PEOPLE_BANDS: dict[str, tuple[str, ...]] = {
    "military_observers": (StaffingColumn.MILITARY_OBSERVERS.value,),
    "military_contingents": (StaffingColumn.MILITARY_CONTINGENTS.value,),
    "united_nations_police": (StaffingColumn.UNITED_NATIONS_POLICE.value,),
    "formed_police_units": (StaffingColumn.FORMED_POLICE_UNITS.value,),
    "international_staff": (*(band.value for band in INTERNATIONAL_BANDS),
                            StaffingColumn.INTERNATIONAL_STAFF.value),
    "national_staff": (StaffingColumn.NPO.value, StaffingColumn.NGS.value),
    "national_professional_officers": (StaffingColumn.NPO.value,),
    "national_general_service_staff": (StaffingColumn.NGS.value,),
    "united_nations_volunteers": (StaffingColumn.UNV_INTERNATIONAL.value,
                                  StaffingColumn.UNV_NATIONAL.value,
                                  StaffingColumn.UNITED_NATIONS_VOLUNTEERS.value),
    "general_temporary_assistance": (StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE.value,),
    "government_provided_personnel": (StaffingColumn.GOVERNMENT_PROVIDED_PERSONNEL.value,),
}
"""Class → the staffing columns whose posts it costs: the grade bands of the office
tables, then the category column of the summary table for missions whose report
has no office tables. National staff as a whole is used only by reports that do
not print its two parts."""

BAND_CATEGORY: dict[str, str] = {
    StaffingColumn.NPO.value: "national_professional_officers",
    StaffingColumn.NGS.value: "national_general_service_staff",
    StaffingColumn.UNV_INTERNATIONAL.value: "united_nations_volunteers_international",
    StaffingColumn.UNV_NATIONAL.value: "united_nations_volunteers_national",
}
"""The vacancy category of a band where it is not the class itself: the vacancy
factors table prints NPO, NGS and international and national Volunteers apart."""

FALLBACK_CATEGORY: dict[str, str] = {
    "united_nations_volunteers_international": "united_nations_volunteers",
    "united_nations_volunteers_national": "united_nations_volunteers",
    "national_professional_officers": "national_staff",
    "national_general_service_staff": "national_staff",
    "united_nations_volunteers": "united_nations_volunteers_international",
}
"""Where a report prints one rate for a whole category, it applies to its parts."""

SUMMARY_BANDS: dict[str, str] = {
    StaffingColumn.INTERNATIONAL_STAFF.value: "international_staff",
    StaffingColumn.NPO.value: "national_professional_officers",
    StaffingColumn.NGS.value: "national_general_service_staff",
    StaffingColumn.UNITED_NATIONS_VOLUNTEERS.value: "united_nations_volunteers",
    StaffingColumn.MILITARY_OBSERVERS.value: "military_observers",
    StaffingColumn.MILITARY_CONTINGENTS.value: "military_contingents",
    StaffingColumn.UNITED_NATIONS_POLICE.value: "united_nations_police",
    StaffingColumn.FORMED_POLICE_UNITS.value: "formed_police_units",
    StaffingColumn.GENERAL_TEMPORARY_ASSISTANCE.value: "general_temporary_assistance",
    StaffingColumn.GOVERNMENT_PROVIDED_PERSONNEL.value: "government_provided_personnel",
}
"""Columns of the human resources summary table → the class they count (used for
classes the office tables do not break down, such as uniformed personnel)."""

LOCAL_CURRENCY_CLASSES = ("national_professional_officers", "national_general_service_staff",
                          "national_staff")
"""Staff paid in the local currency: their standard costs move with the exchange rate."""

STAFF_ASSESSMENT_CLASSES = ("international_staff", "national_staff",
                            "national_professional_officers", "national_general_service_staff",
                            "general_temporary_assistance")
"""Staff assessment is levied on staff salaries (not on Volunteers or uniformed personnel)."""

UNIFORMED = ("military_observers", "military_contingents", "united_nations_police",
             "formed_police_units")

CLASS_CODES = tuple(c.code for c in CLASSES)


def vacancy_category(line: str, band: str) -> str:
    return BAND_CATEGORY.get(band, line)


def band_line(band: str) -> str | None:
    """The class whose posts a staffing column counts (``p5_p4`` → international staff);
    NPO and NGS count under their own classes, as current reports print them."""
    for line, bands in PEOPLE_BANDS.items():
        if band in bands and line != "national_staff":
            return line
    return None


def label(line: str) -> str:
    found = BY_CODE.get(line)
    return found.label if found else line.replace("_", " ")


def unit_cost_words(line: str) -> str:
    """What the unit cost of a class is made of, in the reports' words."""
    if line in UNIFORMED:
        return "mission subsistence allowance and other costs per person"
    if line == "united_nations_volunteers":
        return "Volunteer living allowance and entitlements"
    if line in LOCAL_CURRENCY_CLASSES:
        return "salary rates based on the local salary scale"
    return "salary rates and common staff costs"
