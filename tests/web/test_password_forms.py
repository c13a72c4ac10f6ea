"""The web's password forms refuse weak passwords and say why."""

from __future__ import annotations

from sqlalchemy import Engine

from rbb.storage.accounts import AccountStore, Role

from .conftest import PASSWORD, add_user, csrf_token, login, make_client


def test_admin_form_refuses_weak_passwords(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "root", Role.ADMIN)
    client = make_client(seeded_sqlite)
    login(client, "root")
    token = csrf_token(client, "/admin/users")
    for weak, reason in (("1234567890", "sequence"), ("aaaaaaaaaa", "repeats"),
                         ("beatrice2024", "user name"), ("qwerty123456", "sequence"),
                         ("Welcome2024!", "commonly used")):
        refused = client.post("/admin/users", data={"username": "beatrice", "password": weak,
                                                    "role": "viewer", "csrf_token": token})
        assert refused.status_code == 400 and reason in refused.text, weak
    assert [u.username for u in AccountStore(seeded_sqlite).users()] == ["root"]


def test_account_form_refuses_weak_passwords(seeded_sqlite: Engine) -> None:
    add_user(seeded_sqlite, "root", Role.VIEWER)
    client = make_client(seeded_sqlite)
    login(client, "root")
    token = csrf_token(client, "/account")
    refused = client.post("/account/password", data={"current": PASSWORD, "new": "rootroot12",
                                                     "csrf_token": token})
    assert refused.status_code == 400 and "user name" in refused.text
    assert login(make_client(seeded_sqlite), "root").status_code == 303
