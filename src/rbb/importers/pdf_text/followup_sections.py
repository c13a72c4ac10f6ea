"""Section VI: follow-up of the decisions and requests of the General Assembly
(VI.A) and of the Advisory Committee (VI.B).

Each block is a heading (``Cross-cutting issues``, ``Financing of the ...``),
the reference in parentheses (``(Resolution 76/274)``, ``(A/76/760/Add.3)``),
the column header, then requests each followed by the action taken. The
extraction prints the request cell before the action cell: a request ends at
its paragraph reference (``... (para. 81).``), and the action runs until the
next request opens (``The Advisory Committee ...``, ``Requests ...``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rbb.model.tables import FollowUp

from ..reading import Parts, Reading
from ..source import Line
from .layout import dangles, join, squash
from .outline import Section

_REFERENCE = re.compile(
    r"^\s*\((?P<ref>(?:[Rr]esolutions?\s+\d+/\d+[^()]*|A/\d+/\d+[^()]*))\)\s*$")
_COLUMNS = re.compile(r"^\s*(?:Decision/request|Request/recommendation|Action taken to)",
                      re.IGNORECASE)
_PARA_END = re.compile(r"\(paras?\.\s*[^()]*\)\s*\.?\s*$")
_REQUEST_START = re.compile(
    r"^\s*(?:The (?:Advisory )?Committee|The (?:General )?Assembly|(?:Also |Further |Again )?"
    r"(?:Reiterates|Requests|Notes|Recalls|Emphasizes|Stresses|Encourages|Welcomes|Decides|"
    r"Urges|Reaffirms|Expresses|Underlines|Acknowledges|Recognizes|Takes note|Commends|"
    r"Invites|Calls|Trusts|Recommends|Looks forward|Considers|Affirms|Underscores))\b")
_HEADING_LINES = 3


def read_follow_up(section: Section, reading: Reading, parts: Parts) -> None:
    lines = section.body
    if not lines:
        return
    body = "acabq" if "advisory committee" in section.title.lower() else "general_assembly"
    references = [index for index, line in enumerate(lines) if _REFERENCE.match(line.text)]
    if not references:
        reading.warning("follow-up-without-reference", "follow-up: no reference such as "
                        "'(Resolution 76/274)' or '(A/76/760)' before the requests", lines[0],
                        section.code)
        _items(lines, body, None, None, section.code, reading, parts)
        return
    starts = [0] + [_heading_start(lines, ref) for ref in references[1:]]
    for position, ref in enumerate(references):
        heading = squash(" ".join(line.stripped for line in lines[starts[position]:ref])) or None
        match = _REFERENCE.match(lines[ref].text)
        reference = squash(match["ref"]) if match else None
        begin = ref + 1
        while begin < len(lines) and _COLUMNS.match(lines[begin].text):
            begin += 1
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        _items(lines[begin:end], body, heading, reference, section.code, reading, parts)


def _heading_start(lines: Sequence[Line], ref: int) -> int:
    """The heading is the line before the reference, with the lines it wraps from."""
    start = ref - 1
    while start > 0 and ref - start < _HEADING_LINES and (
            lines[start].stripped[:1].islower() or dangles(lines[start - 1].text)):
        start -= 1
    return max(start, 0)


def _items(lines: Sequence[Line], body: str, heading: str | None, reference: str | None,
           section: str, reading: Reading, parts: Parts) -> None:
    request: list[Line] = []
    action: list[Line] = []
    in_action = False
    for index, line in enumerate(lines):
        if in_action and _opens_request(lines, index):
            _emit(request, action, body, heading, reference, section, reading, parts)
            request, action, in_action = [], [], False
        if in_action:
            action.append(line)
            continue
        request.append(line)
        in_action = _PARA_END.search(line.stripped) is not None
    if request:
        _emit(request, action, body, heading, reference, section, reading, parts)


def _opens_request(lines: Sequence[Line], index: int) -> bool:
    previous = lines[index - 1].stripped if index else ""
    if not _REQUEST_START.match(lines[index].text) or not previous.endswith((".", ")")):
        return False
    return any(_PARA_END.search(line.stripped) for line in lines[index:])


def _emit(request: list[Line], action: list[Line], body: str, heading: str | None,
          reference: str | None, section: str, reading: Reading, parts: Parts) -> None:
    if not action:
        reading.warning("follow-up-unsplit", "follow-up: no paragraph reference such as "
                        "'(para. 19)' ends this request, so the action taken is not separated",
                        request[0], section)
    parts.rows(lambda d: d.follow_up).append(FollowUp(
        body=body, heading=heading, reference=reference, request=join(request).text,
        action=join(action).text, source_line=request[0].number))
