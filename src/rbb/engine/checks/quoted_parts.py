"""Totals quoted with their parts in outputs, remarks and indicators.

Three wordings are read (performance report, section II.E; budget report, I.D):

* a parenthesis of numbered parts after a total — ``216,002 litres of fuel
  (84,992 litres for ground transportation, 68,010 litres for generators and other
  facilities and 63,000 litres of liquefied petroleum gas for heating)``;
* counts in parentheses after their labels — ``330 Meetings ... in North Mitrovica
  (56), Zveçan/Zvečan (32) and Leposaviq/Leposavić (64); ... (48); and weekly
  meetings (130)``, totalled by the last bare number before them;
* a list after a colon — ``18 Human rights coordination meetings ... as follows:``
  then one bulleted line per part (``8 coordination meetings ...``), or the parts
  on the same line (``8 video stories ... on the following issues: 2 videos ...;
  1 live-stream video of and 2 vox pop videos ...; and 1 video ...``).

A bulleted line can name more than one part (``152 meetings ... and 60 meetings``)
or add something outside the total (``146,487 litres ... and 60 litres of oil``):
both readings are tried and the list agrees when either adds up. A total smaller
than one of its parts is a different unit (``at 4 sites, as follows: 103 kg ...``)
and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"(?<![\w/.,:-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/%]|[.,:]\d|-\w)"
_TOTAL_BEFORE_PAREN = re.compile(_NUMBER + r"((?:\s+[^\s\d()]+){1,12}?)\s*\(([^()]*)\)")
_ITEM = re.compile(r"(?:^|,\s*|;\s*|\band\s+)" + _NUMBER + r"\s+(?!per\s*cent)[A-Za-z]")
_BARE = re.compile(_NUMBER)
_COUNTED = re.compile(r"\((\d{1,3}(?:,\d{3})*)\)")
_PARENTHESES = re.compile(r"\([^()]*\)")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
_OPENS_COUNT = re.compile(r"\(\d")
_COLON_LIST = re.compile(r":[ \t]*(?:$|\d)", re.MULTILINE)
_LEAD_WORDS = 12


@dataclass(frozen=True, slots=True)
class PartsTotal:
    """A total as printed and the parts that should add up to it."""

    total: int
    parts: tuple[int, ...]
    label: str

    @property
    def sum(self) -> int:
        return sum(self.parts)

    def describe(self) -> str:
        return f"{self.total:,} {' '.join(self.label.split())}".strip()


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def parts_totals(text: str, completed: int | None = None) -> list[PartsTotal]:
    """Every total of the text given with its parts. ``completed`` is the number in the
    "Completed" column beside a remark, the total of a list its first line announces."""
    found: list[PartsTotal] = []
    if _OPENS_COUNT.search(text):
        flat = " ".join(text.split())
        found += _listed(flat)
        lead = text if completed is None or re.match(r"^\s*\d", text) else f"{completed} {text}"
        found += _counted(" ".join(lead.split()))
    if ":" in text and _COLON_LIST.search(text):
        found += _colon_lists(text, completed)
    return [f for f in found if f.parts and f.total >= max(f.parts)]


def _listed(text: str) -> list[PartsTotal]:
    found = []
    for match in _TOTAL_BEFORE_PAREN.finditer(text):
        inside = match.group(3).strip()
        if not re.match(r"^\d", inside):
            continue
        parts = [_int(m.group(1)) for m in _ITEM.finditer(inside)]
        if len(parts) >= 2:
            found.append(PartsTotal(_int(match.group(1)), tuple(parts), match.group(2)))
    return found


def _inside_parentheses(text: str, index: int) -> bool:
    return text.rfind("(", 0, index) > text.rfind(")", 0, index)


def _counted(text: str) -> list[PartsTotal]:
    """Runs of ``label (n)``; a run ends at the next bare number, which starts another."""
    found: list[PartsTotal] = []
    total: int | None = None
    label = ""
    parts: list[int] = []
    events = sorted(
        [(m.start(), True, m) for m in _COUNTED.finditer(text)]
        + [(m.start(), False, m) for m in _BARE.finditer(text)
           if not _inside_parentheses(text, m.start())],
        key=lambda event: event[0])
    for _start, counted, match in events:
        if not counted:
            if total is not None and len(parts) >= 2:
                found.append(PartsTotal(total, tuple(parts), label))
            total, parts = _int(match.group(1)), []
            label = text[match.end(): match.end() + 40].split(" (")[0]
        elif total is not None:
            parts.append(_int(match.group(1)))
    if total is not None and len(parts) >= 2:
        found.append(PartsTotal(total, tuple(parts), label))
    return found


def _first_sentence(line: str) -> str:
    stop = _SENTENCE_END.search(line)
    return line[: stop.start()] if stop else line


def _items(line: str) -> list[int]:
    plain = _PARENTHESES.sub("", _first_sentence(line))
    return [_int(m.group(1)) for m in _ITEM.finditer(plain)]


def _leading(line: str) -> int | None:
    match = re.match(r"^\s*" + _NUMBER, line)
    return _int(match.group(1)) if match else None


def _colon_lists(text: str, completed: int | None) -> list[PartsTotal]:
    lines = [line.strip() for line in text.split("\n")]
    found = []
    for index, line in enumerate(lines):
        colon = line.rfind(":")
        if colon < 0:
            continue
        after = line[colon + 1:].strip()
        if after and not after[0].isdigit():
            continue
        lead = line[:colon]
        candidates = [_int(m.group(1)) for m in _BARE.finditer(lead)
                      if len(lead[m.end():].split()) <= _LEAD_WORDS]
        leading = _leading(line)
        if leading is not None:
            candidates.append(leading)
        if index == 0 and completed is not None:
            candidates.append(completed)
        if not candidates:
            continue
        readings = _readings(after, lines[index + 1:])
        if not readings:
            continue
        if any(sum(reading) in candidates for reading in readings):
            continue
        total = leading if leading is not None else (
            completed if index == 0 and completed is not None else candidates[-1])
        found.append(PartsTotal(total, tuple(readings[0]), _first_sentence(lead)[:60]))
    return found


def _readings(after: str, following: list[str]) -> list[list[int]]:
    """The parts a list can mean: the parts on the colon's own line; or, for bulleted
    lines, their leading numbers (up to the first line without one, or over every
    line, since a wrapped bullet can start a line of its own) and every numbered part
    of each line."""
    if after:
        parts = _items(after)
        return [parts] if len(parts) >= 2 else []
    numbered = [line for line in following if _leading(line) is not None]
    run: list[str] = []
    for line in following:
        if _leading(line) is None:
            break
        run.append(line)
    if not numbered:
        return []
    if len(numbered) == 1:
        parts = _items(numbered[0])
        return [parts] if len(parts) >= 2 else []
    readings = [[_leading(line) or 0 for line in bullets] for bullets in (run, numbered)
                if len(bullets) >= 2]
    readings.append([part for line in numbered for part in _items(line)])
    return readings
