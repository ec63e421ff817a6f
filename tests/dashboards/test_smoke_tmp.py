import datetime as dt
import pytest
from django.utils import timezone
from organizations.models import Commune, Membership
from tests.organizations.factories import LibraryFactory
from tests.accounts.factories import UserFactory
from tests.dashboards.factories import *

@pytest.mark.django_db
def test_smoke(client):
    lille = Commune.objects.get(insee_code="59350")
    libs = [LibraryFactory(commune=lille) for _ in range(2)]
    c = digcomp("1.1")
    now = timezone.now()
    for i in range(12):
        u = agent_at(libs[i % 2])
        evidence_record(u, c, level=1 + i % 5, when=now - dt.timedelta(days=30 * (i % 6)))
        completion_record(u, when=now - dt.timedelta(days=20))
    boss = UserFactory()
    Membership.objects.create(user=boss, role="network_team")
    coord = UserFactory()
    Membership.objects.create(user=coord, role="commune_coordinator", commune=lille)
    client.force_login(boss)
    for url in ["/tableaux-de-bord/", "/tableaux-de-bord/metropole/", "/tableaux-de-bord/communes/59350/", f"/tableaux-de-bord/bibliotheques/{libs[0].pk}/",
                "/tableaux-de-bord/metropole/?indicateur=completions&du=2025-01&au=2026-11",
                "/tableaux-de-bord/metropole/export/communes.csv", "/tableaux-de-bord/metropole/export/niveaux.xlsx"]:
        r = client.get(url, follow=True)
        print(url, r.status_code, len(r.content))
        assert r.status_code == 200
    open("/tmp/metro.html","wb").write(client.get("/tableaux-de-bord/metropole/").content)
    client.force_login(coord)
    r = client.get("/tableaux-de-bord/communes/59350/")
    open("/tmp/commune.html","wb").write(r.content)
    assert r.status_code == 200
    r = client.get("/tableaux-de-bord/communes/59350/export/personnes.csv")
    print(r.content.decode()[:500])
