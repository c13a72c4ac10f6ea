"""Consoles of the CLI. Piped or captured output is not a terminal: Rich would
wrap it at 80 columns, breaking words and messages, so it gets room instead."""

from __future__ import annotations

from rich.console import Console

PIPED_WIDTH = 160


def output_console() -> Console:
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPED_WIDTH)
    return console


def error_console() -> Console:
    """Messages are never wrapped mid-sentence."""
    return Console(stderr=True, soft_wrap=True)
