"""Typed errors. Each interface (CLI, web) turns them into messages in one place."""

from __future__ import annotations

from typing import Any


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


class StaleRevisionError(InputError):
    """A save based on a revision that is no longer the newest: another one landed in
    between, and nothing is stored (HTTP 409). ``based_on`` and ``head`` name both."""

    def __init__(self, message: str, *, based_on: int, head: int) -> None:
        super().__init__(message)
        self.based_on = based_on
        self.head = head


class MergeConflictError(StaleRevisionError):
    """A save based on an older revision that changes a field the newer revisions also
    changed, differently (HTTP 409): nothing is stored. ``conflicts`` holds each field
    (``rbb.model.proposals.FieldConflict``) for the editor to choose between."""

    def __init__(self, message: str, *, based_on: int, head: int,
                 conflicts: tuple[Any, ...]) -> None:
        super().__init__(message, based_on=based_on, head=head)
        self.conflicts = conflicts


class PermissionDeniedError(RbbError):
    """An action the acting user's role does not allow (HTTP 403); names the role needed."""


class NotFoundError(RbbError):
    """A mission, period or document the store does not hold."""


class NotYetAvailableError(RbbError):
    """A capability that a later piece of work builds (exit code 2, never fake output)."""


class LedgerInputError(InputError):
    """Rows of a ledger extract that are not ledger lines: the reasons of the first ones,
    up to 100 (``bad_rows``, ``rbb.model.ledger.BadRow``: row, column, value, expected) and
    how many bad rows more (``more``). Nothing of the extract is stored."""

    def __init__(self, bad_rows: tuple[Any, ...], more: int, *, file: str,
                 stopped: str | None = None) -> None:
        self.bad_rows = bad_rows
        self.more = more
        count = len({row.row for row in bad_rows}) + more
        listed = "\n".join(f"  {row}" for row in bad_rows)
        tail = f"\n  and {more:,} more rows" if more else ""
        end = f"\n{stopped}" if stopped else ""
        plural = count != 1
        super().__init__(f"{count:,} row{'s' if plural else ''} of the extract "
                         f"{'are' if plural else 'is'} not {'' if plural else 'a '}ledger "
                         f"line{'s' if plural else ''}; nothing is stored:\n"
                         f"{listed}{tail}{end}", file=file)
