"""The cost drivers of a proposal drafted from a stored budget (docs/preparation.md,
"Editing the cost drivers"): the source's drivers carried forward as ``rbb draft`` uses
them, with the edits recorded in the proposal's revisions applied, and each class's cost
estimate they give beside the one the revision holds. Saving edits costs the source again
(``CostingService.draft(..., store=False)``) and carries each changed class's estimate
into the money tables with its totals and variances, as a workbook's edit is carried
(``proposal_workbook_reading.applied``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.costing.scenarios import Edit, driver_values
from rbb.model import Document, Stage
from rbb.model.errors import InputError
from rbb.model.money import MoneyTable
from rbb.model.proposals import ProposalContent
from rbb.model.staffing import RowType

from .costing_service import CostingService, DocumentRef
from .proposal_service import ProposalService
from .proposal_workbook import main_table
from .proposal_workbook_reading import CellEdit, applied

DRAFTED = re.compile(r"^drafted from (?P<ref>.+?) by its drivers$")
NOTED = re.compile(r"^Draft prepared by rbb from the cost drivers of (?P<ref>.+?)"
                   r"(?: with scenario .+? \((?P<edits>[^()]*)\))?; ")
RECORDED = "drivers: "
"""How a revision's comment records the edits it applied (``drivers: k=v; k=v``)."""
MAX_EDITS = 30
MAX_VALUE = 40
MAX_RECORDED = 900
"""The recorded edits' line, within a revision's comment (2000) with the typed one."""


@dataclass(frozen=True, slots=True)
class DriverRow:
    key: str
    value: Decimal
    unit: str
    provenance: str


@dataclass(frozen=True, slots=True)
class ClassEstimate:
    line: str
    label: str
    held: Decimal | None
    """The cost estimate the revision holds."""
    given: Decimal | None
    """The one the drivers (with the recorded edits) give."""


@dataclass(frozen=True, slots=True)
class DriversView:
    source: DocumentRef | None
    """None when the proposal was not drafted from a stored budget."""
    edits: tuple[Edit, ...]
    drivers: tuple[DriverRow, ...]
    classes: tuple[ClassEstimate, ...]


def source_of(proposals: ProposalService, proposal_id: int) -> DocumentRef | None:
    """The stored budget the proposal was drafted from; None for a copied or empty
    proposal."""
    return _origin(proposals, proposal_id)[0]


def _origin(proposals: ProposalService, proposal_id: int
            ) -> tuple[DocumentRef | None, tuple[Edit, ...]]:
    """The source and the scenario edits the proposal was drafted with, as its first
    revision's document notes them (``costing.draft``'s "Draft prepared by rbb from the
    cost drivers of UNMIK 2025/26 budget with scenario S (k=v, …)"), else as the first
    revision's default comment says (``ProposalService.new_drafted``)."""
    first = min(proposals.store.revisions(proposal_id), key=lambda r: r.number)
    document = proposals.document(proposal_id, first.number)
    for paragraph in document.paragraphs:
        noted = NOTED.match(paragraph.text) if paragraph.section == "Draft" else None
        if noted is not None:
            edits = tuple(e for e in (_read(t) for t in (noted["edits"] or "").split(", "))
                          if e is not None)
            return _ref(noted["ref"]), edits
    found = DRAFTED.match(str(first.comment).strip())
    return (None if found is None else _ref(found["ref"])), ()


def _ref(text: str) -> DocumentRef | None:
    try:
        return DocumentRef.parse(text)
    except InputError:
        return None


def recorded_edits(proposals: ProposalService, proposal_id: int, upto: int
                   ) -> tuple[Edit, ...]:
    """The scenario's edits the proposal was drafted with, then the driver edits the
    revisions up to ``upto`` recorded in their comments, in order (a relative edit such as
    ``+2`` applies on the ones before it)."""
    found: list[Edit | None] = list(_origin(proposals, proposal_id)[1])
    for revision in sorted(proposals.store.revisions(proposal_id), key=lambda r: r.number):
        if revision.number > upto:
            continue
        for line in str(revision.comment).splitlines():
            if line.startswith(RECORDED):
                found.extend(_read(text) for text in line[len(RECORDED):].split("; "))
    return tuple(e for e in found if e is not None)


def _read(text: str) -> Edit | None:
    """A recorded edit; None for words that only look like one (a person's comment)."""
    try:
        return Edit.parse(text)
    except (InputError, ValueError):
        return None


