"""Money tables: financial resources by class and stage, with the variance
columns as printed (docs/domain.md, "Money tables")."""

from __future__ import annotations

from enum import StrEnum

from .base import Amount, Key, Record, SourceLine
from .cycle import Period, Stage
from .staffing import RowType


class ColumnRole(StrEnum):
    AMOUNT = "amount"
    VARIANCE_AMOUNT = "variance_amount"
    VARIANCE_PERCENTAGE = "variance_percentage"


class MoneyColumn(Record):
    key: Key
    """``apportionment_2024_25``, ``variance_amount`` ..."""
    label: str
    role: ColumnRole
    stage: Stage | None = None
    period: Period | None = None


class MoneyRow(Record):
    line: Key
    """Code of the financial line (class, group or summary line; see ``classes``)."""
    label: str
    row_type: RowType = RowType.ITEM
    values: dict[str, Amount | None]
    """Column key → amount; 0 for a printed dash, None for ``n/a`` or no cell."""
    source_line: SourceLine = None


class MoneyTable(Record):
    key: Key
    """``financial_resources_summary`` (groups only) or ``financial_resources``."""
    title: str
    columns: tuple[MoneyColumn, ...]
    rows: tuple[MoneyRow, ...]
    source_line: SourceLine = None

    def column(self, key: str) -> MoneyColumn:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def amount_columns(self) -> tuple[MoneyColumn, ...]:
        return tuple(c for c in self.columns if c.role is ColumnRole.AMOUNT)


def column_key(stage: Stage, period: Period) -> str:
    return f"{stage.value}_{period.label.replace('/', '_')}"
