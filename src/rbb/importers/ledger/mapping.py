"""A source's column mapping saved as a small YAML or JSON file, and read back.

A mapping file comes from a user, so it is read as untrusted: at most 64 KiB, YAML
without anchors or aliases (an alias can stand for a billion items), every key checked
by ``ColumnMapping`` (an unknown key is an error, not ignored).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rbb.model.errors import InputError
from rbb.model.ledger import ColumnMapping

MAX_MAPPING_BYTES = 64 * 1024
EXPECTED = ("expected a column mapping (YAML or JSON): for each field of a ledger line "
            "the extract's column, or {constant: VALUE} (docs/execution.md)")


def save_mapping(mapping: ColumnMapping, path: Path) -> None:
    """Write ``mapping`` as YAML (``.yaml``, ``.yml``) or JSON (any other name)."""
    data = mapping.model_dump(mode="json")
    if path.suffix.lower() in (".yaml", ".yml"):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def load_mapping(path: Path) -> ColumnMapping:
    """The mapping of a file ``save_mapping`` wrote (or a user did)."""
    size = path.stat().st_size
    if size > MAX_MAPPING_BYTES:
        raise InputError(f"a mapping file of {size:,} bytes, more than {MAX_MAPPING_BYTES:,}; "
                         f"{EXPECTED}", file=path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"not UTF-8 text; {EXPECTED}", file=path.name) from None
    data = _json(text, path.name) if text.lstrip().startswith("{") else _yaml(text, path.name)
    if not isinstance(data, dict):
        raise InputError(f"not a mapping of fields; {EXPECTED}", file=path.name)
    try:
        return ColumnMapping.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: {e['msg']}"
            for e in error.errors(include_url=False)[:10])
        raise InputError(f"{problems}; {EXPECTED}", file=path.name) from None


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON ({error.msg}); {EXPECTED}", file=name,
                         line=error.lineno) from None


class _Loader(yaml.SafeLoader):
    """Refuses anchors and aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark else None
            raise _Refused(line)
        return super().compose_node(parent, index)


class _Refused(yaml.YAMLError):
    def __init__(self, line: int | None) -> None:
        super().__init__("anchor or alias")
        self.line = line


def _yaml(text: str, name: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except _Refused as error:
        raise InputError("YAML anchors and aliases (&name, *name) are not read in a "
                         "mapping file: write each value out", file=name,
                         line=error.line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"not YAML; {EXPECTED}", file=name,
                         line=mark.line + 1 if mark is not None else None) from None
    finally:
        loader.dispose()