def parsed(edits: Mapping[str, str | int | None]) -> tuple[Edit, ...]:
    """Typed edits checked, each refusal naming its driver; blank values are skipped."""
    if len(edits) > MAX_EDITS:
        raise InputError(f"edits: at most {MAX_EDITS} drivers at once")
    found = []
    for key, value in edits.items():
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        if len(text) > MAX_VALUE or len(key) > 200:
            raise InputError(f"{key[:200]}: the value is too long")
        try:
            found.append(Edit.parse(f"{key}={text}"))
        except InputError as error:
            head, sep, rest = str(error).partition(": ")
            message = f"{key}: {rest}" if sep and "=" in head else f"{key}: {error}"
            raise InputError(message) from None
    if len(RECORDED + "; ".join(str(e) for e in found)) > MAX_RECORDED:
        raise InputError(f"edits: more than {MAX_RECORDED} characters to record; save "
                         "fewer drivers at once")
    return tuple(found)


def _estimates(document: Document) -> tuple[MoneyTable | None, str | None,
                                           dict[str, Decimal | None]]:
    """The money table by class, its cost estimates column of the document's period and
    each class's figure there."""
    table = main_table(document)
    if table is None:
        return None, None, {}
    columns = [c for c in table.amount_columns() if c.stage is Stage.COST_ESTIMATES]
    column = next((c for c in columns if c.period == document.period), None) or (
        columns[-1] if columns else None)
    if column is None:
        return table, None, {}
    figures: dict[str, Decimal | None] = {}
    for row in table.rows:
        if row.row_type is RowType.ITEM and row.line not in figures:
            figures[row.line] = row.values.get(column.key)
    return table, column.key, figures


class ProposalDrivers:
    def __init__(self, proposals: ProposalService) -> None:
        self.proposals = proposals
        self.costing = CostingService(proposals.engine)

    def view(self, proposal_id: int, number: int | None = None) -> DriversView:
        shown = self.proposals.show(proposal_id, number)
        source = source_of(self.proposals, proposal_id)
        table, _, held = _estimates(shown.document)
        if source is None:
            return DriversView(None, (), (), ())
        edits = recorded_edits(self.proposals, proposal_id, shown.head.number)
        draft = self.costing.draft(source, shown.document.period, edits=edits, store=False)
        _, _, given = _estimates(draft.document)
        labels = {row.line: row.label for row in table.rows} if table else {}
        classes = tuple(ClassEstimate(line, labels.get(line, line), held.get(line),
                                      given.get(line))
                        for line in dict.fromkeys([*held, *given]))
        rows = tuple(DriverRow(key, v.value, v.unit, v.provenance) for key, v in
                     driver_values(draft.drivers, shown.document.period).items())
        return DriversView(source, edits, rows, classes)

    def changed(self, proposal_id: int, based_on: int, content: ProposalContent,
                edits: Sequence[Edit]) -> ProposalContent:
        """``content`` with each class whose estimate the edits change set to the
        estimate the drivers now give, its totals and variances carried."""
        source = source_of(self.proposals, proposal_id)
        if source is None:
            raise InputError("edits: the proposal was not drafted from a stored budget; "
                             "it has no drivers to edit")
        if not edits:
            raise InputError("edits: no driver was given a value")
        document = content.document
        before = recorded_edits(self.proposals, proposal_id, based_on)
        old = _estimates(self.costing.draft(source, document.period, edits=before,
                                            store=False).document)[2]
        new = _estimates(self.costing.draft(source, document.period,
                                            edits=(*before, *edits), store=False).document)[2]
        table, column, held = _estimates(document)
        if table is None or column is None:
            raise InputError("edits: the revision has no money table by class with cost "
                             "estimates")
        cells = tuple(
            CellEdit(where=f"drivers: {line}", part=("cost", table.key, line, "0", column),
                     old=held.get(line), new=figure)
            for line, figure in new.items()
            if line in held and figure is not None and figure != old.get(line)
            and figure != held.get(line))
        return content.model_copy(update={"document": applied(document, cells)})


def recorded(comment: str, edits: Sequence[Edit]) -> str:
    """The revision's comment with the applied edits on a line of their own."""
    line = RECORDED + "; ".join(str(e) for e in edits)
    return f"{comment.strip()}\n{line}" if comment.strip() else line
