"""The proposal benchmarks' own code on a tiny scale, so that it does not rot (no time is
asserted: ``make bench`` measures): a series of saves stores each edit with what it
derives, the editors' loop through a real server loses nothing and would see a lost
change, and the workbook round trip saves a revision of the cells it edited."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from benches.bench_proposals import (
    edit_workbook,
    save_series,
    seed_store,
    workbook_round_trips,
)
from benches.proposal_editors import EditorRun, _at, editor_parts, run_editors
from sqlalchemy import Engine

from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import main_table
from tests.web.conftest import LiveServer, settings


def _proposed(service: ProposalService, proposal: int, revision: int, line: str) -> Decimal:
    table = main_table(service.document(proposal, revision))
    assert table is not None
    column = next(c.key for c in table.amount_columns() if c.key.startswith("cost_estimates"))
    value = next(r.values[column] for r in table.rows if r.line == line)
    assert value is not None
    return value


def test_a_series_saves_each_edit_in_turn_with_what_it_derives(engine: Engine) -> None:
    copied, drafted, _ = seed_store(engine)
    service = ProposalService(engine)
    timings = save_series(service, copied, 5)
    assert [t.part for t in timings] == ["cost", "variance", "indicator text",
                                         "output text", "vacancy"]
    assert service.show(copied).proposal.head == 6
    # Edit 1 raised the first class of the money table by 1 (thousand dollars), and the
    # gross requirements with it (the change carried into the totals).
    table = main_table(service.document(copied, 1))
    assert table is not None
    first = next(r.line for r in table.rows if r.row_type.value == "item")
    for line in (first, "gross_requirements"):
        assert _proposed(service, copied, 2, line) == _proposed(service, copied, 1, line) + 1
    # Edit 2 added a sentence to the first paragraph explaining a variance.
    explained = service.document(copied, 3).variance_explanations[0].paragraphs[0].text
    assert explained.endswith("Revised in edit 2 of the benchmark.")
    # The drafted proposal has no variance paragraphs yet: the series skips that kind.
    assert [t.part for t in save_series(service, drafted, 2)] == ["cost", "indicator text"]


def test_editors_parts_are_money_rows_and_texts_in_turn(sqlite_engine: Engine) -> None:
    _, drafted, _ = seed_store(sqlite_engine)
    service = ProposalService(sqlite_engine)
    document = service.document(drafted, 1)
    parts = editor_parts(document, 4)
    assert [kind for kind, _ in parts] == ["money", "text", "money", "text"]
    assert len({path for _, path in parts}) == 4
    data = json.loads(service.content_json(drafted, 1))["document"]
    # Each path reads in the JSON what the model holds there.
    for _, path in parts:
        held: Any = document
        for step in path:
            held = held[step] if isinstance(step, int) else (
                held.get(step) if isinstance(held, dict) else getattr(held, step))
        assert _at(data, path) == (str(held) if isinstance(held, Decimal) else held)
    assert parts[1][1][-3:-1] == ("indicators", 0)


def test_editors_through_a_real_server_lose_nothing(sqlite_engine: Engine) -> None:
    _, drafted, tokens = seed_store(sqlite_engine, editors=2)
    service = ProposalService(sqlite_engine)
    before = service.show(drafted).proposal.head
    parts = editor_parts(service.document(drafted, before), 2)
    with LiveServer(sqlite_engine, settings()) as server:
        result = run_editors(server.url, drafted, tokens, parts, seconds=1.0,
                             max_requests=40)
    assert all(not run.errors for run in result.runs), [r.errors for r in result.runs]
    assert sum(run.lost for run in result.runs) == 0
    assert result.accepted and result.final_revision == before + len(result.accepted)
    # The text editor's every accepted edit is in the final revision, in order.
    final = json.loads(service.content_json(drafted, result.final_revision))["document"]
    text = next(run for run in result.runs if run.kind == "text")
    held = _at(final, text.path)
    assert text.tokens == [t for t in text.tokens if t in held]
    assert [held.index(t) for t in text.tokens] == sorted(held.index(t) for t in text.tokens)
    assert "| SQLite | 2 |" in result.row("SQLite")


def test_an_editor_sees_a_change_that_was_lost() -> None:
    text = EditorRun("e1", "text", ("paragraphs", 0, "text"))
    text.check("Mandate.")
    value, token = text.edited("Mandate.", 1)
    assert value == "Mandate. [e1 edit 1]" and token == "[e1 edit 1]"
    text.expected, text.tokens = value, [token]
    text.check("Mandate. [e2 edit 1]")  # another editor's save overwrote the paragraph
    assert text.lost == 1 and text.tokens == []
    money = EditorRun("e3", "money", ("financial_tables", 0, "rows", 0, "values", "c"))
    money.check("100.0")
    money.expected = money.edited("100.0", 3)[0]
    assert money.expected == "100.3"
    money.check("100.30")
    assert money.lost == 0
    money.check("100.0")
    assert money.lost == 1


def test_the_workbook_round_trip_saves_the_cells_edited(sqlite_engine: Engine,
                                                        tmp_path: Path) -> None:
    _, drafted, _ = seed_store(sqlite_engine)
    service = ProposalService(sqlite_engine)
    exports, imports = workbook_round_trips(service, drafted, tmp_path, 2)
    assert len(exports) == len(imports) == 2
    assert service.show(drafted).proposal.head == 3
    # A cost estimate and two texts, as ``Sheet!cell``.
    path = tmp_path / "again.xlsx"
    from rbb.services.proposal_workbook import workbook

    view = service.show(drafted)
    workbook(drafted, view.head.number, view.document).save(path)
    where = edit_workbook(path, view.document, 7)
    assert [w.split("!")[0] for w in where] == ["Cost estimates", "Frameworks", "Frameworks"]

