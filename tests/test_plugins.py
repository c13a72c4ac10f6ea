"""The extension points: what an installed plugin's entry points give, and the errors
that name a broken plugin."""

from __future__ import annotations

import json
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


_NEGATIVE = """RBB-EXAMPLE-REPORT
mission: MINURSO | United Nations Mission for the Referendum in Western Sahara
period: 2024/25
kind: budget
Official travel: 412.7
Facilities and infrastructure: (12.5)
"""


def test_the_example_plugin_check_reports_through_rbb_check(
        example_plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rbb.cli import run

    path = tmp_path / "minurso.txt"
    path.write_text(_NEGATIVE, encoding="utf-8")
    assert run(["check", str(path), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert [(f["severity"], f["code"], f["source_line"], f["printed"]) for f in findings] == [
        ("warning", "example.negative-amount", 6, "-12.5")]
    assert run(["check", str(path), "--format", "junit"]) == 0
    assert 'name="example.negative-amount"' in capsys.readouterr().out
