"""Dashboards on PostgreSQL: MEL, commune and library pages next to a bare SELECT 1 view.

A scratch database is created on postgres://postgres@127.0.0.1:5432, filled by
`manage.py seed_load`, and the pages are requested through the whole Django stack (test
client: middleware, session, templates). The size defaults to 2,000 learners and 200,000
statements so that `make bench` stays short; set BENCH_DASHBOARDS_LEARNERS and
BENCH_DASHBOARDS_STATEMENTS for the full size (10,000 / 1,000,000), or
BENCH_DASHBOARDS_DATABASE_URL to time an already loaded database (nothing is created).
Skipped, with a message, when PostgreSQL is unreachable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from bench.common import SERVER, maintenance_sql

ROOT = Path(__file__).resolve().parent.parent


def run() -> None:
    """Create, fill and time a scratch database in a subprocess (DATABASE_URL set first)."""
    existing = os.environ.get("BENCH_DASHBOARDS_DATABASE_URL", "")
    learners = int(os.environ.get("BENCH_DASHBOARDS_LEARNERS", "2000"))
    statements = int(os.environ.get("BENCH_DASHBOARDS_STATEMENTS", "200000"))
    name = f"bench_dashboards_{uuid.uuid4().hex[:8]}"
    if not existing:
        try:
            maintenance_sql(f'CREATE DATABASE "{name}"')
        except Exception as exc:
            print(f"skipped: PostgreSQL is unreachable at {SERVER} ({exc.__class__.__name__})")
            return
    env = dict(os.environ)
    env["DATABASE_URL"] = existing or f"{SERVER}/{name}"
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    env["CELERY_BROKER_URL"] = ""
    args = [sys.executable, "-m", "bench.dashboards_worker"]
    if not existing:
        args += ["--seed", str(learners), str(statements)]
    try:
        subprocess.run(args, cwd=ROOT, env=env, check=True)
    finally:
        if not existing:
            maintenance_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
