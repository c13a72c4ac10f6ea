"""What a follow-up row cites: the resolution or report a request was made in and its
paragraph, as the follow-up sections of budget and performance reports print them.

A row sits under a reference (``(Resolution 76/274)``, ``(A/78/744/Add.7 and General
Assembly resolution 78/302)``) and its request ends with the paragraph it quotes
(``... (para. 17).``, ``(para. 20 (e))``, ``(paras. 12 and 13)``); the paragraph's own
parenthesis may name the document itself (``(resolution 75/301, para. 22)``). Symbols
are normalised so that ``78/302``, ``resolution 78/302`` and ``A/RES/78/302`` are one.
Every pattern is bounded: the texts are untrusted input (docs/security.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TAIL = 600
"""The paragraph citation is read from the end of a request only."""
MAX_PARAGRAPHS = 12
"""A range (``paras. 17-19``) expands to at most this many paragraphs."""

_RESOLUTION = re.compile(r"\bA/RES/(\d{2,3})/(\d{1,4})\b", re.I)
_REPORT = re.compile(r"\bA/(\d{2,3})/(\d{1,5})((?:/(?:Add|Rev|Corr)\.\s?\d{1,3}){0,4})", re.I)
_BARE_NUMBER = re.compile(r"(?<![\w/])(\d{2,3})/(\d{1,4})(?![\w/])")
_LAST_PARENTHESIS = re.compile(r"\(((?:[^()]|\([^()]{0,40}\)){0,400})\)[\s.;,]{0,4}$")
_PARAS = re.compile(r"\b(?:paras?|paragraphs?)\b\.?\s*", re.I)
_PARAGRAPH_TOKEN = re.compile(
    r"(?P<number>\d{1,3})\s*(?:\((?P<sub>[a-z]{1,5})\))?|\((?P<lone>[a-z]{1,5})\)|"
    r"(?P<dash>[-–])", re.I)


@dataclass(frozen=True, slots=True)
class Symbols:
    """The documents a reference or a citation names, normalised, in the order printed."""

    resolutions: tuple[str, ...] = ()
    """``A/RES/76/274``."""
    reports: tuple[str, ...] = ()
    """``A/78/744/Add.7``: reports of the Advisory Committee or of the Secretary-General."""

    def __bool__(self) -> bool:
        return bool(self.resolutions or self.reports)


@dataclass(frozen=True, slots=True)
class ParagraphCitation:
    """The closing parenthesis of a request: the paragraphs it quotes, and the
    document it names there, if any."""

    paragraphs: tuple[str, ...]
    symbols: Symbols
    printed: str


def resolution_symbol(session: int | str, number: int | str) -> str:
    return f"A/RES/{int(session)}/{int(number)}"


def normal_symbol(text: str) -> str | None:
    """``Resolution 78/302``, ``78/302``, ``a/res/78/302`` → ``A/RES/78/302``;
    ``a/78/744/add.7`` → ``A/78/744/Add.7``; None for anything else."""
    found = symbols_in(text[:200])
    named = found.resolutions + found.reports
    return named[0] if len(named) == 1 else None


def symbols_in(text: str) -> Symbols:
    """Every resolution and report symbol ``text`` names, normalised, each once.

    A bare ``76/274`` is a resolution of the General Assembly (session/number):
    references print ``Resolution 76/274`` and ``resolutions 76/274 and 78/302``."""
    text = text[:2000]
    resolutions: list[str] = []
    reports: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _RESOLUTION.finditer(text):
        resolutions.append(resolution_symbol(match[1], match[2]))
        taken.append(match.span())
    for match in _REPORT.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        suffix = re.sub(r"\s", "", match[3] or "")
        parts = [part[:1].upper() + part[1:].lower() for part in suffix.split("/") if part]
        reports.append("/".join([f"A/{int(match[1])}/{int(match[2])}", *parts]))
        taken.append(match.span())
    for match in _BARE_NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        resolutions.append(resolution_symbol(match[1], match[2]))
    return Symbols(tuple(dict.fromkeys(resolutions)), tuple(dict.fromkeys(reports)))


def session_of(symbol: str) -> int | None:
    """The session of the General Assembly a symbol belongs to (``A/RES/78/302``: 78)."""
    match = re.match(r"A/(?:RES/)?(\d{2,3})/", symbol)
    return int(match[1]) if match else None


def normal_paragraph(text: str) -> str | None:
    """``20(e)``, ``20 (E)``, ``para. 20 (e)`` → ``20 (e)``; ``17`` → ``17``."""
    found = paragraphs_in(text)
    return found[0] if len(found) == 1 else None


def paragraphs_in(text: str) -> tuple[str, ...]:
    """The paragraphs a list names: ``17 and 18``, ``20 (c) and (e)``, ``17-19``."""
    out: list[str] = []
    number: int | None = None
    dash = False
    for token in _PARAGRAPH_TOKEN.finditer(text[:200]):
        if token["dash"]:
            dash = number is not None
            continue
        if token["number"]:
            value = int(token["number"])
            if dash and number is not None and 0 < value - number < MAX_PARAGRAPHS:
                out.extend(str(n) for n in range(number + 1, value))
            dash = False
            number = value
            sub = token["sub"]
            out.append(f"{value} ({sub.lower()})" if sub else str(value))
        elif token["lone"] and number is not None:
            label = f"{number} ({token['lone'].lower()})"
            if out and out[-1] == str(number):
                out[-1] = label
            else:
                out.append(label)
    return tuple(dict.fromkeys(out))[:MAX_PARAGRAPHS]


def paragraph_citation(request: str) -> ParagraphCitation | None:
    """The parenthesis a request ends with, when it quotes paragraphs: ``(para. 17)``,
    ``(resolution 75/301, para. 22)``. The last one counts: ``... (see ibid., para. 36).
    (para. 30)`` quotes paragraph 30."""
    tail = request.strip()[-MAX_TAIL:]
    match = _LAST_PARENTHESIS.search(tail)
    if match is None:
        return None
    inside = match[1]
    para = _PARAS.search(inside)
    if para is None:
        return None
    paragraphs = paragraphs_in(inside[para.end():])
    if not paragraphs:
        return None
    return ParagraphCitation(paragraphs=paragraphs, symbols=symbols_in(inside[:para.start()]),
                             printed=f"({inside})")
