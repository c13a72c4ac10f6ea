"""The cost drivers of a proposal drafted from a stored budget (docs/preparation.md,
"Editing the cost drivers"): the source's drivers carried forward as ``rbb draft`` uses
them, with the scenario's edits the proposal was drafted with and those the revision
holds (``ProposalContent.driver_edits``) applied, and each class's cost estimate they
give beside the one the revision holds. Saving edits costs the source again
(``CostingService.draft(..., store=False)``), carries each changed class's estimate
into the money tables with its totals and variances, as a workbook's edit is carried
(``proposal_workbook_reading.applied``), and appends the edits to the content's."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rbb.costing.scenarios import Edit, driver_values
from rbb.model import Document, Stage
from rbb.model.errors import InputError
from rbb.model.money import MoneyTable
from rbb.model.proposals import MAX_DRIVER_EDITS, ProposalContent
from rbb.model.staffing import RowType

from .costing_service import CostingService, DocumentRef
from .proposal_service import ProposalService
from .proposal_workbook import main_table
from .proposal_workbook_reading import CellEdit, applied

DRAFTED = re.compile(r"^drafted from (?P<ref>.+?) by its drivers$")
NOTED = re.compile(r"^Draft prepared by rbb from the cost drivers of (?P<ref>.+?)"
                   r"(?: with scenario .+? \((?P<edits>[^()]*)\))?; ")
MAX_EDITS = 30
MAX_VALUE = 40


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
    """The one the drivers (with the edits in force) give."""


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


def edits_in_force(proposals: ProposalService, proposal_id: int,
                   content: ProposalContent) -> tuple[Edit, ...]:
    """The scenario's edits the proposal was drafted with, then the driver edits
    ``content`` holds, in order (a relative edit such as ``+2`` applies on the ones
    before it)."""
    return (*_origin(proposals, proposal_id)[1], *held_edits(content))


def held_edits(content: ProposalContent) -> tuple[Edit, ...]:
    """The driver edits a revision's content holds, read as a scenario's edits."""
    edits = []
    for i, text in enumerate(content.driver_edits, start=1):
        try:
            edits.append(Edit.parse(text))
        except (InputError, ValueError) as error:
            raise InputError(f"driver_edits.{i}: {error}") from None
    return tuple(edits)


def _read(text: str) -> Edit | None:
    """An edit of the draft's note; None for words that only look like one."""
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
        edits = edits_in_force(self.proposals, proposal_id,
                               self.proposals.content(proposal_id, shown.head.number))
        draft = self.costing.draft(source, shown.document.period, edits=edits, store=False)
        _, _, given = _estimates(draft.document)
        labels = {row.line: row.label for row in table.rows} if table else {}
        classes = tuple(ClassEstimate(line, labels.get(line, line), held.get(line),
                                      given.get(line))
                        for line in dict.fromkeys([*held, *given]))
        rows = tuple(DriverRow(key, v.value, v.unit, v.provenance) for key, v in
                     driver_values(draft.drivers, shown.document.period).items())
        return DriversView(source, edits, rows, classes)

    def changed(self, proposal_id: int, content: ProposalContent, edits: Sequence[Edit]
                ) -> ProposalContent:
        """``content`` with each class whose estimate the edits change set to the
        estimate the drivers now give, its totals and variances carried, and the edits
        appended to those it holds."""
        source = source_of(self.proposals, proposal_id)
        if source is None:
            raise InputError("edits: the proposal was not drafted from a stored budget; "
                             "it has no drivers to edit")
        if not edits:
            raise InputError("edits: no driver was given a value")
        if len(content.driver_edits) + len(edits) > MAX_DRIVER_EDITS:
            raise InputError(f"edits: the revision holds {len(content.driver_edits)} "
                             f"driver edits already, and a revision at most "
                             f"{MAX_DRIVER_EDITS}")
        document = content.document
        before = edits_in_force(self.proposals, proposal_id, content)
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
        return content.model_copy(update={
            "document": applied(document, cells),
            "driver_edits": (*content.driver_edits, *(str(e) for e in edits))})


def summary(edits: Sequence[Edit]) -> str:
    """The comment of a save that typed none, for people reading the history (nothing
    reads it back): the edits, shortened past 200 characters."""
    text = "driver edits " + "; ".join(str(e) for e in edits)
    return text if len(text) <= 200 else text[:199] + "…"
