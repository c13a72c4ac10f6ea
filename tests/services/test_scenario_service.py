"""The scenario service the CLI and the web page share, on a real SQLite store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rbb.model.errors import InputError, NotFoundError
from rbb.services.costing_service import DocumentRef
from rbb.services.costing_views import scenario_data
from rbb.services.scenario_service import ScenarioService
from rbb.storage import DocumentStore, create_database_engine, upgrade
from tests.conftest import BUDGET_SEED, imported


@pytest.fixture
def service(tmp_path: Path) -> ScenarioService:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'rbb.sqlite'}")
    upgrade(engine)
    document = imported(BUDGET_SEED).document
    assert document is not None
    DocumentStore(engine).save(document)
    return ScenarioService(engine)


def test_set_show_editable_and_unset(service: ScenarioService) -> None:
    service.new("s", DocumentRef.parse("UNMIK:2025/26"), description="web page")
    view = service.set("s", ["vacancy_factor.ngs=5", "posts.security_section.fs=+1"])
    assert [str(e) for e in view.edits] == [
        "vacancy_factor.national_general_service_staff=5", "posts.security_section.fs=+1"]
    drivers = {d.key: d for d in service.editable("s")}
    posts = drivers["posts.security_section.fs"]
    assert (posts.base, posts.value, posts.edited) == (Decimal(9), Decimal(10), True)
    assert drivers["vacancy_factor.national_general_service_staff"].edited
    assert drivers["exchange_rate.EUR"].value == Decimal("0.948")  # seed line 686
    assert not drivers["exchange_rate.EUR"].edited
    data = scenario_data(view)
    assert data["base"] == "UNMIK:2025/26:budget"
    view = service.unset("s", ["posts.security_section.fs"])
    assert [e.key for e in view.edits] == ["vacancy_factor.national_general_service_staff"]
    with pytest.raises(InputError, match="does not set"):
        service.unset("s", ["posts.security_section.fs"])


def test_a_bad_edit_stores_nothing(service: ScenarioService) -> None:
    service.new("s", DocumentRef.parse("UNMIK:2025/26"))
    with pytest.raises(InputError):
        service.set("s", ["vacancy_factor.ngs=5", "exchange_rate.CHF=1"])
    assert service.edits("s") == ()


def test_a_scenario_needs_a_stored_budget(service: ScenarioService) -> None:
    with pytest.raises(NotFoundError, match="no budget document and no drivers"):
        service.new("s", DocumentRef.parse("UNMIK:2030/31"))
    with pytest.raises(InputError, match="scenario name"):
        service.new("bad name!", DocumentRef.parse("UNMIK:2025/26"))
