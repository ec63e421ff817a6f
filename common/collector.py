"""Python's cycle collector paused around work whose new objects all stay alive until it ends.

The collector runs each time the number of tracked objects created, minus those freed,
passes a threshold (`lms.runtime.COLLECTOR_THRESHOLDS`). A batch of 100 xAPI statements
builds tens of thousands of dicts, lists and model objects that live until the batch is
stored, then are all freed by reference counting. Collections in between scan those
young objects again and again and find no garbage: on the bench's batches of 100 they
took about a tenth of the web process's CPU (`python -m bench.lrs_web_cpu`: 98 young and 2
middle collections for 100 batches; none once paused). Paused, the collector skips them;
since the count falls back when the batch's objects are freed, no collection is owed
afterwards, and any cycles the block left are collected later as usual.

Pause blocks whose size the caller bounds (a request's batch, a store's batch), never a
loop over an unbounded input: garbage cycles made while paused wait for the next
collection. Objects freed by reference counting are freed at once, paused or not.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_depth = 0  # blocks running with the collector paused, in every thread
_resume = False  # whether the collector was enabled when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with automatic collection off; nestable and safe across threads.

    The collector is switched off by the first block to begin and on again by the last one
    to end, and only if it was on before: two threads pausing at once cannot leave it off.
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
