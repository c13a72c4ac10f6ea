"""Typed errors. Each interface (CLI, web) turns them into messages in one place."""

from __future__ import annotations


class RbbError(Exception):
    """Base of every error rbb reports to a user."""


class InputError(RbbError):
    """Input that cannot be read as what it claims to be; names file and line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.detail = message


class TooLargeError(InputError):
    """Input over a size limit: refused before it is read (HTTP 413)."""


class BusyError(InputError):
    """Too much work is waiting: the same request can succeed later (HTTP 429)."""


class NotFoundError(RbbError):
    """A mission, period or document the store does not hold."""


class NotYetAvailableError(RbbError):
    """A capability that a later piece of work builds (exit code 2, never fake output)."""
