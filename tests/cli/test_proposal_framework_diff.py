"""``rbb proposal diff`` shows what an edit of the frameworks changed: an indicator's
target old → new and its text as a word diff, nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.model.frameworks import Comparator
from rbb.services.proposal_service import ProposalService
from rbb.storage import DocumentStore, create_database_engine, upgrade
from rbb.storage.accounts import AccountStore, Role
from tests.conftest import BUDGET_SEED, imported


def test_the_diff_of_a_framework_edit(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    result = imported(BUDGET_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    AccountStore(engine).add_user("ed", "budget proposals need care 7", Role.EDITOR)
    service = ProposalService(engine)
    pid = service.new_copied("UNMIK:2025/26", by="ed").id
    content = service.content(pid, 1)
    document = content.document
    component = document.components[1]
    ea = component.expected_accomplishments[0]
    indicator = ea.indicators[1]  # 1.1.2: 15 for 2025/26 in the seed
    target = indicator.values[-1].model_copy(update={
        "value": Decimal(95), "comparator": Comparator.AT_LEAST, "text": "≥ 95"})
    changed = indicator.model_copy(update={
        "text": "Human rights initiatives followed up",
        "values": (*indicator.values[:-1], target)})
    ea = ea.model_copy(update={"indicators": (ea.indicators[0], changed,
                                              *ea.indicators[2:])})
    component = component.model_copy(update={"expected_accomplishments": (
        ea, *component.expected_accomplishments[1:])})
    edited = document.model_copy(update={"components": (
        document.components[0], component, *document.components[2:])})
    service.save_content(pid, content.model_copy(update={"document": edited}), based_on=1,
                         by="ed", comment="targets")
    engine.dispose()
    capsys.readouterr()
    assert run(["proposal", "diff", str(pid), "1", "2", "--db", url]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "framework substantive 1.1.2 target 2025/26 [-15-] {+≥ 95+}" in shown
    assert "framework substantive 1.1.2 indicator" in shown
    assert "{+followed up+}" in shown
    assert "Figures" not in shown  # no money changed
