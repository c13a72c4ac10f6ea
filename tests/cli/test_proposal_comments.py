"""``rbb proposal comment|comments|resolve|reopen|anchors``: a reviewer comments on an
indicator of the UNMIK proposal copied from the seed, the editor replies and resolves,
and refusals are one line naming the field (exit code 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from tests.cli import test_proposals


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The store of ``rbb proposal``'s tests: the UNMIK budget 2025/26, ed (editor) and
    apu (approver)."""
    made: str = test_proposals.db.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    return made


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert run([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_comment_reply_resolve_and_list(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    anchors = _json(capsys, "proposal", "anchors", "1", "--db", db)
    assert isinstance(anchors, list)
    labels = {a["key"]: a["label"] for a in anchors}
    assert labels["indicator:substantive/1.1.2"].startswith("Indicator 1.1.2 (")
    first = _json(capsys, "proposal", "comment", "1", "--on", "indicator:substantive/1.1.2",
                  "-m", "Is the target within reach?", "--by", "apu", "--db", db)
    assert first == {**first, "id": 1, "thread": 1, "by": "apu", "revision": 1}  # type: ignore[dict-item]
    reply = _json(capsys, "proposal", "comment", "1", "--reply-to", "1", "-m",
                  "Lowered to 80 per cent.", "--by", "ed", "--db", db)
    assert reply == {**reply, "id": 2, "parent": 1,  # type: ignore[dict-item]
                     "anchor": "indicator:substantive/1.1.2"}
    assert _json(capsys, "proposal", "comments", "1", "--open", "--db", db) != []
    assert run(["proposal", "resolve", "1", "2", "--by", "ed", "--db", db]) == 0
    assert "thread 1 of proposal 1 resolved by ed" in capsys.readouterr().out
    assert _json(capsys, "proposal", "comments", "1", "--open", "--db", db) == []
    [thread] = _json(capsys, "proposal", "comments", "1", "--db", db)  # type: ignore[misc]
    assert (thread["state"], thread["resolved_by"], [r["text"] for r in thread["replies"]]
            ) == ("resolved", "ed", ["Lowered to 80 per cent."])
    assert run(["proposal", "comments", "1", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "↳ Lowered to 80 per cent." in table and "resolved by ed" in table


def test_refusals_are_one_line_naming_the_field(db: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    capsys.readouterr()
    for argv, message in (
            (["--on", "indicator:substantive/9.9.9", "-m", "x", "--by", "ed"],
             "anchor: no indicator substantive/9.9.9 in revision 1"),
            (["--reply-to", "4", "-m", "x", "--by", "ed"],
             "comment_id: proposal 1 has no comment 4"),
            (["-m", "x", "--by", "ed"], "--on: say what the comment is about"),
            (["--on", "document", "-m", "x", "--by", "nobody"], "'nobody' has no account")):
        assert run(["proposal", "comment", "1", *argv, "--db", db]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    assert _json(capsys, "proposal", "comments", "1", "--db", db) == []
