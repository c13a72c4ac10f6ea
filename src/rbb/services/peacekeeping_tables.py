"""The whole of peacekeeping as a table: one row per mission and period, the same
columns in CSV (cells through ``rbb.model.spreadsheet``, so no text runs as a formula)
and in Parquet (written by DuckDB, every number a ``DECIMAL(38, 10)``: exact, never a
float; decision 24)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rbb.model.errors import RbbError
from rbb.model.spreadsheet import SpreadsheetCell, csv_line

from .parquet_files import csv_to_parquet
from .peacekeeping import GROUPS, STAGES, Figure, MissionPeriod

TEXT_COLUMNS = ("mission", "mission_name", "period", "partial", "documents",
                "personnel_footing", "cost_per_person_stage", "share_stage")
PERSONNEL = ("military", "police", "uniformed", "international", "national",
             "united_nations_volunteers", "temporary", "government_provided", "civilian")
NUMBER_SCALE = 10
NUMBER_TYPE = f"DECIMAL(38, {NUMBER_SCALE})"
"""Room for 28 digits before the point and the ten places derived figures keep."""


def _columns() -> tuple[str, ...]:
    return (
        "mission", "mission_name", "period", "partial", "documents",
        *(f"total_requirements_{stage.value}" for stage in STAGES),
        *(f"{group}_{stage.value}" for group in GROUPS for stage in STAGES),
        "utilization_rate",
        "personnel_footing", *PERSONNEL,
        "vacancy_rate_uniformed", "vacancy_rate_civilian",
        "cost_per_person_stage", "cost_per_uniformed", "cost_per_civilian",
        "share_stage", *(f"share_{group}" for group in GROUPS),
    )


COLUMNS = _columns()


def row_figures(row: MissionPeriod) -> dict[str, Figure | None]:
    """The row's figures by column name (the numeric columns, in order)."""
    people = row.personnel
    return {
        **{f"total_requirements_{stage.value}": row.totals.get(stage) for stage in STAGES},
        **{f"{group}_{stage.value}": row.groups[group].get(stage)
           for group in GROUPS for stage in STAGES},
        "utilization_rate": row.utilization_rate,
        **{name: people.get(name) for name in PERSONNEL},
        "vacancy_rate_uniformed": row.vacancy_rates.get("uniformed"),
        "vacancy_rate_civilian": row.vacancy_rates.get("civilian"),
        "cost_per_uniformed": row.cost_per_uniformed,
        "cost_per_civilian": row.cost_per_civilian,
        **{f"share_{group}": row.shares.get(group) for group in GROUPS},
    }


def table_row(row: MissionPeriod) -> tuple[SpreadsheetCell, ...]:
    """The row's cells in ``COLUMNS`` order: text, exact decimals, or None."""
    figures = row_figures(row)
    text: dict[str, SpreadsheetCell] = {
        "mission": row.mission, "mission_name": row.mission_name, "period": row.period.label,
        "partial": "yes" if row.partial else "no",
        "documents": "; ".join(f"{d.kind.value} {d.period.label}"
                               f"{' (partial)' if d.partial else ''}" for d in row.documents),
        "personnel_footing": row.footing.value if row.footing else None,
        "cost_per_person_stage": row.basis.stage.value if row.basis else None,
        "share_stage": row.share_stage.value if row.share_stage else None,
    }
    return tuple(text[name] if name in text else _value(figures[name]) for name in COLUMNS)


def _value(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


def peacekeeping_csv(rows: Iterable[MissionPeriod]) -> str:
    return csv_line(COLUMNS) + "".join(csv_line(table_row(row)) for row in rows)


def peacekeeping_parquet(rows: Iterable[MissionPeriod]) -> bytes:
    """The same table as Parquet: text columns ``VARCHAR`` (the text itself: nothing runs
    a Parquet cell), the others ``DECIMAL``. The cells go to DuckDB as text in a CSV file
    of its own and are cast there, so no number passes through a float."""
    text = set(TEXT_COLUMNS)
    with tempfile.TemporaryDirectory(prefix="rbb-parquet-") as folder:
        cells, target = Path(folder) / "cells.csv", Path(folder) / "peacekeeping.parquet"
        with cells.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows([None if cell is None else _text(cell) for cell in table_row(row)]
                             for row in rows)
        csv_to_parquet(cells, target, COLUMNS,
                       {name: NUMBER_TYPE for name in COLUMNS if name not in text})
        return target.read_bytes()


def _text(cell: SpreadsheetCell) -> str:
    if isinstance(cell, Decimal):
        if cell != cell.quantize(Decimal(1).scaleb(-NUMBER_SCALE)):
            raise RbbError(f"{cell} has more than {NUMBER_SCALE} decimal places: "
                           "it cannot be written to Parquet exactly")
        return format(cell, "f")
    return str(cell)
