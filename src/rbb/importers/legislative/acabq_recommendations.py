"""Which sentences of the Advisory Committee are recommendations, and of which kind.

A recommendation is a sentence whose subject is the Committee ("The Advisory
Committee recommends ...", "The Committee trusts ...", "the Committee is not convinced
... and recommends against ..."); a verb reached through "that" belongs to someone
else ("The Committee was informed that the Mission requests ...") and is not one.
The kinds, in the order they are tried (a refusal reads "does not recommend
approval", which would otherwise be an approval):

- not_approve: "recommends against", "does not recommend the approval", "recommends
  that ... not be approved", "recommends that the General Assembly not approve";
- reduce: "recommends a reduction", "recommends that ... be reduced";
- approve: "recommends approval / acceptance", "recommends that the General Assembly
  approve / accept / appropriate / authorize / assess", "concurs with", "has no
  objection to";
- request: "requests", "trusts", "expects", "encourages", "urges", "looks forward to",
  "calls for", "reiterates its request", and any other "recommends" (an action asked
  of the Secretary-General or the mission).
"""

from __future__ import annotations

import re

from rbb.model.legislative import RecommendationKind

_SUBJECT = re.compile(r"(?<!Fifth )(?<!Special )\b(?:Advisory )?Committee\b(?!['’]s)")
"""The Committee as a subject: not the Fifth Committee, not "the Committee's view"."""
_WINDOW = 300
"""How far a verb may stand from its subject: past that, another clause has begun."""

_VERB = re.compile(
    r"\b(?:recommends?|requests?|trusts?|expects?|encourages?|urges?|looks forward|calls for|"
    r"calls upon|reiterates (?:its|the) (?:request|recommendation)|concurs|has no objection|"
    r"does not recommend|is not convinced|does not object)\b")

_KINDS: tuple[tuple[RecommendationKind, re.Pattern[str]], ...] = (
    (RecommendationKind.NOT_APPROVE, re.compile(
        r"\brecommends? against\b|\bdoes not recommend (?:the )?(?:approval|acceptance|"
        r"establishment|creation|proposed)|\brecommends? that the General Assembly not "
        r"(?:approve|accept)\b|\brecommends?\b[^.]{0,240}?\bnot be (?:approved|accepted|"
        r"established|created)\b|\brecommends? (?:the )?non-(?:approval|acceptance)\b")),
    (RecommendationKind.REDUCE, re.compile(
        r"\brecommends? (?:an? |the )?(?:[\w-]+ )?(?:reduction|decrease|cut)\b|"
        r"\brecommends? that\b[^.]{0,240}?\bbe (?:reduced|decreased|cut)\b|"
        r"\brecommends? (?:[\w-]+ ){0,3}reduc(?:e|ing)\b")),
    (RecommendationKind.APPROVE, re.compile(
        r"\brecommends? (?:the )?(?:approval|acceptance)\b|\brecommends? that the General "
        r"Assembly:? (?i:approve|accept|appropriate|authorize|endorse|assess)\b|"
        r"\brecommends? that\b"
        r"[^.]{0,240}?\bbe (?:approved|accepted)\b|\bconcurs with\b|\bhas no objection\b|"
        r"\bdoes not object\b")),
    (RecommendationKind.REQUEST, re.compile(
        r"\b(?:recommends?|requests?|trusts?|expects?|encourages?|urges?|looks forward|"
        r"calls (?:for|upon)|reiterates (?:its|the) (?:request|recommendation))\b")),
)


def kind_of(sentence: str) -> RecommendationKind | None:
    """The kind of recommendation the sentence makes, or None when it makes none."""
    for verb in _VERB.finditer(sentence):
        if not _committee_says(sentence, verb.start()):
            continue
        said = sentence[verb.start():]
        for kind, pattern in _KINDS:
            if pattern.match(said) or (kind is not RecommendationKind.REQUEST
                                       and pattern.search(said[:400])):
                return kind
    return None


def _committee_says(sentence: str, at: int) -> bool:
    """Whether the verb at ``at`` has the Committee for its subject: "Committee"
    before it, with no "that" between them."""
    before = sentence[max(0, at - _WINDOW):at]
    subjects = list(_SUBJECT.finditer(before))
    if not subjects:
        return False
    between = before[subjects[-1].end():]
    return re.search(r"\bthat\b|\bwhich\b|\bwhether\b", between) is None
