"""``rbb proposal report``: a proposal's revision as the Secretary-General's report, clean
unless --annotate, marked draft until the proposal is issued."""

from __future__ import annotations

from pathlib import Path

import pytest

from rbb.cli import run
from tests.cli.test_proposals import db  # noqa: F401  (the store with the seed and users)

ANNEX = "Findings of the checks"


def test_clean_by_default_annotated_on_request(db: str, tmp_path: Path,  # noqa: F811
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert run(["proposal", "report", "1", "-f", "md", "--db", db]) == 0
    named = tmp_path / "unmik-budget-2025-26-proposal-1-r1.md"
    assert f"wrote revision 1 of proposal 1 (clean) to {named.name}" in capsys.readouterr().out
    clean = named.read_text(encoding="utf-8")
    assert clean.startswith("# Budget for the United Nations Interim Administration Mission")
    assert "Draft (not issued)" in clean
    assert ANNEX not in clean and "Check finding" not in clean
    # seed line 511, International staff: 2024/25 apportionment and 2025/26 proposed
    assert "| \u2003International staff | 20\u2009914.9 | 21\u2009139.4 |" in clean
    assert run(["proposal", "report", "1", "-r", "1", "-f", "md", "--annotate", "--db",
                db]) == 0
    annotated = (tmp_path / "unmik-budget-2025-26-proposal-1-r1-annotated.md").read_text(
        encoding="utf-8")
    assert f"## Annex. {ANNEX}" in annotated and "> Check finding:" in annotated


def test_an_issued_proposal_is_rendered_as_issued(db: str, tmp_path: Path,  # noqa: F811
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    assert run(["proposal", "submit", "1", "--by", "ed", "--db", db]) == 0
    for action in ("approve", "issue"):
        assert run(["proposal", action, "1", "--by", "apu", "--db", db]) == 0
    target = tmp_path / "issued.html"
    assert run(["proposal", "report", "1", "-f", "html", "-o", str(target), "--db", db]) == 0
    html = target.read_text(encoding="utf-8")
    assert "Report of the Secretary-General" in html and "Draft (not issued)" not in html
    assert "annex-findings" not in html and "num flagged" not in html
    assert run(["proposal", "report", "1", "--annotate", "-f", "html", "-o",
                str(tmp_path / "a.html"), "--db", db]) == 0
    assert "annex-findings" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_a_revision_that_does_not_exist(db: str, capsys: pytest.CaptureFixture[str]  # noqa: F811
                                        ) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    capsys.readouterr()
    assert run(["proposal", "report", "1", "-r", "4", "--db", db]) == 1
    assert "proposal 1 has no revision 4" in capsys.readouterr().err
    assert run(["proposal", "report", "1", "-f", "exe", "--db", db]) == 1
    assert "'exe' is not a report format" in capsys.readouterr().err
