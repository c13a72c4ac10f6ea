"""Sessions, CSRF protection, login rate limits and security headers.

- A session is a random token kept server-side (as a digest); the cookie
  carries it signed with the app's secret, HttpOnly and SameSite=Lax.
- CSRF: a random value in its own HttpOnly cookie; forms carry an HMAC of it
  (``csrf_token``), scripts using the session send it as ``X-CSRF-Token``.
  Requests authenticated with an API token (``Authorization: Bearer``) need no
  CSRF token: browsers never send that header on their own.
- Failed logins are counted per user name and per client address, in the store
  (``storage.login_failures``): every process serving it shares the counts. The
  client address comes from X-Forwarded-For / Forwarded only when the direct peer
  is a proxy listed in ``RBB_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rbb.services.account_service import AccountStore, Clock, LoginFailures, User

from .problems import Forbidden
from .settings import Network, WebSettings

SESSION_COOKIE = "rbb_session"
CSRF_COOKIE = "rbb_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


class Auth:
    """Who is asking, and whether a form or script may write."""

    def __init__(self, accounts: AccountStore, settings: WebSettings, secret_key: str,
                 clock: Clock | None = None) -> None:
        self.accounts = accounts
        self.settings = settings
        self._key = hashlib.sha256(("rbb-csrf|" + secret_key).encode()).digest()
        self._serializer = URLSafeTimedSerializer(secret_key, salt="rbb-session")
        self.limiter = LoginFailures(accounts.engine, settings.login_attempts,
                                     settings.login_window_seconds, clock)

    # --- who is asking ----------------------------------------------------

    def user(self, request: Request) -> User | None:
        state = request.state
        if not hasattr(state, "user"):
            state.user, state.via_token = self._identify(request)
        user: User | None = state.user
        return user

    def needs_lookup(self, request: Request) -> bool:
        """Whether finding this request's user reads the store: not found yet, and the
        request carries an API token or a session cookie (else it is anonymous)."""
        if hasattr(request.state, "user"):
            return False
        header = request.headers.get("authorization", "")
        return header[:7].lower() == "bearer " or SESSION_COOKIE in request.headers.get(
            "cookie", "")  # the name anywhere in the header: a lookup at worst not needed

    def via_token(self, request: Request) -> bool:
        self.user(request)
        return bool(request.state.via_token)

    def _identify(self, request: Request) -> tuple[User | None, bool]:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            return self.accounts.token_user(header[7:].strip()), True
        token = self.session_token(request)
        if token is None:
            return None, False
        return self.accounts.session_user(token), False

    def session_token(self, request: Request) -> str | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie or len(cookie) > 512:
            return None
        try:
            token = self._serializer.loads(cookie, max_age=self.settings.session_hours * 3600)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None

    def start_session(self, response: Response, user: User) -> None:
        token = self.accounts.create_session(user, self.settings.session_lifetime)
        response.set_cookie(SESSION_COOKIE, self._serializer.dumps(token),
                            max_age=self.settings.session_hours * 3600, httponly=True,
                            samesite="lax", secure=self.settings.secure_cookies, path="/")

    def end_session(self, request: Request, response: Response) -> None:
        token = self.session_token(request)
        if token is not None:
            self.accounts.end_session(token)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                               secure=self.settings.secure_cookies)

    # --- CSRF --------------------------------------------------------------

    def _csrf_seed(self, request: Request) -> str:
        state = request.state
        seed: str | None = getattr(state, "csrf_seed", None)
        if seed is None:
            cookie = request.cookies.get(CSRF_COOKIE, "")
            if 20 <= len(cookie) <= 64 and cookie.replace("-", "").replace("_", "").isalnum():
                seed = cookie
            else:
                seed = secrets.token_urlsafe(24)
                state.csrf_new = True
            state.csrf_seed = seed
        return seed

    def csrf_token(self, request: Request) -> str:
        """The token a form of this page carries (a new CSRF cookie is set if needed)."""
        request.state.csrf_used = True
        return hmac.new(self._key, self._csrf_seed(request).encode(), "sha256").hexdigest()

    def set_csrf_cookie(self, request: Request, response: Response) -> None:
        if getattr(request.state, "csrf_new", False):
            response.set_cookie(CSRF_COOKIE, request.state.csrf_seed, httponly=True,
                                samesite="lax", secure=self.settings.secure_cookies, path="/")

    def check_csrf(self, request: Request, submitted: str | None) -> None:
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not submitted:
            raise Forbidden("the form has expired or did not come from this site (no CSRF "
                            "token): reload the page and try again")
        expected = hmac.new(self._key, cookie.encode(), "sha256").hexdigest()
        if not hmac.compare_digest(expected, submitted.strip()):
            raise Forbidden("the form has expired or did not come from this site (CSRF token "
                            "does not match): reload the page and try again")


def client_address(request: Request, trusted: tuple[Network, ...] = ()) -> str:
    """Who the client is: the direct peer, unless that is a trusted proxy; then the
    nearest address in the forwarding chain that is not one (read from the right, the
    end a proxy of ours wrote). A header from any other peer is ignored: a client
    could write anything in it."""
    peer = request.client.host if request.client else "unknown"
    if not trusted or not _within(peer, trusted):
        return peer
    nearest = peer
    for hop in reversed(forwarded_chain(request)):
        if _address(hop) is None:
            break  # not an address: trust nothing further left of it
        nearest = hop
        if not _within(hop, trusted):
            break
    return nearest


def forwarded_chain(request: Request) -> list[str]:
    """The client addresses of ``Forwarded`` (RFC 7239) or, without it, of
    ``X-Forwarded-For``, left to right."""
    chain: list[str] = []
    forwarded = request.headers.getlist("forwarded")
    if forwarded:
        for element in ",".join(forwarded).split(","):
            for pair in element.split(";"):
                name, _, value = pair.strip().partition("=")
                if name.strip().lower() == "for":
                    chain.append(_strip_port(value.strip().strip('"')))
        return chain
    for header in request.headers.getlist("x-forwarded-for"):
        chain.extend(_strip_port(part.strip()) for part in header.split(","))
    return chain


def _strip_port(text: str) -> str:
    if text.startswith("["):  # [2001:db8::1]:4711
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1:  # 192.0.2.1:4711
        return text.split(":", 1)[0]
    return text


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
    return address


def _within(text: str, networks: tuple[Network, ...]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)


def describe(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"username": user.username, "role": user.role.value}
