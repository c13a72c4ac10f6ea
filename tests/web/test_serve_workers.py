"""``rbb serve --workers 2`` as a user runs it: two processes on one store, and every
request, on a fresh connection (any worker may answer it), sees the same app: the
session signed by the secret both workers share, the import job another worker
started, the page that follows it. On SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from rbb.cli import app as cli_app
from rbb.cli.workers import spreads_connections
from rbb.model.errors import InputError
from rbb.services.account_service import AccountStore, Role
from rbb.services.serving import open_served_store
from rbb.storage import create_database_engine, upgrade
from tests.conftest import BUDGET_SEED, store_url

from .conftest import _free_port, add_user, csrf_token, login, settled

START = 90.0
"""Longest the server may take to answer /healthz: a bound on a hung start, not a target."""
WAIT = 120.0
POLLS_AFTER = 12
"""Polls of a finished job, each on a new connection, that must all find it."""


class Served:
    """``rbb serve --workers N`` in a process group of its own, stopped at the end."""

    def __init__(self, url: str, workers: int, log: Path, *options: str) -> None:
        self.port = _free_port()
        env = {**os.environ, "RBB_LOGIN_ATTEMPTS": "50"}
        env.pop("RBB_SECRET_KEY", None)  # the workers must agree on the generated one
        command = [sys.executable, "-c", "from rbb.cli import main; main()", "serve",
                   "--port", str(self.port), "--workers", str(workers), "--db", url,
                   *options]
        self.log = log
        self.process = subprocess.Popen(command, env=env, stdout=log.open("wb"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, **kwargs: Any) -> httpx.Client:
        """A client that opens a new connection for every request."""
        return httpx.Client(base_url=self.base, timeout=30, follow_redirects=True,
                            limits=httpx.Limits(max_keepalive_connections=0), **kwargs)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"rbb serve ended:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"rbb serve did not answer within {START} s:\n"
                             f"{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[Served]:
    add_user(engine, "ed", Role.EDITOR)
    server = Served(store_url(engine), 2, tmp_path / "serve.log")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _until_done(client: httpx.Client, location: str, headers: dict[str, str]
                ) -> tuple[dict[str, Any], int]:
    deadline, polls = time.monotonic() + WAIT, 0
    while time.monotonic() < deadline:
        answer = client.get(location, headers=headers)
        polls += 1
        assert answer.status_code == 200, f"poll {polls}: {answer.status_code} {answer.text}"
        job: dict[str, Any] = answer.json()
        if job["state"] in ("done", "failed"):
            return job, polls
        time.sleep(0.05)
    raise AssertionError(f"the job did not end within {WAIT} s")


def test_an_import_job_is_found_by_whichever_worker_answers(
        served: Served, engine: Engine) -> None:
    _, secret = AccountStore(engine).create_token("ed", "ci")
    headers = {"Authorization": f"Bearer {secret}"}
    with served.client() as client:
        started = client.post("/api/v1/imports/jobs?dry_run=true", headers=headers,
                              files={"file": ("unmik-budget-2025-26.txt",
                                              BUDGET_SEED.read_bytes(), "text/plain")})
        assert started.status_code == 202, started.text
        location = started.headers["location"]
        job, _ = _until_done(client, location, headers)
        assert job["state"] == "done", job
        assert job["outcome"]["status"] == 200
        assert job["outcome"]["report"]["kind"] == "budget"
        for _ in range(POLLS_AFTER):
            again = client.get(location, headers=headers)
            assert again.status_code == 200 and again.json()["outcome"] == job["outcome"]


def test_a_session_and_the_import_page_work_across_workers(served: Served) -> None:
    """Logged in through one connection, every later request (a new connection each) is
    the same user, its CSRF token accepted, its import followed to the review."""
    with served.client() as client:
        assert login(client, "ed").status_code == 303  # type: ignore[arg-type]
        for _ in range(POLLS_AFTER):
            assert client.get("/account").status_code == 200
        token = csrf_token(client, "/import")  # type: ignore[arg-type]
        started = client.post("/import", data={"csrf_token": token},
                              files={"file": ("budget.txt", BUDGET_SEED.read_bytes(),
                                              "text/plain")})
        review = settled(client, started)
        assert review.status_code == 200, review.text
        assert "What rbb found" in review.text and 'action="/import/' in review.text


def test_the_number_of_workers_is_checked() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "0 worker processes: give 1 to" in result.output


def test_a_worker_refuses_a_store_whose_schema_is_not_current(tmp_path: Path) -> None:
    """Workers never migrate (the command does, once): an old schema is a clear error."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_database_engine(url)
    upgrade(old, "0006")
    old.dispose()
    with pytest.raises(InputError, match=r"revision 0006, this rbb needs .*rbb db upgrade"):
        open_served_store(url)


def _workers_of(server: Served) -> set[int]:
    """The worker processes of the command (its children, on Linux)."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids = {int(pid) for pid in children.read_text().split()} if children.exists() else set()
    # The spawn method starts a resource tracker beside the workers: not a worker.
    return {pid for pid in pids
            if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text()}


def _listening(pid: int, port: int) -> bool:
    """Whether the process holds a socket listening on ``port`` (from /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:] + \
            Path("/proc/net/tcp6").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(fields[9])
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if fd.readlink().name.removeprefix("socket:[").rstrip("]") in inodes:
                return True
        except OSError:
            continue
    return False


linux_only = pytest.mark.skipif(not spreads_connections(),
                                reason="workers listen on sockets of their own on Linux only")


@linux_only
def test_each_worker_listens_and_one_that_dies_is_started_again(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    """Each worker holds a listening socket of its own on the port, so the kernel spreads
    connections over them; a worker killed is replaced, and the app answers on."""
    server = Served(store_url(sqlite_engine), 2, tmp_path / "serve.log")
    try:
        server.wait_ready()
        workers = _workers_of(server)
        assert len(workers) == 2
        assert all(_listening(pid, server.port) for pid in workers)
        killed = min(workers)
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + START
        while time.monotonic() < deadline:
            now = _workers_of(server)
            if len(now) == 2 and killed not in now and all(
                    _listening(pid, server.port) for pid in now):
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"no worker replaced the one killed:\n{server.log.read_text()}")
        with server.client() as client:
            assert all(client.get("/healthz").status_code == 200 for _ in range(10))
    finally:
        server.stop()
    assert server.process.returncode == 0, server.log.read_text()


@linux_only
def test_a_port_another_program_listens_on_is_a_clear_error(sqlite_engine: Engine) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-c", "from rbb.cli import main; main()", "serve", "--workers",
             "2", "--port", str(port), "--db", store_url(sqlite_engine)],
            capture_output=True, text=True, timeout=120)
    finally:
        taken.close()
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_the_access_log_is_on_unless_turned_off(tmp_path: Path, workers: int) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    for option, logged in (("--access-log", True), ("--no-access-log", False)):
        log = tmp_path / f"serve{option}.log"
        server = Served(url, workers, log, option)
        try:
            server.wait_ready()
            assert httpx.get(f"{server.base}/healthz?probe=1", timeout=10).status_code == 200
        finally:
            server.stop()
        assert ('"GET /healthz?probe=1 HTTP/1.1" 200' in log.read_text()) is logged, \
            log.read_text()[-2000:]
