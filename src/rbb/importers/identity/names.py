"""A mission's name as a report prints it, and the code in parentheses after it.

A name is a run of capitalised words joined by the small words of names ("in",
"for the", "of", "and", "at"): "United Nations Mission for the Referendum in Western
Sahara", "African Union-United Nations Hybrid Operation in Darfur", "United Nations
Logistics Base at Brindisi, Italy". It is cut at the first word that cannot belong
to it: a lowercase word ("for the period"), a figure, a date, a heading word of the
report ("Budget", "Contents", "Report"), a second "United Nations". The support
account, a name in lowercase, is the one name read as a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .renderings import SYMBOL

_CONNECTORS = frozenset({"of", "in", "for", "the", "and", "on", "at", "to", "de", "du", "des"})
_CANNOT_BELONG = frozenset({
    "Budget", "Budgets", "Report", "Reports", "Contents", "Summary", "Page", "Financing",
    "Performance", "Proposed", "Revised", "Note", "Distr", "Agenda", "Item", "Annex",
    "Annexes", "Introduction", "Mandate", "Original", "English", "Secretary-General",
    "Advisory", "Committee", "Board", "Assembly", "Council", "Resolution", "Chapter",
    "Section", "Table", "Figure", "Part", "Session", "General", "Questions",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "The", "This", "A", "An",
    "Addendum", "Corrigendum", "Actions", "Analysis", "Financial", "Resources", "Results",
})
"""Words of a report's headings and masthead, which no operation's name contains."""

_HEADS = ("United Nations", "African Union")
_SUPPORT_ACCOUNT = "support account for peacekeeping operations"
_CODE = re.compile(r"\(([A-Z][A-Z0-9]{1,31}(?:-[A-Z0-9]{1,31})*)\)[,.;:]?")
_ROMAN = re.compile(r"[IVXL]+\.?")
_SYMBOL = re.compile(SYMBOL)
_MAX_WORDS = 24
_MISSION_WORDS = frozenset({
    "Mission", "Force", "Forces", "Operation", "Office", "Observer", "Observers",
    "Organization", "Administration", "Authority", "Group", "Centre", "Center", "Base",
    "Assistance", "Verification", "Protection", "Presence", "Command", "Deployment",
})
"""What an operation is called; a name found only by its code must say one of these."""


@dataclass(frozen=True, slots=True)
class PrintedName:
    name: str
    code: str | None


def read_name(flat: str, start: int) -> PrintedName | None:
    """The name beginning at ``start`` (after "Budget for the", "Financing of the"),
    with the code in parentheses right after it; None when no name begins there."""
    if flat[start:start + len(_SUPPORT_ACCOUNT)].lower() == _SUPPORT_ACCOUNT:
        end = start + len(_SUPPORT_ACCOUNT)
        after = _CODE.match(flat, end + 1) if flat[end:end + 2] == " (" else None
        return PrintedName(_SUPPORT_ACCOUNT, after.group(1) if after else None)
    accepted: list[str] = []
    pending: list[str] = []
    code: str | None = None
    segment = flat[start:start + 600]
    if segment[:12].isupper():
        segment = " ".join(_from_capitals(word) for word in segment.split(" "))
    for match in re.finditer(r"\S+", segment):
        word = match.group()
        if len(accepted) + len(pending) >= _MAX_WORDS:
            break
        if (found := _CODE.fullmatch(word)) and accepted:
            code = found.group(1)
            break
        if _SYMBOL.fullmatch(word):
            continue  # a page header inside a name, in a copy whose lines were joined
        core = word.rstrip(",;:.")
        if core in _CONNECTORS and word == core:
            pending.append(core)
            if len(pending) > 3:
                break
            continue
        if not _can_belong(core, accepted):
            break
        accepted += [*pending, core]
        pending = []
        if word.endswith(","):
            accepted.append(",")
        elif word != core:
            break  # a sentence or a heading ends here
    while accepted and accepted[-1] == ",":
        accepted.pop()
    name = " ".join(accepted).replace(" ,", ",")
    if not _is_a_name(name, code):
        return None
    return PrintedName(name, code)


def name_before_code(flat: str, code_start: int) -> PrintedName | None:
    """The name printed right before a code in parentheses, read backwards to the first
    word that cannot belong: "... the budget for the United Nations Interim Force in
    Lebanon (UNIFIL)" gives the Force's name."""
    found = _CODE.match(flat, code_start)
    if found is None:
        return None
    words = flat[max(0, code_start - 400):code_start].split()
    taken: list[str] = []
    for word in reversed(words[-_MAX_WORDS:]):
        core = word.rstrip(",")
        if core in _CONNECTORS or _can_belong(core, []):
            taken.insert(0, word)
            continue
        break
    while taken and taken[0] in _CONNECTORS:
        taken.pop(0)
    name = " ".join(taken)
    heads = [i for i in (name.find(h) for h in _HEADS) if i >= 0]
    if heads:
        name = name[min(heads):]
    name = name.rstrip(",")
    if not _is_a_name(name, found.group(1)) or not _MISSION_WORDS & set(name.split()):
        return None
    return PrintedName(name, found.group(1))


def codes_in(flat: str) -> list[tuple[int, str]]:
    """Where each code in parentheses stands, and the code."""
    return [(m.start(), m.group(1)) for m in _CODE.finditer(flat)]


def _from_capitals(word: str) -> str:
    """A word of a title printed in capitals as a name prints it ("IN" "in", "CYPRUS"
    "Cyprus"); codes in parentheses and words in lower or mixed case stay."""
    if not word.isupper() or word.startswith("("):
        return word
    if word.lower().rstrip(",;:.") in _CONNECTORS:
        return word.lower()
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


def _can_belong(word: str, accepted: list[str]) -> bool:
    if not word or word in _CANNOT_BELONG or _ROMAN.fullmatch(word):
        return False
    if any(ch.isdigit() for ch in word) or "/" in word or "(" in word or ")" in word:
        return False
    if word.startswith(("d’", "d'")) and word[2:3].isupper():
        return True
    if not word[0].isupper() or (len(word) > 1 and word.isupper()):
        return False  # lowercase text, or a code printed without parentheses
    return not (word == "United" and "Nations" in accepted)  # a second name begins


def _is_a_name(name: str, code: str | None) -> bool:
    """More than a head alone: "United Nations" followed by a word that cannot belong
    (the Board of Auditors, "peacekeeping forces") is no operation's name."""
    words = name.split()
    if not words:
        return False
    if len(words) < 2 and code is None:
        return False
    return not any(name.startswith(head) and len(words) < 3 for head in _HEADS)
