import cProfile, pstats, time
import pytest
from django.urls import reverse
from tests.dashboards.conftest import user_with_role
from organizations.models import Membership

@pytest.mark.django_db
def test_prof(client, network):
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    client.get(reverse("dashboards:metropolis"))
    t = time.perf_counter()
    pr = cProfile.Profile(); pr.enable()
    client.get(reverse("dashboards:metropolis"))
    pr.disable()
    print("metro", time.perf_counter() - t)
    pstats.Stats(pr).sort_stats("cumtime").print_stats(25)
    t = time.perf_counter()
    client.get(reverse("dashboards:commune", args=["59350"]))
    print("commune", time.perf_counter() - t)
