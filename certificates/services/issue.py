"""Issuing a certificate (the contract used by courses and workshops) and its PDF."""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.codes import code_generate
from certificates.links import achievement_iri
from certificates.models import Certificate, CertificateTemplate
from certificates.pdf import certificate_pdf
from certificates.selectors import STATUS_LIST_SIZE, default_template
from certificates.snapshots import published_content, snapshot_build
from common.storage import file_delete_after_commit
from lrs.builders import activity, activity_iri, platform_statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Verb

MAX_ATTEMPTS = 8
MAX_LEVEL = 8
# Namespace of the ids of the `earned` statements (one per certificate, so re-recording
# the same certificate can never create a second statement).
EARNED_NAMESPACE = uuid.UUID("0b6f5a3e-8f3c-5a86-9d59-7c1e4a2b9d11")


def _person_name(user: AbstractBaseUser) -> str:
    """The name printed on the certificate: the full name, else the e-mail's local part."""
    full = (user.get_full_name() if hasattr(user, "get_full_name") else "").strip()
    if full:
        return full
    return str(getattr(user, "email", "") or "").split("@", 1)[0]


def _competences_clean(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check and copy the competences: framework, code, title, level 1-8 (and a URL)."""
    cleaned = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise ValidationError(
                _("Competence %(position)d is not a description (framework, code, title, level).")
                % {"position": position}
            )
        values = {
            key: str(item.get(key, "") or "").strip() for key in ("framework", "code", "title")
        }
        missing = [key for key, value in values.items() if not value]
        if missing:
            raise ValidationError(
                _("Competence %(position)d lacks: %(missing)s.")
                % {"position": position, "missing": ", ".join(missing)}
            )
        level = item.get("level")
        if level is not None and (
            isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_LEVEL
        ):
            raise ValidationError(
                _("Competence %(position)d: the level must be a whole number from 1 to 8.")
                % {"position": position}
            )
        entry: dict[str, Any] = {**values, "level": level}
        if item.get("url"):
            entry["url"] = str(item["url"])
        cleaned.append(entry)
    return cleaned


def _facts_check(
    *, achievement_key: str, kind: str, title: str, completed_on: Any, duration_minutes: Any
) -> None:
    """Refuse facts a certificate cannot state, with a clear message."""
    errors: dict[str, str] = {}
    if not achievement_key or len(achievement_key) > 120:
        errors["achievement_key"] = _("The achievement key is required (120 characters at most).")
    if kind not in Certificate.Kind.values:
        errors["kind"] = _("The kind must be “path” or “workshop_cycle”.")
    if not title:
        errors["title"] = _("The title of what was completed is required.")
    elif len(title) > 255:
        errors["title"] = _("The title is too long (255 characters at most).")
    if not isinstance(completed_on, datetime.date) or isinstance(completed_on, datetime.datetime):
        errors["completed_on"] = _("The completion date must be a date.")
    elif completed_on > timezone.localdate():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    if duration_minutes is not None and (
        isinstance(duration_minutes, bool)
        or not isinstance(duration_minutes, int)
        or duration_minutes < 1
    ):
        errors["duration_minutes"] = _("The duration must be a positive number of minutes.")
    if errors:
        raise ValidationError(errors)


def _status_index() -> int:
    """A random free-looking slot in the current revocation list (herd privacy)."""
    used = Certificate.objects.count()
    list_number = used // (STATUS_LIST_SIZE // 2)
    return list_number * STATUS_LIST_SIZE + secrets.randbelow(STATUS_LIST_SIZE)


def _earned_statement(certificate: Certificate) -> dict[str, Any]:
    """The xAPI `earned` statement of a newly issued certificate."""
    parents = []
    kind, _sep, key = certificate.achievement_key.partition(":")
    if kind and key:
        parents.append({"objectType": "Activity", "id": activity_iri(kind, key)})
    return platform_statement(
        user=certificate.user,
        verb=Verb.EARNED,
        object_=activity(
            activity_iri("certificate", str(certificate.uuid)),
            activity_type=ActivityType.CERTIFICATE,
            name=certificate.title,
            description=achievement_iri(certificate.achievement_key),
        ),
        parents=parents or None,
        timestamp=certificate.issued_at,
        statement_id=uuid.uuid5(EARNED_NAMESPACE, str(certificate.uuid)),
    )


@transaction.atomic
def certificate_issue(
    *,
    user: AbstractBaseUser,
    achievement_key: str,
    kind: str,
    title: str,
    completed_on: datetime.date,
    duration_minutes: int | None = None,
    competences: Sequence[dict] = (),
    template: CertificateTemplate | None = None,
    reissue_when_revoked_for: str = "",
) -> Certificate:
    """Issue a certificate once per (user, achievement_key), freeze its facts, record `earned`.

    Calling it again for the same achievement returns the existing certificate unchanged,
    even revoked, except one revoked with exactly the reason `reissue_when_revoked_for`
    (the issuing app withdrew it when it corrected the facts): a new one is issued then.
    The PDF is rendered by a worker after the transaction commits.
    """
    achievement_key = (achievement_key or "").strip()
    existing = (
        Certificate.objects.filter(user=user, achievement_key=achievement_key)
        .order_by(F("revoked_at").asc(nulls_first=True), "-issued_at", "-pk")  # valid first
        .first()
    )
    if existing is not None and not (
        existing.is_revoked
        and reissue_when_revoked_for
        and existing.revoked_reason == reissue_when_revoked_for
    ):
        return existing
    title = " ".join((title or "").split())
    _facts_check(
        achievement_key=achievement_key,
        kind=kind,
        title=title,
        completed_on=completed_on,
        duration_minutes=duration_minutes,
    )
    cleaned = _competences_clean(competences)
    content = published_content(template if template is not None else default_template())
    issued_at = timezone.now().replace(microsecond=0)
    snapshot = snapshot_build(
        name=_person_name(user),
        achievement_key=achievement_key,
        kind=kind,
        title=title,
        completed_on=completed_on,
        duration_minutes=duration_minutes,
        competences=cleaned,
        content=content,
        issued_at=issued_at,
    )
    certificate = _insert(
        user=user,
        achievement_key=achievement_key,
        kind=kind,
        title=title,
        completed_on=completed_on,
        snapshot=snapshot,
        issued_at=issued_at,
        template_id=content["id"],
        revision_id=content["revision_id"],
    )
    if certificate.statement_id is None:
        row = statement_record(_earned_statement(certificate))
        certificate.statement_id = row.statement_id
        certificate.save(update_fields=["statement_id"])
        _queue_pdf(certificate.pk)
    return certificate


def _insert(
    *, user: AbstractBaseUser, template_id: int | None, revision_id: int | None, **fields: Any
) -> Certificate:
    """Insert the row, drawing a new code on a (rare) collision; a concurrent issue wins."""
    for _attempt in range(MAX_ATTEMPTS):
        certificate = Certificate(
            user=user,
            code=code_generate(),
            status_index=_status_index(),
            template_id=template_id,
            template_revision_id=revision_id,
            **fields,
        )
        certificate.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            existing = Certificate.objects.filter(
                user=user, achievement_key=fields["achievement_key"], revoked_at__isnull=True
            ).first()
            if existing is not None:
                return existing
            continue
        return certificate
    raise RuntimeError("could not draw a free verification code")  # pragma: no cover


def _queue_pdf(certificate_id: int) -> None:
    """Render the PDF in a worker once the certificate is committed."""
    from certificates.tasks import certificate_pdf_render_task

    certificate_pdf_render_task.delay_on_commit(certificate_id)


@transaction.atomic
def certificate_pdf_render(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render and store the PDF of a certificate (kept when already stored, unless forced)."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.pdf and not force and locked.pdf.storage.exists(locked.pdf.name):
        return locked
    previous = locked.pdf.name if locked.pdf else ""
    content = certificate_pdf(locked.snapshot, code=locked.code)
    locked.pdf.save("certificate.pdf", ContentFile(content), save=False)
    locked.pdf_rendered_at = timezone.now()
    locked.save(update_fields=["pdf", "pdf_rendered_at"])
    if previous and previous != locked.pdf.name:
        file_delete_after_commit(locked.pdf.storage, previous)
    return locked
