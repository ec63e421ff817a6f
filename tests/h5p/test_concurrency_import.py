"""H5P imports under concurrent writes: threads with their own database connections.

Two imports of packages sharing libraries, at the same instant. On PostgreSQL they really
run in parallel: the unique library row makes a second installer of the same new library
wait for the first, then refuse with the French "try again in a moment" (``library-busy``);
two installers crossing each other's new rows are a deadlock PostgreSQL breaks by aborting
one, which the upload form turns into its French "send this package again"
(``_crossed_another_import``). Imports that only reuse or upgrade installed libraries lock
the rows in one order (``select_for_update``) and never refuse. SQLite serialises writers:
an import that finds the database locked fails whole and is sent again.

Whatever the interleaving, each thread behaves like an editor: a "send again" refusal is
sent again, any other error fails the test. In the end every package is imported once, and
the database and folders are consistent: one row per library version, at the highest patch
any package brought, its folder holding that patch, and each content listing the libraries
(and token) the same package imported alone afterwards lists.
"""

from __future__ import annotations

import io
import json
import random
import threading
import time
import zipfile
from collections.abc import Sequence

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.utils import translation

from h5p import storage
from h5p.models import H5PContent, H5PContentLibrary, H5PLibrary, libraries_token
from h5p.validation import LibraryRef, PackageInvalid
from h5p.wagtail_hooks import _crossed_another_import

from .factories import (
    MAIN,
    SHARED_H5P_NAMES,
    build_package,
    import_package,
    library_files,
    library_json,
    minimal_files,
    package_with_patch,
    shared_package,
)

pytestmark = pytest.mark.django_db(transaction=True)
RETRIES = 100
TEST_LIB = LibraryRef(*MAIN)
QUESTION_14 = LibraryRef("H5P.Question", 1, 4)
QUESTION_15 = LibraryRef("H5P.Question", 1, 5)
PRELOADED = H5PContentLibrary.Kind.PRELOADED
TRUE_FALSE, MULTIPLE_CHOICE = "truefalse-hello-world.h5p", "multiple-choice.h5p"


def _send_again(error: Exception) -> str | None:
    """The kind of "send again" refusal ``error`` is, or None if it is a real failure."""
    if isinstance(error, PackageInvalid):
        if {issue.code for issue in error.issues} == {"library-busy"} and all(
            "réessayez dans un instant" in message for message in error.errors
        ):
            return "library-busy"
        return None
    if isinstance(error, OperationalError) and _crossed_another_import(error):
        return "crossed"
    return None


def _import_in_parallel(packages: Sequence[bytes]) -> tuple[list[H5PContent], list[str]]:
    """Import every package at the same moment, each in a thread with its own connection.

    A "send again" refusal is sent again, as an editor would; return the contents in the
    order of ``packages`` and the refusals met on the way. Any other error fails the test.
    """
    barrier = threading.Barrier(len(packages))
    contents: list[H5PContent | None] = [None] * len(packages)
    errors: list[Exception] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def worker(index: int, package: bytes) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            for attempt in range(RETRIES):
                try:
                    with translation.override("fr"):
                        contents[index] = import_package(package)
                    return
                except (PackageInvalid, OperationalError) as error:
                    kind = _send_again(error)
                    if kind is None:
                        raise
                    with lock:
                        refusals.append(kind)
                    last = error
                    # Back off, at random, so that imports failing each other do not meet again.
                    time.sleep(random.uniform(0, min(0.02 * (attempt + 1), 0.2)))
            raise last
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, package))
        for index, package in enumerate(packages)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an import is still waiting"
    assert errors == []
    assert all(content is not None for content in contents)
    return contents, refusals  # type: ignore[return-value]


def _bundled_patches(packages: Sequence[bytes]) -> dict[LibraryRef, int]:
    """The highest patch of each library bundled in the packages (from their library.json)."""
    patches: dict[LibraryRef, int] = {}
    for package in packages:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            for name in archive.namelist():
                if name.count("/") == 1 and name.endswith("/library.json"):
                    data = json.loads(archive.read(name))
                    ref = LibraryRef(
                        data["machineName"], int(data["majorVersion"]), int(data["minorVersion"])
                    )
                    patches[ref] = max(patches.get(ref, 0), int(data["patchVersion"]))
    return patches


def _dependency_rows(content: H5PContent) -> list[tuple[LibraryRef, str]]:
    """A content's libraries (ref and kind), in load order."""
    rows = content.dependencies.select_related("library").order_by("position")
    return [(row.library.ref, row.kind) for row in rows]


