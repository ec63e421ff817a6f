"""Builders of small in-memory .h5p archives for the validator tests."""

from __future__ import annotations

import io
import json
import stat
import struct
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

JsonLike = bytes | str | Mapping[str, Any] | list[Any]
RawEntry = tuple[zipfile.ZipInfo | str, bytes]
Dep = tuple[str, int, int]

MAIN = ("H5P.Test", 1, 0)
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")


def to_bytes(value: JsonLike) -> bytes:
    """Encode a file body: bytes as is, text as UTF-8, anything else as JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    return json.dumps(value).encode()


def build_package(
    *,
    files: Mapping[str, JsonLike],
    entries: Iterable[RawEntry] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A zip holding ``files`` (in order) then the raw ``entries`` (duplicates allowed)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns on duplicate names
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, body in files.items():
                archive.writestr(name, to_bytes(body))
            for info, body in entries:
                archive.writestr(info, body)
    return buffer.getvalue()


def dep(name: str, major: int, minor: int, *, as_text: bool = False) -> dict[str, Any]:
    """A dependency object as h5p.json and library.json write it."""
    if as_text:
        return {"machineName": name, "majorVersion": str(major), "minorVersion": str(minor)}
    return {"machineName": name, "majorVersion": major, "minorVersion": minor}


def folder(name: str, major: int, minor: int) -> str:
    """The folder name of a library."""
    return f"{name}-{major}.{minor}"


def library_json(
    name: str = MAIN[0],
    major: int = MAIN[1],
    minor: int = MAIN[2],
    *,
    runnable: int = 0,
    js: Sequence[str] = ("scripts/main.js",),
    css: Sequence[str] = ("styles/main.css",),
    preloaded: Sequence[Dep] = (),
    dynamic: Sequence[Dep] = (),
    editor: Sequence[Dep] = (),
    core_api: tuple[int, int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A valid library.json; keyword arguments add or override fields."""
    data: dict[str, Any] = {
        "title": f"{name} library",
        "machineName": name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": 3,
        "runnable": runnable,
        "preloadedJs": [{"path": path} for path in js],
        "preloadedCss": [{"path": path} for path in css],
    }
    for key, refs in (
        ("preloadedDependencies", preloaded),
        ("dynamicDependencies", dynamic),
        ("editorDependencies", editor),
    ):
        if refs:
            data[key] = [dep(*ref) for ref in refs]
    if core_api is not None:
        data["coreApi"] = {"majorVersion": core_api[0], "minorVersion": core_api[1]}
    data.update(extra)
    return data


def library_files(
    name: str = MAIN[0], major: int = MAIN[1], minor: int = MAIN[2], **kwargs: Any
) -> dict[str, JsonLike]:
    """A library folder: its library.json plus every preloaded file it lists."""
    data = library_json(name, major, minor, **kwargs)
    base = folder(name, major, minor)
    files: dict[str, JsonLike] = {f"{base}/library.json": data}
    for item in data.get("preloadedJs", []):
        files[f"{base}/{item['path']}"] = b"H5P.Test = function () {};\n"
    for item in data.get("preloadedCss", []):
        files[f"{base}/{item['path']}"] = b".h5p-test { color: red; }\n"
    return files


def h5p_json(
    main: str = MAIN[0], *, preloaded: Sequence[Dep] = (MAIN,), **extra: Any
) -> dict[str, Any]:
    """A valid h5p.json; keyword arguments add or override fields."""
    data: dict[str, Any] = {
        "title": "Test content",
        "language": "fr",
        "mainLibrary": main,
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": [dep(*ref) for ref in preloaded],
    }
    data.update(extra)
    return data


def minimal_files(**h5p_fields: Any) -> dict[str, JsonLike]:
    """The smallest valid package: h5p.json, content.json and one runnable library."""
    return {
        "h5p.json": h5p_json(**h5p_fields),
        "content/content.json": {"question": "Le ciel est bleu ?", "correct": "true"},
        **library_files(runnable=1),
    }


def minimal_package(**h5p_fields: Any) -> bytes:
    """minimal_files() zipped."""
    return build_package(files=minimal_files(**h5p_fields))


