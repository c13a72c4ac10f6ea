"""People: posts by office and grade band, vacancy factors and incumbency
(docs/domain.md, "People")."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Key, Percentage, Quantity, Record, SourceLine, absent
from .cycle import Period


class PersonnelCategory(StrEnum):
    MILITARY_OBSERVERS = "military_observers"
    MILITARY_CONTINGENTS = "military_contingents"
    UNITED_NATIONS_POLICE = "united_nations_police"
    FORMED_POLICE_UNITS = "formed_police_units"
    INTERNATIONAL_STAFF = "international_staff"
    NATIONAL_STAFF = "national_staff"
    NATIONAL_PROFESSIONAL_OFFICERS = "national_professional_officers"
    NATIONAL_GENERAL_SERVICE_STAFF = "national_general_service_staff"
    UNITED_NATIONS_VOLUNTEERS = "united_nations_volunteers"
    UNITED_NATIONS_VOLUNTEERS_INTERNATIONAL = "united_nations_volunteers_international"
    UNITED_NATIONS_VOLUNTEERS_NATIONAL = "united_nations_volunteers_national"
    GENERAL_TEMPORARY_ASSISTANCE = "general_temporary_assistance"
    GOVERNMENT_PROVIDED_PERSONNEL = "government_provided_personnel"
    MILITARY_AND_POLICE = "military_and_police"
    CIVILIAN = "civilian"
    TOTAL = "total"


class StaffingColumn(StrEnum):
    """Columns of a staffing table: grade bands, their subtotals and the
    personnel categories of the summary and component tables."""

    USG_ASG = "usg_asg"
    D2_D1 = "d2_d1"
    P5_P4 = "p5_p4"
    P3_P2 = "p3_p2"
    FS = "fs"
    INTERNATIONAL_SUBTOTAL = "international_subtotal"
    NPO = "npo"
    NGS = "ngs"
    NATIONAL_SUBTOTAL = "national_subtotal"
    UNV_INTERNATIONAL = "unv_international"
    UNV_NATIONAL = "unv_national"
    UNV_SUBTOTAL = "unv_subtotal"
    MILITARY_OBSERVERS = "military_observers"
    MILITARY_CONTINGENTS = "military_contingents"
    UNITED_NATIONS_POLICE = "united_nations_police"
    FORMED_POLICE_UNITS = "formed_police_units"
    INTERNATIONAL_STAFF = "international_staff"
    UNITED_NATIONS_VOLUNTEERS = "united_nations_volunteers"
    GENERAL_TEMPORARY_ASSISTANCE = "general_temporary_assistance"
    GOVERNMENT_PROVIDED_PERSONNEL = "government_provided_personnel"
    TOTAL = "total"


INTERNATIONAL_BANDS = (
    StaffingColumn.USG_ASG, StaffingColumn.D2_D1, StaffingColumn.P5_P4,
    StaffingColumn.P3_P2, StaffingColumn.FS,
)
NATIONAL_BANDS = (StaffingColumn.NPO, StaffingColumn.NGS)
UNV_BANDS = (StaffingColumn.UNV_INTERNATIONAL, StaffingColumn.UNV_NATIONAL)


class StaffingKind(StrEnum):
    APPROVED = "approved"
    PROPOSED = "proposed"
    NET_CHANGE = "net_change"
    ACTUAL_AVERAGE = "actual_average"


class RowType(StrEnum):
    ITEM = "item"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


class StaffingRow(Record):
    """One printed line: ``Approved posts 2024/25`` of one office, by column."""

    office: str
    """Office, or the subtotal/total label as printed (``Subtotal, civilian staff``)."""
    parent_office: str | None = None
    row_type: RowType = RowType.ITEM
    kind: StaffingKind
    period: Period | None = None
    counts: dict[StaffingColumn, int | None]
    """Posts by column; 0 for a printed dash, None where no cell is printed."""
    source_line: SourceLine = None


class StaffingTable(Record):
    """A human-resources table: the summary in front, or one component's table."""

    key: Key
    """Stable id within the document: ``human_resources``, ``table_1`` ..."""
    title: str
    component: str | None = None
    """Component the table belongs to (``executive_direction_and_management``,
    ``substantive``, ``support``); None for the mission summary."""
    columns: tuple[StaffingColumn, ...]
    rows: tuple[StaffingRow, ...]
    source_line: SourceLine = None


class VacancyKind(StrEnum):
    ACTUAL = "actual"
    APPROVED = "approved"
    PROPOSED = "proposed"
    BUDGETED = "budgeted"


class VacancyFactor(Record):
    category: PersonnelCategory
    period: Period
    kind: VacancyKind
    rate: Percentage | None
    """Per cent; 0 for a printed dash."""
    source_line: SourceLine = None


class IncumbencyRow(Record):
    """Performance report: approved strength, planned average (reports of about
    2003-2010), actual average and vacancy rate."""

    category: PersonnelCategory
    label: str
    approved: Quantity | None
    actual_average: Quantity | None
    vacancy_rate: Percentage | None
    source_line: SourceLine = None
    planned_average: Quantity | None = Field(default=None, exclude_if=absent)
    """The "Planned (average)" column the reports of about 2003-2010 print between
    approved and actual; None where the table has no such column (0 for a dash). When
    printed, the vacancy rate is the actual average's shortfall against it, not
    against the approved strength. Left out of the JSON when None, so a document
    without it is stored byte for byte as before the column was read."""

    @property
    def vacancy_base(self) -> tuple[str, Quantity | None]:
        """The strength the vacancy rate is a shortfall against, and its name: the
        planned average where the table prints one, else the approved strength."""
        if self.planned_average is not None:
            return "planned average", self.planned_average
        return "approved", self.approved
