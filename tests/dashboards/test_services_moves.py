"""A person who changes library: their summaries move at once, as a rebuild would put them."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from dashboards.models import ActivityCount, LevelCount, PersonActivityMonth, PersonLevelStep
from organizations.models import Membership
from tests.dashboards.factories import (
    attendance_record,
    completion_record,
    digcomp,
    evidence_record,
)
from tests.dashboards.test_services_summaries import assert_equals_a_rebuild, count_at, snapshot

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, tzinfo=timezone.get_current_timezone())


def _aware(year: int, month: int) -> datetime:
    return datetime(year, month, 10, 11, tzinfo=timezone.get_current_timezone())


def _activity_of(person) -> None:
    """Levels on two competences and completions and attendances over several months."""
    evidence_record(person, digcomp("1.1"), level=2, when=_aware(2026, 1))
    evidence_record(person, digcomp("1.1"), level=4, provenance="in_person", when=_aware(2026, 4))
    evidence_record(person, digcomp("3.2"), level=3, provenance="declared", when=_aware(2026, 2))
    completion_record(person, when=_aware(2026, 2))
    completion_record(person, when=_aware(2026, 5), path=2)
    attendance_record(person, when=_aware(2026, 3))


def _activity_places(place: str, place_id: int) -> list[tuple]:
    """The activity counts of one place, month by month."""
    return list(
        ActivityCount.objects.filter(place=place, place_id=place_id)
        .order_by("month_on")
        .values_list("month_on", "completions", "completers", "attendances", "attendees")
    )


@time_machine.travel(NOW, tick=False)
def test_moving_a_person_to_another_commune_moves_their_summaries_at_once(network):
    """Library A (Lille) → B (Roubaix): no rebuild needed; A and Lille keep none of it."""
    old, new = network.libraries["59350"][0], network.libraries["59512"][0]
    person = network.agents[old.pk][0]
    _activity_of(person)
    assert _activity_places("l", old.pk)
    membership = Membership.objects.get(user=person)
    membership.library = new
    membership.save()
    assert _activity_places("l", old.pk) == []
    assert _activity_places("c", old.commune_id) == []
    assert len(_activity_places("l", new.pk)) == 3
    assert not LevelCount.objects.filter(place="l", place_id=old.pk).exists()
    assert not LevelCount.objects.filter(place="c", place_id=old.commune_id).exists()
    assert count_at("l", new.pk, digcomp("1.1"), "validated", 4, 2026, 6) == 1
    assert count_at("c", new.commune_id, digcomp("1.1"), "validated", 2, 2026, 2) == 1
    assert set(PersonActivityMonth.objects.values_list("library_id", flat=True)) == {new.pk}
    assert set(PersonLevelStep.objects.values_list("library_id", flat=True)) == {new.pk}
    assert_equals_a_rebuild()


@time_machine.travel(NOW, tick=False)
def test_leaving_the_first_library_moves_a_person_to_the_next_one(network):
    """With memberships at A then B, deleting A's makes B the home; the counts follow."""
    first, second = network.libraries["59350"]
    person = network.agents[first.pk][1]
    Membership.objects.create(user=person, role=Membership.Role.TRAINER, library=second)
    _activity_of(person)
    assert _activity_places("l", second.pk) == []
    Membership.objects.filter(user=person, library=first).get().delete()
    assert _activity_places("l", first.pk) == []
    assert len(_activity_places("l", second.pk)) == 3
    assert len(_activity_places("c", first.commune_id)) == 3  # same commune
    assert_equals_a_rebuild()


@time_machine.travel(NOW, tick=False)
def test_leaving_every_library_takes_a_person_out_of_every_place(network):
    """Without a library membership left, the person counts nowhere, as after a rebuild."""
    library = network.libraries["59512"][1]
    person = network.agents[library.pk][2]
    _activity_of(person)
    Membership.objects.filter(user=person).get().delete()
    assert not ActivityCount.objects.exists()
    assert not LevelCount.objects.exists()
    assert_equals_a_rebuild()


@time_machine.travel(NOW, tick=False)
def test_a_role_at_a_second_library_leaves_the_summaries_where_they_are(network):
    """Joining a second library keeps the first as home: nothing moves."""
    first, second = network.libraries["59350"]
    person = network.agents[first.pk][3]
    _activity_of(person)
    before = snapshot()
    Membership.objects.create(user=person, role=Membership.Role.LIBRARY_HEAD, library=second)
    assert snapshot() == before


@time_machine.travel(NOW, tick=False)
def test_next_activity_write_moves_a_person_month_changed_without_signals(network):
    """A membership moved by `QuerySet.update`: the month a write touches moves to the home."""
    old, new = network.libraries["59350"][0], network.libraries["59512"][1]
    person = network.agents[old.pk][4]
    completion_record(person, when=_aware(2026, 2))
    Membership.objects.filter(user=person).update(library=new)  # no signal
    completion_record(person, when=_aware(2026, 2), path=2)
    february = _aware(2026, 2).date().replace(day=1)
    assert _activity_places("l", old.pk) == []
    assert _activity_places("l", new.pk) == [(february, 2, 1, 0, 0)]
    assert _activity_places("m", 0) == [(february, 2, 1, 0, 0)]
    assert_equals_a_rebuild()


@time_machine.travel(NOW, tick=False)
def test_deleting_a_person_with_summaries_and_memberships_works(network):
    """A user deleted with their memberships: the deletion goes through."""
    library = network.libraries["59350"][1]
    person = network.agents[library.pk][5]
    _activity_of(person)
    person.delete()
    assert not PersonActivityMonth.objects.exists()
    assert not PersonLevelStep.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_library_moved_to_another_commune_takes_its_people_figures_along(network):
    """A library re-attached to another commune: its people count there, as after a rebuild."""
    library = network.libraries["59350"][0]
    old_commune, new_commune = library.commune, network.communes["59512"]
    for person in network.agents[library.pk][:2]:
        _activity_of(person)
    assert _activity_places("c", old_commune.pk)
    at_new = count_at("c", new_commune.pk, digcomp("1.1"), "validated", 4, 2026, 6)
    library.commune = new_commune
    library.save()
    assert _activity_places("c", old_commune.pk) == []  # its other library has no activity
    assert count_at("c", new_commune.pk, digcomp("1.1"), "validated", 4, 2026, 6) == at_new + 2
    assert set(
        PersonLevelStep.objects.filter(library=library).values_list("commune_id", flat=True)
    ) == {new_commune.pk}
    assert_equals_a_rebuild()
