"""Extension points: another package adds an importer, a check, a report format or
web pages to rbb by declaring an entry point, without editing rbb (as datasette's
plugins do, with the standard library's entry points instead of pluggy).

In the other package's ``pyproject.toml``::

    [project.entry-points."rbb.checks"]
    my_checks = "my_package.checks:CHECKS"

Each group's registry (``rbb.engine.checks.registry``, ``rbb.importers.registry``,
``rbb.reports.formats``, ``rbb.web.endpoints``) asks :func:`load` for what the group's
entry points name and adds it to rbb's own; what each group expects is in
docs/extending.md. A plugin that cannot be loaded is an error that names it: rbb
never runs with part of what was installed silently missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

CHECKS = "rbb.checks"
IMPORTERS = "rbb.importers"
REPORT_FORMATS = "rbb.report_formats"
WEB = "rbb.web"
GROUPS = (CHECKS, IMPORTERS, REPORT_FORMATS, WEB)


class PluginError(Exception):
    """An installed plugin could not be loaded or is not what its group expects."""


@dataclass(frozen=True, slots=True)
class Plugin:
    """One entry point of a group and the object it names."""

    group: str
    name: str
    value: str
    distribution: str | None
    target: object


@cache
def plugins(group: str) -> tuple[Plugin, ...]:
    """Every entry point of ``group``, loaded, in the order of their names."""
    if group not in GROUPS:
        raise PluginError(f"{group!r} is not an extension point of rbb ({', '.join(GROUPS)})")
    found = []
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        try:
            target = point.load()
        except Exception as error:  # any import failure of someone else's code
            raise PluginError(f"the plugin {point.name!r} ({group} = {point.value}) could not "
                              f"be loaded: {type(error).__name__}: {error}") from error
        dist = point.dist.name if point.dist is not None else None
        found.append(Plugin(group, point.name, point.value, dist, target))
    return tuple(found)


def load(group: str, expected: type | tuple[type, ...]) -> list[object]:
    """The objects the group's plugins provide: each entry point names one object of
    ``expected`` or an iterable of them."""
    out: list[object] = []
    for plugin in plugins(group):
        items: Iterable[object] = (
            plugin.target if not isinstance(plugin.target, expected)
            and isinstance(plugin.target, (list, tuple)) else (plugin.target,))
        for item in items:
            if not isinstance(item, expected):
                names = expected if isinstance(expected, tuple) else (expected,)
                raise PluginError(
                    f"the plugin {plugin.name!r} ({group} = {plugin.value}) gives "
                    f"{type(item).__name__}; the group expects "
                    f"{' or '.join(n.__name__ for n in names)}")
            out.append(item)
    return out


def reset() -> None:
    """Forget what was loaded (after installing a plugin in the same process; tests)."""
    plugins.cache_clear()
