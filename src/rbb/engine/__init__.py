"""The engine: figures derived from stored facts, the checks of ``rbb check``, and the
one module that turns figures into text the way the reports print them.

It imports only the model (import-linter contract: importers, engine and storage
are independent of each other).
"""

from .checks import CHECKS, check_document, run_checks
from .junit import junit_xml

__all__ = ["CHECKS", "check_document", "junit_xml", "run_checks"]
