"""Reads of certificates: lookup by code, scopes (who may revoke, hand over, download)."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from certificates.codes import LENGTH, code_is_well_formed, code_normalize
from certificates.models import Certificate, CertificateBundle, CertificateTemplate
from certificates.scopes import trainer_achievement_keys
from organizations.models import Library
from organizations.selectors import roles_for, visible_libraries, visible_people

AnyUser = AbstractBaseUser | AnonymousUser

# Compared against when no certificate matches, so that an unknown code costs the same
# query and the same comparison as a known one. "2" repeated is a valid code shape.
_DUMMY_CODE = "2" * LENGTH
# Bits per revocation list: 16 KiB, the minimum size that gives herd privacy
# (W3C Bitstring Status List v1.0, section 6.1).
STATUS_LIST_SIZE = 131_072


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate a typed code designates, with the same work whether it exists or not."""
    code = code_normalize(text)
    probe = code if code_is_well_formed(code) else _DUMMY_CODE
    row = Certificate.objects.filter(code=probe).first()
    stored = row.code if row is not None else _DUMMY_CODE
    matches = hmac.compare_digest(stored.encode("ascii"), code.encode("ascii", "replace"))
    return row if row is not None and matches else None


def default_template() -> CertificateTemplate | None:
    """The published template used when the issuing app names none."""
    return (
        CertificateTemplate.objects.filter(live=True, is_default=True)
        .order_by("-last_published_at", "-pk")
        .first()
    )


def certificates_of(user: AnyUser) -> QuerySet[Certificate]:
    """A person's own certificates, newest first."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(user=user).order_by("-issued_at", "-pk")


def can_hand_over(user: AnyUser) -> bool:
    """Whether a user may hand certificates over in bulk (trainers and supervisors)."""
    roles = roles_for(user)
    return bool(
        roles.is_network
        or roles.coordinated_commune_ids
        or roles.headed_library_ids
        or roles.is_trainer
    )


def certificates_in_scope(user: AnyUser) -> QuerySet[Certificate]:
    """The certificates a user may hand over: supervisors' people, a trainer's cycles."""
    # A supervisor (network, coordinator, library head) hands over every certificate of
    # the people in their scope; a trainer only, those of the achievements they lead
    # (their workshop cycles), and only to the people registered to their sessions.
    if not can_hand_over(user):
        return Certificate.objects.none()
    queryset = Certificate.objects.filter(user__in=visible_people(user).values("pk"))
    roles = roles_for(user)
    if roles.is_network or roles.coordinated_commune_ids or roles.headed_library_ids:
        return queryset
    return queryset.filter(achievement_key__in=trainer_achievement_keys(user))


def can_revoke(user: AnyUser, certificate: Certificate) -> bool:
    """Network team, or a coordinator or library head whose scope covers the person."""
    roles = roles_for(user)
    if roles.is_network:
        return True
    if not (roles.coordinated_commune_ids or roles.headed_library_ids):
        return False
    return visible_libraries(user).filter(memberships__user_id=certificate.user_id).exists()


def can_download(user: AnyUser, certificate: Certificate) -> bool:
    """The person themselves, or someone who may hand their certificates over."""
    if not user.is_authenticated:
        return False
    if certificate.user_id == user.pk:
        return True
    return certificates_in_scope(user).filter(pk=certificate.pk).exists()


@dataclass(frozen=True)
class Selection:
    """What a hand-over page asked for."""

    library_id: int | None = None
    achievement: str = ""
    user_ids: Sequence[int] = ()
    certificate_ids: Sequence[int] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing was asked for yet."""
        return not (self.library_id or self.achievement or self.user_ids or self.certificate_ids)


def certificates_selected(user: AnyUser, selection: Selection) -> QuerySet[Certificate]:
    """The valid certificates in a user's scope matching a selection (AND of the criteria).

    `achievement` matches an achievement key exactly, or as a prefix when it ends with
    ":" (e.g. "workshop-cycle:" for every workshop cycle).
    """
    queryset = certificates_in_scope(user).filter(revoked_at__isnull=True)
    if selection.is_empty:
        return queryset.none()
    if selection.library_id:
        queryset = queryset.filter(
            user__memberships__library__in=visible_libraries(user).filter(pk=selection.library_id)
        )
    if selection.achievement:
        if selection.achievement.endswith(":"):
            queryset = queryset.filter(achievement_key__startswith=selection.achievement)
        else:
            queryset = queryset.filter(achievement_key=selection.achievement)
    if selection.user_ids:
        queryset = queryset.filter(user_id__in=list(selection.user_ids))
    if selection.certificate_ids:
        queryset = queryset.filter(pk__in=list(selection.certificate_ids))
    return queryset.distinct().order_by("title", "user__last_name", "user__first_name", "pk")


def achievements_in_scope(user: AnyUser) -> list[tuple[str, str]]:
    """(achievement key, title) pairs among the certificates a user may hand over."""
    rows = (
        certificates_in_scope(user)
        .filter(revoked_at__isnull=True)
        .order_by("achievement_key", "-issued_at")
        .values_list("achievement_key", "title")
    )
    seen: dict[str, str] = {}
    for key, title in rows:
        seen.setdefault(key, title)
    return sorted(seen.items(), key=lambda item: item[1].casefold())


def libraries_for_selection(user: AnyUser) -> QuerySet[Library]:
    """The libraries a user may pick people from."""
    return visible_libraries(user).order_by("commune__name", "name")


def bundle_of(user: AnyUser, bundle_uuid: str) -> CertificateBundle | None:
    """A bundle requested by this user, or None."""
    if not user.is_authenticated:
        return None
    return CertificateBundle.objects.filter(uuid=bundle_uuid, requested_by=user).first()


def revoked_status_indices(list_number: int) -> Iterable[int]:
    """Offsets, inside one status list, of the revoked certificates."""
    start = list_number * STATUS_LIST_SIZE
    indices = Certificate.objects.filter(
        Q(status_index__gte=start) & Q(status_index__lt=start + STATUS_LIST_SIZE),
        revoked_at__isnull=False,
    ).values_list("status_index", flat=True)
    return [index - start for index in indices]


def status_list_count() -> int:
    """How many status lists are in use (at least one)."""
    highest = (
        Certificate.objects.order_by("-status_index").values_list("status_index", flat=True).first()
    )
    return 1 if highest is None else highest // STATUS_LIST_SIZE + 1
