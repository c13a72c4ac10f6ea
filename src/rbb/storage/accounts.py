"""Accounts of the web app: users and roles, sessions, API tokens and secrets.

Passwords are kept as argon2 hashes; sessions and API tokens as SHA-256
digests of random tokens, so a copy of the database lets no one log in. The
CLI (``rbb users``) and the web app (login, the admin page) share this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from rbb.model.errors import InputError, NotFoundError

from . import schema
from .passwords import MAX_PASSWORD as MAX_PASSWORD
from .passwords import MIN_PASSWORD as MIN_PASSWORD
from .passwords import password_problem
from .statements import reading

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
TOKEN_PREFIX = "rbb_"
TOKEN_NAME = re.compile(r"^[\w .-]{1,64}$")


class Role(StrEnum):
    """What a user may do: read; also import and edit documents; also return, approve
    and issue budget proposals (docs/preparation.md); also manage users. Each role has
    every right of the roles below it (decision 28)."""

    VIEWER = "viewer"
    EDITOR = "editor"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANKS = {Role.VIEWER: 0, Role.EDITOR: 1, Role.APPROVER: 2, Role.ADMIN: 3}


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A token as lists show it: its name and first characters, never the secret."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: datetime


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InputError(f"unknown role {text!r}: expected viewer, editor, approver or "
                         "admin") from None


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InputError("a user name has 2 to 63 characters: lower-case letters, digits, "
                         "'.', '_' or '-', starting with a letter or digit")
    return name


def check_password(password: str, username: str = "") -> str:
    """The password, if the policy (``passwords.py``) allows it for this user."""
    problem = password_problem(password, username)
    if problem is not None:
        raise InputError(problem)
    return password


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive timestamps; everything rbb writes is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AccountStore:
    """Users, sessions, API tokens and app secrets in the store's database."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    # --- users -------------------------------------------------------------

    def add_user(self, username: str, password: str, role: Role) -> User:
        name = check_username(username)
        password_hash = self.hasher.hash(check_password(password, name))
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as connection:
                result = connection.execute(insert(schema.users).values(
                    username=name, password_hash=password_hash, role=role.value,
                    created_at=now))
        except IntegrityError:
            raise InputError(f"a user named {name!r} exists already") from None
        primary_key = result.inserted_primary_key
        assert primary_key is not None
        return User(id=int(primary_key[0]), username=name, role=role, created_at=now)

    def users(self) -> list[User]:
        u = schema.users
        with reading(self.engine) as connection:
            rows = connection.execute(select(u.c.id, u.c.username, u.c.role, u.c.created_at)
                                      .order_by(u.c.username)).all()
        return [User(id=row.id, username=row.username, role=Role(row.role),
                     created_at=_aware(row.created_at)) for row in rows]

    def user(self, username: str) -> User:
        u = schema.users
        with reading(self.engine) as connection:
            row = connection.execute(select(u.c.id, u.c.username, u.c.role, u.c.created_at)
                                     .where(u.c.username == username.strip().lower())).first()
        if row is None:
            raise NotFoundError(f"no user named {username!r}")
        return User(id=row.id, username=row.username, role=Role(row.role),
                    created_at=_aware(row.created_at))

    def count(self) -> int:
        with reading(self.engine) as connection:
            return int(connection.execute(
                select(func.count()).select_from(schema.users)).scalar_one())

    def set_role(self, username: str, role: Role) -> User:
        user = self.user(username)
        if user.role is Role.ADMIN and role is not Role.ADMIN:
            self._keep_an_admin(user)
        with self.engine.begin() as connection:
            connection.execute(update(schema.users).where(schema.users.c.id == user.id)
                               .values(role=role.value))
        return User(id=user.id, username=user.username, role=role, created_at=user.created_at)

    def set_password(self, username: str, password: str) -> None:
        user = self.user(username)
        password_hash = self.hasher.hash(check_password(password, user.username))
        with self.engine.begin() as connection:
            connection.execute(update(schema.users).where(schema.users.c.id == user.id)
                               .values(password_hash=password_hash))
            connection.execute(delete(schema.sessions)
                               .where(schema.sessions.c.user_id == user.id))

    def remove_user(self, username: str) -> None:
        """Remove a user with their sessions and tokens (never the last admin)."""
        user = self.user(username)
        if user.role is Role.ADMIN:
            self._keep_an_admin(user)
        with self.engine.begin() as connection:
            connection.execute(delete(schema.users).where(schema.users.c.id == user.id))

    def _keep_an_admin(self, user: User) -> None:
        admins = [u for u in self.users() if u.role is Role.ADMIN]
        if admins == [user]:
            raise InputError(f"{user.username} is the only admin; make another user admin "
                             "first")

    def authenticate(self, username: str, password: str) -> User | None:
        """The user whose password this is, or None. Takes as long for an unknown name."""
        u = schema.users
        with reading(self.engine) as connection:
            row = connection.execute(select(u).where(
                u.c.username == username.strip().lower())).first()
        if row is None or len(password) > MAX_PASSWORD:
            self._verify_dummy(password[:MAX_PASSWORD])
            return None
        try:
            self.hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if self.hasher.check_needs_rehash(row.password_hash):
            with self.engine.begin() as connection:
                connection.execute(update(u).where(u.c.id == row.id)
                                   .values(password_hash=self.hasher.hash(password)))
        return User(id=row.id, username=row.username, role=Role(row.role),
                    created_at=_aware(row.created_at))

    def _verify_dummy(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        with contextlib.suppress(VerificationError):
            self.hasher.verify(self._dummy_hash, password)

    # --- sessions ----------------------------------------------------------

    def create_session(self, user: User, lifetime: timedelta) -> str:
        """A new session for the user; returns the token the cookie carries."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            connection.execute(delete(schema.sessions).where(
                schema.sessions.c.expires_at < now))
            connection.execute(insert(schema.sessions).values(
                token_hash=digest(token), user_id=user.id, created_at=now,
                expires_at=now + lifetime))
        return token

    def session_user(self, token: str) -> User | None:
        s, u = schema.sessions, schema.users
        with reading(self.engine) as connection:
            row = connection.execute(
                select(u.c.id, u.c.username, u.c.role, u.c.created_at, s.c.expires_at)
                .join(s, s.c.user_id == u.c.id).where(s.c.token_hash == digest(token))).first()
        if row is None or _aware(row.expires_at) <= datetime.now(UTC):
            return None
        return User(id=row.id, username=row.username, role=Role(row.role),
                    created_at=_aware(row.created_at))

    def end_session(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(schema.sessions).where(
                schema.sessions.c.token_hash == digest(token)))

    # --- API tokens --------------------------------------------------------

    def create_token(self, username: str, name: str) -> tuple[ApiToken, str]:
        """A new API token; the secret is returned once and only its digest is kept."""
        user = self.user(username)
        label = name.strip()
        if not TOKEN_NAME.match(label):
            raise InputError("a token name has 1 to 64 letters, digits, spaces, '.', '_' "
                             "or '-'")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            result = connection.execute(insert(schema.api_tokens).values(
                user_id=user.id, name=label, token_hash=digest(secret), prefix=secret[:10],
                created_at=now))
        primary_key = result.inserted_primary_key
        assert primary_key is not None
        return ApiToken(id=int(primary_key[0]), username=user.username, name=label,
                        prefix=secret[:10], created_at=now), secret

    def tokens(self, username: str | None = None) -> list[ApiToken]:
        t, u = schema.api_tokens, schema.users
        query = (select(t.c.id, u.c.username, t.c.name, t.c.prefix, t.c.created_at)
                 .join(u, u.c.id == t.c.user_id).order_by(u.c.username, t.c.id))
        if username is not None:
            query = query.where(u.c.username == username.strip().lower())
        with reading(self.engine) as connection:
            rows = connection.execute(query).all()
        return [ApiToken(id=row.id, username=row.username, name=row.name, prefix=row.prefix,
                         created_at=_aware(row.created_at)) for row in rows]

    def revoke_token(self, username: str, token_id: int) -> None:
        user = self.user(username)
        with self.engine.begin() as connection:
            result = connection.execute(delete(schema.api_tokens).where(
                schema.api_tokens.c.id == token_id, schema.api_tokens.c.user_id == user.id))
        if not result.rowcount:
            raise NotFoundError(f"{user.username} has no token {token_id}")

    def token_user(self, secret: str) -> User | None:
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
            return None
        t, u = schema.api_tokens, schema.users
        with reading(self.engine) as connection:
            row = connection.execute(
                select(u.c.id, u.c.username, u.c.role, u.c.created_at)
                .join(t, t.c.user_id == u.c.id).where(t.c.token_hash == digest(secret))).first()
        if row is None:
            return None
        return User(id=row.id, username=row.username, role=Role(row.role),
                    created_at=_aware(row.created_at))

    # --- secrets -----------------------------------------------------------

    def secret(self, name: str) -> str:
        """A random secret generated on first use and kept in the database, so that
        every process serving this store signs cookies with the same key."""
        a = schema.app_secrets
        with reading(self.engine) as connection:
            value = connection.execute(select(a.c.value).where(a.c.name == name)).scalar()
        if value is not None:
            return str(value)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(a).values(name=name, value=secrets.token_hex(32),
                                                    created_at=datetime.now(UTC)))
        except IntegrityError:
            pass  # another process made it first: read theirs
        with reading(self.engine) as connection:
            return str(connection.execute(select(a.c.value).where(a.c.name == name))
                       .scalar_one())
