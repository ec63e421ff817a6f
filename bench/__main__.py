"""`make bench`: run every benchmark module (bench/bench_*.py), or those named."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")


def main(argv: list[str]) -> int:
    """Run the selected benchmarks in order; each prints its own report."""
    # Benchmarks that build pages or run tasks in place would print a line for each.
    for chatty in ("wagtail", "celery.app.trace"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    names = argv or sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    for name in names:
        module = importlib.import_module(f"bench.{name.removesuffix('.py')}")
        print(f"\n## {name}: {module.__doc__.strip().splitlines()[0]}", flush=True)
        started = time.perf_counter()
        module.run()
        print(f"({time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
