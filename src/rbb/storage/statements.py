"""What the read statements of the store share.

The statements a page runs are built once per shape (``functools.cache`` over the
filters they set) and run with the request's values as bound parameters: building and
coercing a ``select`` on each call cost four times its execution on SQLite
(benches/RESULTS.md, "Profile of the uncached budget financial page").
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Select, bindparam, event


def paged(query: Select[Any], offset: bool, limit: bool) -> Select[Any]:
    """``query`` with the bound parameters ``offset`` and ``limit`` where asked for."""
    if offset:
        query = query.offset(bindparam("offset"))
    if limit:
        query = query.limit(bindparam("limit"))
    return query



_READERS: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def reading(engine: Engine) -> Connection:
    """A connection for reads. On PostgreSQL it comes from a second pool of the store
    whose connections stay in autocommit (``add_reader``), so that a read is not sent
    ``BEGIN`` before it and ``ROLLBACK`` when its connection goes back to the pool: two
    round trips more than the read itself, for each of a page's reads. (Under READ
    COMMITTED each statement sees what was committed when it started, in a transaction
    or not; reads that must agree with each other take ``engine.begin()``.) SQLite's
    driver begins a transaction only before a write: its reads use the store's pool."""
    return _READERS.get(engine, engine).connect()


def add_reader(engine: Engine, reader: Engine) -> None:
    """``reader`` (the same store, in autocommit) serves ``reading(engine)``, and is
    disposed of with ``engine``."""
    _READERS[engine] = reader
    event.listen(engine, "engine_disposed", lambda _engine: reader.dispose())
