"""The results-based budgeting frameworks of two revisions compared, for
``proposal_diff`` (``rbb proposal diff``, the compare page): every text and every
indicator's value that differs, named as the budget numbers them.

Expected accomplishments and indicators are matched by number; outputs, which have no
number, by their text within their expected accomplishment (an output removed does not
make every later one differ). Each change is ``(where, old, new)``, None for the side
that lacks it; ``proposal_diff`` turns them into word diffs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence

from rbb.model.frameworks import Component, ExpectedAccomplishment, Indicator, Output

Change = tuple[str, str | None, str | None]


def framework_changes(old: Iterable[Component], new: Iterable[Component]) -> Iterator[Change]:
    """What differs, component by component in the new revision's order (then the
    components only the old one has)."""
    before = {c.key: c for c in old}
    after = {c.key: c for c in new}
    for key in list(dict.fromkeys([*after, *before])):
        yield from _component(f"framework {key}", before.get(key), after.get(key))


def _component(where: str, old: Component | None, new: Component | None) -> Iterator[Change]:
    yield from _text(f"{where} name", old.name if old else None, new.name if new else None)
    before = {ea.number: ea for ea in (old.expected_accomplishments if old else ())}
    after = {ea.number: ea for ea in (new.expected_accomplishments if new else ())}
    for number in list(dict.fromkeys([*after, *before])):
        yield from _accomplishment(f"{where} {number}", before.get(number),
                                   after.get(number))
    yield from _text(f"{where} external factors", old.external_factors if old else None,
                     new.external_factors if new else None)


def _accomplishment(where: str, old: ExpectedAccomplishment | None,
                    new: ExpectedAccomplishment | None) -> Iterator[Change]:
    yield from _text(f"{where} expected accomplishment", old.text if old else None,
                     new.text if new else None)
    before = {i.number: i for i in (old.indicators if old else ())}
    after = {i.number: i for i in (new.indicators if new else ())}
    prefix = where.rsplit(" ", 1)[0]
    for number in list(dict.fromkeys([*after, *before])):
        yield from _indicator(f"{prefix} {number}", before.get(number), after.get(number))
    yield from _outputs(where, old.outputs if old else (), new.outputs if new else ())


def _indicator(where: str, old: Indicator | None, new: Indicator | None
               ) -> Iterator[Change]:
    yield from _text(f"{where} indicator", old.text if old else None, new.text if new else None)
    before = {v.period: v.text for v in (old.values if old else ())}
    after = {v.period: v.text for v in (new.values if new else ())}
    for period in sorted(set(before) | set(after)):
        yield from _text(f"{where} target {period.label}", before.get(period),
                         after.get(period))


def _outputs(where: str, old: Sequence[Output], new: Sequence[Output]) -> Iterator[Change]:
    """Outputs aligned by their text: a replaced block pairs up in order, the rest is
    added or removed. Numbered as the new revision places them (the old one's place
    for one removed)."""
    a = [o.text for o in old]
    b = [o.text for o in new]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                yield from _output(f"{where} output {j + 1}", old[i], new[j])
            continue
        pairs = max(i2 - i1, j2 - j1)
        for offset in range(pairs):
            i, j = i1 + offset, j1 + offset
            was = old[i] if i < i2 else None
            now = new[j] if j < j2 else None
            place = j + 1 if now is not None else i + 1
            yield from _output(f"{where} output {place}", was, now)


def _output(where: str, old: Output | None, new: Output | None) -> Iterator[Change]:
    yield from _text(f"{where} heading", old.heading if old else None, new.heading if new else None)
    yield from _text(where, old.text if old else None, new.text if new else None)
    yield from _text(f"{where} quantities",
                     "; ".join(q.text for q in old.quantities) if old else None,
                     "; ".join(q.text for q in new.quantities) if new else None)


def _text(where: str, old: str | None, new: str | None) -> Iterator[Change]:
    old, new = old or None, new or None
    if old != new:
        yield where, old, new
