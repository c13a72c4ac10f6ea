"""A request cited in a follow-up table exists in the document it cites.

Section V / VI of a report ("Summary of follow-up action taken to implement the
decisions and requests of the General Assembly ... including the requests and
recommendations of the Advisory Committee ... endorsed by the Assembly") quotes each
request with the paragraph it stands in, "(para. 17)", under the document cited
("Resolution 76/274", "A/78/744/Add.7 and General Assembly resolution 78/302"). When
that resolution or report of the Committee is stored, the paragraph must be one of
its own: an operative paragraph of the resolution, a paragraph of the Committee's
report that recommends or requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rbb.model import Document, DocumentKind, Finding, Severity
from rbb.model.tables import FollowUp

from .comparison import Where, finding

_RESOLUTION = re.compile(r"\bresolutions?\s+(\d{1,3}/\d{1,4})", re.IGNORECASE)
_SYMBOL = re.compile(r"\bA/\d{1,3}/\d{1,4}(?:/Add\.\d{1,3})?(?:/Corr\.\d{1,2})?", re.IGNORECASE)
_RES_SYMBOL = re.compile(r"^A/RES/(\d{1,3}/\d{1,4})[A-Z]?$")
_CITED = re.compile(
    r"\((?P<word>paras?)\.\s*(?P<list>[^()]{1,80}?(?:\([a-z]{1,5}\)[^()]{0,40}?)*)\)\s*\.?\s*$",
    re.IGNORECASE)
_ONE = re.compile(r"^(\d{1,3})\s*(?:\(([a-z]{1,5})\))?$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})$")
_MAX_RANGE = 30


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph number as the reports print it: ``20 (c)`` is 20 and ``c``."""

    number: int
    sub: str | None = None

    def __str__(self) -> str:
        return f"{self.number} ({self.sub})" if self.sub else str(self.number)

    def found_in(self, known: Iterable[Paragraph]) -> bool:
        """Cited 20 (c) is in a document that holds 20 (c) or 20 as a whole; cited 20
        is in one that holds 20 or any of its sub-paragraphs."""
        return any(k.number == self.number and (k.sub == self.sub or k.sub is None
                                                or self.sub is None) for k in known)


def paragraph(text: str) -> Paragraph | None:
    """``17``, ``20 (c)``, ``20(c)``; None for anything else."""
    match = _ONE.match(text.strip())
    if match is None:
        return None
    return Paragraph(int(match.group(1)), match.group(2).lower() if match.group(2) else None)


def cited_paragraphs(request: str) -> tuple[Paragraph, ...]:
    """The paragraphs a request's closing parenthesis cites: "(para. 17)", "(para.
    20 (c))", "(paras. 12 and 13)", "(paras. 4–6)". A reference inside the text,
    "(resolution 75/301, para. 22)", is another document's and is not read."""
    match = _CITED.search(request.strip())
    if match is None or "/" in match.group("list"):
        return ()
    cited: list[Paragraph] = []
    for item in re.split(r",\s*|\s+and\s+", match.group("list").strip()):
        span = _RANGE.match(item.strip())
        if span:
            first, last = int(span.group(1)), int(span.group(2))
            if not 0 < last - first <= _MAX_RANGE:
                return ()
            cited += [Paragraph(n) for n in range(first, last + 1)]
            continue
        one = paragraph(item)
        if one is None:
            return ()
        cited.append(one)
    return tuple(cited)


def cited_document(row: FollowUp) -> tuple[str, str] | None:
    """What a row cites, as (kind, number): ``("resolution", "76/274")`` or
    ``("report", "A/78/744/ADD.7")``. A reference naming a report of the Committee and
    the resolution that endorses it cites the report under the Committee's heading and
    the resolution under the Assembly's."""
    reference = row.reference or ""
    resolutions = _RESOLUTION.findall(reference)
    reports = [s.upper() for s in _SYMBOL.findall(reference)]
    if row.body == "acabq" and reports:
        return ("report", reports[0])
    if resolutions:
        return ("resolution", resolutions[0])
    if reports:
        return ("report", reports[0])
    return None


def _identity(document: Document) -> tuple[str, str] | None:
    symbol = (document.symbol or "").replace(" ", "").upper()
    if not symbol:
        return None
    if document.kind is DocumentKind.GA_RESOLUTION:
        match = _RES_SYMBOL.match(symbol)
        return ("resolution", match.group(1)) if match else None
    if document.kind is DocumentKind.ACABQ_REPORT:
        return ("report", symbol)
    return None


def known_paragraphs(document: Document) -> frozenset[Paragraph]:
    """Every paragraph number the stored document holds a record of (decisions,
    recommendations, stage and financing figures: the records the checks across
    documents read of a stored document, ``services.audit.CROSS_DOCUMENT_PARTS``)."""
    numbers = [d.paragraph for d in document.decisions]
    numbers += [r.paragraph for r in document.recommendations]
    numbers += [f.paragraph for f in document.stage_figures if f.paragraph]
    numbers += [f.paragraph for f in document.financing if f.paragraph]
    found = {paragraph(n) for n in numbers if n}
    return frozenset(p for p in found if p is not None)


def _read_whole(document: Document) -> bool:
    """Whether every paragraph of the document is a record: a complete resolution,
    each of whose operative paragraphs is a decision. Of a report of the Committee
    only the paragraphs that recommend or request are, so a paragraph missing there is
    a warning (the follow-up may cite one the reading did not take for a request)."""
    return (document.kind is DocumentKind.GA_RESOLUTION and not document.partial
            and bool(document.decisions))


def check_cited_requests(documents: Sequence[Document]) -> list[Finding]:
    """Findings on every follow-up row citing a paragraph that the stored document it
    cites does not hold."""
    stored = {identity: d for d in documents if (identity := _identity(d)) is not None}
    if not stored:
        return []
    findings: list[Finding] = []
    for document in documents:
        for row in document.follow_up:
            cited = cited_document(row)
            target = stored.get(cited) if cited else None
            if target is None:
                continue
            known = known_paragraphs(target)
            for number in cited_paragraphs(row.request):
                if number.found_in(known):
                    continue
                severity = Severity.ERROR if _read_whole(target) else Severity.WARNING
                where = Where.of(document, section="Follow-up", table=row.body,
                                 row=row.reference, column="request",
                                 source_line=row.source_line)
                findings.append(finding(
                    severity, "cycle.cited-request",
                    f"the follow-up row cites para. {number} of {row.reference}; "
                    f"{target.symbol} ({target.key}) {_holds(target, known)}", where))
    return findings


def _holds(document: Document, known: frozenset[Paragraph]) -> str:
    what = ("operative paragraphs" if document.kind is DocumentKind.GA_RESOLUTION
            else "recommendations and requests")
    if not known:
        return f"has no {what}"
    numbers = sorted({p.number for p in known})
    return f"has no such paragraph ({what}: {_ranges(numbers)})"


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(parts)
