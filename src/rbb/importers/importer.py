"""What every importer is (as beancount's ``ingest/importer.py`` has it): it says
whether it can read a file (``identify``) and reads it (``extract``) into an
``ImportResult``, the document and its diagnostics.

A file comes as an ``ImportInput``: its name and bytes, and its text decoded on
first use (UTF-8, or the text layer of a PDF), so that an importer of text, of a
PDF's attachment or of a spreadsheet's cells each takes what it needs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar, cast

from rbb.model import Diagnostic, DiagnosticSeverity, Document
from rbb.model.errors import InputError
from rbb.model.mission_register import MissionRegister

from .limits import ReadingLimits

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class ImportInput:
    """One file to import, as a path or an upload delivers it."""

    name: str
    data: bytes
    given_text: str | None = field(default=None, repr=False)
    """The text, when the caller has it already (``import_text``); then ``data`` is
    its UTF-8 encoding and the file is text, whatever it starts with."""
    limits: ReadingLimits = field(default_factory=ReadingLimits.from_env, repr=False,
                                  compare=False)
    """How much reading this file may cost (pages, inflated streams, text)."""
    register: MissionRegister | None = field(default=None, repr=False, compare=False)
    """The missions a report may name (a store's register, with its admins' edits);
    None for the register rbb ships."""
    _derived: dict[object, object] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of_text(cls, text: str, *, name: str, register: MissionRegister | None = None
                ) -> ImportInput:
        return cls(name, text.encode("utf-8"), given_text=text, limits=ReadingLimits(),
                   register=register)

    @property
    def is_pdf(self) -> bool:
        return self.given_text is None and self.data.startswith(b"%PDF")

    @property
    def text(self) -> str | None:
        """UTF-8 text with Unix line ends, or a PDF's text layer (pdfplumber, as
        ``rbb.importers.pdf.pdf_to_text`` gives it); None when the file has neither,
        and ``problem`` says why."""
        return self._decoded[0]

    @property
    def problem(self) -> InputError | None:
        """Why the file has no text: not UTF-8 (the line of the first bad byte), or a
        PDF that cannot be read, is encrypted or is a scan."""
        return self._decoded[1]

    def derived(self, compute: Callable[[ImportInput], T]) -> T:
        """What ``compute`` makes of this file, computed once: an importer's
        ``identify`` and ``extract`` may both need it (a PDF's attachment, a
        spreadsheet's header). ``compute`` is a module-level function."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        return cast(T, self._derived[compute])

    @cached_property
    def _decoded(self) -> tuple[str | None, InputError | None]:
        if self.given_text is not None:
            return self.given_text, None
        if self.is_pdf:
            from .pdf import pdf_to_text  # pdfplumber only when a PDF is read

            try:
                return pdf_to_text(self.data, name=self.name, limits=self.limits), None
            except InputError as error:
                return None, error
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = self.data[: error.start].count(b"\n") + 1
            return None, InputError("the file is not UTF-8 text (nor a PDF); expected the text "
                                    "of a report", file=self.name, line=line)
        return text.replace("\r\n", "\n"), None


@dataclass(frozen=True)
class ImportResult:
    """What an importer returns: the document (if one could be built) and its
    diagnostics, as data."""

    file: str
    document: Document | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    text: str | None = field(default=None, repr=False, compare=False)
    """The text the document was read from, with the lines its facts name (None when it
    came from data, such as the JSON a PDF rendered by rbb carries): stored with the
    document so that a finding can point to the line a quoted figure is printed on."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is DiagnosticSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is DiagnosticSeverity.WARNING)

    @property
    def incomplete(self) -> bool:
        """The text lacks sections its own contents list names: an excerpt, storable
        only as a partial document (``rbb import --partial``)."""
        coverage = self.document.coverage if self.document is not None else None
        return coverage is not None and not coverage.complete

    def ok(self, *, strict: bool = False, partial: bool = False) -> bool:
        """Storable: a document and no error (with ``strict``, no warning either), whose
        text holds every section its contents list names (with ``partial``, or not)."""
        if self.document is None or self.errors:
            return False
        if self.incomplete and not partial:
            return False
        return not (strict and self.warnings)

    @classmethod
    def refused(cls, error: InputError, file: str) -> ImportResult:
        """No document: the file is not what an importer reads, and the error says why."""
        return cls(file, None, (Diagnostic(
            severity=DiagnosticSeverity.ERROR, code="input", message=error.detail,
            file=error.file or file, line=error.line),))


class Importer(ABC):
    """Reads one kind of file into a document. rbb's own importers and those of
    plugins (entry-point group ``rbb.importers``) are instances of a subclass."""

    name: str
    """Short and unique (``tabbed``, ``pdf_text``): ``import_text(..., shape=name)``
    uses this importer without asking it to identify the file."""
    expects: str
    """What it reads, in words that complete "expected ...", for the error a file
    no importer reads gets."""

    @abstractmethod
    def identify(self, file: ImportInput) -> bool:
        """Whether this importer reads the file; cheap, and never raises on bad input."""

    @abstractmethod
    def extract(self, file: ImportInput) -> ImportResult:
        """The document the file holds and every diagnostic found on the way; bad
        input is a diagnostic naming the file and the line, never an exception."""
