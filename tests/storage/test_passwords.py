"""The password policy (NIST SP 800-63B): common, repetitive, sequential and
context-dependent passwords are refused with the reason; a passphrase is not."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from rbb.model.errors import InputError
from rbb.storage.accounts import AccountStore, Role
from rbb.storage.passwords import common_passwords, password_problem

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
STRONG = "tangerine violin harbour"


@pytest.mark.parametrize(("password", "reason"), [
    ("1234567890", "sequence"),
    ("0987654321", "sequence"),
    ("qwertyuiop", "sequence"),
    ("abcdefghij", "sequence"),
    ("1qaz2wsx3edc", "sequence"),
    ("abcd1234efgh", "sequence"),
    ("aaaaaaaaaa", "repeats"),
    ("AAAAAAAAAAAA", "repeats"),
    ("ababababab", "repeats"),
    ("abcabcabcabc", "repeats"),
    ("password123", "commonly used"),
    ("Password2024!", "commonly used"),
    ("P@ssw0rd2024", "commonly used"),
    ("iloveyou123", "commonly used"),
    ("football1234", "commonly used"),
    ("peacekeeping", "commonly used"),
    ("rbb1234567890", "product's name"),
    ("short", "at least 10"),
    ("x" * 1025, "at most 1024"),
])
def test_refused_kinds(password: str, reason: str) -> None:
    problem = password_problem(password)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("password", [
    "anastasia1", "ANASTASIA!!", "Anastasia.", "my name is anastasia", "aisatsana2024",
    "AisatsanA-42", "an@st@sia007",
])
def test_the_user_name_in_any_case_contained_or_reversed_is_refused(password: str) -> None:
    problem = password_problem(password, "anastasia")
    assert problem is not None and "user name" in problem


def test_a_short_user_name_only_counts_with_weak_rest() -> None:
    assert password_problem("ana1234567890", "ana") is not None  # the rest is a sequence
    assert password_problem("anaanaanaana", "ana") is not None
    assert password_problem("banana bread forever", "ana") is None


@pytest.mark.parametrize("password", [STRONG, "correct horse battery", "Kosovo budget 2025: rain?",
                                      "ve8#Lq2!xZ0p", "rbb tangerine violin"])
def test_strong_passphrases_are_accepted(password: str) -> None:
    assert password_problem(password, "anastasia") is None


def test_the_list_ships_with_rbb_and_is_large() -> None:
    common = common_passwords()
    assert len(common) >= 5000
    assert {"password", "qwerty", "1234567890", "iloveyou"} <= common


def test_add_user_and_set_password_apply_the_policy(engine: Engine) -> None:
    accounts = AccountStore(engine, FAST)
    for weak in ("1234567890", "aaaaaaaaaa", "anastasia99"):
        with pytest.raises(InputError):
            accounts.add_user("anastasia", weak, Role.VIEWER)
    assert accounts.count() == 0
    accounts.add_user("anastasia", STRONG, Role.VIEWER)
    with pytest.raises(InputError, match="user name"):
        accounts.set_password("anastasia", "Anastasia2025")
    with pytest.raises(InputError, match="commonly used"):
        accounts.set_password("anastasia", "Welcome2024!")
    assert accounts.authenticate("anastasia", STRONG) is not None
