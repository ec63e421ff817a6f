"""Wagtail admin rights that come with a role: one group per editing role, kept in step.

Two roles work in the Wagtail admin. The MEL network team edits the training offer (paths,
kits, certificate templates, frameworks, H5P content) and the network registry; trainers
manage their workshops and sessions. Each of these roles has a Django group. Apps declare
the model permissions a role needs with `register_role_permissions`, from their
`AppConfig.ready()` (the same extension-point pattern as `accounts.home`), and
`editorial_groups_sync` gives each group its permissions, access to the admin and, for the
network team, the right to edit and publish every page and to add images and documents.
It runs after every `migrate` (permissions only exist once their app is migrated) and only
adds: what an administrator grants by hand in *Settings → Groups* stays.

A user is in a role's group exactly while they hold a membership with that role: the
membership signals below keep it so, whoever writes the membership (the admin, an import,
the demo). Other groups an administrator gave the user are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from organizations.models import Membership

Role = Membership.Role

#: The group of each role that works in the admin (group names are shown in the admin).
ROLE_GROUPS: dict[str, str] = {
    Role.NETWORK_TEAM: "Équipe réseau MEL",
    Role.TRAINER: "Formateurs",
}

# Every page (add, edit, publish, lock) and the media library, for the network team.
NETWORK_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
NETWORK_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
ADMIN_ACCESS = "wagtailadmin.access_admin"

_declared: dict[str, set[str]] = {role: {ADMIN_ACCESS} for role in ROLE_GROUPS}


def register_role_permissions(role: str, permissions: Iterable[str]) -> None:
    """Declare model permissions ("app_label.codename") the group of `role` must hold."""
    if role not in ROLE_GROUPS:
        raise ValueError(f"role {role!r} has no editorial group")
    _declared[role].update(permissions)


def declared_permissions(role: str) -> frozenset[str]:
    """The permissions declared for a role's group (admin access included)."""
    return frozenset(_declared.get(role, ()))


def _permissions(names: Iterable[str]) -> list[Permission]:
    """The Permission rows of "app_label.codename" names that exist (yet)."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    labels = {label for label, _codename in wanted}
    candidates = Permission.objects.filter(content_type__app_label__in=labels).select_related(
        "content_type"
    )
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


def _grant_pages_and_media(group: Group) -> None:
    """Network team: every page from the root, and the root collection of images/documents."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=NETWORK_PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(NETWORK_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


@transaction.atomic
def editorial_groups_sync() -> dict[str, Group]:
    """Create the role groups and give them every declared permission that exists."""
    groups = {}
    for role, name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(_declared[role]))
        if role == Role.NETWORK_TEAM:
            _grant_pages_and_media(group)
        groups[role] = group
    return groups


def user_groups_sync(user_id: int) -> None:
    """Put a user in exactly the role groups of the roles they hold."""
    held = set(Membership.objects.filter(user_id=user_id).values_list("role", flat=True))
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if role in held:
            group.user_set.add(user_id)
        else:
            group.user_set.remove(user_id)


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """Signal receiver: a membership was saved or deleted."""
    user_groups_sync(instance.user_id)


def _after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate receiver: bring the role groups up to date, once every app is migrated.

    `migrate` sends the signal once per app with models, in INSTALLED_APPS order, and each
    app's permissions are created on its own turn: the last turn sees them all.
    """
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        editorial_groups_sync()


def connect() -> None:
    """Connect the receivers (from `OrganizationsConfig.ready`)."""
    from django.db.models.signals import post_migrate

    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="role_groups_save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="role_groups_del")
    post_migrate.connect(_after_migrate, dispatch_uid="role_groups_migrate")
