"""The extension points: what an installed plugin's entry points give, and the errors
that name a broken plugin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rbb import plugins


@pytest.fixture
def broken_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    info = tmp_path / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[rbb.checks]\nmissing = broken_plugin_nowhere:CHECKS\n\n"
        "[rbb.report_formats]\nwrong = broken_plugin:NOT_A_FORMAT\n")
    (tmp_path / "broken_plugin.py").write_text("NOT_A_FORMAT = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.reset()
    yield tmp_path
    plugins.reset()


def test_the_example_plugin_is_only_there_when_installed() -> None:
    plugins.reset()
    for group in plugins.GROUPS:
        assert all(p.distribution != "rbb-example-plugin" for p in plugins.plugins(group))


def test_a_plugin_that_cannot_be_imported_is_named(broken_plugin: Path) -> None:
    with pytest.raises(plugins.PluginError, match=r"'missing' \(rbb.checks = "
                       r"broken_plugin_nowhere:CHECKS\) could not be loaded: "
                       r"ModuleNotFoundError"):
        plugins.plugins(plugins.CHECKS)


def test_a_plugin_of_the_wrong_type_is_named(broken_plugin: Path) -> None:
    with pytest.raises(plugins.PluginError, match=r"'wrong'.*gives int; the group expects str"):
        plugins.load(plugins.REPORT_FORMATS, str)


def test_an_unknown_group_is_refused() -> None:
    with pytest.raises(plugins.PluginError, match="not an extension point"):
        plugins.plugins("rbb.nothing")


def test_the_example_plugin_declares_every_group(example_plugin: Path) -> None:
    declared = (example_plugin / "rbb_example_plugin-0.1.dist-info" /
                "entry_points.txt").read_text()
    assert all(f"[{group}]" in declared for group in plugins.GROUPS)
