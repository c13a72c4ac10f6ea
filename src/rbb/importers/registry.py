"""Which importer reads a file: rbb's own, in order, then those installed plugins add
(entry-point group ``rbb.importers``, ``rbb.plugins``). The first importer that
identifies the file reads it; when none does, one error names the file and says
what was expected. Nothing here raises on bad input.
"""

from __future__ import annotations

from rbb import plugins
from rbb.model import Diagnostic, DiagnosticSeverity
from rbb.model.errors import InputError

from .importer import Importer, ImportInput, ImportResult
from .legislative import LEGISLATIVE
from .pdf import RenderedPdf
from .shapes import PDF_TEXT, TABBED

BUILT_IN: tuple[Importer, ...] = (RenderedPdf(), LEGISLATIVE, TABBED, PDF_TEXT)
"""A PDF rbb rendered carries its data; the text of a report of the Advisory Committee
or of a resolution of the Assembly is read by its own readers; a text with tab-separated
cells is a word-processor conversion; any other text of a report, and any other PDF, is
read as PDF text."""


def importers() -> tuple[Importer, ...]:
    """rbb's own importers, then the plugins' in the order of their entry points'
    names; raises ``plugins.PluginError`` naming a plugin that cannot be loaded."""
    found = plugins.load(plugins.IMPORTERS, Importer)
    return (*BUILT_IN, *(item for item in found if isinstance(item, Importer)))


def import_file(file: ImportInput, *, importer: str | None = None) -> ImportResult:
    """The document a file holds, read by the importer named ``importer`` or else
    by the first that identifies the file."""
    try:
        available = importers()
    except plugins.PluginError as error:
        return _failed(file, "plugin", f"{error}; nothing was read")
    asked: Importer | None = None
    try:
        if importer is not None:
            asked = next((each for each in available if each.name == importer), None)
            if asked is None:
                names = ", ".join(each.name for each in available)
                return _failed(file, "unknown-importer", f"no importer is named {importer!r}: "
                               f"expected one of {names}")
        else:
            for each in available:
                asked = each
                if each.identify(file):
                    break
            else:
                return _unread(file, available)
        return asked.extract(file)
    except MemoryError:  # not the importer's bug: the reading's memory limit (a worker's)
        raise
    except Exception as error:  # an importer's bug must not lose the user's work
        name = asked.name if asked is not None else "?"
        return _failed(file, "parser-failure", f"the {name} importer failed on this input "
                       f"({error!r}); nothing was stored — please report it with the file")


def _unread(file: ImportInput, available: tuple[Importer, ...]) -> ImportResult:
    """The one error of a file no importer reads: why its text could not be had, or
    what each importer would have read."""
    if file.problem is not None:
        return ImportResult.refused(file.problem, file.name)
    expected = " or ".join(dict.fromkeys(each.expects for each in available))
    text = file.text or ""
    if not text.strip():
        reason = "the file is empty"
    elif "\x00" in text[:4096]:
        reason = "the file is binary"
    else:
        reason = "no importer reads this file"
    return ImportResult.refused(InputError(f"{reason}; expected {expected}", file=file.name),
                                file.name)


def _failed(file: ImportInput, code: str, message: str) -> ImportResult:
    return ImportResult(file.name, None, (Diagnostic(
        severity=DiagnosticSeverity.ERROR, code=code, message=message, file=file.name),))
