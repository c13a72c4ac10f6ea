"""ERP ledger extracts (CSV, Excel, Parquet) read with a column mapping into batches of
``LedgerLine`` (docs/execution.md, "Ledger extracts and column mappings")."""

from __future__ import annotations

from rbb.model.errors import LedgerInputError
from rbb.model.ledger import DEFAULT_MAPPING, BadRow, ColumnMapping, ColumnSource

from .mapping import load_mapping, save_mapping
from .reading import extract_header, read_ledger

__all__ = ["DEFAULT_MAPPING", "BadRow", "ColumnMapping", "ColumnSource", "LedgerInputError",
           "extract_header", "load_mapping", "read_ledger", "save_mapping"]
