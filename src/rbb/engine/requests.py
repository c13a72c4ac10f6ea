"""Requests of the General Assembly and recommendations of the Advisory Committee
followed up across the years (docs/cycle.md, "Requests followed up").

A tracked request is one paragraph of one resolution or report that asks for
something. It comes from the stored resolutions and reports of the Committee (their
decisions and recommendations that ask), and from every follow-up row of every stored
budget and performance report: the row cites the request by the resolution or report
and paragraph (``rbb.engine.request_citations``), so a request is tracked even when
the document that made it is not stored. Its responses are the follow-up rows citing
it, oldest report first; its status follows from them by the rule of ``status_of``.
Pure: documents in, records out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rbb.model.base import Record, SourceLine
from rbb.model.cycle import DocumentKind, Period
from rbb.model.document import Document, DocumentKey
from rbb.model.legislative import DecisionKind, RecommendationKind
from rbb.model.tables import FollowUp

from .request_citations import (
    normal_paragraph,
    normal_symbol,
    paragraph_citation,
    session_of,
    symbols_in,
)

GENERAL_ASSEMBLY = "general_assembly"
ACABQ = "acabq"
FIRST_SESSION_YEAR = 1946
"""Session N of the Assembly adopts, in May–June of 1946 + N, the peacekeeping budgets
for the period from 1 July of that year (session 78: the 2024/25 budgets)."""


class RequestStatus(StrEnum):
    RESPONDED = "responded"
    """The latest report citing the request gives an action that does not defer it."""
    PARTLY = "partly"
    """The latest action says what was asked is still to come (``will be reflected in
    the next budget``, ``was deferred``, ``in the process of implementation``), or the
    latest report citing the request gives no action though an earlier one did."""
    NO_RESPONSE = "no response found"
    """No stored report cites the request, or none gives an action."""


class RequestSource(Record):
    """Where a request was made: the resolution or report and its paragraph."""

    body: str
    """``general_assembly`` or ``acabq``: who asked."""
    symbol: str | None = None
    """Normalised: ``A/RES/76/274``, ``A/78/744/Add.7``; None when nothing names it."""
    paragraph: str | None = None
    """``17``, ``20 (e)``."""
    cited_as: str | None = None
    """The reference as a report prints it: ``Resolution 76/274``."""
    endorsed_by: tuple[str, ...] = ()
    """The resolutions that endorsed a recommendation of the Committee, as cited."""
    also_cited: tuple[str, ...] = ()
    """Other documents of the same reference the paragraph may belong to
    (``resolutions 76/274 and 78/302``, no stored one holding the paragraph)."""
    document: DocumentKey | None = None
    """The stored resolution or report, when stored."""
    source_line: SourceLine = None
    """Of the paragraph in the stored document."""

    @property
    def label(self) -> str:
        name = self.symbol or "uncited"
        if self.symbol and self.symbol.startswith("A/RES/"):
            name = f"resolution {self.symbol.removeprefix('A/RES/')}"
        return f"{name}, para. {self.paragraph}" if self.paragraph else name


class RequestResponse(Record):
    """One follow-up row citing a request: the report, the line, the action."""

    document: DocumentKey
    symbol: str | None = None
    request: str
    """The request as this report prints it."""
    action: str
    source_line: SourceLine = None
    pending: str | None = None
    """The words of the action that say what was asked is still to come, if any."""


class TrackedRequest(Record):
    key: str
    """``resolution 76/274, para. 17``: unique among a mission's requests (a request
    citing no paragraph or no document: its source and a digest of its text)."""
    mission: str
    source: RequestSource
    period: Period | None = None
    """The period of the budget the request was made on: the stored source's, else
    inferred from the session of its symbol (``period_inferred``)."""
    period_inferred: bool = False
    heading: str | None = None
    """The heading it is followed up under (``Cross-cutting issues``)."""
    text: str
    responses: tuple[RequestResponse, ...] = ()
    status: RequestStatus
    reason: str
    """The status in words: which report answered, or what defers it."""


_ASKING = re.compile(
    r"\b(?:requests?|trusts?\s+that|expects?|encourages?|urges?|calls\s+upon|invites?|"
    r"looks?\s+forward\s+to)\b", re.I)
_PENDING = re.compile(
    r"\bwill\s+be\s+(?:provided|reflected|included|presented|reported|submitted|"
    r"made\s+available|finali[sz]ed|completed|implemented|updated|addressed)\b|"
    r"\b(?:is|are|was|were|has\s+been|have\s+been|remains?)\s+(?:still\s+)?"
    r"(?:scheduled|planned|deferred|postponed|delayed|pending|ongoing|under\s+way|"
    r"underway|under\s+review|under\s+consideration|in\s+progress)\b|"
    r"\bin\s+the\s+process\s+of\s+\w+|\bnot\s+yet\s+\w+|"
    r"\b(?:future|next|forthcoming|subsequent)\s+(?:budget|performance|report|proposal|"
    r"submission)s?\b", re.I)


def pending_words(action: str) -> str | None:
    """The first words of ``action`` saying that what was asked is still to come."""
    found = _PENDING.search(action[:20_000])
    return re.sub(r"\s+", " ", found[0]) if found else None


def asks(text: str) -> bool:
    """Whether a paragraph asks for information or action, whatever its kind."""
    return _ASKING.search(text[:5_000]) is not None


def issued(document: Document) -> tuple[dt.date, str]:
    """When a report came out: its date, else the year it is issued in (a budget early
    in its period's first year, a performance report after its period ends)."""
    year = document.period.start_year + (document.kind is DocumentKind.PERFORMANCE)
    return document.date or dt.date(year, 1, 1), document.kind.value


def inferred_period(symbol: str | None) -> Period | None:
    session = session_of(symbol) if symbol else None
    if session is None or not 1 <= session <= 150:
        return None
    return Period(FIRST_SESSION_YEAR + session)


Identity = tuple[str, str, str]


@dataclass
class _Item:
    source: RequestSource
    text: str
    period: Period | None = None
    heading: str | None = None
    responses: list[RequestResponse] = field(default_factory=list)


def _identity(symbol: str | None, paragraph: str | None, text: str, heading: str | None
              ) -> Identity:
    if symbol and paragraph:
        return symbol, paragraph, ""
    return symbol or "", paragraph or "", f"{heading or ''}|{' '.join(text.split())[:200]}"


def _stored_requests(documents: Iterable[Document]) -> dict[Identity, _Item]:
    """The paragraphs of the stored resolutions and Committee reports that ask."""
    found: dict[Identity, _Item] = {}
    for document in documents:
        if not document.kind.legislative:
            continue
        symbol = normal_symbol(document.symbol or "") or str(document.key)
        body = GENERAL_ASSEMBLY if document.kind is DocumentKind.GA_RESOLUTION else ACABQ
        paragraphs = [(d.paragraph, d.text, d.source_line) for d in document.decisions
                      if d.kind is DecisionKind.REQUEST or
                      (d.kind is DecisionKind.OTHER and asks(d.text))]
        paragraphs += [(r.paragraph, r.text, r.source_line) for r in document.recommendations
                       if r.kind is RecommendationKind.REQUEST or asks(r.text)]
        for printed, text, line in paragraphs:
            paragraph = normal_paragraph(printed) or printed.strip()
            identity = _identity(symbol, paragraph, text, None)
            found.setdefault(identity, _Item(
                source=RequestSource(body=body, symbol=symbol, paragraph=paragraph,
                                     document=document.key, source_line=line),
                text=text, period=document.period))
    return found


def _citations(row: FollowUp, stored: set[tuple[str, str]]
               ) -> list[tuple[RequestSource, str | None]]:
    """The requests one follow-up row answers, each with its source."""
    citation = paragraph_citation(row.request)
    printed = row.reference or row.heading
    reference = symbols_in(row.reference or "") or symbols_in(row.heading or "")
    own = citation.symbols if citation is not None else None
    endorsed: tuple[str, ...] = ()
    if own:
        primary = own.reports + own.resolutions if row.body == ACABQ else \
            own.resolutions + own.reports
        printed = citation.printed if citation else printed
    elif row.body == ACABQ and reference.reports:
        primary, endorsed = reference.reports, reference.resolutions
    else:
        primary = reference.resolutions + reference.reports
    paragraphs: tuple[str | None, ...] = citation.paragraphs if citation else (None,)
    out = []
    for paragraph in paragraphs:
        held = [s for s in primary if paragraph and (s, paragraph) in stored]
        symbol = held[0] if held else (primary[0] if primary else None)
        out.append((RequestSource(
            body=row.body, symbol=symbol, paragraph=paragraph, cited_as=printed,
            endorsed_by=endorsed, also_cited=tuple(s for s in primary if s != symbol)),
            paragraph))
    return out


def track_requests(mission: str, documents: Sequence[Document]) -> tuple[TrackedRequest, ...]:
    """Every request made of or followed up for ``mission`` in ``documents`` (its stored
    documents of every kind), with the responses the follow-up rows give."""
    ordered = sorted(documents, key=issued)
    items = _stored_requests(ordered)
    stored = {(i[0], i[1]) for i in items}
    for document in ordered:
        for row in document.follow_up:
            for source, paragraph in _citations(row, stored):
                identity = _identity(source.symbol, paragraph, row.request, row.heading)
                item = items.get(identity)
                if item is None:
                    item = items[identity] = _Item(source=source, text=row.request.strip())
                    item.period = inferred_period(source.symbol)
                elif item.source.document is not None and item.source.cited_as is None:
                    item.source = item.source.model_copy(update={
                        "cited_as": source.cited_as, "endorsed_by": source.endorsed_by})
                if item.source.document is None:
                    item.text = row.request.strip()
                item.heading = row.heading or item.heading
                item.responses.append(RequestResponse(
                    document=document.key, symbol=document.symbol, request=row.request,
                    action=row.action, source_line=row.source_line,
                    pending=pending_words(row.action)))
    tracked = [_tracked(mission, item) for item in items.values()]
    return tuple(sorted(tracked, key=_order))


def _tracked(mission: str, item: _Item) -> TrackedRequest:
    status, reason = status_of(item.responses)
    source = item.source
    key = source.label
    if not (source.symbol and source.paragraph):
        digest = hashlib.sha256(" ".join(item.text.split()).encode()).hexdigest()[:8]
        key = f"{key} #{digest}"
    return TrackedRequest(
        key=key, mission=mission, source=source, period=item.period,
        period_inferred=source.document is None and item.period is not None,
        heading=item.heading, text=item.text, responses=tuple(item.responses),
        status=status, reason=reason)


def status_of(responses: Sequence[RequestResponse]) -> tuple[RequestStatus, str]:
    """The status of a request from its responses, oldest first (docs/cycle.md):
    ``no response found`` when none gives an action; ``partly`` when the latest
    report citing it gives none though an earlier one did, or when the latest action
    says what was asked is still to come; ``responded`` otherwise."""
    answered = [r for r in responses if r.action.strip()]
    if not answered:
        return RequestStatus.NO_RESPONSE, (
            "no stored report cites it" if not responses else
            "the reports citing it give no action taken")
    latest = responses[-1]
    if not latest.action.strip():
        return RequestStatus.PARTLY, (
            f"answered in {_where(answered[-1])}; the later {_where(latest)} gives no "
            "action taken")
    if latest.pending:
        return RequestStatus.PARTLY, f"{_where(latest)}, says “{latest.pending}”"
    return RequestStatus.RESPONDED, f"answered in {_where(latest)}"


def _where(response: RequestResponse) -> str:
    key = response.document
    line = f", line {response.source_line}" if response.source_line else ""
    return f"the {key.period} {key.kind.value} report{line}"


_NUMBER = re.compile(r"\d+")


def _order(item: TrackedRequest) -> tuple[object, ...]:
    """Assembly before Committee, then by session, symbol and paragraph number (those
    citing none in the order printed)."""
    source = item.source
    symbol = source.symbol or "~"
    numbers = tuple(int(n) for n in _NUMBER.findall(symbol))
    paragraph = source.paragraph or ""
    first = item.responses[0].source_line or 0 if item.responses else 0
    return (source.body != GENERAL_ASSEMBLY, source.symbol is None, numbers, symbol,
            tuple(int(n) for n in _NUMBER.findall(paragraph)), paragraph, first, item.key)
