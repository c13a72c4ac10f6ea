"""The proposal's prose as the editors change it (docs/preparation.md, "Editing variance
explanations, paragraphs and requests"): the analysis of variances, the numbered
paragraphs and the follow-up of the legislative bodies' requests.

The web forms and the API bodies are read into records here, not in the endpoints, so
both refuse the same things with the same field named (``paragraphs.12.text: empty``):
texts are bounded, control characters refused, nothing stored. The variance each
explanation quotes is recomputed from the money table by class, never typed. After each
edit the paragraphs are numbered again through the document as the reports number them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rbb.costing.attribution import attribute
from rbb.costing.costs import default_lines
from rbb.costing.draft import carry
from rbb.costing.inputs import gather
from rbb.costing.narrative import Context, explain
from rbb.engine import derived
from rbb.model import Document, Stage
from rbb.model.errors import InputError, NotFoundError
from rbb.model.proposals import ProposalContent
from rbb.model.tables import FollowUp, Paragraph, VarianceExplanation, VarianceParagraph
from rbb.presentation import round_half_away

from .proposal_merge import JUSTIFICATION_SECTION
from .proposal_workbook import main_table

if TYPE_CHECKING:
    from .costing_service import CostingService

TEXT_LIMIT = 10_000
"""Characters of one paragraph, request or action (the longest of the seed is a fifth of
it); under the forms' own bound of a field (``proposal_editing.FIELD_LIMIT``)."""
LABEL_LIMIT = 300
"""Characters of a section name, a heading or a reference."""
ROWS_LIMIT = 1_000
"""Paragraphs of a document, paragraphs of one class, requests: each at most this many."""
BODIES = {"general_assembly": "General Assembly",
          "acabq": "Advisory Committee on Administrative and Budgetary Questions"}
"""The bodies whose requests the follow-up answers (``FollowUp.body``)."""
DERIVED_SECTIONS: tuple[str, ...] = (JUSTIFICATION_SECTION,)
"""Paragraphs written from other data (the post actions' justifications, derived again on
every save): shown read-only by the paragraphs editor and kept as they are by its
saves."""
_ALLOWED_CONTROLS = frozenset("\n\t")


# --- texts ------------------------------------------------------------------------------

def clean(value: object, where: str, *, limit: int = TEXT_LIMIT, required: bool = True
          ) -> str:
    """A text as typed, line ends made ``\\n`` and the ends stripped; refused when empty
    (if required), too long, or holding a control character."""
    if not isinstance(value, str):
        raise InputError(f"{where}: expected text")
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise InputError(f"{where}: empty")
    if len(text) > limit:
        raise InputError(f"{where}: {len(text)} characters, at most {limit}")
    for position, char in enumerate(text):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            raise InputError(f"{where}: a control character (U+{ord(char):04X}) at "
                             f"character {position + 1}")
    if "\n" in text and limit <= LABEL_LIMIT:
        raise InputError(f"{where}: one line expected")
    return text


def _bounded(items: Sequence[object], where: str) -> None:
    if len(items) > ROWS_LIMIT:
        raise InputError(f"{where}: {len(items)} given, at most {ROWS_LIMIT}")


# --- the variance each class quotes -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClassVariance:
    """A class of the money table by class and its variance, as the table gives it."""

    line: str
    label: str
    amount: Decimal | None
    percentage: Decimal | None
    over: bool
    """Over the reporting threshold: an explanation is needed (``rbb check``)."""
    explanation: VarianceExplanation | None


def class_variances(document: Document) -> list[ClassVariance]:
    """Every class of the money table by class (``proposal_workbook.main_table``) with its
    variance recomputed from the cost estimates and the apportionment, and its
    explanation; empty without such a table."""
    table = main_table(document)
    convention = derived.variance_columns(table, document.kind) if table else None
    if table is None or convention is None:
        return []
    explained = {e.line: e for e in document.variance_explanations}
    found, seen = [], set()
    for row in table.rows:
        if not derived.is_class_line(row.line) or row.line in seen:
            continue
        seen.add(row.line)
        amount = convention.variance(row)
        base = row.values.get(convention.base.key)
        percentage = _percentage(amount, base)
        over = amount is not None and amount != 0 and derived.crosses_variance_threshold(
            amount, percentage, base)
        found.append(ClassVariance(row.line, row.label, amount, percentage, over,
                                   explained.get(row.line)))
    return found


