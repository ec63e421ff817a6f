"""Filters: bad values give clear French messages and fall back to defaults, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.forms import DEFAULT_MONTHS, filters_parse
from dashboards.months import add_months, current_month
from organizations.models import Membership
from skills.selectors import framework_current
from tests.dashboards.conftest import user_with_role
from tests.dashboards.factories import digcomp

pytestmark = pytest.mark.django_db


def test_defaults_are_the_last_twelve_months_of_digcomp(rf):
    """Without filters: the last 12 months, DigComp, every competence, validated level, level 3."""
    filters, form = filters_parse(rf.get("/").GET)
    assert not form.errors
    assert filters.last_month == current_month()
    assert filters.first_month == add_months(current_month(), 1 - DEFAULT_MONTHS)
    assert filters.framework == framework_current("digcomp")
    assert filters.competence is None
    assert filters.track == "validated"
    assert filters.level == 3
    assert filters.focus == filters.competences[0]


def test_valid_filters_are_applied(rf):
    """A period, the CRCN, one of its competences, a provenance and a level are taken as given."""
    crcn = framework_current("crcn")
    competence = crcn.competences.get(code="2.1")
    query = {
        "du": "2025-01",
        "au": "2025-06",
        "referentiel": crcn.pk,
        "competence": competence.pk,
        "provenance": "certified",
        "niveau": "5",
        "indicateur": "attendance",
    }
    filters, form = filters_parse(rf.get("/", query).GET)
    assert not form.errors
    assert (filters.first_month.isoformat(), filters.last_month.isoformat()) == (
        "2025-01-01",
        "2025-06-01",
    )
    assert filters.framework == crcn
    assert filters.competence == competence
    assert (filters.track, filters.level, filters.indicator) == ("certified", 5, "attendance")
    assert len(filters.months) == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"du": "2025-13"}, "Saisissez un mois au format AAAA-MM"),
        ({"au": "n'importe quoi"}, "Saisissez un mois au format AAAA-MM"),
        ({"du": "2025-06", "au": "2025-01"}, "La fin de la période précède son début."),
        ({"du": "2015-01", "au": "2025-01"}, "La période couvre au plus 60 mois."),
        ({"au": "2999-01"}, "La période ne peut pas se terminer après le mois en cours."),
        ({"provenance": "télépathie"}, "Choisissez une provenance dans la liste."),
        ({"niveau": "12"}, "Choisissez un niveau de 1 à 8."),
        ({"indicateur": "météo"}, "Choisissez un indicateur dans la liste."),
        ({"competence": "abc"}, "Choisissez une compétence dans la liste."),
    ],
)
def test_bad_filters_are_reported_in_french_and_replaced_by_defaults(
    client, network, query, message
):
    """The page still answers 200, says what was wrong, and shows the default figures."""
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    response = client.get(reverse("dashboards:metropolis"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert message.replace("’", "&#x27;") in page or message in page


def test_a_competence_of_another_framework_is_refused(rf):
    """Asking for a CRCN competence with DigComp gives an error and all competences."""
    crcn_competence = framework_current("crcn").competences.first()
    filters, form = filters_parse(rf.get("/", {"competence": crcn_competence.pk}).GET)
    assert "competence" in form.errors
    assert filters.competence is None
    assert filters.framework == framework_current("digcomp")


def test_an_unknown_framework_falls_back_to_digcomp(rf):
    """A framework id that does not exist is reported; DigComp applies."""
    filters, form = filters_parse(rf.get("/", {"referentiel": "999999"}).GET)
    assert "referentiel" in form.errors
    assert filters.framework == framework_current("digcomp")
    assert digcomp("1.1") in filters.competences


def test_bad_filters_in_an_export_never_give_a_500(client, network):
    """Exports with nonsense filters answer with the defaults."""
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    response = client.get(
        reverse("dashboards:metropolis_export", args=["communes", "csv"]),
        {"du": "x", "au": "y", "niveau": "-3", "referentiel": "z"},
    )
    assert response.status_code == 200
    assert str(timezone.localdate().year) in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"referentiel": "²"}, "Ce référentiel n’existe pas."),
        ({"au": "0001-01"}, "La période ne peut pas se terminer avant 2000."),
        ({"du": "0001-01", "au": "0001-06"}, "La période ne peut pas commencer avant 2000."),
        ({"du": "2000-01"}, "La période couvre au plus 60 mois."),
        ({"du": "2999-01"}, "La période ne peut pas commencer après le mois en cours."),
    ],
)
def test_out_of_range_filters_are_reported_never_a_500(client, network, query, message):
    """Unicode digits, years before 2000 and periods open at one end get a French error."""
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    response = client.get(reverse("dashboards:metropolis"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert message.replace("’", "&#x27;") in page or message in page


@pytest.mark.parametrize("query", [{"du": "2000-01"}, {"du": "2999-01"}, {"au": "0001-01"}])
def test_a_period_open_at_one_end_falls_back_to_the_default(rf, query):
    """A start alone too far back or ahead, or an end before 2000, gives the last 12 months."""
    filters, form = filters_parse(rf.get("/", query).GET)
    assert form.errors
    assert filters.last_month == current_month()
    assert len(filters.months) == DEFAULT_MONTHS


def test_a_start_alone_within_60_months_runs_to_this_month(rf):
    """A start 24 months back, with no end, gives 25 months ending this month."""
    first = add_months(current_month(), -24)
    filters, form = filters_parse(rf.get("/", {"du": first.strftime("%Y-%m")}).GET)
    assert not form.errors
    assert (filters.first_month, filters.last_month) == (first, current_month())


def test_an_end_in_2000_does_not_start_before_2000(rf):
    """An end in March 2000 alone gives a period from January 2000, not from 1999."""
    filters, form = filters_parse(rf.get("/", {"au": "2000-03"}).GET)
    assert not form.errors
    assert (filters.first_month.isoformat(), filters.last_month.isoformat()) == (
        "2000-01-01",
        "2000-03-01",
    )


def test_a_library_export_request_with_unicode_digits_is_not_found(client, network):
    """An export request whose library number is "²" is a 404, not a 500."""
    client.force_login(user_with_role(network, Membership.Role.NETWORK_TEAM, "59350"))
    response = client.post(
        reverse("dashboards:export_request"),
        {"dashboard": "bibliotheque", "place": "²", "table": "niveaux", "format": "csv"},
    )
    assert response.status_code == 404
