"""Waiting in browser tests for what the live server's thread writes to the database."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import OperationalError


def wait_for(probe: Callable[[], Any], timeout: float = 15.0) -> Any:
    """Poll ``probe`` until it returns something truthy, and return it.

    With SQLite's shared in-memory test database a read can meet the server thread's
    write lock ("database table is locked"): that read is simply tried again.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = probe()
        except OperationalError:
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")
