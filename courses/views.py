"""Views of the courses app that are not Wagtail pages: enroll, continue, read, assign."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from courses.forms import AssignForm
from courses.models import LessonPage, TrainingPathPage
from courses.selectors.assignment import can_assign_paths
from courses.selectors.progress import enrollment_for, path_of, path_progress_for
from courses.services import (
    AssignmentResult,
    PrerequisitesMissing,
    enrollment_create,
    lesson_view_record,
    path_assign,
)


def _error_text(error: ValidationError | PermissionDenied) -> str:
    """The first message of a refusal, for the user."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def prerequisites_message(missing: Sequence[TrainingPathPage]) -> SafeString:
    """The refusal for missing prerequisites, with a link to each missing path."""
    links = format_html_join(", ", '<a href="{}">{}</a>', ((p.url, p.title) for p in missing))
    return format_html(
        "{} {}",
        ngettext(
            "This path builds on another one. Finish it first:",
            "This path builds on other ones. Finish them first:",
            len(missing),
        ),
        links,
    )


@login_required
@require_POST
def enroll_path(request: HttpRequest, path_id: int) -> HttpResponse:
    """Enroll the learner in a path, or explain which prerequisite is missing."""
    path = get_object_or_404(TrainingPathPage.objects.live(), pk=path_id)
    was_enrolled = enrollment_for(request.user, path) is not None
    try:
        enrollment_create(user=request.user, path=path)
    except PrerequisitesMissing as refusal:
        messages.error(request, prerequisites_message(refusal.missing))
        return redirect(path.url)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(path.url)
    if was_enrolled:
        messages.info(request, _("You are already enrolled in this path."))
    else:
        messages.success(request, _("You are enrolled. Your progress is saved as you go."))
    return redirect(path.url)


@login_required
def continue_path(request: HttpRequest, path_id: int) -> HttpResponse:
    """Go to the first unfinished lesson of a path (or to the path when all are done)."""
    path = get_object_or_404(TrainingPathPage.objects.live(), pk=path_id)
    progress = path_progress_for(request.user, path)
    if progress.enrollment is None:
        messages.info(request, _("Enroll in the path to start it."))
        return redirect(path.url)
    lesson = progress.next_lesson
    return redirect(lesson.url if lesson is not None else path.url)


@login_required
@require_POST
def read_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """Record that the learner reached the end of a lesson; answer JSON to scripts."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        lesson_view_record(user=request.user, lesson=lesson)
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"error": _error_text(error)}, status=400)
        messages.error(request, _error_text(error))
        return redirect(lesson.url)
    answer = _lesson_answer(request.user, lesson)
    if wants_json:
        return JsonResponse(answer)
    if answer["path_completed"]:
        messages.success(request, _("Congratulations, you have finished this path!"))
    elif answer["is_done"]:
        messages.success(request, _("Lesson done."))
    return redirect(answer["next_url"])


def _lesson_answer(user: object, lesson: LessonPage) -> dict[str, object]:
    """Where the learner stands on a lesson and its path, for scripts."""
    path = path_of(lesson)
    progress = path_progress_for(user, path)
    state = next((s for s in progress.lessons if s.lesson.pk == lesson.pk), None)
    next_lesson = progress.next_lesson
    target = path.url if progress.is_completed or next_lesson is None else next_lesson.url
    return {
        "is_done": bool(state and state.is_done),
        "path_completed": progress.is_completed,
        "percent": progress.percent,
        "next_url": target,
    }


@login_required
@require_safe
def lesson_status(request: HttpRequest, lesson_id: int) -> JsonResponse:
    """The learner's status on a lesson, as JSON (the lesson page asks after an H5P answer)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    response = JsonResponse(_lesson_answer(request.user, lesson))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def assign_path(request: HttpRequest, path_id: int) -> HttpResponse:
    """Assign a path to people in one's scope or to a whole library, with a due date."""
    path = get_object_or_404(TrainingPathPage.objects.live(), pk=path_id)
    if not can_assign_paths(request.user):
        return render(request, "courses/assign_refused.html", {"path": path}, status=403)
    form = AssignForm(request.POST or None, assigner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = path_assign(
                assigned_by=request.user,
                path=path,
                people=list(form.cleaned_data["people"]),
                library=form.cleaned_data.get("library"),
                due_on=form.cleaned_data["due_on"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            _assignment_messages(request, result)
            return redirect(path.url)
    return render(request, "courses/assign_path.html", {"path": path, "form": form})


def _assignment_messages(request: HttpRequest, result: AssignmentResult) -> None:
    """Tell the assigner what happened, person by person."""
    if result.enrolled:
        messages.success(
            request,
            ngettext(
                "The path is assigned to %(count)d person.",
                "The path is assigned to %(count)d people.",
                len(result.enrolled),
            )
            % {"count": len(result.enrolled)},
        )
    if result.already:
        names = ", ".join(str(person) for person in result.already)
        messages.info(
            request, _("Already enrolled (assignment updated): %(names)s.") % {"names": names}
        )
    for person, missing in result.refused:
        messages.warning(
            request,
            format_html(
                "{} {}",
                _("%(name)s has not finished a prerequisite:") % {"name": person},
                format_html_join(", ", '<a href="{}">{}</a>', ((p.url, p.title) for p in missing)),
            ),
        )
