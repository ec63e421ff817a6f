"""The subprocess of bench_dashboards: migrate and load (when asked), then time the pages."""

from __future__ import annotations

import sys
import time

import django


def main(argv: list[str]) -> None:
    """`--seed LEARNERS STATEMENTS` loads a fresh database first; then the pages are timed."""
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpRequest, HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import include, path

    from bench.common import report, time_calls

    if argv[:1] == ["--seed"]:
        learners, statements = int(argv[1]), int(argv[2])
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        call_command("seed_load", learners=learners, statements=statements, verbosity=0)
        print(
            f"seed_load --learners {learners} --statements {statements}: "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    from dashboards.models import LevelCount, PersonLevelStep
    from lrs.models import Statement
    from organizations.models import Commune, Library, Membership

    print(
        f"size: {Statement.objects.count()} statements, "
        f"{Membership.objects.values('user').distinct().count()} people, "
        f"{PersonLevelStep.objects.count()} level steps, {LevelCount.objects.count()} level counts",
        flush=True,
    )

    def select_one(request: HttpRequest) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return HttpResponse(str(cursor.fetchone()[0]))

    urlpatterns = [path("bench/select-1/", select_one), path("", include("lms.urls"))]
    module = type(sys)("bench_urls")
    module.urlpatterns = urlpatterns
    sys.modules["bench_urls"] = module

    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    network, _ = user_model.objects.get_or_create(email="reseau@bench.example.org")
    Membership.objects.get_or_create(user=network, role=Membership.Role.NETWORK_TEAM)
    commune = Commune.objects.filter(libraries__isnull=False).order_by("-population").first()
    coordinator, _ = user_model.objects.get_or_create(email="coordination@bench.example.org")
    Membership.objects.get_or_create(
        user=coordinator, role=Membership.Role.COMMUNE_COORDINATOR, commune=commune
    )
    library = Library.objects.filter(commune=commune).order_by("pk").first()
    head, _ = user_model.objects.get_or_create(email="responsable@bench.example.org")
    Membership.objects.get_or_create(user=head, role=Membership.Role.LIBRARY_HEAD, library=library)

    setup_test_environment()
    from lms.runtime import tune_collector

    # As in the web processes (lms/wsgi.py, lms/asgi.py): what is loaded now is frozen out
    # of the cycle collector's reach, which otherwise makes one request in twenty or so pay
    # a full collection of every object Django keeps loaded (about 100 ms).
    tune_collector()
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        pages = [
            ("MEL dashboard (network team)", network, "/tableaux-de-bord/metropole/"),
            (
                f"commune {commune.name} (coordinator)",
                coordinator,
                f"/tableaux-de-bord/communes/{commune.insee_code}/",
            ),
            ("library (head)", head, f"/tableaux-de-bord/bibliotheques/{library.pk}/"),
            (
                "MEL, past year, completions map",
                network,
                "/tableaux-de-bord/metropole/?indicateur=completions&provenance=online",
            ),
        ]
        baseline_client = Client()
        baseline_client.force_login(network)

        def baseline() -> None:
            assert baseline_client.get("/bench/select-1/").status_code == 200

        base = time_calls(baseline, repeat=60)
        clients = []
        for label, user, url in pages:
            client = Client()
            client.force_login(user)
            clients.append((label, client, url))

        for label, client, url in clients:

            def call(client: Client = client, url: str = url) -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            report(label[:38], time_calls(call, repeat=30), base, "SELECT 1 view")


if __name__ == "__main__":
    main(sys.argv[1:])
