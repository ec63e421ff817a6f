"""The non-page views (enroll, continue, read, assign) and the pages' learner context."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.services import enrollment_create, lesson_view_record
from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.courses.factories import h5p_lesson, lessons_of, path_with_lessons, prerequisite
from tests.organizations.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _login(client, user) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def test_enroll_by_post_then_the_path_shows_progress(client, learner, path) -> None:
    """Enrolling from the path page enrolls and shows the progress and Start button."""
    _login(client, learner)
    response = client.post(reverse("courses:enroll", args=[path.pk]), follow=True)
    assert response.status_code == 200
    assert Enrollment.objects.filter(user=learner, path=path).exists()
    page = response.content.decode()
    assert "Vous êtes inscrit" in page
    assert "0 % — 0 leçon terminée sur 4" in page
    assert reverse("courses:continue", args=[path.pk]) in page


def test_enrolling_twice_by_post_says_so(client, learner, path) -> None:
    """A second enrollment request is harmless and says the learner is already enrolled."""
    _login(client, learner)
    client.post(reverse("courses:enroll", args=[path.pk]))
    response = client.post(reverse("courses:enroll", args=[path.pk]), follow=True)
    assert "déjà inscrit" in response.content.decode()
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_enroll_refusal_links_to_the_missing_path(client, learner, path) -> None:
    """The prerequisite refusal is in French and links to the missing path."""
    basics = path_with_lessons(modules=1, lessons=1, title="Les bases du réseau")
    prerequisite(path, basics)
    _login(client, learner)
    response = client.post(reverse("courses:enroll", args=[path.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Terminez-le d’abord" in page or "Terminez-le d'abord" in page
    assert f'<a href="{basics.url}">Les bases du réseau</a>' in page
    assert not Enrollment.objects.filter(user=learner, path=path).exists()


def test_enroll_needs_login_and_post(client, learner, path) -> None:
    """Anonymous visitors are sent to the login page; GET is not allowed."""
    url = reverse("courses:enroll", args=[path.pk])
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    _login(client, learner)
    assert client.get(url).status_code == 405


def test_enroll_in_an_unknown_path_is_a_404(client, learner) -> None:
    """A path that does not exist (or is unpublished) gives a 404, not a 500."""
    _login(client, learner)
    assert client.post(reverse("courses:enroll", args=[999_999])).status_code == 404


def test_continue_leads_to_the_first_unfinished_lesson(client, learner, path, enrolled) -> None:
    """Continue redirects to the first lesson not done yet, then to the path when all are."""
    lessons = lessons_of(path)
    lesson_view_record(user=learner, lesson=lessons[0])
    _login(client, learner)
    url = reverse("courses:continue", args=[path.pk])
    assert client.get(url)["Location"] == lessons[1].url
    for lesson in lessons[1:]:
        lesson_view_record(user=learner, lesson=lesson)
    assert client.get(url)["Location"] == path.url


def test_continue_without_enrollment_goes_back_to_the_path(client, learner, path) -> None:
    """Continue without an enrollment returns to the path with an explanation."""
    _login(client, learner)
    response = client.get(reverse("courses:continue", args=[path.pk]), follow=True)
    assert "Inscrivez-vous" in response.content.decode()


def test_read_lesson_answers_json_to_the_script(client, learner, path, enrolled) -> None:
    """The end-of-lesson script gets JSON: lesson done, percentage, next URL."""
    lessons = lessons_of(path)
    _login(client, learner)
    response = client.post(
        reverse("courses:read_lesson", args=[lessons[0].pk]), HTTP_ACCEPT="application/json"
    )
    assert response.json() == {
        "is_done": True,
        "path_completed": False,
        "percent": 25,
        "next_url": lessons[1].url,
    }


def test_read_lesson_button_goes_to_the_next_lesson(client, learner, path, enrolled) -> None:
    """Without JavaScript, the button records the lesson and goes to the next one."""
    lessons = lessons_of(path)
    _login(client, learner)
    response = client.post(reverse("courses:read_lesson", args=[lessons[0].pk]))
    assert response["Location"] == lessons[1].url


def test_read_lesson_without_enrollment_is_refused_in_french(client, learner, path) -> None:
    """Reading a lesson without enrolling is refused with a French message, as JSON too."""
    lesson = lessons_of(path)[0]
    _login(client, learner)
    url = reverse("courses:read_lesson", args=[lesson.pk])
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Inscrivez-vous au parcours" in response.json()["error"]
    response = client.post(url, follow=True)
    assert "Inscrivez-vous au parcours" in response.content.decode()


def test_read_unpublished_lesson_is_a_404(client, learner, path, enrolled) -> None:
    """An unpublished lesson cannot be marked read."""
    lesson = lessons_of(path)[0]
    lesson.unpublish()
    _login(client, learner)
    assert client.post(reverse("courses:read_lesson", args=[lesson.pk])).status_code == 404


def test_last_lesson_read_shows_the_congratulations(client, learner, path, enrolled) -> None:
    """Reading the last lesson completes the path and says so on the path page."""
    lessons = lessons_of(path)
    for lesson in lessons[:-1]:
        lesson_view_record(user=learner, lesson=lesson)
    _login(client, learner)
    response = client.post(reverse("courses:read_lesson", args=[lessons[-1].pk]), follow=True)
    page = response.content.decode()
    assert "Bravo" in page
    assert "Terminé" in page


def test_an_agent_cannot_open_the_assignment_form(client, path) -> None:
    """The assignment form is refused to agents, in French, with a 403."""
    agent = MembershipFactory(role=Role.AGENT).user
    _login(client, agent)
    response = client.get(reverse("courses:assign", args=[path.pk]))
    assert response.status_code == 403
    assert "Seuls les formateurs" in response.content.decode()


def test_library_head_assigns_from_the_form(client, path) -> None:
    """A library head assigns the path to a person of their library with a due date."""
    library = LibraryFactory()
    head = MembershipFactory(role=Role.LIBRARY_HEAD, library=library).user
    agent = MembershipFactory(role=Role.AGENT, library=library).user
    _login(client, head)
    url = reverse("courses:assign", args=[path.pk])
    form = client.get(url).content.decode()
    assert str(agent) in form
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(url, {"people": [agent.pk], "due_on": due.isoformat()}, follow=True)
    assert "attribué à 1 personne" in response.content.decode()
    assert Enrollment.objects.get(user=agent, path=path).due_on == due


def test_assigning_outside_the_scope_is_refused_by_the_form(client, path) -> None:
    """A person outside the scope cannot be chosen: French error, nothing saved."""
    head = MembershipFactory(role=Role.LIBRARY_HEAD).user
    stranger = MembershipFactory(role=Role.AGENT).user
    _login(client, head)
    response = client.post(reverse("courses:assign", args=[path.pk]), {"people": [stranger.pk]})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_assignment_form_rejects_a_past_date_and_an_empty_choice(client, path) -> None:
    """A past due date and an empty choice are refused with French messages."""
    library = LibraryFactory()
    head = MembershipFactory(role=Role.LIBRARY_HEAD, library=library).user
    agent = MembershipFactory(role=Role.AGENT, library=library).user
    _login(client, head)
    url = reverse("courses:assign", args=[path.pk])
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page = client.post(url, {"people": [agent.pk], "due_on": past}).content.decode()
    assert "ne peut pas être dans le passé" in page
    page = client.post(url, {"due_on": "pas une date"}).content.decode()
    assert "Choisissez au moins une personne" in page
    assert "Saisissez une date valide" in page
    assert not Enrollment.objects.exists()


def test_path_page_shows_prerequisites_and_targets(client, learner, path, digcomp) -> None:
    """The path page lists its target competences with levels and its prerequisites."""
    from tests.courses.factories import target

    basics = path_with_lessons(modules=1, lessons=1, title="Les bases du réseau")
    prerequisite(path, basics)
    target(path, digcomp["4.2"], 3)
    _login(client, learner)
    page = client.get(path.url).content.decode()
    assert "Les bases du réseau" in page
    assert "Protéger les données personnelles et la vie privée" in page
    assert "niveau 3" in page


def test_lesson_page_has_the_read_button_for_enrolled_learners(client, learner, path) -> None:
    """The end of a lesson offers the keyboard-reachable "read" button once enrolled."""
    lesson = lessons_of(path)[0]
    _login(client, learner)
    assert "J’ai lu cette leçon" not in client.get(lesson.url).content.decode()
    enrollment_create(user=learner, path=path)
    page = client.get(lesson.url).content.decode()
    assert reverse("courses:read_lesson", args=[lesson.pk]) in page
    assert 'data-auto-read="true"' in page


def test_h5p_lesson_whose_activity_was_deleted_can_be_read_to_completion(
    client, learner, path, enrolled, h5p_content
) -> None:
    """An H5P lesson left without any activity offers the read button, which completes it."""
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content)
    _login(client, learner)
    page = client.get(lesson.url).content.decode()
    assert reverse("courses:read_lesson", args=[lesson.pk]) not in page
    h5p_content.delete()
    page = client.get(lesson.url).content.decode()
    assert reverse("courses:read_lesson", args=[lesson.pk]) in page
    assert 'data-auto-read="true"' in page
    assert reverse("courses:lesson_status", args=[lesson.pk]) not in page
    response = client.post(
        reverse("courses:read_lesson", args=[lesson.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.json()["is_done"] is True


def test_anonymous_visitor_reads_a_lesson_without_errors(client, path) -> None:
    """Lessons are readable without an account; nothing is recorded."""
    UserFactory()
    response = client.get(lessons_of(path)[0].url)
    assert response.status_code == 200
    assert "Inscrivez-vous au parcours" in response.content.decode()


def test_supervisors_get_links_to_assign_and_hand_over(client, learner, path) -> None:
    """Supervisors see "assign" and "hand over the certificates" on a path; agents do not."""
    head = MembershipFactory(role=Role.LIBRARY_HEAD).user
    _login(client, head)
    page = client.get(path.url).content.decode()
    assert reverse("courses:assign", args=[path.pk]) in page
    assert f"{reverse('certificates:manage')}?achievement=path%3A{path.pk}" in page
    _login(client, learner)
    page = client.get(path.url).content.decode()
    assert reverse("courses:assign", args=[path.pk]) not in page
    assert reverse("certificates:manage") not in page


@pytest.mark.parametrize(
    ("done", "text"),
    [
        (0, "0 % — 0 leçon terminée sur 4"),
        (1, "25 % — 1 leçon terminée sur 4"),
        (2, "50 % — 2 leçons terminées sur 4"),
    ],
)
def test_progress_text_agrees_in_number(done, text) -> None:
    """The progress line says “leçon terminée” for 0 or 1 and “leçons terminées” beyond."""
    progress = SimpleNamespace(
        percent=done * 25, required_done=done, required_total=4, is_complete=False
    )
    html = render_to_string("courses/includes/progress.html", {"progress": progress})
    assert text in html
