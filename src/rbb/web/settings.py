"""Settings of the web app, read from the environment (docs/web.md, "Settings")."""

from __future__ import annotations

import ipaddress
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


MAX_THREADS = 64
"""Threads a worker may run requests on; more would only wait on the interpreter lock."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def _names(name: str) -> tuple[str, ...] | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def parse_networks(text: str, name: str = "RBB_TRUSTED_PROXIES") -> tuple[Network, ...]:
    """``10.0.0.1, 192.168.0.0/16, ::1`` → the networks; a bad entry is an error."""
    networks: list[Network] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise InputError(f"{name}: {part!r} is not an IP address or network "
                             "(like 10.0.0.1 or 10.0.0.0/8)") from None
    return tuple(networks)


def default_allowed_hosts(bind_host: str | None) -> tuple[str, ...]:
    """The Host headers accepted when ``RBB_ALLOWED_HOSTS`` is not set: a server bound to
    loopback or to one address answers to that address and the loopback names; one
    bound to every interface (``0.0.0.0``) cannot know its public names, so any."""
    if bind_host is None or bind_host.strip() in WILDCARD_BINDS:
        return ("*",)
    host = bind_host.strip()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, host)))


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
    cache: bool = True
    """Off: no snapshot is reused and no page kept, so every request costs what the first
    one after a change does. A switch for benchmarks and diagnosis, not for serving."""
    allowed_hosts: tuple[str, ...] = ("*",)
    """Host headers answered; any other gets 400. ``*``: any (pages carry no host)."""
    trusted_proxies: tuple[Network, ...] = ()
    """Peers whose X-Forwarded-For / Forwarded say who the client is; none by default."""
    download_cache_bytes: int = 256 * 1024 * 1024
    """Rendered downloads kept in memory, in bytes (least recently used go first)."""
    download_cache_entries: int = 64
    import_jobs: int = 32
    """Background import jobs queued, running or kept (ten minutes after they end)."""
    max_ledger_bytes: int = 4096 * 1024 * 1024
    """An ERP extract uploaded into the ledger (``RBB_MAX_LEDGER_MB``, as ``rbb ledger
    import`` reads it): bounded while it streams to its temporary file."""
    threads: int = 8
    """Requests a worker process works on at once in its thread pool; the others wait
    their turn in order. Pages are CPU-bound Python: more threads only take turns on one
    interpreter lock, and answer later and less evenly (benches/RESULTS.md)."""
    reads_at_once: int = 2
    """Pages and API reads a worker process computes together (``admission``); the
    others wait on the event loop, holding no thread."""

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @classmethod
    def from_env(cls, bind_host: str | None = None) -> WebSettings:
        """The settings from the environment; ``bind_host`` is where ``rbb serve`` listens
        (it chooses the default of ``RBB_ALLOWED_HOSTS``)."""
        return cls(
            transparency=_flag("RBB_TRANSPARENCY", True),
            secret_key=os.environ.get("RBB_SECRET_KEY") or None,
            secure_cookies=_flag("RBB_SECURE_COOKIES", False),
            session_hours=_number("RBB_SESSION_HOURS", 12),
            max_upload_bytes=_number("RBB_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
            login_attempts=_number("RBB_LOGIN_ATTEMPTS", 5),
            login_window_seconds=_number("RBB_LOGIN_WINDOW_SECONDS", 900),
            cache_seconds=float(_number("RBB_CACHE_SECONDS", 1)),
            cache=_flag("RBB_CACHE", True),
            allowed_hosts=_names("RBB_ALLOWED_HOSTS") or default_allowed_hosts(bind_host),
            trusted_proxies=parse_networks(os.environ.get("RBB_TRUSTED_PROXIES", "")),
            download_cache_bytes=_number("RBB_DOWNLOAD_CACHE_BYTES", 256 * 1024 * 1024),
            download_cache_entries=_number("RBB_DOWNLOAD_CACHE_ENTRIES", 64),
            import_jobs=_number("RBB_IMPORT_JOBS", 32),
            threads=min(_number("RBB_THREADS", 8), MAX_THREADS),
            reads_at_once=min(_number("RBB_READS_AT_ONCE", 2), MAX_THREADS),
            max_ledger_bytes=_ledger_bytes(),
        )


def _ledger_bytes() -> int:
    from rbb.services.ledger_uploads import max_ledger_bytes

    return max_ledger_bytes()
