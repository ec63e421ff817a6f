"""Tests of h5p.services.content_import: shared libraries, upgrades, permission, atomicity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from h5p import storage
from h5p.models import H5PContent, H5PContentLibrary, H5PLibrary, libraries_token
from h5p.player import libraries_base_url
from h5p.services import LibraryInstallRefused, can_install_libraries, content_import
from h5p.validation import LibraryRef, PackageInvalid
from tests.accounts.factories import UserFactory

from .factories import (
    MAIN,
    SHARED_H5P_NAMES,
    build_package,
    h5p_json,
    import_package,
    library_files,
    library_json,
    minimal_files,
    minimal_package,
    package_with_patch,
    raw_entry,
    shared_package,
    symlink_entry,
)

pytestmark = pytest.mark.django_db
TEST_LIB = LibraryRef(*MAIN)


def files_under_h5p_root() -> list[str]:
    """Every file stored under MEDIA_ROOT/h5p (staging included)."""
    root = storage.h5p_root()
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def assert_nothing_left() -> None:
    """No content, no library, no file: the import left no trace."""
    assert H5PContent.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert H5PContentLibrary.objects.count() == 0
    assert files_under_h5p_root() == []


def installer():
    """A user allowed to install new libraries."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="install_library"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


# --- real packages ----------------------------------------------------------------------------


