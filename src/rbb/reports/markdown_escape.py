"""Text in the Markdown report: every field is escaped, so imported text can neither
become HTML (a CommonMark renderer passes raw tags through) nor change the
document's structure (a heading, a list, a table row).

The Markdown environment's ``finalize`` escapes every ``{{ }}`` of the template as
inline text unless it is already :class:`Md` (made by the filters below or marked as
the template's own markup with ``| markup``). What is escaped, with a backslash:

* everywhere: ``\\`` and the characters that open markup or HTML,
  ``` ` * _ [ ] < > | ~ ```, and ``&`` where it would start an entity (``&lt;``);
* in a heading, caption or cell, a line break (a space; ``<br>`` in a table cell);
* at the start of a line of prose: ``#``, ``+``, ``-`` and ``1.``/``1)`` before a
  space (a heading or a list), and a line of only ``=`` or ``-`` (a setext heading).

Ordinary text of the reports needs none of this, so it prints unchanged.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_BLOCK_START = re.compile(r"^([ \t]*)([#+-]|\d+[.)])(?=[ \t]|$)", re.MULTILINE)
_FIRST_BLOCK_START = re.compile(r"^(\s*)([#+-]|\d+\.)(\s)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_UNDERLINE = re.compile(r"^([ \t]*)(=+|-+)([ \t]*)$", re.MULTILINE)


class Md(str):
    """Text that is already Markdown: printed as it is."""

    __slots__ = ()


def _escaped(text: str) -> str:
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def md_inline(value: object) -> Md:
    """A field inside one line of markup: a heading, a caption, a note."""
    if isinstance(value, Md):
        return value
    return Md(_BREAK.sub(" ", _escaped(str(value))))


def md_text(text: str) -> Md:
    """Prose that starts a line (a paragraph, a list item, a finding): its lines stay
    lines, none of them starts a block."""
    text = _escaped(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _UNDERLINE.sub(r"\1\\\2\3", text)
    return Md(_BLOCK_START.sub(r"\1\\\2", text))


def md_cell(text: str) -> Md:
    """A table cell: one line, its breaks as ``<br>`` (a cell that starts like a list
    item is escaped as it always was)."""
    text = _FIRST_BLOCK_START.sub(r"\1\\\2\3", _escaped(text))
    return Md(_NEWLINE.sub("<br>", text))


def markup(text: str) -> Md:
    """The template's own markup (``##``), printed as it is."""
    return Md(text)
