"""Enrollment: self-enrollment, prerequisites, assignment scoped to each role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.activities import path_iri
from courses.models import Enrollment
from courses.services import (
    PrerequisitesMissing,
    enrollment_create,
    lesson_view_record,
    path_assign,
)
from lrs.models import Statement
from lrs.vocabulary import Verb
from organizations.models import Library, Membership
from tests.accounts.factories import UserFactory
from tests.courses.factories import lessons_of, path_with_lessons, prerequisite
from tests.organizations.factories import CommuneFactory, LibraryFactory, MembershipFactory
from tests.workshops.factories import RegistrationFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def test_enrolling_records_a_registered_statement(learner, path) -> None:
    """Enrolling creates the enrollment and a `registered` statement with its registration."""
    enrollment = enrollment_create(user=learner, path=path)
    row = Statement.objects.get(user=learner, verb_iri=Verb.REGISTERED)
    assert row.activity_iri == path_iri(path.pk)
    assert row.registration == enrollment.registration
    assert enrollment.assigned_by is None


def test_enrolling_twice_is_harmless(learner, path) -> None:
    """A second enrollment returns the first one and records nothing more."""
    first = enrollment_create(user=learner, path=path)
    second = enrollment_create(user=learner, path=path)
    assert first.pk == second.pk
    assert Enrollment.objects.filter(user=learner).count() == 1
    assert Statement.objects.filter(user=learner, verb_iri=Verb.REGISTERED).count() == 1


def test_enrolling_in_an_unpublished_path_is_refused(learner, path) -> None:
    """An unpublished path cannot be joined."""
    path.unpublish()
    path.refresh_from_db()
    with pytest.raises(ValidationError, match="n’est pas publié"):
        enrollment_create(user=learner, path=path)


def test_missing_prerequisite_refuses_enrollment_and_names_the_path(learner, path) -> None:
    """Enrolling without finishing a prerequisite is refused; the missing path is given."""
    basics = path_with_lessons(modules=1, lessons=1, title="Les bases")
    prerequisite(path, basics)
    with pytest.raises(PrerequisitesMissing) as refusal:
        enrollment_create(user=learner, path=path)
    assert refusal.value.missing == [basics]
    assert "« Les bases »" in refusal.value.messages[0]
    assert not Enrollment.objects.filter(user=learner, path=path).exists()


def test_finishing_the_prerequisite_opens_the_path(learner, path) -> None:
    """Once the prerequisite path is completed, enrolling succeeds."""
    basics = path_with_lessons(modules=1, lessons=1)
    prerequisite(path, basics)
    enrollment_create(user=learner, path=basics)
    lesson_view_record(user=learner, lesson=lessons_of(basics)[0])
    assert enrollment_create(user=learner, path=path).path == path


def test_unpublished_prerequisite_is_not_required(learner, path) -> None:
    """A prerequisite that is no longer published does not block anyone."""
    basics = path_with_lessons(modules=1, lessons=1)
    prerequisite(path, basics)
    basics.unpublish()
    assert enrollment_create(user=learner, path=path)


@dataclass
class Network:
    """Two communes: A with libraries A1 and A2, B with B1; one agent in each library."""

    libraries: dict[str, Library]
    agents: dict[str, object]
    commune_a: object


@pytest.fixture
def network() -> Network:
    """The small network of the scoping tests."""
    commune_a, commune_b = CommuneFactory(), CommuneFactory()
    libraries = {
        "A1": LibraryFactory(commune=commune_a),
        "A2": LibraryFactory(commune=commune_a),
        "B1": LibraryFactory(commune=commune_b),
    }
    agents = {
        key: MembershipFactory(role=Role.AGENT, library=library).user
        for key, library in libraries.items()
    }
    return Network(libraries, agents, commune_a)


def _assigner(network: Network, role: str):
    """A person with `role` placed in commune A / library A1 (trainer: B1's agent registered)."""
    user = UserFactory()
    if role in (Role.AGENT, Role.TRAINER, Role.LIBRARY_HEAD):
        Membership.objects.create(user=user, role=role, library=network.libraries["A1"])
    elif role == Role.COMMUNE_COORDINATOR:
        Membership.objects.create(user=user, role=role, commune=network.commune_a)
    else:
        Membership.objects.create(user=user, role=role)
    if role == Role.TRAINER:
        session = SessionFactory(workshop=WorkshopFactory(trainers=[user]))
        RegistrationFactory(session=session, person=network.agents["B1"])
    return user


PEOPLE_SCOPE = [
    (Role.TRAINER, "B1", True),
    (Role.TRAINER, "A1", False),
    (Role.LIBRARY_HEAD, "A1", True),
    (Role.LIBRARY_HEAD, "A2", False),
    (Role.LIBRARY_HEAD, "B1", False),
    (Role.COMMUNE_COORDINATOR, "A1", True),
    (Role.COMMUNE_COORDINATOR, "A2", True),
    (Role.COMMUNE_COORDINATOR, "B1", False),
    (Role.NETWORK_TEAM, "B1", True),
]


@pytest.mark.parametrize(("role", "agent", "allowed"), PEOPLE_SCOPE)
def test_assigning_people_follows_each_roles_scope(network, path, role, agent, allowed) -> None:
    """Each role assigns a path to the people of its scope only; outside, all is refused."""
    assigner = _assigner(network, role)
    person = network.agents[agent]
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    if allowed:
        result = path_assign(assigned_by=assigner, path=path, people=[person], due_on=due_on)
        enrollment = Enrollment.objects.get(user=person, path=path)
        assert result.enrolled == [person]
        assert enrollment.assigned_by == assigner
        assert enrollment.due_on == due_on
    else:
        with pytest.raises(PermissionDenied, match="hors de votre périmètre"):
            path_assign(assigned_by=assigner, path=path, people=[person], due_on=due_on)
        assert not Enrollment.objects.filter(path=path).exists()


LIBRARY_SCOPE = [
    (Role.TRAINER, "A1", False),
    (Role.LIBRARY_HEAD, "A1", True),
    (Role.LIBRARY_HEAD, "A2", False),
    (Role.COMMUNE_COORDINATOR, "A2", True),
    (Role.COMMUNE_COORDINATOR, "B1", False),
    (Role.NETWORK_TEAM, "B1", True),
]


@pytest.mark.parametrize(("role", "library", "allowed"), LIBRARY_SCOPE)
def test_assigning_a_whole_library_follows_each_roles_scope(
    network, path, role, library, allowed
) -> None:
    """A whole library can be assigned only by someone who supervises it."""
    assigner = _assigner(network, role)
    target = network.libraries[library]
    if allowed:
        result = path_assign(assigned_by=assigner, path=path, library=target)
        assert network.agents[library] in result.enrolled
        assert Enrollment.objects.get(user=network.agents[library], path=path).library == target
        assert not Enrollment.objects.filter(user=assigner).exists()
    else:
        with pytest.raises(PermissionDenied):
            path_assign(assigned_by=assigner, path=path, library=target)
        assert not Enrollment.objects.filter(path=path).exists()


def test_an_agent_cannot_assign(network, path) -> None:
    """An agent assigns nothing, not even to a colleague of their library."""
    agent = _assigner(network, Role.AGENT)
    with pytest.raises(PermissionDenied, match="Seuls les formateurs"):
        path_assign(assigned_by=agent, path=path, people=[network.agents["A1"]])


def test_assignment_outside_scope_refuses_the_whole_batch(network, path) -> None:
    """One person outside the scope refuses the assignment for everyone."""
    head = _assigner(network, Role.LIBRARY_HEAD)
    with pytest.raises(PermissionDenied):
        path_assign(
            assigned_by=head, path=path, people=[network.agents["A1"], network.agents["B1"]]
        )
    assert not Enrollment.objects.exists()


def test_assignment_with_a_past_due_date_is_refused(network, path) -> None:
    """A due date in the past is refused."""
    head = _assigner(network, Role.LIBRARY_HEAD)
    with pytest.raises(ValidationError, match="dans le passé"):
        path_assign(
            assigned_by=head,
            path=path,
            people=[network.agents["A1"]],
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_assignment_needs_someone(network, path) -> None:
    """Assigning to nobody is refused."""
    head = _assigner(network, Role.LIBRARY_HEAD)
    with pytest.raises(ValidationError, match="au moins une personne"):
        path_assign(assigned_by=head, path=path)


def test_assignment_reports_people_missing_a_prerequisite(network, path) -> None:
    """People who have not finished a prerequisite are reported, the others enrolled."""
    basics = path_with_lessons(modules=1, lessons=1)
    prerequisite(path, basics)
    ready = MembershipFactory(role=Role.AGENT, library=network.libraries["A1"]).user
    enrollment_create(user=ready, path=basics)
    lesson_view_record(user=ready, lesson=lessons_of(basics)[0])
    head = _assigner(network, Role.LIBRARY_HEAD)
    result = path_assign(assigned_by=head, path=path, library=network.libraries["A1"])
    assert result.enrolled == [ready]
    assert result.refused == [(network.agents["A1"], [basics])]


def test_assigning_someone_already_enrolled_sets_the_due_date(network, path) -> None:
    """Assigning a path someone already follows keeps their progress and adds the due date."""
    person = network.agents["A1"]
    own = enrollment_create(user=person, path=path)
    head = _assigner(network, Role.LIBRARY_HEAD)
    due_on = timezone.localdate() + datetime.timedelta(days=30)
    result = path_assign(assigned_by=head, path=path, people=[person], due_on=due_on)
    assert result.already == [person]
    own.refresh_from_db()
    assert (own.assigned_by, own.due_on) == (head, due_on)
    assert Enrollment.objects.filter(user=person).count() == 1
