"""Role groups: the network team and trainers get their Wagtail admin rights from their role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from organizations.editors import (
    NETWORK_PAGE_PERMISSIONS,
    ROLE_GROUPS,
    declared_permissions,
    editorial_groups_sync,
)
from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def network_member() -> Membership:
    """A network team membership (no library, no commune)."""
    return MembershipFactory(role=Role.NETWORK_TEAM, library=None, commune=None)


def names(group: Group) -> set[str]:
    """The permissions of a group as "app_label.codename"."""
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", list(ROLE_GROUPS))
def test_migrate_gives_each_role_group_every_declared_permission(role: str) -> None:
    """After migrate, each role's group holds all it was declared, admin access included."""
    group = Group.objects.get(name=ROLE_GROUPS[role])
    declared = declared_permissions(role)
    assert "wagtailadmin.access_admin" in declared
    assert len(declared) > 5
    assert declared <= names(group), declared - names(group)  # a typo would stay missing


def test_network_team_edits_every_page_and_the_media_library() -> None:
    """The network team's group may add, edit and publish pages from the root, and add images."""
    group = Group.objects.get(name=ROLE_GROUPS[Role.NETWORK_TEAM])
    page_codenames = set(
        GroupPagePermission.objects.filter(
            group=group, page=Page.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )
    assert page_codenames == set(NETWORK_PAGE_PERMISSIONS)
    collection_codenames = set(
        GroupCollectionPermission.objects.filter(
            group=group, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_image", "choose_image", "add_document"} <= collection_codenames
    trainers = Group.objects.get(name=ROLE_GROUPS[Role.TRAINER])
    assert not GroupPagePermission.objects.filter(group=trainers).exists()


def test_sync_is_idempotent_and_keeps_what_an_administrator_added() -> None:
    """Running the sync again adds nothing twice and removes no hand-given permission."""
    group = Group.objects.get(name=ROLE_GROUPS[Role.TRAINER])
    extra = Permission.objects.get(content_type__app_label="h5p", codename="view_h5pcontent")
    group.permissions.add(extra)
    before = names(group)
    pages = GroupPagePermission.objects.count()
    editorial_groups_sync()
    editorial_groups_sync()
    assert names(group) == before
    assert GroupPagePermission.objects.count() == pages


def test_a_membership_puts_its_user_in_the_role_group_and_its_deletion_takes_them_out() -> None:
    """Saving a trainer membership adds the group; deleting the last one removes it."""
    library = LibraryFactory()
    user = UserFactory()
    kept = Group.objects.create(name="Relecteurs")
    user.groups.add(kept)
    first = MembershipFactory(user=user, role=Role.TRAINER, library=library)
    second = MembershipFactory(user=user, role=Role.TRAINER, library=LibraryFactory())
    trainers = ROLE_GROUPS[Role.TRAINER]
    assert set(user.groups.values_list("name", flat=True)) == {trainers, "Relecteurs"}
    first.delete()
    assert user.groups.filter(name=trainers).exists()  # still a trainer elsewhere
    second.delete()
    assert set(user.groups.values_list("name", flat=True)) == {"Relecteurs"}


def test_changing_a_membership_role_moves_the_user_between_groups() -> None:
    """A trainer made agent leaves the trainers' group."""
    membership = MembershipFactory(role=Role.TRAINER)
    membership.role = Role.AGENT
    membership.save()
    assert not membership.user.groups.exists()


@pytest.mark.parametrize(
    ("role", "url_name", "allowed"),
    [
        (Role.NETWORK_TEAM, "wagtailsnippets_certificates_certificatetemplate:add", True),
        (Role.NETWORK_TEAM, "wagtailsnippets_workshops_session:add", True),
        (Role.NETWORK_TEAM, "wagtailsnippets_resources_networkservice:add", True),
        (Role.NETWORK_TEAM, "wagtailsnippets_h5p_h5pcontent:list", True),
        (Role.TRAINER, "wagtailsnippets_workshops_session:add", True),
        (Role.TRAINER, "wagtailsnippets_workshops_workshop:list", True),
        (Role.TRAINER, "wagtailsnippets_certificates_certificatetemplate:add", False),
        (Role.TRAINER, "wagtailsnippets_organizations_membership:list", False),
        (Role.AGENT, "wagtailsnippets_workshops_session:add", False),
    ],
)
def test_role_opens_exactly_its_admin_screens(role: str, url_name: str, allowed: bool) -> None:
    """Each role reaches the admin screens of its work and no other."""
    membership = network_member() if role == Role.NETWORK_TEAM else MembershipFactory(role=role)
    client = Client()
    client.force_login(membership.user)
    response = client.get(reverse(url_name))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] != reverse(url_name)


def test_network_team_opens_the_page_editor_and_an_agent_not_even_the_admin() -> None:
    """The network team edits pages; an agent is sent to the admin login."""
    page = Page.objects.filter(depth=2).first()
    network = Client()
    network.force_login(network_member().user)
    assert network.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    agent = Client()
    agent.force_login(MembershipFactory(role=Role.AGENT).user)
    response = agent.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
