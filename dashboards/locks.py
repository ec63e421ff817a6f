"""One lock between the summary writers (shared) and a full rebuild (exclusive).

On PostgreSQL, a transaction-scoped advisory lock: many writers at once, or one rebuild,
so that a rebuild never loses a write made while it runs. SQLite already runs one write
transaction at a time, so there the lock is a no-op.
"""

from __future__ import annotations

from django.db import connection

LOCK_KEY = 7_310_452_018  # any constant shared by the writers and the rebuild


def summaries_lock(*, exclusive: bool) -> None:
    """Take the summaries lock until the end of the current transaction."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [LOCK_KEY])
