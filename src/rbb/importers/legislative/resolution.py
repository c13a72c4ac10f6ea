"""A General Assembly resolution on a mission's financing, read into a ``Document``
(docs/cycle.md, "Resolutions of the General Assembly").

Each operative paragraph becomes a ``Decision`` (what it does, its text, its amounts
with their lines). The amounts the financing decides become ``FinancingFigure``s by
the words printed around them: "appropriate ... the amount of $X" (appropriated),
"inclusive of $Y for the maintenance of the Mission" (maintenance, and the stage
``appropriation``), "for the support account", "for the United Nations Logistics
Base", "apportion ... $Z", "staff assessment income of $W", "the prorated share of
$V of the estimated staff assessment income approved for the support account", "the
unencumbered balance and other revenue in the amount of $U in respect of the financial
period ended 30 June 2010", "enter into commitments ... not exceeding $T". An amount
no such words tie to a part (a monthly rate, an amount appropriated before, a change
in staff assessment, an amount in a request) is kept with its decision and reported
as unplaced: never guessed.
"""

from __future__ import annotations

import re
from datetime import date

from ...model.cycle import MONTHS, Period, Stage
from ...model.document import Document
from ...model.errors import InputError
from ...model.findings import Diagnostic, DiagnosticSeverity
from ...model.legislative import (
    Decision,
    DecisionKind,
    FinancingFigure,
    FinancingPart,
    StageFigure,
    StageLevel,
)
from ..detect import DocumentMeta
from ..identity.titles import PERIOD, period_of
from ..importer import ImportResult
from ..source import SourceText
from .operative import (
    Body,
    OperativeParagraph,
    PrintedAmount,
    body_of,
    considered_reports,
    operative_paragraphs,
)

MAX_DECISION_CHARS = 6000
"""A paragraph's text as kept: longer ones (none that the Assembly adopts) are cut."""

_KINDS: tuple[tuple[re.Pattern[str], DecisionKind], ...] = (
    (re.compile(r"\bto appropriate\b|\bappropriates\b", re.I), DecisionKind.APPROPRIATE),
    (re.compile(r"\bto apportion\b|\bapportions\b", re.I), DecisionKind.APPORTION),
    (re.compile(r"staff assessment|tax equalization fund", re.I),
     DecisionKind.STAFF_ASSESSMENT),
    (re.compile(r"unencumbered balance|other (?:revenue|income)|investment revenue", re.I),
     DecisionKind.CREDIT),
)
_REQUEST = re.compile(
    r"(?:(?:also|further|again|once again) )?(?:requests|reiterates its requests?)"
    r"(?: (?:also|further|again))?(?: to)? the Secretary-General\b", re.I)

_MONTH = "|".join(MONTHS)
_ENDED = re.compile(rf"period (?:ended|ending) (\d{{1,2}}) ({_MONTH}) (\d{{4}})", re.I)
_PART_AFTER = re.compile(
    r"\s*(?:dollars\s+)?(?:gross\s+)?(?:\([^()]{0,60}\)\s+)?(?:is\s+)?for the "
    r"(?P<part>maintenance|support account|united nations logistics base|global service "
    r"centre|regional service centre)", re.I)
_PARTS = {
    "maintenance": FinancingPart.MAINTENANCE,
    "support account": FinancingPart.SUPPORT_ACCOUNT,
    "united nations logistics base": FinancingPart.LOGISTICS_BASE,
    "global service centre": FinancingPart.LOGISTICS_BASE,
    "regional service centre": FinancingPart.REGIONAL_SERVICE_CENTRE,
}
_APPROVED_FOR = re.compile(
    r"\s*(?:dollars\s+)?(?:of the estimated staff assessment income\s+)?approved for the "
    r"(?P<what>support account|united nations logistics base|global service centre|"
    r"regional service centre|[A-Z][\w-]*)", re.I)
_STAFF_BEFORE = re.compile(
    r"(?:staff assessment income|tax equalization fund)(?: of| in the amount of)?\s*$", re.I)
_PRORATED_BEFORE = re.compile(r"prorated share of\s*$", re.I)
_STAFF_AFTER = re.compile(r"\s*(?:dollars\s+)?(?:of|in) (?:the )?estimated staff assessment",
                          re.I)