def symlink_entry(name: str, target: str = "/etc/passwd") -> RawEntry:
    """A zip entry flagged as a unix symbolic link to ``target``."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def raw_entry(name: str, body: bytes = b"x", **attributes: Any) -> RawEntry:
    """A zip entry with arbitrary ZipInfo attributes (flag_bits, compress_type...)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    for key, value in attributes.items():
        setattr(info, key, value)
    return info, body


_CENTRAL_FIELDS = {"flag_bits": 5, "compress_type": 6, "file_size": 11, "external_attr": 17}


def patch_central(data: bytes, name: str, **fields: int) -> bytes:
    """Rewrite fields (flag_bits, compress_type, file_size...) of ``name``'s directory record."""
    patched = bytearray(data)
    pos = patched.find(_CENTRAL_SIGNATURE)
    while pos >= 0:
        values = list(_CENTRAL.unpack_from(patched, pos))
        start = pos + _CENTRAL.size
        if bytes(patched[start : start + values[12]]) == name.encode():
            for key, value in fields.items():
                values[_CENTRAL_FIELDS[key]] = value
            _CENTRAL.pack_into(patched, pos, *values)
            return bytes(patched)
        pos = patched.find(_CENTRAL_SIGNATURE, start)
    raise KeyError(name)


def set_declared_entry_count(data: bytes, count: int) -> bytes:
    """Rewrite the entry counts of the end-of-central-directory record."""
    pos = data.rfind(b"PK\x05\x06")
    fields = list(_EOCD.unpack_from(data, pos))
    fields[3] = fields[4] = count
    return data[:pos] + _EOCD.pack(*fields) + data[pos + _EOCD.size :]


def to_zip64(data: bytes, *, total: int | None = None) -> bytes:
    """Add a ZIP64 end record (declaring ``total`` entries) and mark the classic one 0xFFFF."""
    pos = data.rfind(b"PK\x05\x06")
    fields = list(_EOCD.unpack_from(data, pos))
    count, cd_size, cd_offset = fields[4], fields[5], fields[6]
    record = _ZIP64_EOCD.pack(
        b"PK\x06\x06", 44, 45, 45, 0, 0, count, count if total is None else total,
        cd_size, cd_offset,
    )  # fmt: skip
    locator = _ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, pos, 1)
    fields[3] = fields[4] = 0xFFFF
    return data[:pos] + record + locator + _EOCD.pack(*fields) + data[pos + _EOCD.size :]


def replace_in_names(data: bytes, old: bytes, new: bytes) -> bytes:
    """Byte-level substitution (same length) to forge names zipfile refuses to write."""
    assert len(old) == len(new)
    assert data.count(old) == 2, "expected the name once in the local and central headers"
    return data.replace(old, new)


# --- Django-side helpers (imported lazily: this module also serves the validator tests,
# which run without pytest-django) ----------------------------------------------------------

SHARED_H5P_NAMES = (
    "truefalse-hello-world.h5p",
    "multiple-choice.h5p",
    "arithmetic-quiz.h5p",
    "drag-the-words-1399.h5p",
)


def shared_package(name: str) -> bytes:
    """A real package of ../shared/h5p, or skip the test with the reason."""
    import pytest

    from tests.conftest import SHARED

    path = SHARED / "h5p" / name
    if not path.is_file():
        pytest.skip(f"real H5P packages not available: {path} is missing (see shared/h5p)")
    return path.read_bytes()


def import_package(data: bytes | None = None, **kwargs: Any) -> Any:
    """An H5PContent imported by the service (new libraries allowed unless said otherwise)."""
    from h5p.services import content_import

    kwargs.setdefault("allow_new_libraries", True)
    return content_import(package=data if data is not None else minimal_package(), **kwargs)


def library_with_patch(patch: int, body: bytes = b"H5P.Test = function () {};\n") -> dict:
    """The files of the H5P.Test 1.0 library at a given patch version, with a given script."""
    files = library_files(runnable=1)
    data = dict(files["H5P.Test-1.0/library.json"])  # type: ignore[arg-type]
    data["patchVersion"] = patch
    files["H5P.Test-1.0/library.json"] = data
    files["H5P.Test-1.0/scripts/main.js"] = body
    return files


def package_with_patch(patch: int, body: bytes = b"H5P.Test = function () {};\n") -> bytes:
    """The minimal package whose main library is at ``patch``."""
    files = minimal_files()
    files.update(library_with_patch(patch, body))
    return build_package(files=files)
