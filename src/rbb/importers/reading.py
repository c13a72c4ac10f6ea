"""One reading of one report, as the section readers of either text shape share it:
the diagnostics found so far, the parts of the document collected so far, and the
sections started, for whoever watches a long import.

Diagnostics are data, never prints: each names the file, the line (the last line
of the text when the problem is an absence), the section and the text of the line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from rbb.model import Diagnostic, DiagnosticSeverity, Document, DocumentKind, SourceFile

from .detect import DocumentMeta
from .source import Line

T = TypeVar("T")


@dataclass
class Reading:
    """The report being read and what went wrong where: errors are values,
    collected here and returned with the document, never raised."""

    file: str
    meta: DocumentMeta
    last_line: int | None = None
    """The line an absence is reported on: the last line of the text."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    last_paragraph: int = 0
    """The number of the last numbered paragraph read: numbering runs through a
    report, so a year opening a wrapped line is not taken for the next one."""

    def report(self, severity: DiagnosticSeverity, code: str, message: str,
               line: Line | int | None = None, section: str | None = None) -> None:
        number = line.number if isinstance(line, Line) else line
        self.diagnostics.append(Diagnostic(
            severity=severity, code=code, message=message, file=self.file,
            line=self.last_line if number is None else number, section=section,
            text=line.stripped if isinstance(line, Line) else None))

    def error(self, code: str, message: str, line: Line | int | None = None,
              section: str | None = None) -> None:
        self.report(DiagnosticSeverity.ERROR, code, message, line, section)

    def warning(self, code: str, message: str, line: Line | int | None = None,
                section: str | None = None) -> None:
        self.report(DiagnosticSeverity.WARNING, code, message, line, section)

    def unplaced(self, line: Line, section: str, expected: str) -> None:
        """A line inside a table or framework that no reader could place."""
        self.warning("unplaced-line", f"could not place this line; expected {expected}", line,
                     section)


class Parts:
    """The tables of a document as the section readers find them, in printed order;
    the frozen ``Document`` is made from them once, at the end.

    A reader names a table by a function that reads it from a document, so the
    model is the one place a table is declared and mypy checks every row added::

        parts.rows(lambda d: d.borrowing).append(Borrowing(...))
        parts.put(lambda d: d.redeployments, Redeployments(...))
    """

    def __init__(self) -> None:
        self._rows: dict[str, list[object]] = {}
        self._single: dict[str, object] = {}

    def rows(self, table: Callable[[Document], tuple[T, ...]]) -> list[T]:
        """The rows of one table so far, to read or to add to."""
        return cast(list[T], self._rows.setdefault(_field_name(table), []))

    def get(self, part: Callable[[Document], T | None]) -> T | None:
        """A part printed once (``efficiency_gains``), or None before it is read."""
        return cast(T | None, self._single.get(_field_name(part)))

    def put(self, part: Callable[[Document], T | None], value: T) -> None:
        self._single[_field_name(part)] = value

    def found(self, part: Callable[[Document], object]) -> bool:
        """Whether any of the part was read."""
        name = _field_name(part)
        return bool(self._rows.get(name)) or self._single.get(name) is not None

    def document(self, meta: DocumentMeta, source: SourceFile) -> Document:
        """The frozen document: the report's identity, the text it was read from and
        every table as read."""
        tables: dict[str, Any] = {name: tuple(rows) for name, rows in self._rows.items()}
        return Document(
            kind=meta.kind, mission=meta.mission, period=meta.period, title=meta.title,
            symbol=meta.symbol, date=meta.date, session=meta.session,
            agenda_item=meta.agenda_item, source=source, **tables, **self._single)


def require_financial_table(parts: Parts, reading: Reading, heading: Line | None) -> None:
    """Every budget and performance report prints its financial resources table by
    class of expenditure (docs/domain.md, "Money tables"): without it the report is
    truncated, or not a report. Said at the section's heading, else at the end."""
    tables = parts.rows(lambda d: d.financial_tables)
    if any(table.key == "financial_resources" for table in tables):
        return
    where = ("section III.A 'Financial resources'" if reading.meta.kind is DocumentKind.PERFORMANCE
             else "section II 'Financial resources', A 'Overall'")
    reading.error("missing-section", f"no financial resources table: expected {where} with its "
                  "columns and a row per class of expenditure; the report may be truncated",
                  heading)


@dataclass(frozen=True, slots=True)
class _FieldName:
    name: str


_NAMES: dict[str, Any] = {name: _FieldName(name) for name in Document.model_fields}
_PROBE = Document.model_construct(**_NAMES)
"""A document whose every field holds its own name: what ``lambda d: d.borrowing``
gives on it names the field."""


def _field_name(read: Callable[[Document], object]) -> str:
    found = read(_PROBE)
    if not isinstance(found, _FieldName):
        raise TypeError("a part of a document is named by reading one of its fields, "
                        f"e.g. lambda d: d.borrowing; got {found!r}")
    return found.name


SectionListener = Callable[[str], None]

_listener: ContextVar[SectionListener | None] = ContextVar("rbb_import_progress", default=None)
"""A context variable rather than a parameter, so that the readers of both shapes
report progress without passing a callback along; nothing is reported when no one
listens."""


def section_started(label: str) -> None:
    """The readers call this as they start reading a section (``II.A``, ``Summary``)."""
    listener = _listener.get()
    if listener is not None:
        listener(label)


@contextmanager
def watching_sections(listener: SectionListener) -> Iterator[None]:
    """Call ``listener`` with each section an import in this context starts."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