def _percentage(amount: Decimal | None, base: Decimal | None) -> Decimal | None:
    """Column (5) = (4) ÷ (2) to one decimal; the reports print 100.0 for a new provision
    on a nil base."""
    if amount is None or base is None:
        return None
    if base == 0:
        return Decimal("100.0") * (1 if amount > 0 else -1 if amount < 0 else 0)
    exact = derived.variance_percentage(amount, base)
    return None if exact is None else round_half_away(exact, 1)


# --- drafts from the attribution ----------------------------------------------------------

def drafted_explanations(costing: CostingService, document: Document,
                         lines: Iterable[str]) -> dict[str, VarianceExplanation]:
    """The analysis of variances ``rbb draft`` would write for these classes, from the
    attribution of their variance (as the table gives it) by cost driver: the drivers of
    the proposal's period when stored (or read from its stored budget), else those of the
    period before carried forward, as ``rbb draft`` carries them. Empty when the mission
    has neither."""
    wanted = [c for c in class_variances(document) if c.line in set(lines) and c.amount]
    if not wanted:
        return {}
    mission, period = document.mission.code, document.period
    try:
        drivers = costing.drivers(mission, period).drivers
    except NotFoundError:
        try:
            drivers = carry(costing.drivers(mission, period.previous).drivers, period)
        except NotFoundError:
            return {}
    if drivers.period != period:
        return {}
    classes = default_lines(drivers)
    before, after = gather(drivers, drivers.base_period, classes), gather(drivers, period,
                                                                         classes)
    attribution = attribute(before, after, printed_variances={
        c.line: (c.amount, None) for c in wanted if c.amount is not None})
    # As ``rbb draft`` names the base: approved when an apportionment of it is stored.
    figures = costing.latest_figures(mission, drivers.base_period)
    words = "the approved budget" if figures is not None and \
        figures.stage is Stage.APPORTIONMENT else "the proposed budget"
    drafts = {}
    for found in wanted:
        if found.line not in before.classes or found.line not in after.classes:
            continue
        context = Context(before=before.classes[found.line], after=after.classes[found.line],
                          base_label=f"{words} for the {drivers.base_period} period")
        drafts[found.line] = explain(attribution.of(found.line), context, found.percentage,
                                     1)
    return drafts


# --- numbering ------------------------------------------------------------------------------

def _mirror(document: Document) -> tuple[list[Paragraph], str | None, int | None]:
    """The paragraphs without the copies of the variance explanations' paragraphs an
    imported report keeps in its section (``III``: the same numbers), that section, and
    where the copies stood."""
    numbers = {p.number for e in document.variance_explanations for p in e.paragraphs
               if p.number is not None}
    section = next((p.section for p in document.paragraphs
                    if p.number in numbers and p.letter is None), None)
    plain: list[Paragraph] = []
    at = None
    for paragraph in document.paragraphs:
        if section is not None and paragraph.section == section and \
                paragraph.number in numbers:
            at = len(plain) if at is None else at
            continue
        plain.append(paragraph)
    return plain, section, at


