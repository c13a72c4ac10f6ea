"""The worker's own bounds: time, death, and the settings that set them."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
import zlib
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from rbb.importers.limits import MB, ReadingLimits
from rbb.importers.pdf_streams import Budget, StreamTooLargeError, inflating_within
from rbb.model.errors import InputError
from rbb.services import isolated_reading
from rbb.services.isolated_reading import Upload, read_isolated
from tests.conftest import BUDGET_SEED, imported


def sleeping(pipe: Connection, seconds: int) -> None:
    time.sleep(seconds)


def exiting(pipe: Connection, code: int) -> None:
    sys.exit(code)


def _answer_of(target: object, argument: int, seconds: int) -> str:
    """What ``_answer`` makes of a worker that runs ``target`` with the pipe's end."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=target, args=(sender, argument))  # type: ignore[arg-type]
    worker.start()
    sender.close()
    try:
        result, review = isolated_reading._answer(receiver, worker, "slow.pdf",
                                                  ReadingLimits(read_seconds=seconds), None)
    finally:
        worker.join(10)
    assert not worker.is_alive(), "the worker is stopped"
    assert review is None
    return result.errors[0].message


def test_a_reading_past_its_time_is_stopped_with_one_error() -> None:
    message = _answer_of(sleeping, 60, seconds=1)
    assert message == ("reading the file took longer than 1 seconds (RBB_READ_SECONDS) and "
                       "was stopped; expected a report that reads in ordinary time")


def test_a_worker_that_dies_without_an_answer_is_one_error() -> None:
    message = _answer_of(exiting, 3, seconds=60)
    assert message.startswith("the worker reading the file stopped (exit code 3), most likely "
                              "at its memory limit of 2,048 MB (RBB_READ_MEMORY_MB)")


def test_a_report_reads_the_same_in_the_worker() -> None:
    isolated = read_isolated(BUDGET_SEED)
    direct = imported(BUDGET_SEED)
    assert (isolated.document, isolated.diagnostics, isolated.text) == (
        direct.document, direct.diagnostics, direct.text)


def test_an_upload_over_the_size_limit_never_reaches_a_worker() -> None:
    result = read_isolated(Upload("big.txt", b"x" * (MB + 1)),
                           limits=ReadingLimits(max_file_bytes=MB))
    assert [d.message for d in result.errors] == [
        "the file has 1,048,577 bytes, more than the 1 MB (RBB_MAX_FILE_MB) rbb reads"]


def test_an_unreadable_path_is_one_error(tmp_path: Path) -> None:
    result = read_isolated(tmp_path / "missing.pdf")
    assert [d.message for d in result.errors] == ["cannot read the file: No such file or "
                                                  "directory"]


def test_limits_come_from_the_settings() -> None:
    limits = ReadingLimits.from_env({"RBB_MAX_TEXT_MB": "2", "RBB_MAX_PDF_PAGES": "10",
                                     "RBB_READ_SECONDS": " ", "RBB_READ_MEMORY_MB": "512"})
    assert (limits.max_text_bytes, limits.max_pdf_pages, limits.read_seconds,
            limits.memory_bytes) == (2 * MB, 10, 120, 512 * MB)
    with pytest.raises(InputError, match=r"RBB_MAX_ROWS='-1': expected a positive number"):
        ReadingLimits.from_env({"RBB_MAX_ROWS": "-1"})


def test_a_stream_inflates_within_its_budget_and_no_further() -> None:
    """The budget holds inside pdfminer's own decoding (a small stream, in process)."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    def stream(size: int) -> PDFStream:
        return PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(bytes(size)))

    budget = Budget(per_stream=1000, total=1500, stream_message="one", total_message="all")
    with inflating_within(budget):
        with pytest.raises(StreamTooLargeError, match="one"):
            stream(1001).get_data()
        assert stream(1000).get_data() == bytes(1000)
        with pytest.raises(StreamTooLargeError, match="all"):
            stream(600).get_data()
    assert budget.tripped == "all"
    assert stream(5000).get_data() == bytes(5000), "outside a budget pdfminer is unchanged"


def test_a_worker_yields_the_processor_to_the_server() -> None:
    """A reading is background work: its process is scheduled below the server's."""
    probe = ("import os; from rbb.services.reading_worker import yield_the_processor; "
             "before = os.nice(0); yield_the_processor(); print(before, os.nice(0))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    before, after = (int(n) for n in done.stdout.split())
    assert after == min(19, before + 10)
