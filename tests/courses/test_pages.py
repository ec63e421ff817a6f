"""The page models, with Wagtail's page test helpers: tree rules, creation, rendering, editing."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.activities import path_iri
from courses.models import (
    LessonPage,
    ModulePage,
    PathCompetence,
    TrainingCatalogPage,
    TrainingPathPage,
    duration_display,
)
from courses.services import enrollment_create
from skills.models import Alignment, Competence
from skills.selectors import framework_current
from tests.accounts.factories import UserFactory
from tests.courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    TrainingPathPageFactory,
    catalog_page,
    lessons_of,
    path_with_lessons,
    prerequisite,
    site_root,
)


class TrainingPageTests(WagtailPageTestCase):
    """Tree rules, creation through the admin, rendering and editing of the four pages."""

    def setUp(self) -> None:
        # Wagtail's helpers log in with the first configured backend, django-axes' here,
        # which only guards password logins: point them at the model backend.
        backend = mock.patch(
            "wagtail.test.utils.page_tests.AUTH_BACKEND",
            "django.contrib.auth.backends.ModelBackend",
        )
        backend.start()
        self.addCleanup(backend.stop)
        self.catalog = catalog_page()
        self.path = path_with_lessons(catalog=self.catalog, modules=1, lessons=2)
        self.module = ModulePage.objects.child_of(self.path).get()
        self.lesson = lessons_of(self.path)[0]
        self.competence = Competence.objects.get(framework=framework_current("digcomp"), code="1.1")

    def login(self):
        """Log in an editor (a superuser) without the throttled authentication backend."""
        user = get_user_model().objects.create_superuser(email="editeur@example.org")
        self.client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return user

    def test_parent_and_child_rules(self) -> None:
        """Catalogue → path → module → lesson, and nothing else."""
        self.assertAllowedSubpageTypes(TrainingCatalogPage, {TrainingPathPage})
        self.assertAllowedSubpageTypes(TrainingPathPage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(TrainingPathPage, {TrainingCatalogPage})
        self.assertAllowedParentPageTypes(ModulePage, {TrainingPathPage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertCanNotCreateAt(Page, TrainingPathPage)
        self.assertCanNotCreateAt(TrainingCatalogPage, LessonPage)
        self.assertCanNotCreateAt(TrainingPathPage, LessonPage)

    def test_only_one_catalogue(self) -> None:
        """The catalogue is unique: no second one can be created."""
        assert not TrainingCatalogPage.can_create_at(site_root())

    def test_path_created_in_the_admin_publishes_its_alignments(self) -> None:
        """An editor creates and publishes a path; its target competences become alignments."""
        self.login()
        data = nested_form_data(
            {
                "title": "Créer son compte lecteur",
                "slug": "creer-compte-lecteur",
                "introduction": rich_text("<p>Pas à pas, avec l'usager.</p>"),
                "audience": "agents",
                "audience_details": "",
                "estimated_duration_minutes": 45,
                "target_competences": inline_formset(
                    [{"competence": self.competence.pk, "level": 2}]
                ),
                "prerequisite_links": inline_formset([{"prerequisite": self.path.pk}]),
            }
        )
        self.assertCanCreate(self.catalog, TrainingPathPage, data)
        created = TrainingPathPage.objects.get(slug="creer-compte-lecteur")
        alignment = Alignment.objects.get(activity_iri=path_iri(created.pk))
        assert (alignment.competence, alignment.level) == (self.competence, 2)
        assert [link.prerequisite for link in created.prerequisite_links.all()] == [self.path]

    def test_module_and_lesson_created_in_the_admin(self) -> None:
        """Editors create a module, then a lesson with every kind of block they need."""
        self.login()
        self.assertCanCreate(
            self.path,
            ModulePage,
            nested_form_data({"title": "Un module", "introduction": rich_text("<p>Intro</p>")}),
        )
        body = streamfield(
            [
                ("text", rich_text("<p>Un paragraphe.</p>")),
                (
                    "callout",
                    {"kind": "tip", "title": "Astuce", "text": rich_text("<p>Un conseil.</p>")},
                ),
            ]
        )
        data = nested_form_data(
            {
                "title": "Une leçon",
                "summary": "Résumé",
                "body": body,
                "completion_rule": "viewed",
                "pass_threshold": 80,
                "is_required": "on",
                "estimated_minutes": 10,
            }
        )
        self.assertCanCreate(self.module, LessonPage, data)

    def test_lesson_without_h5p_cannot_use_the_h5p_rule_in_the_admin(self) -> None:
        """The admin refuses the "H5P passed" rule on a lesson with no H5P block."""
        self.login()
        data = nested_form_data(
            {
                "title": "Quiz vide",
                "slug": "quiz-vide",
                "summary": "",
                "body": streamfield([("text", rich_text("<p>Rien à réussir.</p>"))]),
                "completion_rule": "h5p_passed",
                "pass_threshold": 80,
                "action-publish": "action-publish",
            }
        )
        url = f"/admin/pages/add/courses/lessonpage/{self.module.pk}/"
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert not LessonPage.objects.filter(slug="quiz-vide").exists()

    def test_pages_are_renderable_for_visitors_and_learners(self) -> None:
        """Each page renders for an anonymous visitor and for an enrolled learner."""
        learner = UserFactory()
        enrollment_create(user=learner, path=self.path)
        for page in (self.catalog, self.path, self.module, self.lesson):
            self.assertPageIsRenderable(page)
            self.assertPageIsRenderable(page, user=learner)
        self.assertPageIsRenderable(self.catalog, query_data={"q": "parcours", "level": "99"})

    def test_pages_are_editable(self) -> None:
        """The admin edit form of each page opens and saves."""
        self.login()
        for page in (self.catalog, self.path, self.module):
            self.assertPageIsEditable(page)
        self.assertPageIsEditable(self.lesson, post_data=self._lesson_data())

    def test_pages_are_previewable(self) -> None:
        """Editors can preview a path and a lesson."""
        self.login()
        self.assertPageIsPreviewable(self.path)
        self.assertPageIsPreviewable(self.lesson, post_data=self._lesson_data())

    def _lesson_data(self) -> dict:
        """The lesson's edit form data (StreamField editors are drawn by JavaScript)."""
        return nested_form_data(
            {
                "title": self.lesson.title,
                "slug": self.lesson.slug,
                "summary": "",
                "body": streamfield([("text", rich_text("<p>Réécrit.</p>"))]),
                "completion_rule": "viewed",
                "pass_threshold": 80,
                "is_required": "on",
            }
        )


