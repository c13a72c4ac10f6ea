"""``rbb draft-performance`` drafts the redeployment table and the paragraph under it from
the redeployments recorded for the period (withdrawn ones left out), and the draft agrees
with ``rbb check``'s checks of those records. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Engine

from rbb.engine.checks import check_records
from rbb.model import Period
from rbb.model.execution import MissionRecords
from rbb.services.execution_records import ExecutionRecordsService
from rbb.services.performance_draft_service import PerformanceDraftService
from rbb.storage import DocumentStore
from tests.conftest import PERFORMANCE_SEED, imported
from tests.costing.test_performance_draft import spread

P2122 = Period.parse("2021/22")


def test_the_draft_tells_the_recorded_redeployments(engine: Engine) -> None:
    result = imported(PERFORMANCE_SEED)
    assert result.document is not None
    DocumentStore(engine).save(result.document, result.diagnostics)
    records = ExecutionRecordsService(engine)
    records.redeploy("UNMIK", P2122, date=dt.date(2022, 6, 15), amount="381300",
                     from_line="operational_costs", to_line="national_staff",
                     reason="Retroactive payment of the salary increase", approver="D. D.",
                     by="ed")
    wrong = records.redeploy("UNMIK", P2122, date=dt.date(2022, 6, 16), amount="5000",
                             from_line="military_observers", to_line="medical",
                             reason="Entered in error", approver="D. D.", by="ed")
    assert wrong.id is not None
    records.withdraw_redeployment("UNMIK", P2122, wrong.id, reason="Never approved",
                                  by="chief")
    months = spread("national_staff", Decimal("11000000")) + \
        spread("facilities_and_infrastructure", Decimal("2000000"))
    draft = PerformanceDraftService(engine).draft("UNMIK", P2122, months).document
    assert [p.text for p in draft.paragraphs if p.section == "III.B"] == [
        "During the reporting period, funds of $381,300 were redeployed from group III, "
        "operational costs, to group II, civilian personnel, to cover retroactive payment "
        "of the salary increase (operational costs to national staff)."]
    assert draft.redeployments is not None
    rows = {r.group: r for r in draft.redeployments.rows}
    # A/77/589's apportionment (lines 4160-4164): 32 534.4 + 381.3 = 32 915.7 and
    # 7 995.6 - 381.3 = 7 614.3; military and police personnel untouched (withdrawn).
    assert rows["civilian_personnel"].revised_distribution == Decimal("32915.7")
    assert rows["operational_costs"].revised_distribution == Decimal("7614.3")
    assert rows["military_and_police_personnel"].redeployment == 0
    recorded = MissionRecords(mission="UNMIK",
                              redeployments=tuple(records.redeployments("UNMIK", P2122)))
    assert check_records(recorded, [draft]) == []
