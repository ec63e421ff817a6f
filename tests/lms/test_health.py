"""`/healthz` reports the database and the broker."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_eager_broker(client, settings) -> None:
    """Without a broker, tasks run eagerly and the status says so."""
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_healthz_is_503_when_the_broker_is_down(client, settings) -> None:
    """An unreachable broker turns the status to error with a 503."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
