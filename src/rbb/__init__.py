"""rbb: results-based budgeting and performance reporting for UN peacekeeping missions.

The package is a library with two interfaces (``rbb.cli`` and ``rbb.web``); the
layers and what each may import are drawn in docs/architecture.md.
"""

__version__ = "0.1.0"
