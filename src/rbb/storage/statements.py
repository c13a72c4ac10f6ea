"""What the read statements of the store share.

The statements a page runs are built once per shape (``functools.cache`` over the
filters they set) and run with the request's values as bound parameters: building and
coercing a ``select`` on each call cost four times its execution on SQLite
(benches/RESULTS.md, "Profile of the uncached budget financial page").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam


def paged(query: Select[Any], offset: bool, limit: bool) -> Select[Any]:
    """``query`` with the bound parameters ``offset`` and ``limit`` where asked for."""
    if offset:
        query = query.offset(bindparam("offset"))
    if limit:
        query = query.limit(bindparam("limit"))
    return query
