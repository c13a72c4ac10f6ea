"""Run every benchmark and write benches/RESULTS.md with the machine and the date.

Each ``bench_*.py`` module beside this file has ``run() -> str`` returning a
Markdown section. Targets are stated in each section, never asserted in unit
tests.
"""

from __future__ import annotations

import importlib
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
        # Imported as part of the package, so that its classes know their module.
        module = importlib.import_module(f"benches.{path.stem}")
        print(f"running {path.stem} ...", flush=True)
        section = module.run()
        print(section, flush=True)
        sections[_heading(section)] = section
        _write(sections, machine())  # a later benchmark that fails loses nothing
    print(f"wrote {HERE / 'RESULTS.md'}")


def _write(sections: dict[str, str], described: str) -> None:
    header = (
        "# Benchmark results\n\n"
        f"Machine: {described}  \n"
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}  \n"
        "Written by `make bench` (benches/run.py); each section states its target"
        " (and its own date where it was run alone).\n"
    )
    body = "\n".join(section.rstrip("\n") + "\n" for section in sections.values())
    (HERE / "RESULTS.md").write_text(header + "\n" + body, encoding="utf-8")


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
