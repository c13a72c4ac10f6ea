"""A partial document is stored with its mark and coverage, on SQLite and PostgreSQL:
found without parsing every document, read back with its identity, and refused (nothing
stored) when the import did not ask for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rbb.importers import import_path
from rbb.model.errors import InputError
from rbb.services.imports import store_results
from rbb.services.stored_findings import partial_documents
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, imported

EXCERPT = Path(__file__).parents[1] / "data" / "partial" / "untomn-budget-excerpt.txt"


def test_an_excerpt_is_stored_only_when_asked_and_then_marked(store: DocumentStore) -> None:
    excerpt = import_path(EXCERPT)
    with pytest.raises(InputError, match=r"untomn-budget-excerpt.txt: sections the contents "
                       r"list names but the text lacks: I.C 'Results-based budgeting"):
        store_results(store, [imported(BUDGET_SEED), excerpt])
    assert store.summaries() == [], "all or nothing: the complete report is not stored either"
    assert store_results(store, [imported(BUDGET_SEED), excerpt], partial=True).stored
    ids = {summary.mission: summary.id for summary in store.summaries()}
    assert store.partial_ids() == [ids["UNTOMN"]]
    assert store.partial_ids([ids["UNMIK"]]) == []
    [(document, skipped)] = partial_documents(store)
    assert document.partial and document.mission.code == "UNTOMN"
    assert document.coverage is not None
    assert [e.label for e in document.coverage.missing_sections][:2] == ["I.C", "II"]
    assert "money.gross" in {check.code for check in skipped}
    complete = store.load_by_id(ids["UNMIK"])
    assert not complete.partial and complete.coverage is not None
