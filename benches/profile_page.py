"""Where the time of an uncached page goes: cProfile over N in-process requests with
the cache off (``RBB_CACHE=off``), top functions by cumulative and by own time.

The app is driven in this thread (httpx's ASGI transport, and the thread pool
replaced by a direct call while profiling), because cProfile sees one thread only:
through a real server or a TestClient the endpoint's work would be invisible.

Run alone: ``python benches/profile_page.py [path] [requests]`` on a store of the two
seeds; benches/bench_web.py puts the summary into RESULTS.md.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAGE = "/missions/UNMIK/2025-26/budget/financial"
TOP = 20


async def _inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``run_in_threadpool`` without the thread: the profiled thread does the work."""
    return func(*args, **kwargs)


def _without_thread_pool() -> list[tuple[Any, Any]]:
    """Point every module's ``run_in_threadpool`` at ``_inline``; the undo list."""
    from starlette import concurrency

    original = concurrency.run_in_threadpool
    undo = []
    for module in list(sys.modules.values()):
        if getattr(module, "run_in_threadpool", None) is original:
            undo.append((module, original))
            module.run_in_threadpool = _inline  # type: ignore[attr-defined]
    return undo


def _short(filename: str) -> str:
    for marker in ("site-packages/", "src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def profile(url: str, path: str = PAGE, requests: int = 50) -> str:
    """Markdown: ``requests`` GETs of ``path`` on the store at ``url``, nothing cached."""
    import httpx

    from rbb.storage import create_database_engine
    from rbb.web import create_app, tune_for_serving
    from rbb.web.settings import WebSettings

    tune_for_serving()  # the server's garbage collector thresholds (else a collection's
    # pause lands on whatever function allocates, as a fifth of the profile)
    engine = create_database_engine(url)
    app = create_app(engine, WebSettings(secret_key="bench-profile", cache=False,
                                         cache_seconds=1.0))
    profiler = cProfile.Profile()

    async def drive() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            answer = await client.get(path)  # warm: imports, templates compiled
            assert answer.status_code == 200, (path, answer.status_code)
            profiler.enable()
            for _ in range(requests):
                answer = await client.get(path)
                assert answer.status_code == 200
            profiler.disable()

    undo = _without_thread_pool()
    try:
        asyncio.run(drive())
    finally:
        for module, original in undo:
            module.run_in_threadpool = original
        engine.dispose()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max((row[3] for row in entries.values()), default=0.0) or 1.0

    def table(order: int, title: str, only_rbb: bool) -> list[str]:
        # rbb's functions by cumulative time, without the middleware (``__call__``) that
        # wraps every request whole: where rbb's own code spends the request.
        chosen = [(where, row) for where, row in entries.items()
                  if not only_rbb or ("/rbb/" in where[0] and where[2] != "__call__")]
        ranked = sorted(chosen, key=lambda item: item[1][order], reverse=True)[:TOP]
        lines = [f"| {title} | calls | own s | cumulative s | % of the requests |",
                 "| --- | ---: | ---: | ---: | ---: |"]
        for (filename, line, name), (_, calls, own, cumulative, _) in ranked:
            where = f"{_short(filename)}:{line} `{name}`" if line else f"`{name}`"
            lines.append(f"| {where} | {calls} | {own:.3f} | {cumulative:.3f} | "
                         f"{cumulative / total * 100:.0f} % |")
        return lines

    return "\n".join([
        f"Profile of `GET {path}` with nothing cached (`RBB_CACHE=off`): {requests} requests "
        f"in process, {total:.2f} s in all ({total / requests * 1000:.1f} ms a request; "
        "cProfile's overhead included). benches/profile_page.py.",
        "",
        *table(3, "rbb's functions by cumulative time (middleware left out)", True),
        "",
        *table(2, "every function by own time", False),
        "",
    ])


def main(arguments: list[str]) -> None:
    sys.path.insert(0, str(HERE.parent))
    from benches.bench_web import seed_store

    path = arguments[0] if arguments else PAGE
    requests = int(arguments[1]) if len(arguments) > 1 else 50
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'profile.sqlite'}"
        seed_store(url)
        print(profile(url, path, requests))


if __name__ == "__main__":
    main(sys.argv[1:])
