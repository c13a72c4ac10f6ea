"""Accounts in the web app: logging in and out, sessions, CSRF, tokens, rate limits."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.storage.accounts import AccountStore, Role
from rbb.web import create_app

from .conftest import (
    PASSWORD,
    add_user,
    csrf_token,
    login,
    make_client,
    settings,
    store_state,
)


def test_login_sets_a_signed_httponly_samesite_cookie(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    client = make_client(seeded_sqlite)
    response = login(client, "ana")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(h for h in response.headers.get_list("set-cookie")
                  if h.startswith("rbb_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    page = client.get("/")
    assert "ana (editor)" in page.text and 'href="/import"' in page.text
    assert client.get("/api/v1/me").json() == {"username": "ana", "role": "editor"}


def test_secure_cookies_when_configured(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client = TestClient(create_app(seeded_sqlite, settings(secure_cookies=True)),
                        base_url="https://testserver")
    response = login(client, "ana")
    cookie = next(h for h in response.headers.get_list("set-cookie")
                  if h.startswith("rbb_session="))
    assert "Secure" in cookie


def test_wrong_password_and_unknown_user_read_the_same(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client = make_client(seeded_sqlite)
    wrong = login(client, "ana", "not the password")
    unknown = login(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong user name or password" in wrong.text and "wrong user name or password" in \
        unknown.text
    assert "rbb_session" not in wrong.headers.get("set-cookie", "")


def test_a_forged_or_tampered_cookie_is_nobody(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.ADMIN)
    client = make_client(seeded_sqlite)
    login(client, "ana")
    value = client.cookies["rbb_session"]
    client.cookies.set("rbb_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert client.get("/api/v1/me").status_code == 401
    other = make_client(seeded_sqlite, secret_key="another-key")
    other.cookies.set("rbb_session", value)
    assert other.get("/api/v1/me").status_code == 401


def test_logout_ends_the_session_on_the_server(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client = make_client(seeded_sqlite)
    login(client, "ana")
    stolen = client.cookies["rbb_session"]
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    thief = make_client(seeded_sqlite)
    thief.cookies.set("rbb_session", stolen)
    assert thief.get("/api/v1/me").status_code == 401


def test_forms_without_the_csrf_token_are_refused(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.ADMIN)
    client = make_client(seeded_sqlite)
    login(client, "ana")
    before = store_state(seeded_sqlite)
    for data in ({}, {"csrf_token": "0" * 64}):
        response = client.post("/admin/users", data={"username": "eve", "password": PASSWORD,
                                                      "role": "admin", **data})
        assert response.status_code == 403
        assert "CSRF" in response.text
    assert client.post("/login", data={"username": "ana", "password": PASSWORD}).status_code \
        == 403
    assert store_state(seeded_sqlite) == before


def test_api_writes_with_a_session_need_the_csrf_header(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.EDITOR)
    client = make_client(seeded_sqlite)
    login(client, "ana")
    url = "/api/v1/documents/UNMIK/2021-22/performance"
    assert client.delete(url).status_code == 403
    token = csrf_token(client, "/")
    assert client.delete(url, headers={"X-CSRF-Token": token}).status_code == 204
    assert client.get(url).status_code == 404


def test_api_tokens_for_scripts(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "bot", Role.EDITOR)
    _, secret = AccountStore(seeded_sqlite).create_token("bot", "nightly import")
    client = make_client(seeded_sqlite)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).json()["username"] == "bot"
    url = "/api/v1/documents/UNMIK/2021-22/performance"
    assert client.delete(url, headers=headers).status_code == 204
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer rbb_wrong"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"].startswith("Bearer")


def test_tokens_made_and_revoked_on_the_account_page(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client = make_client(seeded_sqlite)
    login(client, "ana")
    token = csrf_token(client, "/account")
    page = client.post("/account/tokens", data={"name": "laptop", "csrf_token": token})
    assert page.status_code == 200 and "rbb_" in page.text
    made = AccountStore(seeded_sqlite).tokens("ana")
    assert [t.name for t in made] == ["laptop"]
    client.post(f"/account/tokens/{made[0].id}/revoke", data={"csrf_token": token})
    assert AccountStore(seeded_sqlite).tokens("ana") == []


def test_password_change_keeps_me_in_and_others_out(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client, other = make_client(seeded_sqlite), make_client(seeded_sqlite)
    login(client, "ana")
    login(other, "ana")
    token = csrf_token(client, "/account")
    response = client.post("/account/password", data={
        "current": PASSWORD, "new": "a much longer secret", "csrf_token": token},
        follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/api/v1/me").status_code == 200
    assert other.get("/api/v1/me").status_code == 401
    assert login(make_client(seeded_sqlite), "ana", "a much longer secret").status_code == 303


def test_a_burst_of_wrong_passwords_is_rate_limited(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.ADMIN)
    client = make_client(seeded_sqlite, login_attempts=3)
    before = store_state(seeded_sqlite)
    statuses = [login(client, "ana", f"guess {n}").status_code for n in range(6)]
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}
    limited = login(client, "ana", PASSWORD)
    assert limited.status_code == 429, "even the right password waits out the window"
    assert int(limited.headers["retry-after"]) > 0
    assert "too many failed logins" in limited.text
    assert store_state(seeded_sqlite) == before


def test_next_only_goes_to_this_site(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "ana", Role.VIEWER)
    client = make_client(seeded_sqlite)
    for target, expected in (("//evil.example/", "/"), ("https://evil.example/", "/"),
                             ("/checks", "/checks")):
        token = csrf_token(client)
        response = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                               "csrf_token": token, "next": target},
                               follow_redirects=False)
        assert response.headers["location"] == expected


def test_admin_manages_users_in_the_browser(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "root", Role.ADMIN)
    client = make_client(seeded_sqlite)
    login(client, "root")
    token = csrf_token(client, "/admin/users")
    added = client.post("/admin/users", data={"username": "bea", "password": PASSWORD,
                                              "role": "viewer", "csrf_token": token},
                        follow_redirects=False)
    assert added.status_code == 303
    client.post("/admin/users/bea/role", data={"role": "editor", "csrf_token": token})
    assert AccountStore(seeded_sqlite).user("bea").role is Role.EDITOR
    refused = client.post("/admin/users/root/role", data={"role": "viewer",
                                                          "csrf_token": token})
    assert refused.status_code == 400 and "only admin" in refused.text
    client.post("/admin/users/bea/remove", data={"csrf_token": token})
    assert [u.username for u in AccountStore(seeded_sqlite).users()] == ["root"]
