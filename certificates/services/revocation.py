"""Revoking a certificate: an authorised person, a reason, a date; the `earned` is voided."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.selectors import can_revoke
from lrs.builders import platform_statement
from lrs.services import statement_record
from lrs.vocabulary import Verb

MAX_REASON = 1000


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by: AbstractBaseUser, reason: str
) -> Certificate:
    """Revoke a certificate with a reason (the network team, or a supervisor of the person)."""
    if not can_revoke(by, certificate):
        raise PermissionDenied(_("You may not revoke this certificate."))
    return certificate_withdraw(certificate=certificate, by=by, reason=reason)


@transaction.atomic
def certificate_withdraw(
    *, certificate: Certificate, by: AbstractBaseUser, reason: str
) -> Certificate:
    """Revoke a certificate whose facts the issuing app corrected (it checked who may)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("The reason is too long (1,000 characters at most).")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise ValidationError(
            _("This certificate was already revoked on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(locked.revoked_at), "j F Y")}
        )
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    if locked.statement_id:
        statement_record(
            platform_statement(
                user=by,
                verb=Verb.VOIDED,
                object_={"objectType": "StatementRef", "id": str(locked.statement_id)},
            )
        )
    return locked
