"""What a review comment on a proposal can be about (docs/preparation.md, "Review
comments"): the anchors of a revision's content, each a stable key and a label.

A key is made of what identifies a part across revisions, never of its position in a
list when the part has a key of its own: a money-table row by its table and line, an
indicator by its component and number, an output by its expected accomplishment and its
place there, a post action by its id, a paragraph by its section and number (an
unnumbered one by its place among the section's unnumbered paragraphs), a variance
explanation by its line, a follow-up by its place."""

from __future__ import annotations

from collections.abc import Sequence

from rbb.model.errors import InputError
from rbb.model.frameworks import Component
from rbb.model.proposal_comments import DOCUMENT, Anchor, anchor_key, anchor_name
from rbb.model.proposals import ProposalContent
from rbb.model.tables import Paragraph

LABEL_TEXT = 80
"""Characters of a part's text quoted in its label."""


def anchors(content: ProposalContent) -> list[Anchor]:
    """Every anchor of the content, in the document's order: the whole document, the
    money-table rows, the frameworks' indicators and outputs, the post actions, the
    paragraphs, the variance explanations, the follow-ups. Each key once."""
    document = content.document
    found = [Anchor(DOCUMENT, "The whole document")]
    for table in document.financial_tables:
        found += [Anchor(f"row:{table.key}/{row.line}", f"{table.title}: {row.label}")
                  for row in table.rows]
    for component in document.components:
        for accomplishment in component.expected_accomplishments:
            found += [Anchor(indicator_anchor(component.key, indicator.number),
                             f"Indicator {indicator.number} ({component.name}): "
                             f"{_short(indicator.text)}")
                      for indicator in accomplishment.indicators]
            found += [Anchor(output_anchor(component.key, accomplishment.number, n),
                             f"Output {n} of {accomplishment.number} ({component.name}): "
                             f"{_short(output.text)}")
                      for n, output in enumerate(accomplishment.outputs, start=1)]
    found += [Anchor(post_action_anchor(action.id),
                     f"Post action {action.id}: {action.kind.value}, {action.count} × "
                     f"{action.grade}, {action.office}")
              for action in content.post_actions]
    for paragraph, key in zip(document.paragraphs, paragraph_anchors(document.paragraphs),
                              strict=True):
        place = key.rpartition("/")[2]
        found.append(Anchor(key, f"Paragraph {place} ({paragraph.section}): "
                                 f"{_short(paragraph.text)}"))
    found += [Anchor(variance_anchor(variance.line),
                     f"Variance explanation: {variance.label}")
              for variance in document.variance_explanations]
    found += [Anchor(follow_up_anchor(n), f"Follow-up {n}: {_short(item.request)}")
              for n, item in enumerate(document.follow_up, start=1)]
    seen: set[str] = set()
    unique = []
    for anchor in found:
        if anchor.key not in seen:
            seen.add(anchor.key)
            unique.append(anchor)
    return unique


# --- the key of one part, for the editors that show its comments beside it -------------

def indicator_anchor(component: str, number: str) -> str:
    """``indicator:substantive/1.1.2``: the indicator numbered ``number`` of the
    component keyed ``component``."""
    return f"indicator:{component}/{number}"


def output_anchor(component: str, accomplishment: str, n: int) -> str:
    """``output:substantive/1.1/2``: the ``n``-th (from 1) output of the expected
    accomplishment numbered ``accomplishment``."""
    return f"output:{component}/{accomplishment}/{n}"


def component_anchors(component: Component) -> dict[tuple[int, str, int], str]:
    """The key of each indicator and output of a component by where it sits:
    ``(accomplishment's position, "ind" or "out", position)``, positions from 0."""
    keys: dict[tuple[int, str, int], str] = {}
    for i, accomplishment in enumerate(component.expected_accomplishments):
        for j, indicator in enumerate(accomplishment.indicators):
            keys[(i, "ind", j)] = indicator_anchor(component.key, indicator.number)
        for k in range(len(accomplishment.outputs)):
            keys[(i, "out", k)] = output_anchor(component.key, accomplishment.number, k + 1)
    return keys


def post_action_anchor(action_id: str) -> str:
    """``post-action:PA-3``: a post action by its id."""
    return f"post-action:{action_id}"


def paragraph_anchors(paragraphs: Sequence[Paragraph]) -> list[str]:
    """The key of each paragraph, in their order: ``paragraph:SECTION/12b`` by its
    number and letter, an unnumbered one ``paragraph:SECTION/#2`` by its place among
    its section's unnumbered paragraphs."""
    unnumbered: dict[str, int] = {}
    keys = []
    for paragraph in paragraphs:
        if paragraph.number is None:
            unnumbered[paragraph.section] = unnumbered.get(paragraph.section, 0) + 1
            place = f"#{unnumbered[paragraph.section]}"
        else:
            place = f"{paragraph.number}{paragraph.letter or ''}"
        keys.append(f"paragraph:{paragraph.section}/{place}")
    return keys


def variance_anchor(line: str) -> str:
    """``variance:air_operations``: the explanation of a class's variance."""
    return f"variance:{line}"


def follow_up_anchor(n: int) -> str:
    """``follow-up:2``: the ``n``-th (from 1) request followed up."""
    return f"follow-up:{n}"


def anchor_in(content: ProposalContent, text: str, revision: int) -> Anchor:
    """The anchor ``text`` names, if revision ``revision`` (whose content this is)
    holds it; ``InputError`` naming the field ``anchor`` otherwise
    (``anchor: no indicator substantive/9.9.9 in revision 3``)."""
    key = anchor_key(text)
    for anchor in anchors(content):
        if anchor.key == key:
            return anchor
    raise InputError(f"anchor: no {anchor_name(key)} in revision {revision}")


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= LABEL_TEXT else words[:LABEL_TEXT - 1].rstrip() + "…"
