"""Writes of the h5p app: importing a package (content + libraries) and deleting a content.

``content_import`` is the one path used by the Wagtail upload form, ``manage.py h5p_import``
and the demo. It validates the package against the installed libraries, extracts what is new
into a staging folder next to the final folders (same file system), writes the rows, then
moves the folders into place; if anything fails, moves are undone and the transaction rolls
back, so a rejected package leaves no row and no file. Installing a library that is not yet
installed, or a newer patch of one, needs the ``h5p.install_library`` permission (library code
is JavaScript that runs in learners' browsers); without it, installed libraries are reused and
a package needing new ones is refused.

A content lists the libraries it loads (``H5PContentLibrary`` rows, whose versions make the
token of its library URLs) from the installed libraries' library.json files, which are what
the player reads: at import, and again for every content using a library when a newer patch
of it is installed, since a patch may add or change dependencies.

Crash safety: files are moved only after every row is written. If the process dies between a
move and the commit, what remains is harmless: an unreferenced content folder, or a library
folder without a row (the next install of that library replaces it).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from h5p import storage
from h5p.models import H5PContent, H5PContentLibrary, H5PLibrary, libraries_token
from h5p.selectors import installed_libraries, installed_library_rows, libraries_by_ref
from h5p.validation import (
    CONTENT_EXTENSIONS,
    LIBRARY_EXTENSIONS,
    AllowedExtensions,
    Issue,
    LibraryRef,
    PackageInvalid,
    PackageLibrary,
    ValidatedPackage,
    cycle_issue,
    declared_dependencies,
    extract_package,
    load_order,
    missing_issue,
    no_edges,
    validate_package,
)
from h5p.validation.dependencies import Edges
from h5p.validation.package import as_stream

INSTALL_PERMISSION = "h5p.install_library"
# H5P core's whitelists, minus SVG in content: an SVG can carry scripts and any editor may
# upload content, while library files come only from people allowed to install libraries.
# (Served files are inert anyway: see h5p.player.FILE_CSP.)
EXTENSIONS = AllowedExtensions(content=CONTENT_EXTENSIONS - {"svg"}, library=LIBRARY_EXTENSIONS)


class LibraryInstallRefused(PackageInvalid):
    """The package needs libraries that only a user allowed to install libraries may add."""


@dataclass
class _Moves:
    """Folder moves done so far, to undo them if a later step fails."""

    done: list[tuple[Path, Path]] = field(default_factory=list)

    def move(self, source: Path, target: Path) -> None:
        """Rename ``source`` to ``target``, which must not exist."""
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} already exists")
        os.replace(source, target)
        self.done.append((source, target))

    def undo(self) -> None:
        """Move everything back, last move first."""
        for source, target in reversed(self.done):
            if target.exists() and not source.exists():
                os.replace(target, source)
        self.done.clear()


def can_install_libraries(user: AbstractBaseUser | None) -> bool:
    """Whether ``user`` may install new H5P libraries (superusers may)."""
    return bool(user is not None and user.is_active and user.has_perm(INSTALL_PERMISSION))


@transaction.atomic
def content_import(
    *,
    package: bytes | BinaryIO,
    user: AbstractBaseUser | None = None,
    allow_new_libraries: bool = False,
    package_name: str = "",
    title: str = "",
    attempt_policy: str = H5PContent.AttemptPolicy.BEST,
    pass_percentage: int | None = None,
) -> H5PContent:
    """Validate a .h5p package and install it as a new content; raise PackageInvalid.

    New libraries (or newer patches) are installed when ``allow_new_libraries`` is true (the
    operator's explicit choice on the command line) or ``user`` has ``h5p.install_library``.
    """
    stream = as_stream(package)
    may_install = allow_new_libraries or can_install_libraries(user)
    validated = validate_package(
        stream, installed_libraries=installed_libraries(), extensions=EXTENSIONS
    )
    installed = libraries_by_ref(validated.required_libraries)
    bundled = validated.bundled_required_libraries
    new = [library for library in bundled if library.ref not in installed]
    upgrades = [
        library
        for library in bundled
        if library.ref in installed and library.patch_version > installed[library.ref].patch_version
    ]
    if new and not may_install:
        raise LibraryInstallRefused([_refusal_issue(library.ref for library in new)])
    if not may_install:
        upgrades = []
    storage.staging_root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="import-", dir=storage.staging_root()))
    moves = _Moves()
    try:
        content = _install(
            validated, stream, staging, moves, new=new, upgrades=upgrades, user=user,
            package_name=package_name, title=title, attempt_policy=attempt_policy,
            pass_percentage=pass_percentage,
        )  # fmt: skip
    except BaseException:
        moves.undo()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    transaction.on_commit(lambda: shutil.rmtree(staging, ignore_errors=True))
    return content


def _refusal_issue(refs: Iterable[LibraryRef]) -> Issue:
    names = ", ".join(str(ref) for ref in refs)
    template = _(
        "%(file)s: this package installs new libraries (%(libraries)s). Library code runs in "
        "learners' browsers: only a person allowed to install H5P libraries can add them."
    )
    return Issue.of("library-install-refused", "h5p.json", template, libraries=names)


def _install(
    validated: ValidatedPackage,
    stream: BinaryIO,
    staging: Path,
    moves: _Moves,
    *,
    new: Sequence[PackageLibrary],
    upgrades: Sequence[PackageLibrary],
    user: AbstractBaseUser | None,
    package_name: str,
    title: str,
    attempt_policy: str,
    pass_percentage: int | None,
) -> H5PContent:
    """Extract to ``staging``, write the rows, then move the folders into place."""
    extract_package(
        validated,
        stream,
        content_dir=staging / "content" / "content",
        library_root=staging / "libraries",
        libraries=[library.ref for library in (*new, *upgrades)],
    )
    metadata = dict(validated.metadata.raw)
    (staging / "content" / "h5p.json").write_text(
        json.dumps(metadata, ensure_ascii=False), encoding="utf-8"
    )
    applied = _save_libraries(validated, new=new, upgrades=upgrades, user=user)
    plan, installed = _locked_load_plan(metadata)
    content = H5PContent(
        title=(title or validated.metadata.title)[:255],
        main_library=installed[validated.main_library],
        folder=uuid.uuid4(),
        language=validated.metadata.language,
        metadata=metadata,
        package_name=package_name[:255],
        package_sha256=validated.sha256,
        package_size=validated.size,
        attempt_policy=attempt_policy,
        pass_percentage=pass_percentage,
        uploaded_by=user if user is not None and user.pk else None,
        libraries_token=libraries_token(library for library, _kind in plan),
    )
    content.full_clean()
    content.save()
    _dependencies_create(content, plan)
    _contents_refresh([installed[library.ref] for library in applied], installed, imported=content)
    _move_into_place(staging, content, new=new, upgrades=applied, moves=moves)
    return content


def _save_libraries(
    validated: ValidatedPackage,
    *,
    new: Sequence[PackageLibrary],
    upgrades: Sequence[PackageLibrary],
    user: AbstractBaseUser | None,
) -> list[PackageLibrary]:
    """Create the new library rows, update the upgraded ones; return the upgrades applied.

    ``upgrades`` was computed from rows read before any lock: another import may have
    committed the same library, at a higher patch, since. So each row is read again under
    its lock and only upgrades still newer than it are applied; only those folders are
    then moved into place, which ``_move_into_place`` does inside this transaction, before
    the commit. Row update and folder move therefore happen under the same lock:
    * PostgreSQL: ``select_for_update`` holds the row lock until the commit, and a waiting
      import reads the committed row once it gets the lock; two imports of one library
      update its row and move its folder one after the other, never crossed, and the
      folder stays at the patch the row names (the highest).
    * SQLite has no row lock (``select_for_update`` is a no-op) but one writer at a time:
      the first write of the transaction takes the database write lock until the commit, and
      every move follows a write (a new row, an upgraded row, the content row). An import
      whose read was overtaken by another's commit cannot write any more (SQLite answers
      "database is locked": a stale snapshot in WAL mode, a lock conflict in rollback-journal
      mode), so it fails before moving anything, its changes rolled back; never silently
      stale. (The SQLite ``transaction_mode`` "IMMEDIATE" option would make it wait instead.)
    """
    installer = user if user is not None and user.pk else None
    for library in new:
        row = H5PLibrary(
            machine_name=library.ref.machine_name,
            major_version=library.ref.major,
            minor_version=library.ref.minor,
            installed_by=installer,
        )
        _copy_fields(row, library)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as error:
            template = _(
                "%(file)s: the library %(library)s is being installed by another import; "
                "try again in a moment."
            )
            issue = Issue.of("library-busy", "h5p.json", template, library=str(library.ref))
            raise PackageInvalid([issue]) from error
    if not upgrades:
        return []
    wanted = libraries_by_ref([library.ref for library in upgrades])
    locked = H5PLibrary.objects.select_for_update().filter(
        pk__in=[row.pk for row in wanted.values()]
    )
    applied = []
    for row in locked:  # ordered by name and version: every import locks in the same order
        library = validated.libraries[row.ref]
        if library.patch_version > row.patch_version:
            _copy_fields(row, library)
            row.installed_by = installer
            row.save()
            applied.append(library)
    return applied


def _locked_load_plan(
    h5p_json: Mapping[str, Any],
) -> tuple[list[tuple[H5PLibrary, str]], dict[LibraryRef, H5PLibrary]]:
    """Lock the rows of the libraries a new content loads; its plan and rows read under them.

    Another import may be installing a newer patch of one of these libraries (which this
    import does not upgrade): its rebuild of every content using that library
    (``_contents_refresh``) cannot see this import's uncommitted content, so this content's
    list and token must come from the rows as they are once that import has committed. Each
    library row the plan names is therefore locked (``select_for_update``, ordered by name
    and version like the lock of ``_save_libraries``), then the rows are read again and the
    plan recomputed; it is final once every library it names was locked before the read (a
    new patch may add a dependency, which is then locked in turn). Either the upgrading
    import holds the lock first and this one waits for its commit, then reads (PostgreSQL,
    read committed) the new patch; or this one locks first and the upgrade waits on its
    ``_save_libraries`` lock until this commit, and its rebuild then sees this content. On
    SQLite, a single writer per database serializes the two (see ``_save_libraries``).
    The libraries this import upgrades were locked first, by ``_save_libraries``; a later
    round (a dependency a patch added) is the only lock taken out of that order: should it
    ever deadlock, PostgreSQL aborts one of the imports, which then rolls back entirely.
    """
    locked: set[int] = set()
    while True:
        installed = installed_library_rows()
        plan = _load_plan(h5p_json, installed, label="h5p.json")
        wanted = {library.pk for library, _kind in plan} - locked
        if not wanted:
            return plan, installed
        list(H5PLibrary.objects.select_for_update().filter(pk__in=wanted))  # Meta ordering
        locked |= wanted


def _copy_fields(row: H5PLibrary, library: PackageLibrary) -> None:
    row.patch_version = library.patch_version
    row.title = library.title[:255]
    row.is_runnable = library.runnable
    row.preloaded_dependencies = [list(ref) for ref in library.preloaded_dependencies]
    row.metadata = dict(library.raw)


def _load_plan(
    h5p_json: Mapping[str, Any], installed: Mapping[LibraryRef, H5PLibrary], *, label: str
) -> list[tuple[H5PLibrary, str]]:
    """The installed libraries a content loads, in load order, each with its kind.

    The dependencies followed are the installed libraries' (the library.json files the
    player reads), not those of the package a content came in: after a patch upgrade,
    they are what the player asks for. Preloaded libraries are those reached from h5p.json
    through preloaded dependencies only; the others are dynamic. Editor dependencies are
    never followed (the platform only plays contents). ``label`` names the content in
    errors: a missing library or a circular dependency refuses the import.
    """
    preloaded_roots = declared_dependencies(h5p_json, "preloadedDependencies")
    dynamic_roots = declared_dependencies(h5p_json, "dynamicDependencies")

    def preloaded(ref: LibraryRef) -> Sequence[LibraryRef]:
        row = installed.get(ref)
        return tuple(LibraryRef(*dep) for dep in row.preloaded_dependencies) if row else ()

    def dynamic(ref: LibraryRef) -> Sequence[LibraryRef]:
        row = installed.get(ref)
        return declared_dependencies(row.metadata, "dynamicDependencies") if row else ()

    order, cycle = load_order((*preloaded_roots, *dynamic_roots), preloaded, dynamic)
    issues = [
        missing_issue(ref, _declared_by(ref, order, installed, preloaded, dynamic, label))
        for ref in order
        if ref not in installed
    ]
    if cycle is not None:
        issues.append(cycle_issue(cycle, f"{cycle[0].folder_name}/library.json"))
    if issues:
        raise PackageInvalid(issues)
    always = set(load_order(preloaded_roots, preloaded, no_edges)[0])
    kinds = H5PContentLibrary.Kind
    return [(installed[ref], kinds.PRELOADED if ref in always else kinds.DYNAMIC) for ref in order]


def _declared_by(
    ref: LibraryRef,
    order: Sequence[LibraryRef],
    installed: Mapping[LibraryRef, H5PLibrary],
    preloaded: Edges,
    dynamic: Edges,
    label: str,
) -> str:
    """The library.json declaring ``ref`` (``label`` when the content itself does)."""
    for other in order:
        if other in installed and ref in (*preloaded(other), *dynamic(other)):
            return f"{other.folder_name}/library.json"
    return label


def _dependencies_create(content: H5PContent, plan: Sequence[tuple[H5PLibrary, str]]) -> None:
    """Write the rows listing the libraries a (saved) content loads, in load order."""
    H5PContentLibrary.objects.bulk_create(
        H5PContentLibrary(content=content, library=library, position=position, kind=kind)
        for position, (library, kind) in enumerate(plan)
    )


def _contents_refresh(
    upgraded: Sequence[H5PLibrary],
    installed: Mapping[LibraryRef, H5PLibrary],
    *,
    imported: H5PContent,
) -> None:
    """Recompute the libraries and file URLs of the other contents using an upgraded library.

    A new patch may add, drop or change dependencies: each content's list is rebuilt from the
    installed libraries, so the player is allowed every library the new files ask for.
    """
    if not upgraded:
        return
    affected = H5PContent.objects.filter(libraries__in=upgraded).exclude(pk=imported.pk).distinct()
    for content in affected:
        plan = _load_plan(content.metadata, installed, label=content.title)
        content.libraries_token = libraries_token(library for library, _kind in plan)
        content.save(update_fields=["libraries_token", "updated_at"])
        H5PContentLibrary.objects.filter(content=content).delete()
        _dependencies_create(content, plan)


def _move_into_place(
    staging: Path,
    content: H5PContent,
    *,
    new: Sequence[PackageLibrary],
    upgrades: Sequence[PackageLibrary],
    moves: _Moves,
) -> None:
    """Move new and upgraded library folders, then the content folder, into place."""
    storage.libraries_root().mkdir(parents=True, exist_ok=True)
    storage.contents_root().mkdir(parents=True, exist_ok=True)
    replaced = staging / "replaced"
    replaced.mkdir()
    for library in (*new, *upgrades):
        target = storage.library_dir(library.ref)
        if target.exists() or target.is_symlink():
            # An upgrade, or the leftover of an import that died before its commit.
            moves.move(target, replaced / library.folder)
        moves.move(staging / "libraries" / library.folder, target)
    moves.move(staging / "content", storage.content_dir(content.folder))


def content_folders_discard(*, folders: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """Remove, once committed, the folders of deleted contents; return the ones removed."""
    wanted = list(folders)
    still_used = set(H5PContent.objects.filter(folder__in=wanted).values_list("folder", flat=True))
    gone = [folder for folder in wanted if folder not in still_used]
    paths = [storage.content_dir(folder) for folder in gone]

    def remove() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    transaction.on_commit(remove)
    return gone
