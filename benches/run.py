"""Run every benchmark and write benches/RESULTS.md with the machine and the date.

Each ``bench_*.py`` module beside this file has ``run() -> str`` returning a
Markdown section. Targets are stated in each section, never asserted in unit
tests.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(selected: list[str]) -> None:
    """Run the benchmarks (all, or those named) and update RESULTS.md: a section
    that was run replaces the section of the same heading; the others stay."""
    from benches.common import machine

    sections: dict[str, str] = _existing_sections() if selected else {}
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and path.stem not in selected:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"running {path.stem} ...", flush=True)
        section = module.run()
        print(section, flush=True)
        sections[_heading(section)] = section
    header = (
        "# Benchmark results\n\n"
        f"Machine: {machine()}  \n"
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  \n"
        "Written by `make bench` (benches/run.py); each section states its target"
        " (and its own date where it was run alone).\n"
    )
    body = "\n".join(section.rstrip("\n") + "\n" for section in sections.values())
    (HERE / "RESULTS.md").write_text(header + "\n" + body, encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


def _heading(section: str) -> str:
    return section.lstrip().split("\n", 1)[0].strip()


def _existing_sections() -> dict[str, str]:
    path = HERE / "RESULTS.md"
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    parts = text.split("\n## ")[1:]
    return {_heading("## " + part): "## " + part for part in parts}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main(sys.argv[1:])
