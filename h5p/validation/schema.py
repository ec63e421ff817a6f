"""Schemas of h5p.json and library.json (after H5P core's H5PValidator, stricter on types)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .types import MACHINE_NAME_MAX_LENGTH, Issue, LibraryRef, PackageLibrary, PackageMetadata

MACHINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_LANGUAGE = re.compile(r"^(und|[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*)$")
_DIGITS = re.compile(r"^[0-9]{1,5}$")
_YEAR = re.compile(r"^[0-9]{1,4}$")
_URL = re.compile(r"^https?://\S+$")
EMBED_TYPES = ("div", "iframe")
LICENSES = (
    "CC BY", "CC BY-SA", "CC BY-ND", "CC BY-NC", "CC BY-NC-SA", "CC BY-NC-ND", "CC0 1.0",
    "GNU GPL", "PD", "ODC PDDL", "CC PDM", "U", "C",
)  # fmt: skip
LICENSE_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
_MISSING = object()


class Fields:
    """Typed access to one JSON object, recording an Issue for each rule a field breaks."""

    def __init__(
        self, file: str, data: Mapping[str, Any], issues: list[Issue], prefix: str = ""
    ) -> None:
        self.file = file
        self.data = data
        self.issues = issues
        self.prefix = prefix

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING and required:
            template = _("%(file)s: the required field “%(field)s” is missing.")
            self.issues.append(
                Issue.of("missing-field", self.file, template, field=self.prefix + key)
            )
        return value

    def invalid(self, key: str, template: str, **params: object) -> None:
        """Record that field ``key`` breaks the rule described by the translated ``template``."""
        field = self.prefix + key
        self.issues.append(Issue.of("invalid-field", self.file, template, field=field, **params))

    def text(self, key: str, *, required: bool = False, max_length: int = 255) -> str | None:
        """A non-empty string of at most ``max_length`` characters."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, str) and value.strip() and len(value) <= max_length:
            return value
        template = _(
            "%(file)s: the field “%(field)s” must be a non-empty text of at most "
            "%(max)d characters."
        )
        self.invalid(key, template, max=max_length)
        return None

    def machine_name(self, key: str, *, required: bool = False) -> str | None:
        """A library machine name such as H5P.MultiChoice."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, str) and len(value) > MACHINE_NAME_MAX_LENGTH:
            template = _(
                "%(file)s: the field “%(field)s” is a library machine name of %(length)d "
                "characters; at most %(max)d are accepted."
            )
            self.invalid(key, template, length=len(value), max=MACHINE_NAME_MAX_LENGTH)
            return None
        if isinstance(value, str) and MACHINE_NAME.fullmatch(value):
            return value
        template = _(
            "%(file)s: the field “%(field)s” must be a library machine name (e.g. H5P.MultiChoice)."
        )
        self.invalid(key, template)
        return None

    def version(self, key: str, *, required: bool = False) -> int | None:
        """A version number: an integer or a string of digits, 0 to 99999."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 99999:
            return value
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            return int(value)
        template = _(
            "%(file)s: the field “%(field)s” must be a version number (an integer from 0 to 99999)."
        )
        self.invalid(key, template)
        return None

    def flag(self, key: str, *, required: bool = False) -> bool | None:
        """A 0/1 flag (booleans and "0"/"1" are accepted too)."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if value in (0, 1, "0", "1"):
            return value in (1, "1")
        self.invalid(key, _("%(file)s: the field “%(field)s” must be 0 or 1."))
        return None

    def language(self, key: str, *, required: bool = False) -> str | None:
        """A language code such as fr or pt-br, or und."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, str) and _LANGUAGE.fullmatch(value):
            return value
        template = _(
            "%(file)s: the field “%(field)s” must be a language code (e.g. fr, pt-br) or “und”."
        )
        self.invalid(key, template)
        return None

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        """An optional string taken from ``allowed``."""
        value = self._get(key, False)
        if value is _MISSING:
            return None
        if isinstance(value, str) and value in allowed:
            return value
        self.invalid(key, _not_allowed(), allowed=", ".join(allowed))
        return None

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """An optional non-empty list of strings taken from ``allowed``."""
        value = self._get(key, False)
        if value is _MISSING:
            return ()
        if isinstance(value, list) and value and all(item in allowed for item in value):
            return tuple(value)
        self.invalid(key, _not_allowed(), allowed=", ".join(allowed))
        return ()

    def pattern(self, key: str, regex: re.Pattern[str]) -> str | None:
        """An optional string (or integer) matching ``regex``."""
        value = self._get(key, False)
        if value is _MISSING:
            return None
        is_scalar = isinstance(value, str | int) and not isinstance(value, bool)
        if is_scalar and regex.fullmatch(str(value)):
            return str(value)
        self.invalid(key, _("%(file)s: the field “%(field)s” has an invalid format."))
        return None

    def objects(self, key: str, *, required: bool = False) -> list[Fields]:
        """A list of JSON objects, each wrapped for further checks."""
        value = self._get(key, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.invalid(key, _("%(file)s: the field “%(field)s” must be a list of objects."))
            return []
        if required and not value:
            self.invalid(key, _("%(file)s: the field “%(field)s” must not be empty."))
            return []
        items: list[Fields] = []
        for index, item in enumerate(value):
            label = f"{key}[{index}]"
            if isinstance(item, dict):
                items.append(Fields(self.file, item, self.issues, f"{self.prefix}{label}."))
            else:
                self.invalid(label, _("%(file)s: the field “%(field)s” must be an object."))
        return items

    def obj(self, key: str) -> Fields | None:
        """An optional nested JSON object."""
        value = self._get(key, False)
        if value is _MISSING:
            return None
        if isinstance(value, dict):
            return Fields(self.file, value, self.issues, f"{self.prefix}{key}.")
        self.invalid(key, _("%(file)s: the field “%(field)s” must be an object."))
        return None

    def dependencies(self, key: str, *, required: bool = False) -> tuple[LibraryRef, ...]:
        """A list of {machineName, majorVersion, minorVersion} objects."""
        refs: list[LibraryRef] = []
        for item in self.objects(key, required=required):
            name = item.machine_name("machineName", required=True)
            major = item.version("majorVersion", required=True)
            minor = item.version("minorVersion", required=True)
            if name is not None and major is not None and minor is not None:
                refs.append(LibraryRef(name, major, minor))
        return tuple(dict.fromkeys(refs))

    def paths(self, key: str, extension: str) -> tuple[str, ...]:
        """A list of {path} objects naming relative .``extension`` files."""
        template = _(
            "%(file)s: the field “%(field)s” must be a relative path to a .%(ext)s file "
            "in the library."
        )
        found: list[str] = []
        for item in self.objects(key):
            path = item.data.get("path")
            if isinstance(path, str) and is_safe_relative(path, extension):
                found.append(path)
            else:
                item.invalid("path", template, ext=extension)
        return tuple(found)


def _not_allowed() -> str:
    return _("%(file)s: the field “%(field)s” has an invalid value (allowed: %(allowed)s).")


def is_safe_relative(path: str, extension: str) -> bool:
    """A forward-slash relative path without empty, . or .. segments, ending in .extension."""
    if "\\" in path or not path.lower().endswith(f".{extension}"):
        return False
    return not any(segment in ("", ".", "..") for segment in path.split("/"))


def declared_dependencies(data: Mapping[str, Any], key: str) -> tuple[LibraryRef, ...]:
    """The dependencies listed under ``key`` of an already validated h5p.json or library.json."""
    return Fields("", data, []).dependencies(key)


def parse_h5p_json(data: Mapping[str, Any], issues: list[Issue]) -> PackageMetadata | None:
    """Check h5p.json; return its metadata, or None when it breaks a rule."""
    fields = Fields("h5p.json", data, issues)
    before = len(issues)
    title = fields.text("title", required=True)
    main = fields.machine_name("mainLibrary", required=True)
    language = fields.language("language", required=True)
    preloaded = fields.dependencies("preloadedDependencies", required=True)
    authors = fields.objects("authors")
    metadata = PackageMetadata(
        title=title or "",
        main_library=main or "",
        language=language or "",
        preloaded_dependencies=preloaded,
        dynamic_dependencies=fields.dependencies("dynamicDependencies"),
        embed_types=fields.choices("embedTypes", EMBED_TYPES),
        license=fields.choice("license", LICENSES),
        license_version=fields.choice("licenseVersion", LICENSE_VERSIONS),
        default_language=fields.language("defaultLanguage"),
        authors=tuple(author.data for author in authors),
        raw=data,
    )
    _check_descriptive_fields(fields, authors)
    if main is not None and preloaded and main not in {ref.machine_name for ref in preloaded}:
        template = _(
            "%(file)s: the main library “%(library)s” is not listed in preloadedDependencies."
        )
        issues.append(Issue.of("main-library-not-preloaded", "h5p.json", template, library=main))
    return metadata if len(issues) == before else None


def _check_descriptive_fields(fields: Fields, authors: list[Fields]) -> None:
    """Type checks of the h5p.json fields the platform only displays or ignores."""
    for author in authors:
        author.text("name", required=True)
        author.text("role")
    if fields.text("source", max_length=2048) is not None:
        fields.pattern("source", _URL)
    fields.text("licenseExtras", max_length=5000)
    fields.text("authorComments", max_length=5000)
    fields.text("contentType")
    fields.pattern("yearsFrom", _YEAR)
    fields.pattern("yearsTo", _YEAR)
    for change in fields.objects("changes"):
        change.text("date")
        change.text("author")
        change.text("log", max_length=5000)


def parse_library_json(
    folder: str, data: Mapping[str, Any], files: tuple[str, ...], issues: list[Issue]
) -> PackageLibrary | None:
    """Check one library.json against its folder; None when it breaks a rule."""
    fields = Fields(f"{folder}/library.json", data, issues)
    before = len(issues)
    name = fields.machine_name("machineName", required=True)
    major = fields.version("majorVersion", required=True)
    minor = fields.version("minorVersion", required=True)
    fields.flag("fullscreen")
    library = PackageLibrary(
        ref=LibraryRef(name or "", major or 0, minor or 0),
        patch_version=fields.version("patchVersion", required=True) or 0,
        title=fields.text("title", required=True) or "",
        runnable=bool(fields.flag("runnable", required=True)),
        folder=folder,
        core_api=_core_api(fields),
        preloaded_js=fields.paths("preloadedJs", "js"),
        preloaded_css=fields.paths("preloadedCss", "css"),
        preloaded_dependencies=fields.dependencies("preloadedDependencies"),
        dynamic_dependencies=fields.dependencies("dynamicDependencies"),
        editor_dependencies=fields.dependencies("editorDependencies"),
        embed_types=fields.choices("embedTypes", EMBED_TYPES),
        files=files,
        raw=data,
    )
    if name is not None and major is not None and minor is not None:
        expected = library.ref.folder_name
        if folder != expected:
            template = _(
                "%(file)s: the folder name must be “%(expected)s” "
                "(machineName-majorVersion.minorVersion from library.json)."
            )
            issues.append(
                Issue.of("library-folder-name", f"{folder}/", template, expected=expected)
            )
    _check_preloaded_files(library, issues)
    return library if len(issues) == before else None


def _core_api(fields: Fields) -> tuple[int, int] | None:
    core = fields.obj("coreApi")
    if core is None:
        return None
    major = core.version("majorVersion", required=True)
    minor = core.version("minorVersion", required=True)
    return None if major is None or minor is None else (major, minor)


def _check_preloaded_files(library: PackageLibrary, issues: list[Issue]) -> None:
    """Every preloadedJs/preloadedCss path names a file of the library folder."""
    present = set(library.files)
    file = f"{library.folder}/library.json"
    template = _("%(file)s: the file “%(path)s” listed in %(field)s is missing from the library.")
    listed = [("preloadedJs", path) for path in library.preloaded_js]
    listed += [("preloadedCss", path) for path in library.preloaded_css]
    for key, path in listed:
        if path not in present:
            issues.append(Issue.of("missing-preloaded-file", file, template, path=path, field=key))
