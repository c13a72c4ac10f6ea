"""Accounts: argon2 password hashes, roles, sessions, API tokens and the app's
secret, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from rbb.model.errors import InputError, NotFoundError
from rbb.storage import schema as tables
from rbb.storage.accounts import AccountStore, Role

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(engine: Engine) -> AccountStore:
    return AccountStore(engine, FAST)


def test_passwords_are_kept_as_argon2_hashes(accounts: AccountStore) -> None:
    accounts.add_user("Ana", PASSWORD, Role.EDITOR)
    with accounts.engine.connect() as connection:
        stored = connection.execute(select(tables.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    user = accounts.authenticate("ana", PASSWORD)
    assert user is not None and user.username == "ana" and user.role is Role.EDITOR
    assert accounts.authenticate("ana", "wrong password") is None
    assert accounts.authenticate("nobody", PASSWORD) is None


def test_names_passwords_and_duplicates_are_checked(accounts: AccountStore) -> None:
    with pytest.raises(InputError, match="at least 10"):
        accounts.add_user("ana", "short", Role.VIEWER)
    with pytest.raises(InputError, match="user name"):
        accounts.add_user("a b'; drop table users", PASSWORD, Role.VIEWER)
    accounts.add_user("ana", PASSWORD, Role.VIEWER)
    with pytest.raises(InputError, match="exists already"):
        accounts.add_user("ANA", PASSWORD, Role.VIEWER)


def test_roles_rank_and_the_last_admin_stays(accounts: AccountStore) -> None:
    assert Role.ADMIN.allows(Role.EDITOR) and Role.EDITOR.allows(Role.VIEWER)
    assert not Role.VIEWER.allows(Role.EDITOR)
    accounts.add_user("root", PASSWORD, Role.ADMIN)
    with pytest.raises(InputError, match="only admin"):
        accounts.set_role("root", Role.VIEWER)
    with pytest.raises(InputError, match="only admin"):
        accounts.remove_user("root")
    accounts.add_user("second", PASSWORD, Role.ADMIN)
    assert accounts.set_role("root", Role.VIEWER).role is Role.VIEWER
    with pytest.raises(NotFoundError):
        accounts.remove_user("ghost")


def test_sessions_expire_end_and_go_with_their_user(accounts: AccountStore) -> None:
    user = accounts.add_user("ana", PASSWORD, Role.VIEWER)
    token = accounts.create_session(user, timedelta(hours=1))
    assert accounts.session_user(token) == user
    expired = accounts.create_session(user, timedelta(seconds=-1))
    assert accounts.session_user(expired) is None
    accounts.end_session(token)
    assert accounts.session_user(token) is None
    again = accounts.create_session(user, timedelta(hours=1))
    accounts.add_user("root", PASSWORD, Role.ADMIN)
    accounts.remove_user("ana")
    assert accounts.session_user(again) is None


def test_api_tokens_are_shown_once_and_kept_as_digests(accounts: AccountStore) -> None:
    accounts.add_user("bot", PASSWORD, Role.EDITOR)
    made, secret = accounts.create_token("bot", "nightly")
    assert secret.startswith("rbb_") and made.prefix == secret[:10]
    with accounts.engine.connect() as connection:
        kept = connection.execute(select(tables.api_tokens.c.token_hash)).scalar_one()
    assert secret not in kept and len(kept) == 64
    assert accounts.token_user(secret) is not None
    assert accounts.token_user("rbb_" + "x" * 40) is None
    accounts.revoke_token("bot", made.id)
    assert accounts.token_user(secret) is None
    with pytest.raises(InputError):
        accounts.create_token("bot", "<script>")


def test_the_secret_is_made_once_and_kept(accounts: AccountStore) -> None:
    first = accounts.secret("session-signing-key")
    assert len(first) == 64
    assert AccountStore(accounts.engine).secret("session-signing-key") == first
    assert accounts.secret("another") != first


def test_processes_starting_at_once_agree_on_the_secret(accounts: AccountStore) -> None:
    """Workers of ``rbb serve --workers N`` start together on a new store: whoever
    inserts the secret first, every one of them signs with that one."""
    start = threading.Barrier(6)

    def first_start() -> str:
        start.wait(timeout=60)
        return AccountStore(accounts.engine).secret("session-signing-key")

    with ThreadPoolExecutor(6) as pool:
        seen = list(pool.map(lambda _: first_start(), range(6)))
    assert len(set(seen)) == 1 and len(seen[0]) == 64
