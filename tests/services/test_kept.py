"""``Kept``: the bounded store of values by key that the web app and the proposal
service keep what they read in."""

from __future__ import annotations

from rbb.services.kept import Kept


def test_kept_values_drop_the_least_recently_used_first() -> None:
    kept: Kept[str, tuple[int, ...]] = Kept(2)
    kept.put("r1", (1,))
    kept.put("r2", ())  # an empty value is kept too (a revision without findings)
    assert kept.get("r1") == (1,)  # r1 used last: r2 goes first
    kept.put("r3", (3,))
    assert (kept.get("r1"), kept.get("r2"), kept.get("r3")) == ((1,), None, (3,))


def test_a_value_is_built_once_while_it_is_kept() -> None:
    kept: Kept[str, list[str]] = Kept(2)
    built: list[str] = []

    def build(name: str) -> list[str]:
        built.append(name)
        return [name]

    assert kept.get_or_build("a", lambda: build("a")) == ["a"]
    assert kept.get_or_build("a", lambda: build("a")) == ["a"]
    kept.get_or_build("b", lambda: build("b"))
    kept.get_or_build("c", lambda: build("c"))  # "a", used least recently, goes
    kept.get_or_build("a", lambda: build("a"))
    assert built == ["a", "b", "c", "a"]
    assert len(kept) == 2