def renumbered(document: Document, paragraphs: Sequence[Paragraph] | None = None,
               explanations: Sequence[VarianceExplanation] | None = None, *,
               at: int | None = None) -> Document:
    """The document with ``paragraphs`` (without the variance copies) and
    ``explanations`` in place, numbered again as the reports number them: one run
    through the document, unnumbered paragraphs (the summary's) left so, a lettered
    subparagraph keeping its parent's number, the explanations' paragraphs numbered where
    the report prints them (where their copies stood, else after every paragraph) and
    their copies written again (``at``: where among ``paragraphs`` the copies go)."""
    plain, section, stood = _mirror(document)
    if paragraphs is not None:
        plain = list(paragraphs)
        stood = None if stood is None else len(plain) if at is None else min(at, len(plain))
    at = stood
    chosen = tuple(document.variance_explanations if explanations is None else explanations)
    number = 0

    def numbered(paragraph: Paragraph) -> Paragraph:
        nonlocal number
        if paragraph.number is None:
            return paragraph
        if paragraph.letter is None:
            number += 1
        return paragraph.model_copy(update={"number": max(number, 1)})

    out = [numbered(p) for p in plain[:at]] if at is not None else \
        [numbered(p) for p in plain]
    renumbered_explanations = []
    for explanation in chosen:
        texts = []
        for paragraph in explanation.paragraphs:
            number += 1
            texts.append(paragraph.model_copy(update={"number": number}))
            if section is not None:
                out.append(Paragraph(section=section, number=number, text=paragraph.text,
                                     source_line=paragraph.source_line))
        renumbered_explanations.append(explanation.model_copy(
            update={"paragraphs": tuple(texts)}))
    if at is not None:
        out.extend(numbered(p) for p in plain[at:])
    return document.model_copy(update={"paragraphs": tuple(out),
                                       "variance_explanations":
                                       tuple(renumbered_explanations)})


def mirrored(document: Document) -> set[int]:
    """Positions in ``document.paragraphs`` of the copies of the explanations' paragraphs
    (edited under variance explanations, not as paragraphs)."""
    _, section, _ = _mirror(document)
    numbers = {p.number for e in document.variance_explanations for p in e.paragraphs}
    return {i for i, p in enumerate(document.paragraphs)
            if section is not None and p.section == section and p.number in numbers}


def read_only(document: Document) -> set[int]:
    """Positions of the paragraphs the paragraphs editor shows but does not change."""
    return mirrored(document) | {i for i, p in enumerate(document.paragraphs)
                                 if p.section in DERIVED_SECTIONS}


# --- variance explanations -------------------------------------------------------------------

def with_explanation(content: ProposalContent, line: str, texts: Sequence[str]
                     ) -> ProposalContent:
    """The class's explanation replaced by these paragraphs (none: no explanation), its
    variance quoted from the table, the explanations in the table's order."""
    return with_explanations(content, {line: texts})


def with_explanations(content: ProposalContent, edited: Mapping[str, Sequence[str]], *,
                      replace_all: bool = False) -> ProposalContent:
    """Several classes' explanations replaced at once (``replace_all``: every class not
    named loses its explanation)."""
    document = content.document
    classes = {c.line: c for c in class_variances(document)}
    current = {e.line: e for e in document.variance_explanations}
    for line, texts in edited.items():
        where = f"variance_explanations.{line[:60]}"
        if line not in classes:
            raise InputError(f"{where}: not a class of the money table by class")
        _bounded(texts, f"{where}.paragraphs")
        cleaned = [clean(t, f"{where}.paragraphs.{i}") for i, t in enumerate(texts)]
        found = classes[line]
        old = current.get(line)
        if not cleaned:
            current.pop(line, None)
            continue
        current[line] = VarianceExplanation(
            line=line, label=old.label if old else found.label, amount=found.amount,
            percentage=found.percentage, source_line=old.source_line if old else None,
            paragraphs=tuple(_kept(old, i, text) for i, text in enumerate(cleaned)))
    if replace_all:
        current = {line: e for line, e in current.items() if line in edited}
    order = list(classes)
    ordered = sorted(current.values(), key=lambda e: (
        order.index(e.line) if e.line in order else len(order)))
    return content.model_copy(update={"document": renumbered(document,
                                                             explanations=ordered)})


def _kept(old: VarianceExplanation | None, index: int, text: str) -> VarianceParagraph:
    """The paragraph at ``index`` with its text; its source line and figure links kept
    while the text is unchanged."""
    if old is not None and index < len(old.paragraphs) and old.paragraphs[index].text == text:
        return old.paragraphs[index]
    return VarianceParagraph(number=None, text=text)


