"""UNMIK's cycle with the texts to be had: the two embedded reports and the paragraphs of
the Advisory Committee's report A/78/744/Add.7 (on 2024/25) that the 2025/26 budget
quotes (tests/data/legislative/acabq/unmik-2024-25-quoted.txt, an excerpt: SOURCES.md
there says what of it is quoted and what written). Imported as a user would, with
``rbb import --partial``; then the cycle page, the Committee's page, the requests and
``rbb check`` as a reader finds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.storage import create_database_engine

from .conftest import make_client, store_seeds

EXCERPT = Path(__file__).parents[1] / "data" / "legislative" / "acabq" / \
    "unmik-2024-25-quoted.txt"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", url]) == 0
    engine = create_database_engine(url)
    store_seeds(engine)
    engine.dispose()
    assert run(["import", str(EXCERPT), "--partial", "--db", url]) == 0
    return url


def test_the_committees_paragraphs_are_stored_with_their_lines(db: str) -> None:
    engine = create_database_engine(db)
    client = make_client(engine)
    page = client.get("/missions/UNMIK/2024-25/acabq_report")
    assert page.status_code == 200
    html = page.text
    # Line 15 of the excerpt: "20. […]" then "(c) ... recommends a reduction of 5 per cent
    # ($93,300) to the proposed resources for communication and information technology."
    assert "A/78/744/Add.7" in html and "20 (c)" in html and "93.3" in html
    view = client.get("/api/v1/documents/UNMIK/2024-25/acabq_report/legislative").json()
    reductions = next(group["items"] for group in view["recommendations"]
                      if group["kind"] == "reduce")
    assert [(r["paragraph"], r["amounts"], r["class_code"], r["source_line"])
            for r in reductions] == [
        ("20 (c)", ["93.3"], "communications_and_information_technology", 19)]
    # An excerpt: it states no proposal or recommended total, so it is stored partial.
    assert view["document"]["partial"] is True
    engine.dispose()


def test_the_cycle_page_lists_the_reduction_under_its_class(db: str) -> None:
    engine = create_database_engine(db)
    client = make_client(engine)
    cycle = client.get("/api/v1/missions/UNMIK/periods/2024-25/cycle").json()
    rows = {row["line"]: row for row in cycle["rows"]}
    technology = rows["communications_and_information_technology"]
    assert [(r["paragraph"], r["amounts"], r["source_line"])
            for r in technology["recommendations"]] == [("20 (c)", ["93.3"], 19)]
    # The 2025/26 budget restates 2024/25's apportionment: line 526 of the budget seed,
    # "Communications and information technology	1 772.0	..." (its second column).
    cells = {cell["stage"]: cell for cell in technology["cells"]}
    [figure] = cells["apportionment"]["figures"]
    assert figure["amount"] == "1772.0"
    assert (figure["source"]["kind"], figure["source"]["source_line"]) == ("budget", 526)
    # No budget for 2024/25 is stored: the recommended figure is not derived, and says so.
    assert cells["acabq_recommended"]["amount"] is None and technology["notes"]
    # The Committee's excerpt is listed among the documents read, marked partial.
    [committee] = [d for d in cycle["documents"] if d["kind"] == "acabq_report"]
    assert committee["partial"] is True
    assert client.get("/missions/UNMIK/2024-25/cycle").status_code == 200
    engine.dispose()


def test_the_quoted_paragraphs_answer_the_budgets_follow_up(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(["requests", "-m", "UNMIK", "--format", "json", "--db", db]) == 0
    items = {item["key"]: item for item in json.loads(capsys.readouterr().out)}
    # The budget's section V.B cites A/78/744/Add.7 paras. 20 (c), 20 (e), 22, 25 and 26;
    # with the report stored, each request's source is that stored document.
    cited = {key: item for key, item in items.items() if key.startswith("A/78/744/Add.7")}
    assert sorted(cited) == [f"A/78/744/Add.7, para. {p}"
                             for p in ("20 (c)", "20 (e)", "22", "25", "26")]
    assert all(item["source"]["document"] is not None for item in cited.values())
    # ... and rbb check finds every cited paragraph in it (cycle.cited-request is quiet).
    assert run(["check", "--db", db, "-m", "UNMIK", "--format", "json"]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)
    codes = {f["code"] for f in findings["findings"]} if isinstance(findings, dict) else {
        f["code"] for f in findings}
    assert "cycle.cited-request" not in codes


def test_a_cited_paragraph_missing_from_the_stored_report_is_a_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    assert run(["db", "init", "--db", url]) == 0
    engine = create_database_engine(url)
    store_seeds(engine)
    engine.dispose()
    # The same excerpt without its paragraph 22, which the budget's line 767 cites.
    text = EXCERPT.read_text(encoding="utf-8")
    start = text.index("\n22. ")
    corrupted = tmp_path / "unmik-2024-25-without-22.txt"
    corrupted.write_text(text[:start] + text[text.index("\n25. "):], encoding="utf-8")
    assert run(["import", str(corrupted), "--partial", "--db", url]) == 0
    capsys.readouterr()
    run(["check", "--db", url, "-m", "UNMIK", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    rows = findings["findings"] if isinstance(findings, dict) else findings
    cited = [f for f in rows if f["code"] == "cycle.cited-request"]
    assert len(cited) == 1 and "22" in cited[0]["message"]
