"""The paragraph a performance report prints under its table "Summary information on
redeployments across groups", drafted from the redeployments a mission recorded
(``rbb draft-performance``; docs/execution.md, "Drafting the performance report").

The reports say where funds went across groups and why, in the past tense: "During the
reporting period, funds were not redeployed across groups by <mission>." when none were
(A/77/589, para. 47), else which group gave to which and what the funds covered. A record
knows its amount, its from and to (a group or a class), its reason as approved and its
date; the sentence is built from those alone, per pair of groups, the reasons listed
as the reports list causes ("(a) ...; and (b) ..."). A move between two classes of one
group is not a redeployment across groups and is not told here; withdrawn records are
not told at all."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rbb.model.classes import BY_CODE, GROUPS, LineKind
from rbb.model.execution import Redeployment, group_of

ROMAN = {group.code: numeral for group, numeral in zip(GROUPS, ("I", "II", "III"), strict=True)}
"""The groups as the reports number them: I military and police personnel, II civilian
personnel, III operational costs."""
PURPOSE_WORDS = ("to ", "for ", "owing to ", "because ", "in order ", "as ", "due to ")
"""A reason that already says how it is tied to the funds ("to pay ...", "for ...")."""


def group_phrase(group: str) -> str:
    """``group I, military and police personnel``."""
    return f"group {ROMAN[group]}, {BY_CODE[group].label.lower()}"


def dollars(amount: Decimal) -> str:
    """``$250,000``, or ``$1,000.25`` when there are cents."""
    whole = amount == amount.to_integral_value()
    return f"${amount:,.0f}" if whole else f"${amount:,.2f}"


def purpose(reason: str) -> str:
    """The reason as the end of a sentence: first letter lowered (not an acronym's, not a
    name's capitals: ``UNMIK``, ``ERP``), no closing full stop, spaces collapsed."""
    text = " ".join(reason.split()).rstrip(" .;")
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not any(c.isupper() for c in first[1:]):
        text = text[:1].lower() + text[1:]
    return text


def _classes(r: Redeployment) -> str:
    """The classes of a redeployment, when it names any: ``international staff to
    official travel``."""
    named = [BY_CODE[code] for code in (r.from_line, r.to_line)]
    if all(line.kind is LineKind.GROUP for line in named):
        return ""
    return f"{named[0].label.lower()} to {named[1].label.lower()}"


def _item(r: Redeployment, *, amount: bool) -> str:
    """The reason, with the amount (when the sentence lists several) and the classes."""
    said = [dollars(r.amount)] if amount else []
    said += [classes] if (classes := _classes(r)) else []
    return purpose(r.reason) + (f" ({', '.join(said)})" if said else "")


def _covering(moves: Sequence[Redeployment]) -> str:
    """``to cover travel to the conference (...)``, or the reasons listed."""
    if len(moves) == 1:
        item = _item(moves[0], amount=False)
        return item if item.lower().startswith(PURPOSE_WORDS) else f"to cover {item}"
    letters = "abcdefghijklmnopqrstuvwxyz"
    items = [f"({letters[i % 26]}) {_item(m, amount=True)}" for i, m in enumerate(moves)]
    return "to cover: " + "; ".join(items[:-1]) + "; and " + items[-1]


def explain_redeployments(mission: str, recorded: Sequence[Redeployment]) -> str:
    """The paragraph under the redeployment table: per pair of groups (in the order of
    the groups), the amount moved and what it covered."""
    counted = [r for r in recorded if r.withdrawn is None and r.across_groups]
    if not counted:
        return f"During the reporting period, funds were not redeployed across groups by " \
               f"{mission}."
    order = {group.code: place for place, group in enumerate(GROUPS)}
    pairs: dict[tuple[str, str], list[Redeployment]] = {}
    for r in sorted(counted, key=lambda r: (r.date, r.id or 0)):
        pairs.setdefault((group_of(r.from_line), group_of(r.to_line)), []).append(r)
    sentences = []
    for number, ((source, target), moves) in enumerate(
            sorted(pairs.items(), key=lambda i: (order[i[0][0]], order[i[0][1]]))):
        total = sum((m.amount for m in moves), Decimal(0))
        lead = "During the reporting period, funds" if number == 0 else "Funds"
        sentences.append(f"{lead} of {dollars(total)} were redeployed from "
                         f"{group_phrase(source)}, to {group_phrase(target)}, "
                         f"{_covering(moves)}.")
    return " ".join(sentences)
