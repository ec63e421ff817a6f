"""LRS on PostgreSQL through gunicorn: batch and single ingest, filtered GETs at 100k statements.

Each figure is printed beside the same statements inserted raw with psycopg `executemany`
into a bare JSONB table of the same database, in the same run. A scratch database is
created on postgres://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL), the measurements run in
a subprocess whose DATABASE_URL points at it (set before Django starts), and the database
is dropped afterwards. Skipped, with a message, when PostgreSQL is unreachable.
BENCH_LRS_STATEMENTS sets the size of the GET corpus (default 100,000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from bench.common import SERVER, maintenance_sql

ROOT = Path(__file__).resolve().parent.parent


def scratch_env(name: str) -> dict[str, str]:
    """The settings pointing a measuring subprocess at the scratch database `name`."""
    return {
        "DATABASE_URL": f"{SERVER}/{name}",
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        # Tasks the listeners queue (skills, dashboards…) go to an in-memory broker and are
        # not run here: in production a worker runs them elsewhere, not the web process.
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        "LRS_FORWARD_URL": "",
    }


def run() -> None:
    """Create a scratch database, measure in a subprocess, drop the database."""
    name = f"bench_lrs_{uuid.uuid4().hex[:8]}"
    try:
        maintenance_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        print(f"skipped: PostgreSQL is unreachable at {SERVER} ({exc.__class__.__name__})")
        return
    env = {**os.environ, **scratch_env(name)}
    try:
        subprocess.run([sys.executable, "-m", "bench.lrs_worker"], cwd=ROOT, env=env, check=True)
    finally:
        maintenance_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
