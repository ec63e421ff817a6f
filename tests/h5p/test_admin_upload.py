"""Tests of the Wagtail admin: the upload form runs the import service; libraries read only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation
from psycopg import errors as pg_errors

from h5p import storage
from h5p.models import H5PContent, H5PLibrary
from tests.accounts.factories import UserFactory

from .factories import build_package, import_package, minimal_files, minimal_package

pytestmark = pytest.mark.django_db
ADD_URL = "wagtailsnippets_h5p_h5pcontent:add"
INDEX_URL = "wagtailsnippets_h5p_h5pcontent:list"


def editor(*extra: str):
    """A Wagtail editor who may add H5P contents (and ``extra`` permissions)."""
    user = UserFactory(is_staff=True)
    codenames = ["access_admin", "add_h5pcontent", "change_h5pcontent", "view_h5pcontent", *extra]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def upload(client, data: bytes, **fields):
    """POST the upload form."""
    form = {
        "package": SimpleUploadedFile("quiz.h5p", data, content_type="application/zip"),
        "title": "",
        "attempt_policy": "best",
        "pass_percentage": "",
        **fields,
    }
    return client.post(reverse(ADD_URL), form)


def test_upload_form_shows_the_file_field_and_the_rules(client) -> None:
    """The add view is a multipart upload form explaining the library permission."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse(ADD_URL)).content.decode()
    assert 'type="file"' in html
    assert 'name="package"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "install" in html.lower() or "install" in html


def test_upload_creates_the_content(client, django_capture_on_commit_callbacks) -> None:
    """A valid package uploaded by a superuser is installed with the chosen settings."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, minimal_package(), title="Quiz", pass_percentage="60")
    assert response.status_code == 302
    content = H5PContent.objects.get()
    assert (content.title, content.pass_percentage, content.package_name) == (
        "Quiz",
        60,
        "quiz.h5p",
    )
    assert (storage.content_dir(content.folder) / "h5p.json").is_file()


def test_refused_upload_shows_french_messages_and_leaves_nothing(client) -> None:
    """The form lists every rule broken, in French, and nothing is stored."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    files = minimal_files()
    files["H5P.Test-1.0/backdoor.php"] = b"<?php"
    with translation.override("fr"):
        response = upload(client, build_package(files=files), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert "H5P.Test-1.0/backdoor.php : les fichiers d’extension .php sont interdits" in html
    assert H5PContent.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    root = storage.h5p_root()
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_not_a_zip_is_a_clear_error(client) -> None:
    """Any file that is not an H5P package gives a message, never a 500."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = upload(client, b"%PDF-1.7 not a package")
    assert response.status_code == 200
    assert H5PContent.objects.count() == 0


def test_editor_without_permission_cannot_install_libraries(client) -> None:
    """New libraries need h5p.install_library; installed ones serve every editor."""
    client.force_login(editor())
    response = upload(client, minimal_package())
    assert response.status_code == 200
    assert "H5P.Test 1.0" in response.content.decode()
    assert H5PLibrary.objects.count() == 0
    import_package()  # an operator installs the library
    assert upload(client, minimal_package(title="Deux")).status_code == 302
    assert H5PLibrary.objects.count() == 1


def test_editor_with_permission_installs_libraries(client) -> None:
    """The dedicated permission is enough to install new libraries."""
    client.force_login(editor("install_library"))
    assert upload(client, minimal_package()).status_code == 302
    assert H5PLibrary.objects.get().installed_by is not None


def test_index_explains_how_to_upload(client) -> None:
    """The contents listing says how to add packages, even when empty."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with translation.override("en"):
        html = client.get(reverse(INDEX_URL), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "h5p_import" in html


def test_libraries_are_read_only_in_the_admin(client) -> None:
    """Libraries are listed and inspected, never added or edited by hand."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    import_package()
    library = H5PLibrary.objects.get()
    listing = client.get(reverse("wagtailsnippets_h5p_h5plibrary:list"))
    assert listing.status_code == 200
    assert "H5P.Test" in listing.content.decode()
    inspect = client.get(reverse("wagtailsnippets_h5p_h5plibrary:inspect", args=[library.pk]))
    assert inspect.status_code == 200
    assert client.get(reverse("wagtailsnippets_h5p_h5plibrary:add")).status_code in (302, 403)
    edit = reverse("wagtailsnippets_h5p_h5plibrary:edit", args=[library.pk])
    assert client.get(edit).status_code in (302, 403)


def test_deleting_a_content_removes_its_folder(client, django_capture_on_commit_callbacks) -> None:
    """The delete view removes the content's files once committed; libraries stay."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        content = import_package()
    folder = storage.content_dir(content.folder)
    assert folder.is_dir()
    delete = reverse("wagtailsnippets_h5p_h5pcontent:delete", args=[content.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not folder.exists()
    assert H5PLibrary.objects.count() == 1


@pytest.mark.parametrize(
    "conflict",
    [
        lambda: OperationalError("deadlock detected"),
        lambda: OperationalError("database is locked"),
        lambda: OperationalError("database table is locked"),
    ],
    ids=["postgresql-deadlock", "sqlite-locked", "sqlite-memory-table-locked"],
)
def test_an_import_crossed_by_another_asks_to_send_again(client, monkeypatch, conflict) -> None:
    """Two imports locking each other's libraries: a French message to retry, never a 500."""

    def crossed(**_kwargs):
        error = conflict()
        if "deadlock" in str(error):
            raise error from pg_errors.DeadlockDetected("deadlock detected")
        raise error

    monkeypatch.setattr("h5p.wagtail_hooks.content_import", crossed)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with translation.override("fr"):
        response = upload(client, minimal_package(), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "rien n’a été enregistré : envoyez ce paquet à nouveau." in response.content.decode()
    assert H5PContent.objects.count() == 0
