"""The pool of a PostgreSQL store: a connection closed under it (a server restart, an
idle timeout) is replaced before a read uses it, without a ping on every read."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from rbb.storage import database
from tests.conftest import POSTGRES_URL


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(pid: int) -> None:
    admin = database.create_database_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_connection_closed_by_the_server_is_replaced_after_it_waited(
        postgres_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)
    first = _backend_pid(postgres_engine)
    _terminate(first)
    # The pooled connection is dead; the checkout's ping finds it and takes a new one.
    assert _backend_pid(postgres_engine) != first


def test_a_connection_used_again_at_once_is_not_pinged(
        postgres_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the interval nothing is asked before the read: the one read that meets a
    connection closed meanwhile fails, and the pool is replaced for the next."""
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 3600.0)
    first = _backend_pid(postgres_engine)
    _terminate(first)
    with pytest.raises(OperationalError):
        _backend_pid(postgres_engine)
    assert _backend_pid(postgres_engine) != first


def test_a_read_opens_no_transaction_on_postgresql(postgres_engine: Engine) -> None:
    """Reads come from the store's second pool, in autocommit: no BEGIN before them and
    no ROLLBACK after, two round trips each; writes still take a transaction."""
    from psycopg.pq import TransactionStatus

    from rbb.storage.statements import reading

    with reading(postgres_engine) as connection:
        connection.execute(text("SELECT 1")).scalar_one()
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        assert dbapi.autocommit is True
        assert dbapi.pgconn.transaction_status == TransactionStatus.IDLE
    with postgres_engine.begin() as connection:
        connection.execute(text("SELECT 1")).scalar_one()
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        assert dbapi.pgconn.transaction_status == TransactionStatus.INTRANS


def test_a_sqlite_store_reads_from_its_own_pool(sqlite_engine: Engine) -> None:
    from rbb.storage.statements import reading

    with reading(sqlite_engine) as connection:
        assert connection.engine is sqlite_engine


def test_as_many_reads_at_once_as_a_server_runs_keep_their_connections(
        engine: Engine) -> None:
    """A serving process reads on up to eight threads at once (``RBB_THREADS``): once
    opened, those connections stay in the pool, so a busy page opens none (each new one
    was a connection, and on PostgreSQL a server process, for one read)."""
    import threading

    from sqlalchemy import event

    from rbb.storage.statements import reading

    with reading(engine) as connection:
        reader = connection.engine  # PostgreSQL's reads have a pool of their own
    opened: list[object] = []
    event.listen(reader, "connect", lambda *_: opened.append(None))
    barrier = threading.Barrier(8)

    def read() -> None:
        with reading(engine) as connection:
            barrier.wait(timeout=10)  # all eight hold a connection at the same time
            connection.execute(text("SELECT 1")).scalar_one()

    for round_ in range(2):
        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if round_ == 0:
            first = len(opened)
    assert first <= 8
    assert len(opened) == first  # the second round took the eight from the pool