_BALANCE_BEFORE = re.compile(
    r"(?P<both>unencumbered balance and (?:the )?other (?:revenue|income)|"
    r"unencumbered balance and (?:the )?(?:investment|interest) (?:revenue|income))"
    r"(?: (?:of|in the (?:total )?amount of))?\s*$"
    r"|(?P<balance>unencumbered balance)(?: (?:of|in the (?:total )?amount of))?\s*$"
    r"|(?P<revenue>other (?:revenue|income)|investment (?:revenue|income))"
    r"(?: (?:of|in the (?:total )?amount of))?\s*$", re.I)
_COMMITMENT = re.compile(r"enter into commitments\b.{0,300}?not exceeding\s*$", re.I | re.S)
_CHANGE = re.compile(r"\b(?:increase|decrease|reduction)\b[^;]{0,80}$", re.I)
_MONTHLY = re.compile(r"monthly rate of\s*$", re.I)
_BEFORE = re.compile(
    r"\b(?:already|previously) (?:appropriated|apportioned|assessed|authorized)\b", re.I)
_AMOUNT_OF = re.compile(r"(?:amount of|amount|sum of)\s*$", re.I)
_INCLUSIVE = re.compile(r"\binclusive of\b|\bcomprising\b", re.I)
_CONTEXT = 220


def read(source: SourceText, meta: DocumentMeta) -> ImportResult:
    body = body_of(source)
    paragraphs = operative_paragraphs(body)
    if not paragraphs:
        return ImportResult.refused(InputError(
            f"{meta.described()}: no operative paragraph; expected paragraphs numbered "
            "after 'The General Assembly,' ('1. Requests the Secretary-General to ...', "
            "'5. Decides to appropriate ...')", file=source.name), source.name)
    decisions: list[Decision] = []
    figures: dict[tuple[object, ...], FinancingFigure] = {}
    diagnostics: list[Diagnostic] = []
    for paragraph in paragraphs:
        kind = decision_kind(paragraph.text)
        decisions.append(Decision(
            kind=kind, paragraph=paragraph.number, text=paragraph.text[:MAX_DECISION_CHARS],
            amounts=tuple(a.amount for a in paragraph.amounts),
            amount_source_lines=tuple(a.line for a in paragraph.amounts),
            source_line=paragraph.line))
        for placed in _place(body, paragraph, kind, meta.period, source.name, diagnostics):
            key = (placed.part, placed.for_part, placed.period, placed.amount)
            figures.setdefault(key, placed)
    financing = tuple(figures.values())
    stages = tuple(
        StageFigure(stage=Stage.APPROPRIATION, period=f.period, level=StageLevel.TOTAL,
                    amount=f.amount, paragraph=f.paragraph, source_line=f.source_line)
        for f in financing if f.part is FinancingPart.MAINTENANCE)
    document = Document(
        kind=meta.kind, mission=meta.mission, period=meta.period, title=meta.title,
        symbol=meta.symbol, date=meta.date, session=meta.session,
        agenda_item=meta.agenda_item, source=source.provenance(),
        concerns=considered_reports(source, body), decisions=tuple(decisions),
        financing=financing, stage_figures=stages)
    return ImportResult(source.name, document, tuple(diagnostics))


def decision_kind(text: str) -> DecisionKind:
    """What a paragraph does, by its opening words: a request to the Secretary-General;
    else the first of appropriating, apportioning, staff assessment and credits it
    speaks of; else other."""
    if _REQUEST.match(text):
        return DecisionKind.REQUEST
    found = [(m.start(), kind) for pattern, kind in _KINDS if (m := pattern.search(text))]
    return min(found, key=lambda f: f[0])[1] if found else DecisionKind.OTHER


def _place(body: Body, paragraph: OperativeParagraph, kind: DecisionKind, period: Period,
           file: str, diagnostics: list[Diagnostic]) -> list[FinancingFigure]:
    placed: list[FinancingFigure] = []
    first_gross = True
    text = body.text
    end = paragraph.start + len(paragraph.text)
    inclusive = _INCLUSIVE.search(text, paragraph.start, end)
    for amount in paragraph.amounts:
        if amount.net:
            continue
        before = text[max(paragraph.start, amount.start - _CONTEXT):amount.start]
        after = text[amount.end:min(end, amount.end + _CONTEXT)]
        in_parts = inclusive is not None and inclusive.start() < amount.start
        part, for_part, reason = _part(kind, before, after, first_gross, in_parts)
        first_gross = False
        if part is None:
            diagnostics.append(_unplaced(paragraph, amount, body, reason, file))
            continue
        when = _period_of(text, paragraph.start, amount, end) or period
        placed.append(FinancingFigure(part=part, period=when, amount=amount.amount,
                                      for_part=for_part, paragraph=paragraph.number,
                                      source_line=amount.line))
        if part is FinancingPart.APPROPRIATED and not inclusive \
                and (match := _PART_AFTER.match(after)) is not None \
                and _PARTS[match["part"].lower()] is FinancingPart.MAINTENANCE:
            placed.append(FinancingFigure(part=FinancingPart.MAINTENANCE, period=when,
                                          amount=amount.amount, paragraph=paragraph.number,
                                          source_line=amount.line))
    return placed


