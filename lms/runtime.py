"""Process tuning shared by the entry points that serve requests and run tasks."""

from __future__ import annotations

import gc

# Generation 0 is collected every 10,000 net allocations instead of 700; the older
# generations after 50 and 100 younger collections instead of 10 and 10.
COLLECTOR_THRESHOLDS = (10_000, 50, 100)


def tune_collector() -> None:
    """Keep Python's cycle collector off the objects loaded at start-up, and run it less often.

    Once Django, Wagtail and every app are imported, a process holds about 280,000
    long-lived objects (modules, classes, URL patterns, templates). The cycle collector
    scans them all on each full collection, and a request that makes many short-lived
    objects (an LRS batch of 100 statements makes tens of thousands, freed by reference
    counting) triggers collections over and over: on `bench_lrs` the collector took a
    third of the time of a batch. `gc.freeze()` moves what is loaded now to a permanent
    generation the collector never scans (as CPython's documentation recommends before
    forking workers), and higher thresholds make collections rarer. Cycles are still
    collected, later.
    """
    from django.urls import get_resolver

    get_resolver().check()  # imports the URLconf and every view module before the freeze
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
