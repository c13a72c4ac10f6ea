"""The password policy: NIST SP 800-63B's checks of a new password.

Length alone let "1234567890", "aaaaaaaaaa" and a user's own name through. A new
password is also compared with a list of common passwords shipped with rbb
(``rbb/data/reference/common-passwords.txt``, which names its source), with
repeated and sequential characters and keyboard walks, and with the context:
the user name and the product's name. Each refusal says why, as the standard
asks, so that the user can choose better.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from itertools import pairwise

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
PRODUCT_NAMES = ("rbb",)
MIN_NAME_CONTAINED = 4
"""A user name this long may not appear anywhere in the password."""
SEQUENCES = (
    "01234567890", "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p", "!qaz@wsx#edc$rfv%tgb",
)
"""Runs people type without thinking: digits, the alphabet, keyboard rows and columns
(read both ways)."""
SUBSTITUTIONS = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e",
                               "$": "s", "5": "s", "7": "t", "+": "t", "8": "b", "9": "g"})
_AFFIXES = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$", re.DOTALL)
_NOT_ALNUM = re.compile(r"[\W_]+")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once."""
    text = files("rbb.data").joinpath("reference", "common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


_PREDICTABLE = frozenset(pair for run in SEQUENCES
                         for a, b in pairwise(run)
                         for pair in ((a, b), (b, a)))


def _is_repetitive(text: str) -> bool:
    """Few distinct characters, or one short unit repeated (``abcabcabca``)."""
    if len(set(text)) < 4:
        return True
    return any(text == (text[:n] * (len(text) // n + 1))[:len(text)] for n in range(1, 6))


def _is_sequential(text: str) -> bool:
    """All but at most one step go to the same or the next character of a run
    (``1234567890``, ``qwertyuiop``, ``abcd1234``, ``9876543210``)."""
    surprises = sum(1 for a, b in pairwise(text) if a != b and (a, b) not in _PREDICTABLE)
    return surprises <= 1


def _cores(password: str) -> set[str]:
    """The ways of reading a password a guesser tries: as typed (case folded), without
    digits and symbols around it, with the usual character substitutions undone."""
    folded = password.casefold()
    compact = _NOT_ALNUM.sub("", folded)
    found = {folded, compact}
    for text in (folded, compact):
        found.add(text.translate(SUBSTITUTIONS))
        match = _AFFIXES.match(text)
        if match and match[1]:
            found.add(match[1])
            found.add(match[1].translate(SUBSTITUTIONS))
    return {core for core in found if core}


def password_problem(password: str, username: str = "") -> str | None:
    """Why this password may not be chosen (for this user), or None: it may."""
    if len(password) < MIN_PASSWORD:
        return f"a password has at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password has at most {MAX_PASSWORD} characters"
    folded = password.casefold()
    compact = _NOT_ALNUM.sub("", folded) or folded
    if _is_repetitive(folded) or _is_repetitive(compact):
        return ("this password repeats the same few characters: choose one that is harder "
                "to guess, such as a few unrelated words")
    if _is_sequential(folded) or _is_sequential(compact):
        return ("this password is a sequence (like 1234567890, abcdef or a keyboard row): "
                "choose one that is harder to guess, such as a few unrelated words")
    if _cores(password) & common_passwords():
        return ("this password is one of the most commonly used passwords: choose one that "
                "is harder to guess, such as a few unrelated words")
    for name in (username.strip().casefold(), *PRODUCT_NAMES):
        if name and _leans_on(password, name):
            what = "the product's name" if name in PRODUCT_NAMES else "the user name"
            return (f"this password is built on {what}: choose one that is harder to "
                    "guess, such as a few unrelated words")
    return None


def _leans_on(password: str, name: str) -> bool:
    """The password contains the name (or it reversed). A name of four characters or
    more may not appear at all; a shorter one ("rbb", "ana") only when what is left
    without it would not be a good password by itself ("rbb1234567890")."""
    texts = {password.casefold(), _NOT_ALNUM.sub("", password.casefold())}
    texts |= {text.translate(SUBSTITUTIONS) for text in set(texts)}
    found = [text for text in texts if name in text or name[::-1] in text]
    if not found:
        return False
    if len(name) >= MIN_NAME_CONTAINED:
        return True
    rest = password.casefold().replace(name, "").replace(name[::-1], "")
    return password_problem(rest) is not None
