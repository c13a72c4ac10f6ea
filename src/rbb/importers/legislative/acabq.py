"""A report of the Advisory Committee on a mission's budget (docs/cycle.md, "Reports of
the Advisory Committee"), read into a ``Document`` of kind ``acabq_report``:

- its identity (``rbb.importers.identity``: symbol, date, mission, period);
- ``concerns``: the reports of the Secretary-General it considered;
- ``stage_figures``: the summary above its first paragraph ("Proposal submitted by the
  Secretary-General for 2024/25", "Recommendation of the Advisory Committee for
  2024/25", appropriations and expenditure), the proposal as the Committee restates it
  ("The proposed resources for official travel amount to $612,400") and the amount it
  recommends the General Assembly appropriate;
- ``recommendations``: each sentence in which the Committee recommends, with its kind,
  paragraph, amounts, class of expenditure and posts;
- ``financing``: the balances it recommends be credited, the amounts it recommends be
  assessed or committed;
- ``paragraphs``: the numbered paragraphs as printed.

An amount of a recommendation or of the summary that cannot be tied to a class or a
stage is a warning "unplaced" on its line, never guessed. A text without the
Committee's recommended total for the period (an opening, an excerpt) is partial: its
coverage says the stage figures are missing, and it is stored only with
``rbb import --partial``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rbb.model import Document
from rbb.model.base import MAX_NUMBER_TEXT
from rbb.model.classes import BY_CODE, LineKind
from rbb.model.coverage import Coverage, TableRead
from rbb.model.cycle import Period, Stage
from rbb.model.legislative import (
    FinancingFigure,
    FinancingPart,
    Recommendation,
    StageFigure,
    StageLevel,
)
from rbb.model.tables import Paragraph

from ..detect import DocumentMeta
from ..importer import ImportResult
from ..reading import Reading
from ..source import SourceText
from .acabq_figures import (
    APPROPRIATE,
    ASSESS,
    COMMIT,
    CREDIT,
    PROPOSED,
    SUMMARY,
    SUMMARY_FINANCING,
    SUMMARY_STAGES,
    Money,
    amount_of,
    budget_lines,
    considered,
    dollars,
    one_budget_line,
    periods,
    posts,
)
from .acabq_recommendations import kind_of
from .acabq_text import Layout, Passage, Sentence, lay_out, sentences

_CREDITED = {"unencumbered balance": FinancingPart.UNENCUMBERED_BALANCE}


@dataclass
class _Found:
    """What the reading has found so far, in printed order."""

    stages: dict[tuple[Stage, Period, StageLevel, str | None], StageFigure] = field(
        default_factory=dict)
    financing: dict[tuple[FinancingPart, Period], FinancingFigure] = field(
        default_factory=dict)
    recommendations: list[Recommendation] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)


def read(source: SourceText, meta: DocumentMeta) -> ImportResult:
    layout = lay_out(source.text)
    reading = Reading(file=source.name, meta=meta,
                      last_line=len(layout.prose.line_starts))
    found = _Found()
    stated = periods(layout.head.text)
    performance = stated[0] if len(stated) > 1 and stated[0] != meta.period else None
    _read_summary(layout, reading, found)
    _read_sentences(layout, layout.head, None, meta, performance, reading, found)
    lead: str | None = None
    for paragraph in layout.paragraphs:
        line = layout.prose.line_of(paragraph.offset)
        found.paragraphs.append(Paragraph(
            section=paragraph.section, number=paragraph.number, letter=paragraph.letter,
            text=paragraph.passage.text, source_line=line))
        if paragraph.letter is None:
            said = sentences(paragraph.passage)
            lead = said[-1].text if said and said[-1].text.endswith(":") else None
        _read_sentences(layout, paragraph.passage, paragraph.label, meta, performance,
                        reading, found, lead if paragraph.letter else None)
    document = Document(
        kind=meta.kind, mission=meta.mission, period=meta.period, title=meta.title,
        symbol=meta.symbol, date=meta.date, session=meta.session,
        agenda_item=meta.agenda_item, source=source.provenance(),
        coverage=_coverage(found, meta),
        concerns=tuple(s for s in found.concerns if s != meta.symbol),
        stage_figures=tuple(found.stages.values()), financing=tuple(found.financing.values()),
        recommendations=tuple(found.recommendations), paragraphs=tuple(found.paragraphs))
    return ImportResult(source.name, document, tuple(reading.diagnostics))


def _read_summary(layout: Layout, reading: Reading, found: _Found) -> None:
    """The figures above the first paragraph, one stage (or balance) and period each."""
    head = layout.head
    matches = list(SUMMARY.finditer(head.text))
    read = {match.start("amount") for match in matches}
    for each in dollars(head.text) if layout.paragraphs else ():  # else the head is all
        starts = (each.start, each.start - 1)  # "$..." or "($...)"
        if not read.intersection(starts):
            reading.warning("unplaced", f"summary: the amount {each.printed} is not placed: "
                            "expected '<stage> for 2024/25 $46,045,300' (appropriation, "
                            "expenditure, proposal, recommendation)",
                            layout.prose.line_of(head.offset(each.start)), "summary")
    for match in matches:
        amount = amount_of(match["amount"])
        line = layout.prose.line_of(head.offset(match.start()))
        label = match["label"].lower()
        try:
            period = Period.parse(match["period"])
        except ValueError as error:
            reading.error("bad-period", f"summary: {error}; expected a period such as "
                          "2024/25", line, "summary")
            continue
        if amount is None or not _plausible(amount):
            reading.error("bad-number", f"summary: expected an amount such as $46,045,300, "
                          f"found {match['amount'][:40]!r}", line, "summary")
        elif (stage := SUMMARY_STAGES.get(label)) is not None:
            _add_stage(found, reading, StageFigure(stage=stage, period=period, amount=amount,
                                                   source_line=line))
        elif (part := SUMMARY_FINANCING.get(label)) is not None:
            _add_financing(found, reading, FinancingFigure(
                part=part, period=period, amount=amount, source_line=line))
        else:
            reading.warning("unplaced", f"summary: '{match['label']} for {period}' "
                            f"({match['amount']}) is no stage of the cycle (proposal, "
                            "recommendation, appropriation, expenditure) nor a balance: "
                            "not placed", line, "summary")


def _read_sentences(layout: Layout, passage: Passage, label: str | None, meta: DocumentMeta,
                    performance: Period | None, reading: Reading, found: _Found,
                    lead: str | None = None) -> None:
    """Each sentence of a passage; a lettered sub-paragraph is read after the words of
    its paragraph that lead to it ("The Committee recommends that the General
    Assembly: ... (a) Appropriate the amount of ...")."""
    for sentence in sentences(passage):
        text = sentence.text
        found.concerns.extend(s for s in considered(text, layout.footnotes)
                              if s not in found.concerns)
        if label is None:
            continue  # the head: identity and summary, read above
        printed = dollars(text)
        money = []
        for each in printed:
            if each.readable and _plausible(each.amount):
                money.append(each)
            else:
                reading.error("bad-number", f"paragraph {label}: expected an amount such as "
                              f"$93,300 or $1.2 million, found {each.printed[:40]!r}",
                              _line(layout, passage, sentence.start + each.start), label)
        placed = _proposals(layout, passage, sentence, label, meta, money, reading, found)
        kind = kind_of(text) or (kind_of(f"{lead} {text}") if lead else None)
        if kind is None or text.endswith(":"):
            continue  # none, or the lead of lettered items, each read as one
        placed |= _recommended(layout, passage, sentence, label, meta, performance, money,
                               reading, found)
        class_code = one_budget_line(text)
        line = _line(layout, passage, sentence.start)
        amount_lines = tuple(_line(layout, passage, sentence.start + m.start) for m in money)
        if class_code is None:
            for each, each_line in zip(money, amount_lines, strict=True):
                if each.start not in placed:
                    named = budget_lines(text)
                    why = (f"it names {len(named)} classes ({', '.join(named)})" if named
                           else "it names no class of expenditure nor stage")
                    reading.warning("unplaced", f"paragraph {label}: the amount {each.printed}"
                                    f" is kept with the recommendation but not placed: {why}",
                                    each_line, label)
        if text.count("$") > len(printed):
            reading.warning("bad-number", f"paragraph {label}: expected amounts such as "
                            "$93,300 or $1.2 million after each '$'", line, label)
        found.recommendations.append(Recommendation(
            kind=kind, paragraph=label, text=text, amounts=tuple(m.amount for m in money),
            amount_source_lines=amount_lines, class_code=class_code, posts=posts(text),
            source_line=line))


def _proposals(layout: Layout, passage: Passage, sentence: Sentence, label: str,
               meta: DocumentMeta, money: list[Money], reading: Reading,
               found: _Found) -> set[int]:
    """The proposal as the Committee restates it: stage ``cost_estimates``, the total
    ("the proposed budget ... amounts to") or a class ("the proposed resources for
    official travel amount to")."""
    placed: set[int] = set()
    for match in PROPOSED.finditer(sentence.text):
        amount = _at(money, match.end())
        if amount is None:
            continue
        line = _line(layout, passage, sentence.start + amount.start)
        codes = budget_lines(sentence.text[match.start():match.end()])
        if len(codes) > 1 or (not codes and match["what"].lower() != "budget"):
            reading.warning("unplaced", f"paragraph {label}: the proposed {amount.printed} "
                            "cannot be tied to one class of expenditure: not placed", line,
                            label)
            continue
        stated = periods(match["scope"])
        _add_stage(found, reading, StageFigure(
            stage=Stage.COST_ESTIMATES, period=stated[0] if stated else meta.period,
            level=_level(codes[0]) if codes else StageLevel.TOTAL,
            key=codes[0] if codes else None, amount=amount.amount, paragraph=label,
            source_line=line))
        placed.add(amount.start)
    return placed


def _recommended(layout: Layout, passage: Passage, sentence: Sentence, label: str,
                 meta: DocumentMeta, performance: Period | None, money: list[Money],
                 reading: Reading, found: _Found) -> set[int]:
    """In a recommendation: the total it recommends be appropriated (stage
    ``acabq_recommended``), assessed or committed, and the balances it recommends be
    credited."""
    placed: set[int] = set()
    text = sentence.text
    for match in APPROPRIATE.finditer(text):
        if (amount := _at(money, match.end())) is None:
            continue
        stated = periods(text[match.end():])
        _add_stage(found, reading, StageFigure(
            stage=Stage.ACABQ_RECOMMENDED, period=stated[0] if stated else meta.period,
            amount=amount.amount, paragraph=label,
            source_line=_line(layout, passage, sentence.start + amount.start)))
        placed.add(amount.start)
    decided = [(m, _CREDITED.get(m["part"].lower(), FinancingPart.OTHER_REVENUE), performance)
               for m in CREDIT.finditer(text)]
    decided += [(m, FinancingPart.APPORTIONED, meta.period) for m in ASSESS.finditer(text)]
    decided += [(m, FinancingPart.COMMITMENT_AUTHORITY, meta.period)
                for m in COMMIT.finditer(text)]
    for match, part, default in decided:
        if (amount := _at(money, match.end())) is None:
            continue
        stated = periods(text[match.end():])
        period = stated[0] if stated else default
        if period is None:
            continue
        _add_financing(found, reading, FinancingFigure(
            part=part, period=period, amount=amount.amount, paragraph=label,
            source_line=_line(layout, passage, sentence.start + amount.start)))
        placed.add(amount.start)
    return placed


def _add_stage(found: _Found, reading: Reading | None, figure: StageFigure) -> None:
    """One figure per stage, period and line; a second that disagrees is a warning."""
    key = (figure.stage, figure.period, figure.level, figure.key)
    kept = found.stages.get(key)
    if kept is None:
        found.stages[key] = figure
    elif kept.amount != figure.amount and reading is not None:
        reading.warning("stage-figure-disagrees", f"{figure.stage.value} for {figure.period} "
                        f"is stated as {figure.amount} here and as {kept.amount} on line "
                        f"{kept.source_line} (thousands of dollars): the first is kept",
                        figure.source_line, figure.paragraph)


def _add_financing(found: _Found, reading: Reading | None, figure: FinancingFigure) -> None:
    key = (figure.part, figure.period)
    kept = found.financing.get(key)
    if kept is None:
        found.financing[key] = figure
    elif kept.amount != figure.amount and reading is not None:
        reading.warning("financing-figure-disagrees", f"{figure.part.value} for "
                        f"{figure.period} is stated as {figure.amount} here and as "
                        f"{kept.amount} on line {kept.source_line}: the first is kept",
                        figure.source_line, figure.paragraph)


def _plausible(amount: Decimal) -> bool:
    """An amount the model can hold (at most ``MAX_NUMBER_TEXT`` characters written out)."""
    return len(format(amount, "f")) <= MAX_NUMBER_TEXT


def _at(money: list[Money], position: int) -> Money | None:
    return next((m for m in money if m.start == position), None)


def _line(layout: Layout, passage: Passage, position: int) -> int:
    return layout.prose.line_of(passage.offset(position))


def _level(code: str) -> StageLevel:
    return StageLevel.GROUP if BY_CODE[code].kind is LineKind.GROUP else StageLevel.CLASS


def _coverage(found: _Found, meta: DocumentMeta) -> Coverage:
    """Partial when the Committee's recommended total for the period was not read."""
    tables = [TableRead(table=name, title=title, line=line) for name, title, line in (
        ("stage_figures", "stage figures",
         min((f.source_line or 0 for f in found.stages.values()), default=None)),
        ("recommendations", "recommendations",
         found.recommendations[0].source_line if found.recommendations else None),
        ("financing", "financing",
         min((f.source_line or 0 for f in found.financing.values()), default=None)),
    ) if line is not None]
    recommended = (Stage.ACABQ_RECOMMENDED, meta.period, StageLevel.TOTAL, None)
    missing = () if recommended in found.stages else ("stage_figures",)
    return Coverage(tables=tuple(tables), missing_tables=missing)
