"""Views of the skills app: "Mes compétences", a person's record, self-positioning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from organizations.selectors import visible_people
from skills.charts import bar_chart
from skills.forms import PositioningForm, field_name
from skills.models import Framework
from skills.positioning import level_choice
from skills.selectors import (
    framework_competences,
    framework_current,
    framework_max_levels,
    frameworks_current,
    has_next_step_providers,
    skill_profile_for,
    skill_records,
)
from skills.services import positioning_record


def _record_context(person: AbstractBaseUser) -> dict[str, object]:
    """The profiles of a person with their charts."""
    profiles = skill_profile_for(person)
    return {
        "blocks": [{"profile": profile, "chart": bar_chart(profile)} for profile in profiles],
        "show_suggestions": has_next_step_providers(),
        "person": person,
    }


@login_required
def show_my_skills(request: HttpRequest) -> HttpResponse:
    """ "Mes compétences": the learner's own record, per framework and area."""
    context = _record_context(request.user)
    context["is_own"] = True
    return render(request, "skills/my_skills.html", context)


@login_required
def show_person_skills(request: HttpRequest, user_id: int) -> HttpResponse:
    """Another person's record, for those whose role covers them (else 404)."""
    person = get_object_or_404(visible_people(request.user), pk=user_id)
    context = _record_context(person)
    context["is_own"] = person.pk == request.user.pk
    return render(request, "skills/my_skills.html", context)


def _chosen_framework(request: HttpRequest) -> Framework | None:
    """The framework asked for (?referentiel=crcn), else the default one."""
    code = (request.POST.get("referentiel") or request.GET.get("referentiel") or "").strip()
    if code:
        framework = framework_current(code)
        if framework is not None:
            return framework
        messages.warning(
            request, _("This framework does not exist; here is the default one instead.")
        )
    return framework_current()


@login_required
def take_positioning(request: HttpRequest) -> HttpResponse:
    """The self-positioning questionnaire; each take is recorded as xAPI statements."""
    framework = _chosen_framework(request)
    if framework is None:
        messages.error(request, _("No competence framework is available yet."))
        return redirect("skills:my_skills")
    competences = framework_competences(framework)
    top = framework_max_levels([framework.pk]).get(framework.pk, 0)
    declared = {
        record.competence_id: record.declared_level
        for record in skill_records(user_ids=[request.user.pk], framework=framework)
        if record.declared_level is not None
    }
    initial = {
        field_name(competence): str(level_choice(declared[competence.pk], top))
        for competence in competences
        if competence.pk in declared
    }
    form = PositioningForm(
        request.POST if request.method == "POST" else None,
        competences=competences,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        take = positioning_record(user=request.user, framework=framework, answers=form.answers())
        messages.success(
            request,
            _("Your self-positioning on %(framework)s is recorded (%(count)d competences).")
            % {"framework": framework.label, "count": len(take.statements)},
        )
        return redirect("skills:my_skills")
    return render(
        request,
        "skills/positioning.html",
        {
            "form": form,
            "framework": framework,
            "others": frameworks_current().exclude(pk=framework.pk),
            "has_declared": bool(declared),
        },
    )
