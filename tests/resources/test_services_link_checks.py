"""Link health: HEAD then GET, timeouts, bounded parallelism, results recorded per URL."""

import time

import pytest
from django.utils import timezone

from resources import linkcheck
from resources.linkcheck import urls_probe
from resources.models import LinkCheck
from resources.services import link_checks_run
from resources.tasks import link_checks_run_task
from tests.resources.factories import DeepLinkFactory, NetworkServiceFactory

pytestmark = pytest.mark.django_db


def test_probe_reports_200_404_and_timeout(local_site) -> None:
    """A working URL is ok with 200, a missing one fails with 404, a slow one times out."""
    ok, missing, slow = urls_probe(
        [f"{local_site.url}/ok", f"{local_site.url}/missing", f"{local_site.url}/slow"],
        timeout=0.5,
        workers=3,
    )
    assert (ok.is_ok, ok.status_code, ok.method) == (True, 200, "HEAD")
    assert (missing.is_ok, missing.status_code, missing.method) == (False, 404, "GET")
    assert (slow.is_ok, slow.status_code, slow.error) == (False, None, "timeout")
    assert slow.elapsed_ms < 1500


def test_probe_tries_get_when_head_is_refused(local_site) -> None:
    """A server refusing HEAD (405) is checked again with GET, which decides."""
    (result,) = urls_probe([f"{local_site.url}/no-head"], timeout=2, workers=1)
    assert (result.is_ok, result.status_code, result.method) == (True, 200, "GET")
    assert local_site.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_probe_tries_head_first_and_stops_there_when_it_works(local_site) -> None:
    """A working HEAD is enough: no GET is sent."""
    urls_probe([f"{local_site.url}/ok"], timeout=2, workers=1)
    assert local_site.requests == [("HEAD", "/ok")]


def test_probe_reports_a_refused_connection() -> None:
    """Nothing listening: the check fails with the connection error, without raising."""
    (result,) = urls_probe(["http://127.0.0.1:9/"], timeout=1, workers=1)
    assert result.is_ok is False
    assert result.status_code is None
    assert "Connect" in result.error


def test_probe_runs_in_bounded_parallel(local_site) -> None:
    """Twelve 0.3 s URLs with 4 workers: at most 4 at once, and faster than one by one."""
    urls = [f"{local_site.url}/busy/{i}" for i in range(12)]
    started = time.monotonic()
    results = urls_probe(urls, timeout=5, workers=4)
    elapsed = time.monotonic() - started
    assert [r.url for r in results] == urls
    assert all(r.is_ok for r in results)
    assert local_site.peak <= 4
    assert local_site.peak >= 2
    assert elapsed < 12 * 0.3


def test_run_records_status_and_date_for_every_url(local_site) -> None:
    """Public, help and deep-link URLs are all checked; status and date are stored."""
    service = NetworkServiceFactory(
        public_url=f"{local_site.url}/ok", help_url=f"{local_site.url}/missing"
    )
    DeepLinkFactory(service=service, key="lent", url_template=f"{local_site.url}/slow")
    DeepLinkFactory(
        service=service, key="notice", url_template=f"{local_site.url}/ok/{{id}}", example="B12"
    )
    DeepLinkFactory(service=service, key="sans-exemple", url_template=f"{local_site.url}/x/{{id}}")
    before = timezone.now()
    rows = link_checks_run(timeout=0.5, workers=4)
    by_source = {(row.source, row.deep_link_key): row for row in rows}
    assert set(by_source) == {
        ("public", ""),
        ("help", ""),
        ("deep_link", "lent"),
        ("deep_link", "notice"),
    }
    assert by_source["public", ""].status_code == 200
    assert by_source["public", ""].is_ok
    assert by_source["help", ""].status_code == 404
    assert not by_source["help", ""].is_ok
    assert by_source["deep_link", "lent"].error == "timeout"
    assert by_source["deep_link", "notice"].url == f"{local_site.url}/ok/B12"
    assert all(row.checked_at >= before for row in rows)
    assert LinkCheck.objects.count() == 4


def test_run_replaces_previous_checks_and_drops_removed_links(local_site) -> None:
    """A second run updates the same rows; a deleted deep link loses its check."""
    service = NetworkServiceFactory(
        public_url=f"{local_site.url}/ok", help_url=f"{local_site.url}/ok/aide"
    )
    link = DeepLinkFactory(service=service, key="vieux", url_template=f"{local_site.url}/missing")
    link_checks_run(timeout=2, workers=2)
    assert LinkCheck.objects.filter(is_ok=False).count() == 1
    link.delete()
    link_checks_run(timeout=2, workers=2)
    assert LinkCheck.objects.count() == 2
    assert not LinkCheck.objects.filter(is_ok=False).exists()


def test_beat_task_checks_and_counts(local_site, settings) -> None:
    """The beat task runs the check with the settings and returns its counts."""
    settings.RESOURCES_LINK_CHECK_TIMEOUT = 0.5
    settings.RESOURCES_LINK_CHECK_WORKERS = 2
    NetworkServiceFactory(public_url=f"{local_site.url}/ok", help_url=f"{local_site.url}/missing")
    assert link_checks_run_task.delay().get() == {"checked": 2, "broken": 1}


def test_beat_schedule_runs_the_link_check(settings) -> None:
    """Celery beat has an entry for the link check."""
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "resources.tasks.link_checks_run_task" in tasks


def test_a_url_httpx_cannot_encode_is_recorded_and_the_run_goes_on(local_site) -> None:
    """An IDNA-invalid host (valid for Django) is an "invalid URL" check; the others run."""
    service = NetworkServiceFactory(
        public_url="https://xn--a.org/", help_url=f"{local_site.url}/ok"
    )
    rows = {row.source: row for row in link_checks_run(timeout=2, workers=2)}
    assert rows["public"].service_id == service.pk
    assert (rows["public"].is_ok, rows["public"].status_code) == (False, None)
    assert rows["public"].error == "invalid URL"
    assert rows["help"].is_ok


def test_an_unexpected_exception_fails_only_its_url(local_site, monkeypatch) -> None:
    """Any exception while checking one URL is that URL's short error, without a traceback."""
    real_request = linkcheck._request

    def request(client, method, url):
        if url.endswith("/boom"):
            raise RuntimeError("internal details\nTraceback ...")
        return real_request(client, method, url)

    monkeypatch.setattr(linkcheck, "_request", request)
    boom, ok = urls_probe([f"{local_site.url}/boom", f"{local_site.url}/ok"], timeout=2, workers=2)
    assert (boom.is_ok, boom.error) == (False, "unexpected error (RuntimeError)")
    assert ok.is_ok