def test_real_packages_import_twice_and_store_each_library_once(
    django_capture_on_commit_callbacks,
) -> None:
    """The four real packages import cleanly; importing them again adds no library."""
    with django_capture_on_commit_callbacks(execute=True):
        first = [import_package(shared_package(name)) for name in SHARED_H5P_NAMES]
    libraries = {library.ref: library.pk for library in H5PLibrary.objects.all()}
    library_folders = sorted(path.name for path in storage.libraries_root().iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        second = [import_package(shared_package(name)) for name in SHARED_H5P_NAMES]
    assert H5PContent.objects.count() == 8
    assert {library.ref: library.pk for library in H5PLibrary.objects.all()} == libraries
    assert sorted(path.name for path in storage.libraries_root().iterdir()) == library_folders
    assert len(library_folders) == len(libraries)
    assert not [path for path in storage.staging_root().iterdir()]
    for old, new in zip(first, second, strict=True):
        old.refresh_from_db()  # a later package may have brought a newer patch
        assert list(old.libraries.order_by("usages__position")) == list(
            new.libraries.order_by("usages__position")
        )
        assert old.libraries_token == new.libraries_token
        assert old.folder != new.folder


def test_real_multiple_choice_content_row_and_files(django_capture_on_commit_callbacks) -> None:
    """A content stores its metadata, main library, load order and extracted files."""
    data = shared_package("multiple-choice.h5p")
    with django_capture_on_commit_callbacks(execute=True):
        content = import_package(data, package_name="multiple-choice.h5p")
    assert content.title == "Multiple Choice"
    assert content.main_library.ref == LibraryRef("H5P.MultiChoice", 1, 16)
    assert content.attempt_policy == H5PContent.AttemptPolicy.BEST
    assert content.package_name == "multiple-choice.h5p"
    assert content.package_size == len(data)
    assert content.metadata["mainLibrary"] == "H5P.MultiChoice"
    order = [library.ref for library in content.libraries.order_by("usages__position")]
    assert order[-1] == content.main_library.ref
    assert LibraryRef("H5PEditor.RangeList", 1, 0) not in order  # editor libraries not installed
    folder = storage.content_dir(content.folder)
    assert json.loads((folder / "h5p.json").read_text())["title"] == "Multiple Choice"
    assert (folder / "content" / "images" / "file-5885c23902f31.jpg").stat().st_size == 805384
    assert (storage.library_dir(content.main_library.ref) / "library.json").is_file()
    assert not storage.library_dir(LibraryRef("H5PEditor.RangeList", 1, 0)).exists()


# --- refused packages leave nothing -------------------------------------------------------------


def _zip_slip() -> bytes:
    return build_package(files=minimal_files(), entries=[("content/../../evil.json", b"{}")])


def _absolute() -> bytes:
    return build_package(files=minimal_files(), entries=[("/etc/evil.json", b"{}")])


def _symlink() -> bytes:
    return build_package(files=minimal_files(), entries=[symlink_entry("content/link.png")])


def _duplicate() -> bytes:
    return build_package(files=minimal_files(), entries=[("content/content.json", b"{}")])


def _with(name: str, body: bytes) -> bytes:
    files = minimal_files()
    files[name] = body
    return build_package(files=files)


def _bomb() -> bytes:
    return build_package(
        files=minimal_files(), entries=[raw_entry("content/zeros.txt", b"\0" * (8 * 1024 * 1024))]
    )


def _broken_h5p_json() -> bytes:
    return _with("h5p.json", b"{not json")


def _broken_content_json() -> bytes:
    return _with("content/content.json", b"[1, 2")


def _wrong_folder() -> bytes:
    files = minimal_files()
    files = {name.replace("H5P.Test-1.0/", "H5P.Test-2.0/"): body for name, body in files.items()}
    return build_package(files=files)


def _missing_preloaded_file() -> bytes:
    files = minimal_files()
    del files["H5P.Test-1.0/scripts/main.js"]
    return build_package(files=files)


def _missing_dependency() -> bytes:
    files = minimal_files()
    files["h5p.json"] = h5p_json(preloaded=[MAIN, ("H5P.Missing", 1, 0)])
    return build_package(files=files)


REFUSED = {
    "zip-slip": (_zip_slip, "parent-segment"),
    "absolute path": (_absolute, "absolute-path"),
    "symlink": (_symlink, "symlink"),
    "duplicate entry": (_duplicate, "duplicate-entry"),
    "php in a library": (lambda: _with("H5P.Test-1.0/x.php", b"<?php"), "extension-not-allowed"),
    "html in content": (lambda: _with("content/page.html", b"<p>"), "extension-not-allowed"),
    "svg in content": (lambda: _with("content/logo.svg", b"<svg/>"), "extension-not-allowed"),
    "zip bomb": (_bomb, "compression-ratio"),
    "broken h5p.json": (_broken_h5p_json, "invalid-json"),
    "broken content.json": (_broken_content_json, "invalid-json"),
    "wrong library folder": (_wrong_folder, "library-folder-name"),
    "missing preloaded file": (_missing_preloaded_file, "missing-preloaded-file"),
    "missing dependency": (_missing_dependency, "missing-dependency"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_package_leaves_no_row_and_no_file(case: str) -> None:
    """Each broken rule refuses the package with its message and leaves nothing behind."""
    build, code = REFUSED[case]
    with pytest.raises(PackageInvalid) as caught:
        import_package(build())
    assert code in {issue.code for issue in caught.value.issues}
    assert all(caught.value.errors)
    assert_nothing_left()


def test_refused_package_messages_are_in_french(settings) -> None:
    """The service reports the validator's French messages, naming the file and the rule."""
    settings.LANGUAGE_CODE = "fr"
    from django.utils import translation

    with translation.override("fr"), pytest.raises(PackageInvalid) as caught:
        import_package(_with("content/page.html", b"<p>"))
    assert caught.value.errors == [
        "content/page.html : les fichiers d’extension .html sont interdits dans le contenu."
    ]


def _package_of_library(name: str) -> bytes:
    """A package whose only (main) library is called ``name``."""
    files = {
        "h5p.json": h5p_json(name, preloaded=((name, 1, 0),)),
        "content/content.json": {"question": "Le ciel est bleu ?"},
        **library_files(name, 1, 0, runnable=1),
    }
    return build_package(files=files)


def test_machine_name_longer_than_the_column_is_refused_in_french() -> None:
    """A machine name over 127 characters gets a French message, never a database error."""
    name = "H5P." + "A" * 124
    with pytest.raises(PackageInvalid) as caught:
        import_package(_package_of_library(name))
    assert (
        "h5p.json : le champ « mainLibrary » est un nom machine de bibliothèque de 128 "
        "caractères ; au plus 127 sont acceptés."
    ) in caught.value.errors
    assert_nothing_left()
    content = import_package(_package_of_library(name[:-1]))
    assert content.main_library.machine_name == name[:-1]


def test_failure_after_the_rows_rolls_back_rows_and_files() -> None:
    """If moving files into place fails, no row remains and the staging folder is removed."""
    storage.h5p_root().mkdir(parents=True)
    storage.libraries_root().write_text("not a folder")  # the move step will fail
    with pytest.raises(FileExistsError):
        import_package()
    assert H5PContent.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert files_under_h5p_root() == ["libraries"]


def test_failure_while_moving_undoes_earlier_moves(monkeypatch) -> None:
    """A move that fails halfway puts back the library folders already moved."""
    from h5p import services

    original = services._Moves.move
    calls = []

    def failing_move(self, source: Path, target: Path) -> None:
        calls.append(target)
        if target.parent == storage.contents_root():
            raise OSError("disk full")
        original(self, source, target)

    monkeypatch.setattr(services._Moves, "move", failing_move)
    with pytest.raises(OSError, match="disk full"):
        import_package()
    assert calls[0] == storage.library_dir(TEST_LIB)  # moved, then moved back
    assert not storage.library_dir(TEST_LIB).exists()
    assert_nothing_left_but_folders()


def assert_nothing_left_but_folders() -> None:
    """No row and no file (empty folders may remain)."""
    assert H5PContent.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert files_under_h5p_root() == []


# --- the install permission -------------------------------------------------------------------


def test_new_libraries_are_refused_without_the_permission() -> None:
    """A user without h5p.install_library cannot bring new library code."""
    user = UserFactory()
    with pytest.raises(LibraryInstallRefused) as caught:
        content_import(package=minimal_package(), user=user)
    assert [issue.code for issue in caught.value.issues] == ["library-install-refused"]
    assert "H5P.Test 1.0" in caught.value.errors[0]
    assert_nothing_left()


@pytest.mark.parametrize("role", ["permission", "superuser"])
def test_new_libraries_are_installed_with_the_permission(role: str) -> None:
    """The permission (or superuser status) allows installing new libraries."""
    user = installer() if role == "permission" else UserFactory(is_superuser=True)
    assert can_install_libraries(user)
    content = content_import(package=minimal_package(), user=user)
    library = H5PLibrary.objects.get()
    assert library.installed_by == user
    assert content.uploaded_by == user


def test_other_users_reuse_installed_libraries() -> None:
    """Once installed, libraries serve any editor's package without the permission."""
    import_package(allow_new_libraries=True)
    editor = UserFactory()
    assert not can_install_libraries(editor)
    content = content_import(package=minimal_package(title="Deuxième"), user=editor)
    assert H5PLibrary.objects.count() == 1
    assert content.main_library == H5PLibrary.objects.get()


def test_inactive_superuser_cannot_install() -> None:
    """An inactive account has no permission at all."""
    assert not can_install_libraries(UserFactory(is_superuser=True, is_active=False))
    assert not can_install_libraries(None)


# --- patch upgrades -----------------------------------------------------------------------------


def test_newer_patch_upgrades_the_library_in_place(django_capture_on_commit_callbacks) -> None:
    """A newer patch replaces the shared files; existing contents get new file URLs."""
    with django_capture_on_commit_callbacks(execute=True):
        old = import_package(package_with_patch(3, b"// patch 3\n"))
    old_token = old.libraries_token
    with django_capture_on_commit_callbacks(execute=True):
        new = import_package(package_with_patch(5, b"// patch 5\n"))
    library = H5PLibrary.objects.get()
    assert library.patch_version == 5
    assert library.metadata["patchVersion"] == 5
    script = storage.library_dir(TEST_LIB) / "scripts" / "main.js"
    assert script.read_bytes() == b"// patch 5\n"
    old.refresh_from_db()
    assert old.libraries_token == new.libraries_token != old_token
    assert list(old.libraries.all()) == [library]
    assert not list(storage.staging_root().iterdir())  # the replaced files are gone


def test_older_or_equal_patch_keeps_the_installed_library() -> None:
    """An older patch in a package never downgrades the shared library."""
    import_package(package_with_patch(5, b"// patch 5\n"))
    import_package(package_with_patch(4, b"// patch 4\n"))
    import_package(package_with_patch(5, b"// other bytes\n"))
    assert H5PLibrary.objects.get().patch_version == 5
    assert (storage.library_dir(TEST_LIB) / "scripts" / "main.js").read_bytes() == b"// patch 5\n"


def test_upgrade_overtaken_before_the_lock_keeps_the_newer_files(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """An import of patch 4 that another import of patch 5 overtakes moves no library files."""
    from h5p import services

    with django_capture_on_commit_callbacks(execute=True):
        first = import_package(package_with_patch(3, b"// patch 3\n"))
    real_extract = services.extract_package
    extractions: list[None] = []
    overtaken: list[H5PContent] = []

    def extract_then_overtake(*args, **kwargs) -> None:
        real_extract(*args, **kwargs)
        extractions.append(None)
        if len(extractions) == 1:  # upgrades chosen, row not locked yet: patch 5 commits now
            overtaken.append(import_package(package_with_patch(5, b"// patch 5\n")))

    monkeypatch.setattr(services, "extract_package", extract_then_overtake)
    with django_capture_on_commit_callbacks(execute=True):
        late = import_package(package_with_patch(4, b"// patch 4\n"))
    library = H5PLibrary.objects.get()
    assert library.patch_version == 5
    script = storage.library_dir(TEST_LIB) / "scripts" / "main.js"
    assert script.read_bytes() == b"// patch 5\n"
    assert late.libraries_token == overtaken[0].libraries_token == libraries_token([library])
    first.refresh_from_db()
    assert first.libraries_token == late.libraries_token
    assert not list(storage.staging_root().iterdir())


def test_newer_patch_without_permission_reuses_the_installed_one() -> None:
    """An editor's package with a newer patch imports, but keeps the installed code."""
    import_package(package_with_patch(3, b"// patch 3\n"))
    content = content_import(package=package_with_patch(9, b"// patch 9\n"), user=UserFactory())
    assert H5PLibrary.objects.get().patch_version == 3
    assert content.main_library.patch_version == 3
    assert (storage.library_dir(TEST_LIB) / "scripts" / "main.js").read_bytes() == b"// patch 3\n"


QUESTION_14 = LibraryRef("H5P.Question", 1, 4)
QUESTION_15 = LibraryRef("H5P.Question", 1, 5)
PRELOADED = H5PContentLibrary.Kind.PRELOADED
DYNAMIC = H5PContentLibrary.Kind.DYNAMIC


def package_needing(question: LibraryRef, *, patch: int, kind: str = "preloaded") -> bytes:
    """The minimal package whose H5P.Test at ``patch`` needs ``question`` (bundled)."""
    files = minimal_files()
    files["H5P.Test-1.0/library.json"] = library_json(
        runnable=1, patchVersion=patch, **{kind: [question]}
    )
    files.update(library_files(*question))
    return build_package(files=files)


def dependency_rows(content: H5PContent) -> list[tuple[LibraryRef, str]]:
    """A content's libraries (ref and kind), in load order."""
    rows = content.dependencies.select_related("library").order_by("position")
    return [(row.library.ref, row.kind) for row in rows]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("preloaded", [(QUESTION_15, PRELOADED), (TEST_LIB, PRELOADED)]),
        ("dynamic", [(TEST_LIB, PRELOADED), (QUESTION_15, DYNAMIC)]),
    ],
)
def test_patch_upgrade_gives_existing_contents_the_new_dependencies(
    client, django_capture_on_commit_callbacks, kind: str, expected: list
) -> None:
    """A patch moving from H5P.Question 1.4 to 1.5 makes existing contents list and serve 1.5."""
    with django_capture_on_commit_callbacks(execute=True):
        old = import_package(package_needing(QUESTION_14, patch=3, kind=kind))
        new = import_package(package_needing(QUESTION_15, patch=4, kind=kind))
    old.refresh_from_db()
    assert dependency_rows(old) == dependency_rows(new) == expected
    assert old.libraries_token == new.libraries_token
    base = libraries_base_url(old)
    assert client.get(f"{base}/H5P.Question-1.5/library.json").status_code == 200
    assert client.get(f"{base}/H5P.Question-1.4/library.json").status_code == 404


def test_upgrade_committed_while_planning_gives_the_new_content_the_new_patch(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """A content whose plan another import's patch overtakes before the locks lists the patch."""
    from h5p import services

    with django_capture_on_commit_callbacks(execute=True):
        first = import_package(package_needing(QUESTION_14, patch=3))
    real_rows = services.installed_library_rows
    reads: list[None] = []
    upgrade: list[H5PContent] = []

    def rows_then_upgrade() -> dict:
        rows = real_rows()
        reads.append(None)
        if len(reads) == 1:  # plan read, rows not locked yet: patch 4 (H5P.Question 1.5) commits
            upgrade.append(import_package(package_needing(QUESTION_15, patch=4)))
        return rows

    monkeypatch.setattr(services, "installed_library_rows", rows_then_upgrade)
    with django_capture_on_commit_callbacks(execute=True):
        late = import_package(package_needing(QUESTION_14, patch=3))
    expected = [(QUESTION_15, PRELOADED), (TEST_LIB, PRELOADED)]
    assert H5PLibrary.objects.get(machine_name="H5P.Test").patch_version == 4
    assert dependency_rows(late) == dependency_rows(upgrade[0]) == expected
    rows = real_rows()
    token = libraries_token([rows[QUESTION_15], rows[TEST_LIB]])
    assert late.libraries_token == upgrade[0].libraries_token == token
    first.refresh_from_db()
    assert first.libraries_token == late.libraries_token


def test_package_with_an_older_patch_loads_the_installed_dependencies() -> None:
    """A content whose package bundles an older patch lists what the installed patch needs."""
    import_package(package_needing(QUESTION_15, patch=4))
    content = import_package(package_needing(QUESTION_14, patch=3))
    assert H5PLibrary.objects.get(machine_name="H5P.Test").patch_version == 4
    assert dependency_rows(content) == [(QUESTION_15, PRELOADED), (TEST_LIB, PRELOADED)]


def test_leftover_library_folder_without_row_is_replaced() -> None:
    """Files left by an import that died before its commit do not block a new install."""
    leftover = storage.library_dir(TEST_LIB)
    (leftover / "scripts").mkdir(parents=True)
    (leftover / "scripts" / "main.js").write_bytes(b"// stale\n")
    import_package(package_with_patch(3, b"// fresh\n"))
    assert (leftover / "scripts" / "main.js").read_bytes() == b"// fresh\n"


# --- content fields -----------------------------------------------------------------------------


def test_title_policy_and_pass_mark_can_be_set_at_import() -> None:
    """The editor's title, attempt policy and pass mark are stored."""
    content = import_package(
        title="Quiz de la médiathèque", attempt_policy="last", pass_percentage=80
    )
    assert (content.title, content.attempt_policy, content.pass_percentage) == (
        "Quiz de la médiathèque",
        "last",
        80,
    )


def test_dependency_rows_follow_the_load_order() -> None:
    """Contents list their libraries, dependencies first, main library last."""
    files = minimal_files()
    files["H5P.Test-1.0/library.json"] = {
        **files["H5P.Test-1.0/library.json"],  # type: ignore[dict-item]
        "preloadedDependencies": [{"machineName": "H5P.A", "majorVersion": 1, "minorVersion": 0}],
    }
    files.update(library_files("H5P.A", 1, 0))
    content = import_package(build_package(files=files))
    rows = list(content.dependencies.select_related("library"))
    assert [row.library.machine_name for row in rows] == ["H5P.A", "H5P.Test"]
    assert [row.position for row in rows] == [0, 1]
    assert {row.kind for row in rows} == {H5PContentLibrary.Kind.PRELOADED}


# --- the command ----------------------------------------------------------------------------------


def test_command_needs_the_flag_for_new_libraries(tmp_path: Path, capsys) -> None:
    """h5p_import refuses new libraries unless --allow-new-libraries is given."""
    package = tmp_path / "quiz.h5p"
    package.write_bytes(minimal_package())
    with pytest.raises(CommandError, match="1 package"):
        call_command("h5p_import", str(package))
    assert "H5P.Test 1.0" in capsys.readouterr().err
    assert_nothing_left()
    call_command("h5p_import", str(package), "--allow-new-libraries", "--attempt-policy", "first")
    content = H5PContent.objects.get()
    assert (content.package_name, content.attempt_policy) == ("quiz.h5p", "first")
    assert "imported" in capsys.readouterr().out


def test_command_goes_on_after_a_refused_file(tmp_path: Path, capsys) -> None:
    """A broken file is reported and skipped; the others are imported."""
    good, bad, missing = tmp_path / "good.h5p", tmp_path / "bad.h5p", tmp_path / "none.h5p"
    good.write_bytes(minimal_package())
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="2 package"):
        call_command("h5p_import", str(bad), str(missing), str(good), "--allow-new-libraries")
    err = capsys.readouterr().err
    assert "bad.h5p: refused." in err
    assert "none.h5p: file not found." in err
    assert H5PContent.objects.get().package_name == "good.h5p"
