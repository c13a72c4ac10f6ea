"""``rbb check`` over the store checks the recorded redeployments with the mission's
documents (``redeployments.*``, docs/checks.md): recording one makes the mission's
findings stale, its findings are stored on the period's performance report like any
other, and withdrawing it takes them away again. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from rbb.model import Period
from rbb.model.errors import InputError, NotFoundError
from rbb.services.execution_records import ExecutionRecordsService
from rbb.services.stored_findings import FindingFilter, StoredFindings
from rbb.storage import DocumentStore
from tests.conftest import PERFORMANCE_SEED, imported

P2122 = Period.parse("2021/22")


def _redeployment_findings(stored: StoredFindings) -> list[tuple[str, str | None,
                                                                 int | None, object]]:
    return [(s.finding.code, s.finding.row, s.finding.source_line, s.finding.computed)
            for s in stored.find(FindingFilter(mission="UNMIK"))
            if s.finding.code.startswith("redeployments.")]


def test_recorded_redeployments_are_checked_and_withdrawn_ones_are_not(
        engine: Engine) -> None:
    result = imported(PERFORMANCE_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    stored = StoredFindings(engine)
    assert _redeployment_findings(stored) == []
    records = ExecutionRecordsService(engine)
    moved = records.redeploy("UNMIK", P2122, date=dt.date(2022, 3, 1), amount="250000",
                             from_line="international_staff", to_line="official_travel",
                             reason="Regional conference", approver="D. Director", by="ed")
    assert not stored.mission_state("UNMIK").current, "recording renews the token"
    # A/77/589 prints nothing redeployed (lines 4162, 4164); 250 000 dollars are 250.0
    # thousand out of civilian personnel and into operational costs.
    assert _redeployment_findings(stored) == [
        ("redeployments.against-report", "civilian_personnel", 4162, Decimal("-250")),
        ("redeployments.against-report", "operational_costs", 4164, Decimal("250"))]
    found = stored.find(FindingFilter(mission="UNMIK", table="redeployments"))
    assert {s.finding.document for s in found} == {"UNMIK 2021/22 performance"}
    assert f"no. {moved.id} of 2022-03-01" in found[0].finding.message

    assert moved.id is not None
    withdrawn = records.withdraw_redeployment("UNMIK", P2122, moved.id,
                                              reason="Recorded against the wrong period",
                                              by="chief")
    assert withdrawn.withdrawn is not None and withdrawn.withdrawn.by == "chief"
    assert _redeployment_findings(stored) == []
    summary = records.summary("UNMIK", P2122)
    assert [r.id for r in summary.redeployments] == [moved.id], "kept, marked"
    assert summary.findings == [] and summary.table.rows[1].redeployment == 0
    with pytest.raises(InputError, match="withdrawn already"):
        records.withdraw_redeployment("UNMIK", P2122, moved.id, reason="again", by="chief")
    with pytest.raises(NotFoundError):
        records.withdraw_redeployment("UNMIK", Period.parse("2022/23"), moved.id,
                                      reason="another period", by="chief")
    with pytest.raises(InputError, match="reason"):
        records.withdraw_redeployment("UNMIK", P2122, moved.id, reason="  ", by="chief")
