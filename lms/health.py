"""`/healthz`: the status of the database and of the Celery broker, as JSON."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from lms.celery import app as celery_app


def database_status() -> str:
    """'ok' when the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"


def broker_status() -> str:
    """'ok' when the broker accepts a connection, 'eager' when none is configured."""
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        # A fresh connection to the configured URL, not the app's pool: the answer is live.
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "error"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report each dependency; 503 when one is down."""
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
