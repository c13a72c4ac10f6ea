"""``rbb users``: add, list, set-role, remove, password and token from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from rbb.cli import run
from rbb.storage import create_database_engine
from rbb.storage.accounts import AccountStore, Role


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rbb.sqlite'}"


def users(db: str, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run(["users", *args, "--db", db])


def test_the_users_commands(db: str, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert users(db, "add", "root", "--role", "admin", "--password-stdin",
                 stdin="correct horse battery\n", monkeypatch=monkeypatch) == 0
    assert "added root (admin)" in capsys.readouterr().out
    assert users(db, "add", "ana", "--password-stdin", stdin="another good password\n",
                 monkeypatch=monkeypatch) == 0
    assert users(db, "set-role", "ana", "editor", monkeypatch=monkeypatch) == 0
    assert users(db, "token", "ana", "--name", "ci", monkeypatch=monkeypatch) == 0
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("rbb_")
    assert users(db, "list", monkeypatch=monkeypatch) == 0
    listed = capsys.readouterr().out
    assert "root" in listed and "editor" in listed and "ci (rbb_" in listed
    accounts = AccountStore(create_database_engine(db))
    assert accounts.user("ana").role is Role.EDITOR
    assert accounts.token_user(secret) is not None
    assert users(db, "remove", "ana", monkeypatch=monkeypatch) == 0
    assert [u.username for u in accounts.users()] == ["root"]


def test_mistakes_are_clear_errors(db: str, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert users(db, "add", "root", "--role", "king", "--password-stdin", stdin="x" * 12,
                 monkeypatch=monkeypatch) == 1
    assert "unknown role 'king'" in capsys.readouterr().err
    assert users(db, "add", "root", "--password-stdin", stdin="short\n",
                 monkeypatch=monkeypatch) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert users(db, "remove", "ghost", monkeypatch=monkeypatch) == 1
    assert "no user named 'ghost'" in capsys.readouterr().err
    users(db, "add", "root", "--role", "admin", "--password-stdin",
          stdin="correct horse battery\n", monkeypatch=monkeypatch)
    assert users(db, "set-role", "root", "viewer", monkeypatch=monkeypatch) == 1
    assert "only admin" in capsys.readouterr().err


def test_weak_passwords_are_refused_with_the_reason(db: str, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for weak, reason in (("1234567890", "sequence"), ("aaaaaaaaaa", "repeats"),
                         ("password2024", "commonly used"), ("anastasia123", "user name")):
        assert users(db, "add", "anastasia", "--password-stdin", stdin=weak + "\n",
                     monkeypatch=monkeypatch) == 1
        assert reason in capsys.readouterr().err
    assert users(db, "add", "anastasia", "--password-stdin", stdin="tangerine violin harbour\n",
                 monkeypatch=monkeypatch) == 0
    assert users(db, "password", "anastasia", "--password-stdin", stdin="Anastasia.2025\n",
                 monkeypatch=monkeypatch) == 1
    assert "user name" in capsys.readouterr().err
