"""The input text as numbered lines: every fact keeps the line it came from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from rbb.model import SourceFile


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    """1-based line number in the input text."""
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class SourceText:
    name: str
    text: str
    shape: str
    """The text shape it is read in: ``tabbed`` or ``pdf_text`` (``rbb.importers.shapes``)."""

    @property
    def lines(self) -> list[Line]:
        return [Line(i, t) for i, t in enumerate(self.text.split("\n"), start=1)]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def provenance(self) -> SourceFile:
        """What a document keeps of the text it was read from: the file's name (not
        its folder), its hash, its shape and its line count as ``wc -l`` gives it."""
        return SourceFile(name=PurePath(self.name).name, sha256=self.sha256, shape=self.shape,
                          lines=len(self.text.splitlines()))

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

