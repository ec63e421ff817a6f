import cProfile, pstats, sys, time, os
import django
django.setup()
from django.test import Client, override_settings
from django.test.utils import setup_test_environment, CaptureQueriesContext
from django.db import connection
from django.contrib.auth import get_user_model
from organizations.models import Commune, Library
setup_test_environment()
U = get_user_model()
who = {"m": "reseau@bench.example.org", "c": "coordination@bench.example.org", "l": "responsable@bench.example.org"}
commune = Commune.objects.filter(libraries__isnull=False).order_by("-population").first()
library = Library.objects.filter(commune=commune).order_by("pk").first()
urls = {"m": "/tableaux-de-bord/metropole/", "c": f"/tableaux-de-bord/communes/{commune.insee_code}/", "l": f"/tableaux-de-bord/bibliotheques/{library.pk}/"}
k = sys.argv[1]
with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
    c = Client(); c.force_login(U.objects.get(email=who[k]))
    c.get(urls[k])
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter(); c.get(urls[k]); print("time", time.perf_counter() - t)
    qs = sorted(q.captured_queries, key=lambda x: -float(x["time"]))
    print(len(qs), "queries", sum(float(x["time"]) for x in qs))
    for x in qs[:8]: print(x["time"], x["sql"][:300])
    pr = cProfile.Profile(); pr.enable(); c.get(urls[k]); pr.disable()
    pstats.Stats(pr).sort_stats("cumtime").print_stats(70)