def explanation_texts(fields: Sequence[tuple[str, str]], line: str) -> list[str]:
    """The paragraphs the form gives for ``line`` (``text`` repeated, in order); an
    emptied textarea removes its paragraph."""
    texts = [value for name, value in fields if name == "text"]
    _bounded(texts, f"variance_explanations.{line[:60]}.paragraphs")
    return [t for t in texts if t.strip()]


# --- paragraphs ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EditedParagraph:
    """A paragraph as an editor gives it: its section, letter, whether it is numbered,
    its text; ``position`` is where it stands in the revision edited (None: new)."""

    section: str
    text: str
    letter: str | None = None
    numbered: bool = True
    position: int | None = None


def with_paragraphs(content: ProposalContent, edited: Sequence[EditedParagraph]
                    ) -> ProposalContent:
    """The document's paragraphs replaced by ``edited`` in order, each checked, then
    numbered again. The read-only ones (``read_only``) are kept where they stood; a new
    paragraph stands after the one before it in ``edited``, a new section at the end."""
    document = content.document
    _bounded(edited, "paragraphs")
    fixed, mirror = read_only(document), mirrored(document)
    known = {p.section for p in document.paragraphs}
    placed: list[tuple[float, int, Paragraph]] = [
        (index, 0, document.paragraphs[index]) for index in fixed - mirror]
    anchor: float = -1
    previous: str | None = None
    for order, item in enumerate(edited, start=1):
        where = f"paragraphs.{item.position if item.position is not None else 'new'}"
        if item.position is not None and item.position in fixed:
            continue
        section = clean(item.section, f"{where}.section", limit=LABEL_LIMIT)
        text = clean(item.text, f"{where}.text")
        letter = clean(item.letter or "", f"{where}.letter", limit=3, required=False)
        if letter and not (letter.isalpha() and letter.isascii()):
            raise InputError(f"{where}.letter: {letter!r} is not a letter (a, b, c…)")
        old = None
        if item.position is not None:
            if not 0 <= item.position < len(document.paragraphs):
                raise InputError(f"{where}: no paragraph {item.position} in the revision")
            old = document.paragraphs[item.position]
            anchor = item.position
        elif section not in known and section != previous:
            anchor = float("inf")
        previous = section
        keep = old is not None and old.text == text and old.section == section
        placed.append((anchor, 0 if item.position is not None else order, Paragraph(
            section=section, text=text, letter=letter.lower() or None,
            number=0 if item.numbered else None,
            source_line=old.source_line if keep and old else None)))
    placed.sort(key=lambda item: (item[0], item[1]))
    start = min(mirror, default=None)
    at = None if start is None else sum(1 for a, _, _ in placed if a < start)
    return content.model_copy(update={"document": renumbered(
        document, [p for _, _, p in placed], at=at)})


def paragraphs_from_form(fields: Sequence[tuple[str, str]]) -> list[EditedParagraph]:
    """The paragraphs editor's form read: ``p.N.text`` (with ``p.N.section``,
    ``p.N.letter``, ``p.N.numbered``, ``p.N.remove``) for the revision's paragraph N in
    its order, ``add.K.text`` (with ``add.K.section``) for a paragraph added at the end
    of section K, ``new.section`` and ``new.text`` for a new section at the end."""
    values = dict(fields)
    out: list[EditedParagraph] = []
    positions = [int(name.split(".")[1]) for name, _ in fields
                 if name.startswith("p.") and name.endswith(".text")
                 and name.split(".")[1].isdigit()]
    adds = {name.split(".")[1]: value for name, value in fields
            if name.startswith("add.") and name.endswith(".section")}
    by_section: dict[str, list[EditedParagraph]] = {}
    order: list[str] = []
    for position in positions:
        key = f"p.{position}"
        if values.get(f"{key}.remove"):
            continue
        section = values.get(f"{key}.section", "")
        item = EditedParagraph(section=section, text=values.get(f"{key}.text", ""),
                               letter=values.get(f"{key}.letter") or None,
                               numbered=values.get(f"{key}.numbered", "1") == "1",
                               position=position)
        if section not in by_section:
            by_section[section] = []
            order.append(section)
        by_section[section].append(item)
    for key, section in adds.items():
        text = values.get(f"add.{key}.text", "")
        if text.strip():
            numbered = values.get(f"add.{key}.numbered", "1") == "1"
            if section not in by_section:
                by_section[section] = []
                order.append(section)
            by_section[section].append(EditedParagraph(section=section, text=text,
                                                       numbered=numbered))
    for section in order:
        out.extend(by_section[section])
    name, text = values.get("new.section", ""), values.get("new.text", "")
    if name.strip() or text.strip():
        out.append(EditedParagraph(section=name, text=text, position=None))
        if not name.strip():
            raise InputError("paragraphs.new.section: empty (name the new section)")
    return out


