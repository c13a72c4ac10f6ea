"""The data format: canonical JSON, its schema kept in the repo, and the data package."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rbb.model.errors import InputError
from rbb.services.data_format import from_json, schema_text, to_json
from rbb.services.datapackage import write_datapackage
from tests.storage.test_document_store import budget_2025_26

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_schema_is_the_model_s_schema() -> None:
    committed = (ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run `make schema` and commit schema/"


def test_canonical_json_round_trips_byte_for_byte() -> None:
    text = to_json(budget_2025_26())
    assert to_json(from_json(text, file="doc.json")) == text
    assert json.loads(text)["financial_tables"][0]["rows"][0]["values"]["cost_estimates_2025_26"] \
        == "89.4"


def test_a_broken_file_names_the_problem() -> None:
    with pytest.raises(InputError, match=r"doc\.json: not an rbb document"):
        from_json('{"kind": "budget"}', file="doc.json")
    with pytest.raises(InputError, match="not an rbb document"):
        from_json("{not json", file="doc.json")


def test_a_kind_rbb_reads_the_identity_of_only_is_not_stored() -> None:
    text = to_json(budget_2025_26()).replace('"kind": "budget"', '"kind": "revised_budget"', 1)
    assert '"revised_budget"' in text
    with pytest.raises(InputError, match=r"doc\.json: a document of kind 'revised_budget': rbb "
                                         "stores budgets, performance reports"):
        from_json(text, file="doc.json")


def test_the_data_package_describes_every_csv(tmp_path: Path) -> None:
    descriptor = write_datapackage([budget_2025_26()], tmp_path)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        with (tmp_path / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
    with (tmp_path / "financial_resources.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    medical = [r for r in rows if r["line"] == "medical" and r["column"] == "variance_amount"]
    assert medical[0]["value"] == "-6.8"
    assert medical[0]["source_line"] == "527"
