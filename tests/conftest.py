"""Project-wide fixtures: eager Celery by default, a real worker on demand, a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from lms.celery import app as celery_app

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords with a fast hasher: the real PBKDF2 costs ~0.3 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every transactional test a serialized rollback.

    Transactional tests (browser, worker, concurrency) end with a flush that empties
    every table, including the reference data loaded by migrations (the 95 communes,
    the competence frameworks, Wagtail's root page and site). With a serialized
    rollback Django reloads that data before each such test. Mixing tests with and
    without it breaks (the flush re-creates content types the reload then collides
    with), so the rule is project-wide.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if marker is None and not uses_live_server:
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        if kwargs.get("transaction") or uses_live_server:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Start every test in the site's language: a request may leave another one active."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _celery_mode(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run tasks eagerly, except in tests marked `worker`, which use the real broker."""
    uses_worker = request.node.get_closest_marker("worker") is not None
    if uses_worker and not settings.CELERY_BROKER_URL:
        pytest.skip("needs a real broker and worker: set CELERY_BROKER_URL (see .ci/run)")
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = not uses_worker
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings) -> None:
    """Write uploaded and generated files under a temporary folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The private folders too (common.storage): no test writes under the project's var/.
    settings.DASHBOARDS_EXPORT_ROOT = tmp_path_factory.mktemp("dashboards-exports")
    settings.MEDIATION_KITS_PDF_ROOT = tmp_path_factory.mktemp("kit-pdfs")


@pytest.fixture
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: apt-get install chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        # While Playwright's event loop is suspended in this thread, asgiref's Local (behind
        # Django's `connections`) keys storage by that loop: the queries of a browser test
        # run on a connection of their own, distinct from the fixtures'. Close it here, or
        # it outlives the test and PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()
        instance.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the grave violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
