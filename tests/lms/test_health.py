"""`/healthz` reports the database and the broker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database_and_eager_broker(client, settings) -> None:
    """Without a broker, tasks run eagerly and the status says so."""
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, settings) -> None:
    """An unreachable broker turns the status to error with a 503."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_eager_tasks_build_no_connection_to_a_message_broker() -> None:
    """Without a broker, a queued task runs in place and no producer looks for an AMQP server."""
    script = (
        "import django; django.setup()\n"
        "from lms.celery import app\n"
        "assert app.conf.task_always_eager\n"
        "def ping() -> str:\n"
        "    return 'pong'\n"
        "ping = app.task(name='ping')(ping)\n"
        "assert ping.delay().get() == 'pong'\n"
        "with app.connection_for_write() as conn:\n"
        "    print(conn.transport_cls)\n"
    )
    env = {**os.environ, "CELERY_BROKER_URL": "", "DJANGO_SETTINGS_MODULE": "lms.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "memory"
    assert "No hostname was supplied" not in done.stderr
