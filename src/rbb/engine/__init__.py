"""The engine: figures derived from stored facts and the checks of ``rbb check``.

Calculations and checks only; it imports nothing of rbb but the model and the
presentation module (import-linter contract: importers, engine and storage are
independent of each other).
"""

from .checks import CHECKS, check_document, run_checks

__all__ = ["CHECKS", "check_document", "run_checks"]
