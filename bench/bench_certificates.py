"""Certificates: one PDF next to bare WeasyPrint, then 200 certificates as a ZIP.

The ZIP goes through the real Celery worker when CELERY_BROKER_URL is set and a worker
answers (start it yourself, on the benchmark database test_<NAME>, as `.ci/run` does);
otherwise the tasks run eagerly in this process, and the output says so.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
from collections.abc import Callable

from bench.common import report, test_database, time_calls

PEOPLE = 200
WAIT_LIMIT = 900.0


def _pdf_versus_bare() -> None:
    """Our certificate PDF (tagged PDF/UA, embedded fonts) against bare WeasyPrint."""
    from certificates.pdf import SAMPLE_CODE, certificate_html, certificate_pdf
    from certificates.snapshots import SAMPLE_FACTS, published_content, snapshot_build
    from common.pdf import render_pdf_bare

    snapshot = snapshot_build(
        name=SAMPLE_FACTS["name"],
        achievement_key=SAMPLE_FACTS["achievement_key"],
        kind=SAMPLE_FACTS["kind"],
        title=SAMPLE_FACTS["title"],
        completed_on=SAMPLE_FACTS["completed_on"],
        duration_minutes=SAMPLE_FACTS["duration_minutes"],
        competences=SAMPLE_FACTS["competences"],
        content=published_content(None),
        issued_at=datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC),
    )
    html = certificate_html(snapshot, code=SAMPLE_CODE)
    ours = time_calls(lambda: certificate_pdf(snapshot, code=SAMPLE_CODE), repeat=10, warmup=2)
    bare = time_calls(lambda: render_pdf_bare(html), repeat=10, warmup=2)
    report("certificate PDF (tagged, fonts, QR)", ours, bare, "bare WeasyPrint")


def _workers() -> list[str]:
    """The names of the Celery workers answering a ping on the configured broker."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        return []
    from lms.celery import app

    try:
        answers = app.control.ping(timeout=2.0)
    except Exception:  # a broker that does not answer means: no worker
        return []
    return sorted(name for answer in answers for name in answer)


def _wait(done: Callable[[], bool], what: str) -> float:
    """Seconds until `done()` holds (polling the database)."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > WAIT_LIMIT:
            raise RuntimeError(f"{what}: not finished after {WAIT_LIMIT:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - started


def _zip_of_200(*, through_worker: bool) -> None:
    """Issue 200 certificates (PDFs rendered by tasks), then time their ZIP."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from certificates.models import Certificate, CertificateBundle
    from certificates.services import bundle_create, certificate_issue
    from organizations.models import Membership

    user_model = get_user_model()
    password = make_password(None)
    people = user_model.objects.bulk_create(
        user_model(
            email=f"cert{i}@bench.example.org",
            first_name="Agent",
            last_name=f"N°{i}",
            password=password,
        )
        for i in range(PEOPLE)
    )
    requester = user_model.objects.create(email="network@bench.example.org", password=password)
    Membership.objects.create(user=requester, role=Membership.Role.NETWORK_TEAM)

    started = time.perf_counter()
    ids = [
        certificate_issue(
            user=person,
            achievement_key="workshop-cycle:bench",
            kind="workshop_cycle",
            title="Accompagner les premiers pas sur tablette",
            completed_on=datetime.date(2025, 10, 16),
            duration_minutes=360,
        ).pk
        for person in people
    ]
    issued = time.perf_counter() - started
    rendered = Certificate.objects.filter(pk__in=ids, pdf_rendered_at__isnull=False)
    _wait(lambda: rendered.count() == PEOPLE, "PDF rendering")
    issue_and_render = time.perf_counter() - started

    started = time.perf_counter()
    bundle = bundle_create(requested_by=requester, certificate_ids=ids, label="bench")
    finished = {CertificateBundle.Status.DONE, CertificateBundle.Status.FAILED}
    _wait(lambda: CertificateBundle.objects.get(pk=bundle.pk).status in finished, "ZIP")
    zipped = time.perf_counter() - started
    bundle.refresh_from_db()
    assert bundle.status == CertificateBundle.Status.DONE, bundle.error
    size = bundle.archive.size
    where = "through the real worker" if through_worker else "EAGERLY in this process (no worker)"
    print(
        f"{PEOPLE} certificates issued in {issued:6.2f} s; "
        f"with their PDFs rendered: {issue_and_render:6.2f} s "
        f"({1000 * issue_and_render / PEOPLE:.0f} ms each) — {where}"
    )
    print(
        f"ZIP of {bundle.total} PDFs ({size / 1e6:.1f} MB): {zipped:6.2f} s, queue to ready "
        f"— {where}"
    )
    for certificate in Certificate.objects.filter(pk__in=ids):
        certificate.pdf.delete(save=False)
    bundle.archive.delete(save=False)


def run() -> None:
    """The PDF comparison, then the 200-certificate ZIP (worker or eager)."""
    logging.getLogger("celery").setLevel(logging.WARNING)
    with test_database():
        from django.test import override_settings

        _pdf_versus_bare()
        workers = _workers()
        if workers:
            print(
                f"CELERY_BROKER_URL is set and {len(workers)} worker(s) answered "
                f"({', '.join(workers)}): tasks go through them (they must use this "
                "benchmark's database, test_<NAME>)."
            )
            _zip_of_200(through_worker=True)
            return
        print("No broker or no worker answering: tasks run eagerly in this process.")
        from lms.celery import app

        previous = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            quiet_mail = "django.core.mail.backends.locmem.EmailBackend"
            with (
                tempfile.TemporaryDirectory() as media,
                override_settings(MEDIA_ROOT=media, EMAIL_BACKEND=quiet_mail),
            ):
                _zip_of_200(through_worker=False)
        finally:
            app.conf.task_always_eager = previous
