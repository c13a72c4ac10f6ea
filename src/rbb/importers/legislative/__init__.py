"""The texts of the cycle's later stages (docs/cycle.md): a report of the Advisory
Committee on a mission's budget (``acabq.py``) and a General Assembly resolution on a
mission's financing (``resolution.py``), read into a ``Document`` of their kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...model.cycle import DocumentKind
from ...model.errors import InputError
from ..detect import DocumentMeta, detect, looks_like_resolution, names_a_period
from ..identity.renderings import flatten, head_of
from ..identity.titles import read_title
from ..importer import Importer, ImportInput, ImportResult
from ..source import SourceText
from . import acabq, resolution

Reader = Callable[[SourceText, DocumentMeta], ImportResult]

READERS: dict[DocumentKind, Reader] = {
    DocumentKind.ACABQ_REPORT: acabq.read,
    DocumentKind.GA_RESOLUTION: resolution.read,
}


def _legislative_meta(file: ImportInput) -> DocumentMeta | None:
    """The identity of a legislative text; None for any other file (derived once). A
    PDF's text is read for a report of the Advisory Committee (the public copies are
    PDFs; a PDF rbb rendered is read by ``RenderedPdf`` before this importer)."""
    text = file.text
    if text is None or not names_a_period(text):
        return None
    try:
        meta = detect(text, file=file.name, register=file.register)
    except InputError:
        return None
    if file.is_pdf and meta.kind is not DocumentKind.ACABQ_REPORT:
        return None
    return meta if meta.kind in READERS else None


def _resolution_head(file: ImportInput) -> bool:
    """A text, or a PDF's text layer (the Assembly's own copies are PDFs), headed as a
    resolution: read here, not by the report shapes, which read reports only."""
    return file.text is not None and looks_like_resolution(file.text)


def _titled_acabq(file: ImportInput) -> bool:
    """Whether the text is titled a report of the Advisory Committee, whatever else it
    lacks: read here, its missing period or mission is refused with what was expected
    rather than as a file no importer reads."""
    text = file.text
    if text is None or file.is_pdf:
        return False
    return read_title(flatten(head_of(text))).kind is DocumentKind.ACABQ_REPORT


class LegislativeImporter(Importer):
    name = "legislative"
    expects = ("the text of a report of the Advisory Committee on a mission's budget, or of "
               "a General Assembly resolution on a mission's financing")

    def identify(self, file: ImportInput) -> bool:
        """A legislative text whose identity reads; or a text headed as a resolution or
        titled a report of the Advisory Committee, which ``extract`` refuses with what it
        lacks (its period, its mission)."""
        return (file.derived(_legislative_meta) is not None or file.derived(_resolution_head)
                or file.derived(_titled_acabq))

    def extract(self, file: ImportInput) -> ImportResult:
        if file.problem is not None:
            return ImportResult.refused(file.problem, file.name)
        text = file.text or ""
        try:
            meta = detect(text, file=file.name, register=file.register)
        except InputError as error:
            return ImportResult.refused(error, file.name)
        reader = READERS.get(meta.kind)
        if reader is None:
            return ImportResult.refused(InputError(
                f"identified as {meta.described()}; the legislative importer reads reports of "
                "the Advisory Committee and resolutions of the General Assembly",
                file=file.name), file.name)
        result = reader(SourceText(name=file.name, text=text, shape="legislative"), meta)
        return replace(result, text=text)


LEGISLATIVE = LegislativeImporter()
