"""Running service calls at the same instant, each in a thread with its own database connection."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, close_old_connections, connection

# SQLite: how long a call keeps being sent again while another holds the database. A time
# budget, not a count: on a slow machine a dozen writers queued behind each other can hold
# the lock for more than a second in all.
RETRY_FOR = 30.0  # seconds


def run_in_parallel(functions: list[Callable[[], object]]) -> tuple[list[Exception], int]:
    """Start every function at the same moment, each in a thread with its own connection.

    On PostgreSQL the calls really run in parallel, and row locks decide who waits. SQLite
    serialises writers itself: a call that finds the database locked is tried again, as a
    browser would send the form again. Returns the errors raised and the number of retries.
    """
    barrier = threading.Barrier(len(functions))
    errors: list[Exception] = []
    retries = 0
    lock = threading.Lock()

    def worker(function: Callable[[], object]) -> None:
        nonlocal retries
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            deadline = time.monotonic() + RETRY_FOR
            while True:
                try:
                    function()
                    return
                except OperationalError:  # SQLite: "database table is locked"
                    if connection.vendor != "sqlite" or time.monotonic() > deadline:
                        raise
                    with lock:
                        retries += 1
                    time.sleep(random.uniform(0.005, 0.02))
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return errors, retries
