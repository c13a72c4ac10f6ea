"""A large extract streams: memory is that of a batch, not of the file.

Measured in a fresh process (its peak resident set, which counts the C allocations too),
not with tracemalloc, which slows reading tenfold: the peak of reading 200,000 lines is
compared with the peak of reading 2,000 lines of the same kind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from .ledger_files import HEADER

READER = """
import json, resource, sys
from decimal import Decimal
from pathlib import Path
from rbb.importers.ledger import DEFAULT_MAPPING, read_ledger
count, total, largest = 0, Decimal(0), 0
for batch in read_ledger(Path(sys.argv[1]), DEFAULT_MAPPING, mission="MX", source="large",
                         batch_size=2_000):
    count += len(batch)
    largest = max(largest, len(batch))
    total += sum(line.amount_usd for line in batch)
print(json.dumps({"count": count, "largest": largest, "total": str(total),
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _write(path: Path, lines: int) -> Path:
    """Line i posts i % 1000 dollars and 1 cent ($0.01 to $999.01) on a day of July 2023
    to one of 50 accounts, as an obligation."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        for i in range(lines):
            handle.write(f"45{i:08d},2023-07-{i % 31 + 1:02d},2023/24,20FPK,FC-{i % 7},"
                         f"{5000 + i % 50},obligation,{i % 1000}.01,USD,,line {i}\n")
    return path


def _read(path: Path) -> dict[str, object]:
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3] / "src")}
    done = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True,
                          text=True, check=True, env=environment, timeout=600)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_large_csv_read_in_batches_within_bounded_memory(tmp_path: Path) -> None:
    small = _read(_write(tmp_path / "small.csv", 2_000))
    path = _write(tmp_path / "large.csv", 200_000)
    large = _read(path)
    assert large["count"] == 200_000 and large["largest"] == 2_000
    # Each block of 1,000 lines holds 0 + 1 + ... + 999 = 499,500 dollars and 1,000 cents,
    # i.e. 499,510.00; 200 blocks: 99,902,000.00.
    assert large["total"] == str(Decimal("99902000.00"))
    assert small["total"] == "999020.00"  # 2 blocks
    # The file has about 16 MB; its 200,000 lines held at once would take about 350 MB
    # (measured: 1.75 KB a line). Reading them in batches of 2,000 costs what reading
    # 2,000 lines costs, give or take a few MB of the allocator's (measured: 3.7 MB more
    # for 100 times the lines).
    size = path.stat().st_size
    assert size > 15_000_000
    growth = (int(str(large["peak_kb"])) - int(str(small["peak_kb"]))) * 1024
    assert growth < size // 2, (growth, size)