def _part(kind: DecisionKind, before: str, after: str, first: bool, in_parts: bool
          ) -> tuple[FinancingPart | None, FinancingPart | None, str | None]:
    """The part an amount is of, the part a staff assessment is approved for, or why
    it is placed nowhere (``first``: the paragraph's first gross amount; ``in_parts``:
    printed after "inclusive of")."""
    if _BEFORE.match(after.lstrip()) or _BEFORE.search(after[:60]):
        return None, None, "an amount appropriated or apportioned before"
    if _MONTHLY.search(before):
        return None, None, "a monthly rate"
    if _CHANGE.search(before[-90:]):
        return None, None, "a change from an earlier figure"
    if _PRORATED_BEFORE.search(before) and (approved := _APPROVED_FOR.match(after)):
        share = _PARTS.get(approved["what"].lower())
        if share is not None:
            return FinancingPart.STAFF_ASSESSMENT, share, None
    if _STAFF_BEFORE.search(before) or _STAFF_AFTER.match(after):
        whole = re.search(r"tax equalization fund(?: of| in the amount of)?\s*$", before, re.I)
        approved = _APPROVED_FOR.match(after)
        share = None if whole or approved is None else _PARTS.get(
            approved["what"].lower(), FinancingPart.MAINTENANCE)
        return FinancingPart.STAFF_ASSESSMENT, share, None
    if (balance := _BALANCE_BEFORE.search(before)) is not None:
        if balance["both"]:
            return FinancingPart.BALANCE_AND_REVENUE, None, None
        if balance["balance"]:
            return FinancingPart.UNENCUMBERED_BALANCE, None, None
        return FinancingPart.OTHER_REVENUE, None, None
    if _COMMITMENT.search(before):
        return FinancingPart.COMMITMENT_AUTHORITY, None, None
    if kind is DecisionKind.APPROPRIATE:
        if in_parts:
            match = _PART_AFTER.match(after)
            if match is not None:
                return _PARTS[match["part"].lower()], None, None
            return None, None, "a part of the appropriation that names no known part"
        if first and _AMOUNT_OF.search(before):
            return FinancingPart.APPROPRIATED, None, None
    if kind is DecisionKind.APPORTION and first and _AMOUNT_OF.search(before):
        return FinancingPart.APPORTIONED, None, None
    if kind is DecisionKind.REQUEST:
        return None, None, "an amount in a request"
    return None, None, "no words tie it to a part of the appropriation"


def _period_of(text: str, start: int, amount: PrintedAmount, end: int) -> Period | None:
    """The period an amount is for: the first stated after it in its paragraph ("for
    the period from ...", "the financial period ended 30 June 2010"), else the last
    stated before it there."""
    after = _periods(text, amount.end, end)
    if after:
        return after[0]
    before = _periods(text, start, amount.start)
    return before[-1] if before else None


def _periods(text: str, start: int, end: int) -> list[Period]:
    found: list[tuple[int, Period]] = []
    for match in PERIOD.finditer(text, start, end):
        try:
            found.append((match.start(), period_of(match)))
        except ValueError:
            continue
    for match in _ENDED.finditer(text, start, end):
        try:
            month = [m.lower() for m in MONTHS].index(match.group(2).lower()) + 1
            ended = date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            continue
        found.append((match.start(), Period.containing(ended)))
    return [period for _, period in sorted(found, key=lambda f: f[0])]


def _unplaced(paragraph: OperativeParagraph, amount: PrintedAmount, body: Body,
              reason: str | None, file: str) -> Diagnostic:
    printed = body.text[amount.start:amount.end]
    return Diagnostic(
        severity=DiagnosticSeverity.WARNING, code="unplaced-amount",
        message=(f"paragraph {paragraph.number}: {printed} is tied to no part of the "
                 f"financing and no stage ({reason or 'unread'}); kept with its decision, "
                 "not placed"),
        file=file, line=amount.line, text=printed)
