"""Helpers shared by the benchmarks: timing, percentiles, throwaway databases."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# The PostgreSQL server the benchmarks create their scratch databases on.
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def maintenance_sql(sql: str) -> None:
    """Run one statement on the server's maintenance database (autocommit)."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 of latency samples, in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000}


def time_calls(call: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """Run `call` `warmup` times, then return `repeat` wall-clock durations in seconds."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def report(label: str, ours: list[float], baseline: list[float], baseline_label: str) -> None:
    """Print p50/p95 of ours and of the baseline, and their ratio."""
    mine, base = percentiles(ours), percentiles(baseline)
    ratio = mine["p50"] / base["p50"] if base["p50"] else float("inf")
    print(
        f"{label:<38} p50 {mine['p50']:8.2f} ms  p95 {mine['p95']:8.2f} ms   |  "
        f"{baseline_label}: p50 {base['p50']:7.2f} ms  p95 {base['p95']:7.2f} ms  "
        f"|  ratio p50 x{ratio:.2f}"
    )


@contextmanager
def test_database() -> Iterator[None]:
    """A fresh migrated database (test_<name>) for the duration of the benchmark."""
    import django
    from django.test.utils import setup_test_environment, teardown_test_environment

    django.setup()
    from django.db import connection

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