@pytest.mark.django_db
def test_h5p_rule_without_h5p_content_is_invalid(path) -> None:
    """A lesson cannot use the H5P rule without an H5P activity."""
    lesson = lessons_of(path)[0]
    lesson.completion_rule = LessonPage.CompletionRule.H5P_PASSED
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    assert "completion_rule" in error.value.message_dict


@pytest.mark.django_db
def test_a_path_cannot_require_itself_even_indirectly(path) -> None:
    """Prerequisites cannot form a cycle."""
    other = TrainingPathPageFactory(parent=catalog_page())
    prerequisite(other, path)
    path.prerequisite_links.add(path.prerequisite_links.model(prerequisite=other))
    with pytest.raises(ValidationError, match="son propre prérequis"):
        path.full_clean()


@pytest.mark.django_db
def test_target_level_must_exist_in_the_framework(path, digcomp) -> None:
    """A target level beyond the framework's levels is refused."""
    link = PathCompetence(page=path, competence=digcomp["1.1"], level=9)
    with pytest.raises(ValidationError):
        link.full_clean()
    link.level = 8
    link.full_clean()


@pytest.mark.django_db
def test_h5p_content_ids_are_read_from_the_raw_stream(path, h5p_content) -> None:
    """The H5P contents of a lesson are found without loading other blocks."""
    lesson = LessonPageFactory(
        parent=ModulePageFactory(parent=path),
        body=[
            {"type": "h5p", "value": h5p_content.pk},
            {"type": "text", "value": "<p>Texte</p>"},
            {"type": "h5p", "value": h5p_content.pk},
        ],
        completion_rule=LessonPage.CompletionRule.H5P_PASSED,
    )
    assert lesson.h5p_content_ids() == {h5p_content.pk}
    assert lesson.h5p_contents() == [h5p_content]


@pytest.mark.parametrize(
    ("minutes", "text"), [(None, ""), (45, "45 min"), (60, "1 h"), (90, "1 h 30"), (125, "2 h 05")]
)
def test_duration_display(minutes, text) -> None:
    """Durations read as minutes, hours, or hours and minutes."""
    assert duration_display(minutes) == text


@pytest.mark.django_db
def test_a_followed_path_cannot_be_deleted_in_the_admin(client, learner, path) -> None:
    """Deleting a path that has learners is refused with a French message; others go."""
    editor = get_user_model().objects.create_superuser(email="editeur@example.org")
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    enrollment_create(user=learner, path=path)
    response = client.post(f"/admin/pages/{path.pk}/delete/", follow=True)
    assert TrainingPathPage.objects.filter(pk=path.pk).exists()
    assert "dépubliez le parcours" in response.content.decode()
    response = client.post(f"/admin/pages/{catalog_page().pk}/delete/", follow=True)
    assert TrainingPathPage.objects.filter(pk=path.pk).exists()
    unused = TrainingPathPageFactory(parent=catalog_page())
    client.post(f"/admin/pages/{unused.pk}/delete/")
    assert not TrainingPathPage.objects.filter(pk=unused.pk).exists()
