"""``rbb proposal post-actions`` and ``rbb proposal post-action N add|remove``: on the
UNMIK budget for 2025/26 copied as a proposal, an establishment added and listed, a
grade not in the register refused in one line naming the field, then removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.services.proposal_service import ProposalService
from rbb.storage import create_database_engine

from .test_proposals import db  # noqa: F401  (the fixture: a store with the seed and users)

ADD = ["proposal", "post-action", "1", "add", "--kind", "establishment", "--component",
       "substantive", "--office", "Office of Legal Affairs", "--grade", "P-4", "--count", "1",
       "--title", "Legal Officer", "-j", "to advise the mission on its agreements", "--by",
       "ed"]


def test_add_list_refuse_and_remove(db: str, tmp_path: Path,  # noqa: F811
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["proposal", "new", "--copy", "UNMIK:2025/26", "--by", "ed", "--db", db]) == 0
    assert run(["proposal", "post-actions", "1", "--db", db]) == 0
    assert "states no post action" in capsys.readouterr().out
    assert run([*ADD, "--based-on", "1", "--db", db]) == 0
    assert "saved revision 2 of proposal 1" in capsys.readouterr().out

    assert run([*ADD[:11], "P-8", *ADD[12:], "--based-on", "2", "--db", db]) == 1
    error = capsys.readouterr().err
    assert "post action a2 grade: 'P-8' is not a grade" in error and "Traceback" not in error
    assert run([*ADD, "--count", "0", "--based-on", "2", "--db", db]) == 1
    assert "post action a2 count:" in capsys.readouterr().err

    assert run(["proposal", "post-actions", "1", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["revision"] == 2
    assert [(a["id"], a["kind"], a["grade"], a["functional_title"])
            for a in listed["post_actions"]] == [("a1", "establishment", "P-4",
                                                  "Legal Officer")]
    assert run(["proposal", "post-actions", "1", "--db", db]) == 0
    assert "Legal Officer" in capsys.readouterr().out

    assert run(["proposal", "post-action", "1", "remove", "a1", "--based-on", "2", "--by",
                "ed", "--db", db]) == 0
    engine = create_database_engine(db)
    assert ProposalService(engine).content(1, 3).post_actions == ()
    assert run(["proposal", "post-action", "1", "remove", "a1", "--based-on", "3", "--by",
                "ed", "--db", db]) == 1
    assert "no such action" in capsys.readouterr().err
    engine.dispose()
