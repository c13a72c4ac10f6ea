"""Coverage: what of a report its text holds.

Many public copies of a report are excerpts. Its own table of contents says what the
whole report has; the sections and tables read say what the copy has. A document whose
contents list names sections its text lacks is *partial*: stored only when asked to be,
marked so, and its checks that need a missing table are skipped with the reason.
"""

from __future__ import annotations

from .base import Record, SourceLine

TABLE_TITLES: dict[str, str] = {
    "financial_tables": "financial resources",
    "staffing_tables": "human resources (staffing tables)",
    "civilian_cost_estimates": "estimated civilian personnel cost",
    "vacancy_factors": "vacancy factors",
    "incumbency": "human resources incumbency",
    "components": "results-based budgeting frameworks",
    "non_budgeted_contributions": "non-budgeted contributions",
    "efficiency_gains": "efficiency gains",
    "training_costs": "training costs",
    "training_participants": "training participants",
    "official_travel": "official travel, non-training",
    "programmatic_activities": "programmatic activities",
    "quick_impact_projects": "quick-impact projects",
    "redeployments": "redeployments across groups",
    "monthly_expenditure": "monthly expenditure pattern",
    "other_revenue": "other revenue and adjustments",
    "borrowing": "borrowing",
    "variance_explanations": "analysis of variances",
    "general_assembly_actions": "actions to be taken by the General Assembly",
    "follow_up": "follow-up of General Assembly and Advisory Committee requests",
    "stage_figures": "the stages stated (proposal, recommended total, appropriation)",
    "recommendations": "recommendations of the Advisory Committee",
}
"""The tables of a document (its fields), in words a reader knows them by."""


class SectionRead(Record):
    """A section of the report whose heading the text holds."""

    label: str
    """``Summary``, ``II.A``, ``III.D.2``: as the contents list and paragraphs cite it."""
    title: str
    line: SourceLine = None


class TableRead(Record):
    """A table (a field of the document) with figures read from the text."""

    table: str
    """The document's field: ``financial_tables``, ``components`` ..."""
    title: str
    line: SourceLine = None
    """The first line any of its figures is printed on."""


class ContentsEntry(Record):
    """One entry of the report's own table of contents."""

    label: str
    title: str
    page: str | None = None
    line: SourceLine = None
    in_text: bool
    """Whether the text holds the section's heading."""


class Coverage(Record):
    """The sections and tables read, the report's contents list, and what it lacks."""

    sections: tuple[SectionRead, ...] = ()
    tables: tuple[TableRead, ...] = ()
    contents: tuple[ContentsEntry, ...] = ()
    missing_tables: tuple[str, ...] = ()
    """The tables (document fields) the sections the text lacks would hold, and that no
    other section gave: what the checks needing them cannot check."""

    @property
    def missing_sections(self) -> tuple[ContentsEntry, ...]:
        return tuple(entry for entry in self.contents if not entry.in_text)

    @property
    def missing_table_titles(self) -> tuple[str, ...]:
        """The missing tables in the words a reader knows them by (``TABLE_TITLES``)."""
        return tuple(TABLE_TITLES.get(table, table) for table in self.missing_tables)

    @property
    def complete(self) -> bool:
        """Nothing its contents list names is missing from the text."""
        return not self.missing_sections and not self.missing_tables

    def listing(self) -> str:
        """What the text lacks, in one line for an error or a notice."""
        sections = "; ".join(f"{e.label} {e.title!r}" for e in self.missing_sections)
        tables = ", ".join(self.missing_table_titles)
        parts = [f"sections the contents list names but the text lacks: {sections}"
                 if sections else "", f"tables missing: {tables}" if tables else ""]
        return "; ".join(part for part in parts if part) or "nothing missing"