def sections(document: Document) -> list[tuple[str, list[tuple[int, Paragraph, bool]]]]:
    """The paragraphs by section in document order (a section printed twice apart is
    shown once, where it first appears), each with its position and whether it is
    read-only here."""
    fixed = read_only(document)
    grouped: dict[str, list[tuple[int, Paragraph, bool]]] = {}
    for index, paragraph in enumerate(document.paragraphs):
        grouped.setdefault(paragraph.section, []).append((index, paragraph, index in fixed))
    return list(grouped.items())


# --- follow-up of requests ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EditedRequest:
    body: str
    request: str
    action: str
    heading: str | None = None
    reference: str | None = None
    position: int | None = None


def with_follow_up(content: ProposalContent, edited: Sequence[EditedRequest]
                   ) -> ProposalContent:
    """The follow-up replaced by ``edited`` in order, each checked."""
    document = content.document
    _bounded(edited, "follow_up")
    rows = []
    for index, item in enumerate(edited):
        where = f"follow_up.{item.position if item.position is not None else index}"
        if item.body not in BODIES:
            raise InputError(f"{where}.body: {item.body[:40]!r} is not one of "
                             f"{', '.join(BODIES)}")
        heading = clean(item.heading or "", f"{where}.heading", limit=LABEL_LIMIT,
                        required=False)
        reference = clean(item.reference or "", f"{where}.reference", limit=LABEL_LIMIT,
                          required=False)
        request = clean(item.request, f"{where}.request")
        action = clean(item.action, f"{where}.action")
        old = document.follow_up[item.position] if item.position is not None and \
            0 <= item.position < len(document.follow_up) else None
        if item.position is not None and old is None:
            raise InputError(f"{where}: no request {item.position} in the revision")
        rows.append(FollowUp(body=item.body, heading=heading or None,
                             reference=reference or None, request=request, action=action,
                             source_line=old.source_line if old else None))
    return content.model_copy(update={"document": document.model_copy(
        update={"follow_up": tuple(rows)})})


def requests_from_form(fields: Sequence[tuple[str, str]]) -> list[EditedRequest]:
    """The requests editor's form read: ``r.N.body``, ``.heading``, ``.reference``,
    ``.request``, ``.action``, ``.remove`` for the revision's request N; ``new.*`` for a
    request added at the end (when its request or action is typed)."""
    values = dict(fields)
    positions = [int(name.split(".")[1]) for name, _ in fields
                 if name.startswith("r.") and name.endswith(".request")
                 and name.split(".")[1].isdigit()]
    out = []
    for position in positions:
        key = f"r.{position}"
        if values.get(f"{key}.remove"):
            continue
        out.append(EditedRequest(
            body=values.get(f"{key}.body", ""), heading=values.get(f"{key}.heading"),
            reference=values.get(f"{key}.reference"), request=values.get(f"{key}.request", ""),
            action=values.get(f"{key}.action", ""), position=position))
    if values.get("new.request", "").strip() or values.get("new.action", "").strip():
        out.append(EditedRequest(
            body=values.get("new.body", ""), heading=values.get("new.heading"),
            reference=values.get("new.reference"), request=values.get("new.request", ""),
            action=values.get("new.action", "")))
    return out