def _assert_consistent(
    contents: Sequence[H5PContent], packages: Sequence[bytes], *, before: int = 0
) -> None:
    """One row per library, at the highest patch, in its folder; every content complete."""
    # Refused attempts left no content: `before` (imported earlier) plus one per package.
    assert H5PContent.objects.count() == before + len(packages)
    rows = list(H5PLibrary.objects.all())
    refs = [row.ref for row in rows]
    assert len(refs) == len(set(refs))
    bundled = _bundled_patches(packages)
    for row in rows:
        assert row.patch_version == bundled[row.ref], row.ref
        library = json.loads((storage.library_dir(row.ref) / "library.json").read_text())
        assert library["patchVersion"] == row.patch_version, row.ref
    folders = sorted(path.name for path in storage.libraries_root().iterdir())
    assert folders == sorted(ref.folder_name for ref in refs)
    assert not list(storage.staging_root().iterdir())
    for content, package in zip(contents, packages, strict=True):
        content.refresh_from_db()
        assert storage.content_dir(content.folder).is_dir()
        alone = import_package(package)  # the reference: the same package, no one else around
        assert _dependency_rows(content) == _dependency_rows(alone)
        assert content.libraries_token == alone.libraries_token
        assert content.libraries_token == libraries_token(
            H5PLibrary.objects.filter(contents=content)
        )


def _package_needing(question: LibraryRef, *, patch: int) -> bytes:
    """The minimal package whose H5P.Test at ``patch`` preloads ``question`` (bundled)."""
    files = minimal_files()
    files["H5P.Test-1.0/library.json"] = library_json(
        runnable=1, patchVersion=patch, preloaded=[question]
    )
    files.update(library_files(*question))
    return build_package(files=files)


@pytest.mark.parametrize(
    "names",
    [
        (TRUE_FALSE, MULTIPLE_CHOICE),
        (MULTIPLE_CHOICE, MULTIPLE_CHOICE),
        SHARED_H5P_NAMES,
    ],
    ids=["two-packages", "same-package-twice", "four-packages"],
)
def test_packages_installing_the_same_new_libraries_at_once(names) -> None:
    """New libraries shared by imports at once: each imports or asks to retry, rows stay whole."""
    packages = [shared_package(name) for name in names]
    contents, refusals = _import_in_parallel(packages)
    _assert_consistent(contents, packages)
    # Every refusal was a French "send again" (checked in _send_again); sent again, it passed.
    assert set(refusals) <= {"library-busy", "crossed"}


def test_packages_reusing_installed_libraries_at_once_are_never_refused() -> None:
    """Imports reusing installed libraries at once all succeed at once on PostgreSQL."""
    packages = [shared_package(name) for name in (TRUE_FALSE, MULTIPLE_CHOICE)]
    for package in packages:
        import_package(package)
    contents, refusals = _import_in_parallel([*packages, *packages])
    _assert_consistent(contents, [*packages, *packages], before=len(packages))
    if connection.vendor == "postgresql":
        assert refusals == []  # the row locks made them wait, nobody was refused


def test_patch_upgrades_at_once_end_at_the_highest_patch() -> None:
    """Patches 4 and 5 of one library imported at once: patch 5 wins, in the row and the files."""
    first = import_package(package_with_patch(3, b"// patch 3\n"))
    packages = [package_with_patch(patch, f"// patch {patch}\n".encode()) for patch in (4, 5, 3)]
    contents, refusals = _import_in_parallel(packages)
    library = H5PLibrary.objects.get()
    assert library.patch_version == 5
    script = storage.library_dir(TEST_LIB) / "scripts" / "main.js"
    assert script.read_bytes() == b"// patch 5\n"
    first.refresh_from_db()
    for content in [first, *contents]:
        content.refresh_from_db()
        assert _dependency_rows(content) == [(TEST_LIB, PRELOADED)]
        assert content.libraries_token == libraries_token([library])
    if connection.vendor == "postgresql":
        assert refusals == []


def test_an_upgrade_adding_a_dependency_racing_a_new_content() -> None:
    """A patch moving to H5P.Question 1.5 while another content imports: all contents list 1.5."""
    first = import_package(_package_needing(QUESTION_14, patch=3))
    packages = [
        _package_needing(QUESTION_15, patch=4),
        _package_needing(QUESTION_14, patch=3),
    ]
    contents, refusals = _import_in_parallel(packages)
    assert H5PLibrary.objects.get(machine_name="H5P.Test").patch_version == 4
    rows = {row.ref: row for row in H5PLibrary.objects.all()}
    token = libraries_token([rows[QUESTION_15], rows[TEST_LIB]])
    for content in [first, *contents]:
        content.refresh_from_db()
        assert _dependency_rows(content) == [(QUESTION_15, PRELOADED), (TEST_LIB, PRELOADED)]
        assert content.libraries_token == token
    if connection.vendor == "postgresql":
        assert refusals == []
