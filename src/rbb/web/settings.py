"""Settings of the web app, read from the environment (docs/web.md, "Settings")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from rbb.model.errors import InputError

TRUE = ("1", "on", "true", "yes")
FALSE = ("0", "off", "false", "no")


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise InputError(f"{name}={value!r}: expected on or off")


def _number(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{name}={value!r}: expected a whole number") from None
    if number <= 0:
        raise InputError(f"{name}={value!r}: expected a positive number")
    return number


@dataclass(frozen=True, slots=True)
class WebSettings:
    transparency: bool = True
    """Reading is public: the reports are public documents. Off for unpublished drafts."""
    secret_key: str | None = None
    """Signs session cookies and CSRF tokens; None: generated once and kept in the database."""
    secure_cookies: bool = False
    """Send cookies only over HTTPS (turn on behind TLS)."""
    session_hours: int = 12
    max_upload_bytes: int = 20 * 1024 * 1024
    login_attempts: int = 5
    """Failed logins allowed per user name and per client within ``login_window``."""
    login_window_seconds: int = 900
    cache_seconds: float = 1.0
    """How long a page may show the store as it was (writes through the app show at once)."""

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @classmethod
    def from_env(cls) -> WebSettings:
        return cls(
            transparency=_flag("RBB_TRANSPARENCY", True),
            secret_key=os.environ.get("RBB_SECRET_KEY") or None,
            secure_cookies=_flag("RBB_SECURE_COOKIES", False),
            session_hours=_number("RBB_SESSION_HOURS", 12),
            max_upload_bytes=_number("RBB_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
            login_attempts=_number("RBB_LOGIN_ATTEMPTS", 5),
            login_window_seconds=_number("RBB_LOGIN_WINDOW_SECONDS", 900),
            cache_seconds=float(_number("RBB_CACHE_SECONDS", 1)),
        )
