"""Diagnostic: the web process's CPU per statement on batch writes, without HTTP or other processes.

`bench_lrs` measures throughput through gunicorn, where the web workers share the machine
with PostgreSQL and the clients; a change to the web process's own work can hide in that
noise. This calls `lms.wsgi.application` directly with POSTs of 100 bench statements on a
scratch PostgreSQL database (as `bench_lrs`), with the collector tuned as in gunicorn, and
prints the process CPU time per statement and the cycle collections the batches caused.
Compare two versions by running it alternately in each checkout, several times: the
machine's speed drifts between runs.

    python -m bench.lrs_web_cpu [POSTS] [SIZE]   (defaults 100 and 100)

SIZE 1 posts single statements (an object, not an array), as the H5P player does.
"""

from __future__ import annotations

import base64
import gc
import io
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from bench.bench_lrs import scratch_env
from bench.common import maintenance_sql
from bench.lrs_worker import BATCH, server_env, statements

WARMUP = 10


def _collections() -> tuple[list[int], list[float]]:
    """Count the collections per generation and their time, from now on."""
    counts, spent, started = [0, 0, 0], [0.0], [0.0]

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]
            counts[info["generation"]] += 1

    gc.callbacks.append(callback)
    return counts, spent


def wsgi_post(
    application: Callable[..., Iterable[bytes]], body: bytes, authorization: str, **headers: str
) -> None:
    """POST statements to /xapi/statements through the WSGI application; fail unless 200."""
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/xapi/statements",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "HTTP_AUTHORIZATION": authorization,
        "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    status: list[str] = []
    answer = b"".join(application(environ, lambda line, headers, *_: status.append(line)))
    if not status[0].startswith("200"):
        raise RuntimeError(f"POST answered {status[0]}: {answer[:300]!r}")


def in_scratch_database(module: str, argv: list[str]) -> None:
    """Run `python -m module argv` with BENCH_CHILD=1 on a scratch database, then drop it."""
    import subprocess

    name = f"bench_{uuid.uuid4().hex[:8]}"
    maintenance_sql(f'CREATE DATABASE "{name}"')
    env = {**server_env(), **scratch_env(name), "BENCH_CHILD": "1"}
    try:
        subprocess.run([sys.executable, "-m", module, *argv], env=env, check=True)
    finally:
        maintenance_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _measure(batches: int, size: int) -> None:
    """Migrate the scratch database, post the batches, print the figures."""
    import django

    django.setup()
    from django.core.management import call_command

    from lms.runtime import tune_collector
    from lms.wsgi import application
    from lrs.services import lrs_client_create

    call_command("migrate", verbosity=0)
    issued = lrs_client_create(name="bench", scopes=["all"])
    credentials = f"{issued.client.key}:{issued.secret}".encode()
    authorization = "Basic " + base64.b64encode(credentials).decode()
    tune_collector()
    corpus = statements((batches + WARMUP) * size, seed=7)
    if size == 1:
        bodies = [json.dumps(item).encode() for item in corpus]
    else:
        bodies = [json.dumps(corpus[i : i + size]).encode() for i in range(0, len(corpus), size)]

    def post(body: bytes) -> None:
        wsgi_post(application, body, authorization)

    for body in bodies[:WARMUP]:
        post(body)
    counts, spent = _collections()
    cpu, wall = time.process_time(), time.perf_counter()
    for body in bodies[WARMUP:]:
        post(body)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    written = batches * size
    print(
        f"web process: {cpu / written * 1e6:.1f} µs CPU per statement "
        f"({wall / written * 1e6:.1f} µs wall, database included), {batches} POSTs of {size}; "
        f"collections {counts[0]}/{counts[1]}/{counts[2]} (young/middle/old), "
        f"{spent[0] * 1000:.1f} ms"
    )


def main(argv: list[str]) -> None:
    """Create a scratch database, measure in a subprocess pointed at it, drop it."""
    if os.environ.get("BENCH_CHILD"):
        _measure(int(argv[0]) if argv else 100, int(argv[1]) if len(argv) > 1 else BATCH)
        return
    in_scratch_database("bench.lrs_web_cpu", argv)


if __name__ == "__main__":
    main(sys.argv[1:])
