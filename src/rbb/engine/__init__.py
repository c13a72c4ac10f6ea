"""The engine: figures derived from stored facts and the checks of ``rbb check``.

Calculations and checks only; it imports nothing of rbb but the model, the
presentation module and the plugins' entry points (import-linter contract:
importers, engine and storage are independent of each other).
"""

from .checks import (
    check_across,
    check_document,
    documentation_by_code,
    registered_checks,
    run_checks,
    sort_findings,
)

__all__ = ["check_across", "check_document", "documentation_by_code", "registered_checks",
           "run_checks", "sort_findings"]
