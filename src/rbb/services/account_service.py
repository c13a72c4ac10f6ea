"""Users, roles, sessions and API tokens of the web app, for interfaces that must not
import the store: the records and the store of ``rbb.storage.accounts``, named here."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.storage.accounts import MAX_PASSWORD, AccountStore, ApiToken, Role, User, parse_role
from rbb.storage.login_failures import Clock, LoginFailures

__all__ = ["MAX_PASSWORD", "AccountStore", "ApiToken", "Clock", "LoginFailures", "Role", "User",
           "open_accounts", "parse_role"]


def open_accounts(engine: Engine) -> AccountStore:
    """The accounts kept in the store behind ``engine``."""
    return AccountStore(engine)
