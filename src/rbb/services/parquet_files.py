"""Parquet files written through DuckDB from a CSV of text cells, for every download and
file rbb writes as Parquet (the whole of peacekeeping, the execution dashboard, a
generated ledger): each number goes as text and is cast by DuckDB to the SQL type given,
so none passes through a float."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rbb.model.errors import RbbError


def csv_to_parquet(cells: Path, target: Path, columns: Sequence[str],
                   types: Mapping[str, str]) -> None:
    """Write ``target`` from ``cells`` (a CSV with the header ``columns``): a column in
    ``types`` is cast to its SQL type (``DECIMAL(38, 10)``, ``DATE``), the others stay
    ``VARCHAR``. Column names and types are rbb's own, never input; a path with a quote
    is refused (DuckDB is given the paths in the SQL text)."""
    import duckdb

    for path in (cells, target):
        if "'" in str(path):
            raise RbbError(f"the path {path} has a quote: DuckDB cannot be given it safely")
    typed = ", ".join(f'CAST("{name}" AS {types[name]}) AS "{name}"' if name in types
                      else f'"{name}"' for name in columns)
    varchar = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in columns) + "}"
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(
            f"COPY (SELECT {typed} FROM read_csv('{cells}', header = true, quote = '\"', "
            f"escape = '\"', columns = {varchar})) TO '{target}' (FORMAT parquet)")
    finally:
        connection.close()
