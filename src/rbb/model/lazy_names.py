"""A package's names loaded when first used (PEP 562): ``rbb.model`` and ``rbb.storage``
name each export's module, and a command that needs one name does not import the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_getattr(package: str, home: Mapping[str, str],
                 namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The package's ``__getattr__``: ``name`` imported from the module ``home`` gives it
    (relative to ``package``) and kept in the package's ``namespace``."""

    def attribute(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    return attribute
