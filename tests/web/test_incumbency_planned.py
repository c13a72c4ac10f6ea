"""The staffing page and the mission overview print a "Planned average" incumbency
column only when some row of the document has one (reports of about 2003-2010); the
seed's incumbency (none) is shown as before (tests/web/test_pages.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import IncumbencyRow, PersonnelCategory
from rbb.storage import DocumentStore
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported

from .conftest import make_client
from .test_pages import text_of

# Handwritten rows (not from the seeds): (40 - 36) / 40 = 10.0; (120 - 117) / 120 = 2.5
ROWS = (
    IncumbencyRow(category=PersonnelCategory.MILITARY_OBSERVERS, label="Military observers",
                  approved=Decimal(44), planned_average=Decimal(40), actual_average=Decimal(36),
                  vacancy_rate=Decimal("10.0"), source_line=77),
    IncumbencyRow(category=PersonnelCategory.INTERNATIONAL_STAFF, label="International staff",
                  approved=Decimal(130), planned_average=Decimal(120),
                  actual_average=Decimal(117), vacancy_rate=Decimal("2.5"), source_line=81),
)


@pytest.fixture
def planned_client(sqlite_engine: Engine) -> TestClient:
    store = DocumentStore(sqlite_engine)
    for path in (BUDGET_SEED, PERFORMANCE_SEED):
        document = imported(path).document
        assert document is not None
        if path == PERFORMANCE_SEED:
            document = document.model_copy(update={"incumbency": ROWS})
        store.save(document)
    return make_client(sqlite_engine)


def test_the_staffing_page_prints_the_planned_average(planned_client: TestClient) -> None:
    page = planned_client.get("/missions/UNMIK/2021-22/performance/staffing")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "Approved Planned average Actual average Vacancy rate (per cent)" in shown
    assert "Military observers 44 40 36 10.0" in shown
    assert "International staff 130 120 117 2.5" in shown


def test_the_overview_prints_the_planned_average(planned_client: TestClient) -> None:
    shown = text_of(planned_client.get("/missions/UNMIK/2021-22").text)
    assert "Approved Planned average Actual average Vacancy rate (per cent)" in shown
    assert "International staff 130 120 117 2.5" in shown


def test_without_a_planned_average_no_such_column(sqlite_client: TestClient) -> None:
    for page in ("/missions/UNMIK/2021-22/performance/staffing", "/missions/UNMIK/2021-22"):
        shown = text_of(sqlite_client.get(page).text)
        assert "Planned average" not in shown, page
        assert "International staff 113 100 11.5" in shown, page
