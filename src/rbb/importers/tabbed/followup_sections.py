"""Sections IV and V: the actions to be taken by the General Assembly (with the
amounts they name) and the follow-up of the requests of the General Assembly
and of the Advisory Committee (request beside the action taken)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rbb.model.tables import FollowUp, GeneralAssemblyAction

from ..cells import dollar_amounts, letters
from ..reading import Parts, Reading
from ..source import Line
from .outline import Kind, Region
from .paragraphs import read_paragraphs
from .text import TERMINAL, has_tab, is_footnote, next_nonblank, prose_text

_REFERENCE = re.compile(r"^\((?P<reference>[^()]*(?:\([^()]*\)[^()]*)*)\)$")
_REQUEST_END = re.compile(r"\((?:[^()]*[\s,])?paras?\.\s*[^()]*(?:\([a-z]+\)[^()]*)*\)\.?$",
                          re.I)
_COLUMN_HEADERS = frozenset({"decisionrequest", "requestrecommendation", "request",
                             "recommendation", "decision"})


def read_actions(region: Region, reading: Reading, parts: Parts) -> None:
    """IV: each numbered paragraph is an action, or its lettered items when it has them
    ("(a) Appropriation of ...; (b) Assessment of ...")."""
    paragraphs = read_paragraphs(list(region.lines), region.label, reading, strict=False)
    parts.rows(lambda d: d.paragraphs).extend(paragraphs)
    itemised = {p.number for p in paragraphs if p.letter is not None}
    actions = parts.rows(lambda d: d.general_assembly_actions)
    for paragraph in paragraphs:
        if paragraph.letter is None and paragraph.number in itemised:
            continue
        amounts, unread = dollar_amounts(paragraph.text)
        for printed, _ in unread:
            reading.error("bad-number", f"action of the General Assembly: expected an amount "
                          f"such as $685,900, found '{printed}'", paragraph.source_line,
                          region.label)
        actions.append(GeneralAssemblyAction(
            text=paragraph.text, amounts=tuple(amount for amount, _ in amounts),
            source_line=paragraph.source_line))


@dataclass
class _Block:
    text: str
    line: int


@dataclass
class _Group:
    body: str
    heading: str | None = None
    reference: str | None = None
    requests: list[_Block] = field(default_factory=list)
    actions: list[_Block] = field(default_factory=list)
    last: _Block | None = None


def read_follow_up(region: Region, reading: Reading, parts: Parts) -> None:
    """V.A / V.B: under a heading and its reference (``(Resolution 76/274)``), requests
    and actions, either side by side in one tab row or as separate blocks."""
    body = "general_assembly" if region.kind is Kind.FOLLOW_UP_GA else "acabq"
    group = _Group(body)
    lines = list(region.lines)
    for index, line in enumerate(lines):
        text = prose_text(line.text)
        if line.blank or is_footnote(line):
            continue
        if has_tab(line):
            _row(group, line, reading, region, parts)
            continue
        reference = _REFERENCE.match(text)
        nxt = next_nonblank(lines, index + 1)
        if reference and len(text) < 300:
            _flush(group, reading, region, parts)
            group.reference = reference["reference"]
        elif nxt is not None and _REFERENCE.match(prose_text(lines[nxt].text)):
            _flush(group, reading, region, parts)
            group.heading, group.reference = text, None
        elif _is_column_header(text):
            group.last = None
        elif group.last is not None and not group.last.text.endswith(TERMINAL):
            group.last.text = f"{group.last.text} {text}"
        elif _REQUEST_END.search(text):
            if group.actions:
                _flush(group, reading, region, parts)
            group.last = _Block(text, line.number)
            group.requests.append(group.last)
        else:
            group.last = _Block(text, line.number)
            group.actions.append(group.last)
    _flush(group, reading, region, parts)


def _is_column_header(text: str) -> bool:
    key = letters(text)
    return key in _COLUMN_HEADERS or (key.startswith("actiontaken") and len(text) < 100)


def _row(group: _Group, line: Line, reading: Reading, region: Region, parts: Parts) -> None:
    cells = [prose_text(cell) for cell in line.text.split("\t")]
    filled = [cell for cell in cells if cell]
    if len(filled) == 2 and _is_column_header(filled[0]) and _is_column_header(filled[1]):
        return
    if len(filled) != 2:
        reading.unplaced(line, region.label, "a request beside the action taken on it")
        return
    _flush(group, reading, region, parts)
    parts.rows(lambda d: d.follow_up).append(FollowUp(
        body=group.body, heading=group.heading, reference=group.reference, request=filled[0],
        action=filled[1], source_line=line.number))


def _flush(group: _Group, reading: Reading, region: Region, parts: Parts) -> None:
    """Pair the requests and actions printed as separate blocks, in order.

    The report prints N requests, then the actions. With as many actions as
    requests they pair one to one. With more actions than requests, the
    surplus belongs to the first request: a long request (programmatic funds,
    para. 81) is answered in several paragraphs, and each later request is
    answered by the last blocks, one each. With fewer actions, the requests
    left over get an empty action and a warning.
    """
    requests, actions = group.requests, group.actions
    if actions and not requests:
        for block in actions:
            reading.unplaced(Line(block.line, block.text), region.label,
                             "a request before the action taken on it")
    surplus = len(actions) - len(requests)
    answers: list[list[_Block]] = []
    if surplus >= 0 and requests:
        answers = [actions[: surplus + 1]] + [[block] for block in actions[surplus + 1:]]
    elif requests:
        answers = [[block] for block in actions] + [[] for _ in range(-surplus)]
    for request, answer in zip(requests, answers, strict=False):
        if not answer:
            reading.warning("unpaired-request", "a request without the action taken on it",
                            Line(request.line, request.text), region.label)
        parts.rows(lambda d: d.follow_up).append(FollowUp(
            body=group.body, heading=group.heading, reference=group.reference,
            request=request.text, action="\n\n".join(block.text for block in answer),
            source_line=request.line))
    group.requests, group.actions, group.last = [], [], None
