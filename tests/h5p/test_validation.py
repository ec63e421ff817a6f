"""Tests of the H5P package validator (h5p.validation): one package built per rule."""

from __future__ import annotations

import ast
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from h5p.validation import (
    CONTENT_EXTENSIONS,
    AllowedExtensions,
    ExtractionError,
    Issue,
    LibraryRef,
    Limits,
    PackageInvalid,
    ValidatedPackage,
    extract_package,
    validate_package,
)
from h5p.validation.archive import ReadBudget, UnreadableMemberError, read_member
from h5p.validation.schema import Fields

from .factories import (
    MAIN,
    build_package,
    dep,
    h5p_json,
    library_files,
    library_json,
    minimal_files,
    minimal_package,
    patch_central,
    raw_entry,
    replace_in_names,
    set_declared_entry_count,
    symlink_entry,
    to_zip64,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "h5p"
REAL_PACKAGES = (
    "truefalse-hello-world.h5p",
    "multiple-choice.h5p",
    "arithmetic-quiz.h5p",
    "drag-the-words-1399.h5p",
)
MIB = 1024 * 1024
TEST_LIB = LibraryRef(*MAIN)


def problems(data: bytes, **kwargs: object) -> list[Issue]:
    """The issues validate_package reports (it must refuse the package)."""
    with pytest.raises(PackageInvalid) as caught:
        validate_package(data, **kwargs)  # type: ignore[arg-type]
    assert caught.value.errors == [issue.message for issue in caught.value.issues]
    assert caught.value.issues, "PackageInvalid without any issue"
    return list(caught.value.issues)


def codes(data: bytes, **kwargs: object) -> set[tuple[str, str]]:
    """(rule code, file) pairs of the reported issues."""
    return {(issue.code, issue.file) for issue in problems(data, **kwargs)}


def package_with(files: dict[str, object]) -> bytes:
    """The minimal package with ``files`` added or replaced (None removes a file)."""
    merged = minimal_files()
    for name, body in files.items():
        if body is None:
            merged.pop(name)
        else:
            merged[name] = body  # type: ignore[assignment]
    return build_package(files=merged)


# --- the minimal package and the real ones -------------------------------------------------


def test_minimal_package_is_valid() -> None:
    data = minimal_package()
    package = validate_package(data)
    assert isinstance(package, ValidatedPackage)
    assert package.metadata.title == "Test content"
    assert package.metadata.language == "fr"
    assert package.main_library == TEST_LIB
    assert package.content == {"question": "Le ciel est bleu ?", "correct": "true"}
    assert package.content_files == ("content.json",)
    library = package.libraries[TEST_LIB]
    assert library.folder == "H5P.Test-1.0"
    assert library.version == (1, 0, 3)
    assert library.runnable is True
    assert library.preloaded_js == ("scripts/main.js",)
    assert library.preloaded_css == ("styles/main.css",)
    assert library.files == ("library.json", "scripts/main.js", "styles/main.css")
    assert package.required_libraries == (TEST_LIB,)
    assert package.missing_libraries == ()
    assert package.ignored_files == ()
    assert package.size == len(data)
    assert len(package.sha256) == 64


def test_accepts_a_binary_stream_and_rewinds_it() -> None:
    stream = io.BytesIO(minimal_package())
    package = validate_package(stream)
    assert package.main_library == TEST_LIB
    assert stream.tell() == 0


def _real(name: str) -> bytes:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"real H5P packages not available: {path} is missing (see shared/h5p)")
    return path.read_bytes()


@pytest.mark.parametrize("name", REAL_PACKAGES)
def test_real_packages_validate(name: str) -> None:
    package = validate_package(_real(name))
    assert package.main_library in package.libraries
    assert package.missing_libraries == ()
    assert package.required_libraries[-1] == package.main_library
    position = {ref: index for index, ref in enumerate(package.required_libraries)}
    for ref in package.required_libraries:
        for needed in package.libraries[ref].preloaded_dependencies:
            assert position[needed] < position[ref], f"{needed} must load before {ref}"


def test_real_truefalse_ignores_its_stray_root_file() -> None:
    package = validate_package(_real("truefalse-hello-world.h5p"))
    assert package.ignored_files == ("H5P_CONTENT_HERE.txt",)
    assert package.metadata.main_library == "H5P.TrueFalse"
    assert package.main_library == LibraryRef("H5P.TrueFalse", 1, 6)
    # h5p.json writes versions as strings ("1"): they are read as integers.
    assert LibraryRef("H5P.Question", 1, 4) in package.metadata.preloaded_dependencies


def test_real_multiple_choice_lists_its_content_image() -> None:
    package = validate_package(_real("multiple-choice.h5p"))
    assert package.content_files == ("content.json", "images/file-5885c23902f31.jpg")
    assert LibraryRef("H5P.Image", 1, 1) in package.required_libraries
    # Editor libraries travel in the package but the content does not need them.
    assert LibraryRef("H5PEditor.RangeList", 1, 0) in package.libraries
    assert LibraryRef("H5PEditor.RangeList", 1, 0) not in package.required_libraries


def test_real_package_with_installed_libraries_still_validates() -> None:
    installed = {("FontAwesome", 4, 5), ("H5P.JoubelUI", 1, 3)}
    package = validate_package(_real("drag-the-words-1399.h5p"), installed_libraries=installed)
    assert package.missing_libraries == ()  # both are in the package too


def test_real_package_core_api_check() -> None:
    data = _real("drag-the-words-1399.h5p")  # H5P.DragText 1.10 needs core API 1.19
    assert validate_package(data, core_api=(1, 19)).main_library.machine_name == "H5P.DragText"
    assert ("core-api-too-new", "H5P.DragText-1.10/library.json") in codes(data, core_api=(1, 18))


# --- archive-level rules --------------------------------------------------------------------


def test_not_a_zip() -> None:
    assert codes(b"this is not a zip archive at all") == {("not-a-zip", "")}


def test_truncated_zip() -> None:
    data = minimal_package()
    assert codes(data[: len(data) // 2]) == {("not-a-zip", "")}


def test_archive_too_large() -> None:
    assert codes(minimal_package(), limits=Limits(max_archive_bytes=100)) == {
        ("archive-too-large", "")
    }


def test_too_many_files_is_refused_before_parsing_the_directory() -> None:
    files = {f"content/images/{index}.png": b"" for index in range(5001)}
    data = build_package(files={**minimal_files(), **files})
    assert codes(data) == {("too-many-files", "")}


def test_too_many_files_with_a_small_limit() -> None:
    assert ("too-many-files", "") in codes(minimal_package(), limits=Limits(max_files=3))


def test_classic_end_record_saturated_count_is_too_many() -> None:
    assert codes(set_declared_entry_count(minimal_package(), 0xFFFF)) == {("too-many-files", "")}


def test_zip64_end_record_is_understood() -> None:
    data = to_zip64(minimal_package())
    assert validate_package(data).main_library == TEST_LIB
    assert codes(to_zip64(minimal_package(), total=5001)) == {("too-many-files", "")}
    assert codes(to_zip64(minimal_package(), total=3)) == {("inconsistent-archive", "")}


def test_entry_count_must_match_the_directory() -> None:
    data = minimal_package()
    assert codes(set_declared_entry_count(data, 2)) == {("inconsistent-archive", "")}


# --- zip-slip and other unsafe names --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("content/../../../etc/cron.d/evil.txt", "parent-segment"),
        ("../evil.json", "parent-segment"),
        ("H5P.Test-1.0/../../evil.js", "parent-segment"),
        ("/etc/passwd.txt", "absolute-path"),
        ("/content/x.png", "absolute-path"),
        ("C:/Windows/evil.txt", "absolute-path"),
        ("content\\..\\..\\evil.txt", "backslash"),
        ("content/images\\x.png", "backslash"),
        ("content/ev\x01il.png", "control-characters"),
        ("content/evil\x7f.png", "control-characters"),
        ("content//x.png", "empty-segment"),
        ("content/./x.png", "empty-segment"),
        ("content/" + "a" * 252 + ".png", "path-too-long"),
    ],
)
def test_unsafe_names_are_refused(name: str, code: str) -> None:
    data = build_package(files=minimal_files(), entries=[(name, b"payload")])
    found = problems(data)
    assert [issue.code for issue in found] == [code]
    assert "\x01" not in found[0].file
    assert "\x7f" not in found[0].file


def test_nul_byte_in_a_name_is_refused() -> None:
    # zipfile silently cuts names at NUL ("evil.php\0.png" reads as "evil.php"): check raw names.
    data = build_package(files=minimal_files(), entries=[("content/evil.php#.png", b"x")])
    data = replace_in_names(data, b"evil.php#.png", b"evil.php\x00.png")
    assert codes(data) == {("control-characters", "content/evil.php\\x00.png")}


def test_path_longer_than_the_limit() -> None:
    data = build_package(files=minimal_files(), entries=[("content/a/b/c/d/e.png", b"x")])
    assert ("path-too-long", "content/a/b/c/d/e.png") in codes(
        data, limits=Limits(max_path_chars=20)
    )


def test_symlink_is_refused() -> None:
    data = build_package(files=minimal_files(), entries=[symlink_entry("content/passwd.txt")])
    assert codes(data) == {("symlink", "content/passwd.txt")}


def test_symlinked_library_file_is_refused() -> None:
    entry = symlink_entry("H5P.Test-1.0/scripts/extra.js", "../../../../etc/shadow")
    data = build_package(files=minimal_files(), entries=[entry])
    assert codes(data) == {("symlink", "H5P.Test-1.0/scripts/extra.js")}


def test_duplicate_entry_is_refused() -> None:
    data = build_package(
        files=minimal_files(), entries=[("content/content.json", b'{"evil": true}')]
    )
    assert codes(data) == {("duplicate-entry", "content/content.json")}


def test_case_insensitive_duplicate_is_refused() -> None:
    data = build_package(
        files=minimal_files(), entries=[("content/Image.png", b"1"), ("content/image.png", b"2")]
    )
    found = problems(data)
    assert [(issue.code, issue.file) for issue in found] == [
        ("duplicate-entry", "content/image.png")
    ]
    assert "content/Image.png" in found[0].message


def test_unicode_normalisation_duplicate_is_refused() -> None:
    data = build_package(
        files=minimal_files(),
        entries=[("content/\u00e9t\u00e9.png", b"1"), ("content/e\u0301te\u0301.png", b"2")],
    )
    assert codes(data) == {("duplicate-entry", "content/e\u0301te\u0301.png")}


def test_file_and_folder_with_the_same_name_are_refused() -> None:
    data = build_package(
        files=minimal_files(), entries=[("content/a.png", b"1"), ("content/a.png/b.png", b"2")]
    )
    assert codes(data) == {("path-conflict", "content/a.png")}


def test_directory_entries_are_accepted() -> None:
    data = build_package(
        files=minimal_files(), entries=[("content/", b""), ("H5P.Test-1.0/scripts/", b"")]
    )
    assert validate_package(data).content_files == ("content.json",)


def test_encrypted_entry_is_refused() -> None:
    data = package_with({"content/secret.png": b"not really encrypted"})
    data = patch_central(data, "content/secret.png", flag_bits=0x1)
    assert codes(data) == {("encrypted", "content/secret.png")}


def test_unsupported_compression_is_refused() -> None:
    entry = raw_entry("content/data.csv", b"a,b\n" * 100, compress_type=zipfile.ZIP_BZIP2)
    data = build_package(files=minimal_files(), entries=[entry])
    assert codes(data) == {("compression-method", "content/data.csv")}


# --- sizes and zip bombs --------------------------------------------------------------------


def test_zip_bomb_ratio_is_refused() -> None:
    data = package_with({"content/zeros.txt": b"\0" * (2 * MIB)})
    found = problems(data)
    assert [(issue.code, issue.file) for issue in found] == [
        ("compression-ratio", "content/zeros.txt")
    ]


def test_small_files_may_compress_well() -> None:
    data = package_with({"content/blank.txt": b" " * (512 * 1024)})
    assert validate_package(data).content_files == ("blank.txt", "content.json")


def test_ratio_limit_is_configurable() -> None:
    data = package_with({"content/text.txt": b"abcd" * 5000})
    assert ("compression-ratio", "content/text.txt") in codes(
        data, limits=Limits(max_ratio=5, ratio_min_bytes=1000)
    )


def test_declared_size_above_the_file_limit_is_refused() -> None:
    data = package_with({"content/big.png": b"x" * 100})
    data = patch_central(data, "content/big.png", file_size=60 * MIB)
    assert ("file-too-large", "content/big.png") in codes(data)


def test_file_too_large() -> None:
    data = package_with({"content/big.png": bytes(range(256)) * 8})
    assert codes(data, limits=Limits(max_file_bytes=1000)) == {
        ("file-too-large", "content/big.png")
    }


def test_total_size_too_large() -> None:
    data = package_with({"content/a.png": b"a" * 3000, "content/b.png": b"b" * 3000})
    assert ("total-too-large", "") in codes(data, limits=Limits(max_total_bytes=5000))


def test_header_declaring_less_than_the_data_is_caught() -> None:
    data = package_with({"content/image.png": bytes(range(256)) * 40})
    data = patch_central(data, "content/image.png", file_size=100)
    assert codes(data) == {("corrupt-file", "content/image.png")}


def test_header_declaring_more_than_the_data_is_caught() -> None:
    data = package_with({"content/image.png": bytes(range(256)) * 4})
    data = patch_central(data, "content/image.png", file_size=5000)
    assert codes(data) == {("corrupt-file", "content/image.png")}


def test_corrupt_member_data_is_caught() -> None:
    files = minimal_files()
    files["content/image.png"] = b"PNG-DATA-" * 50
    data = build_package(files=files, compression=zipfile.ZIP_STORED)
    data = data.replace(b"PNG-DATA-PNG", b"PNG-DATA-XXX", 1)
    assert codes(data) == {("corrupt-file", "content/image.png")}


class _LyingArchive:
    """Returns more bytes than the member declares, as a hostile archive could."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def open(self, info: zipfile.ZipInfo) -> io.BytesIO:
        return io.BytesIO(self.body)


def test_bounded_reader_stops_at_the_declared_size() -> None:
    info = zipfile.ZipInfo("content/content.json")
    info.file_size = 10
    archive = _LyingArchive(b"x" * (4 * MIB))
    with pytest.raises(UnreadableMemberError) as caught:
        read_member(archive, info, ReadBudget(100 * MIB), keep=True)  # type: ignore[arg-type]
    assert caught.value.issue.code == "size-mismatch"


def test_bounded_reader_respects_the_total_budget() -> None:
    info = zipfile.ZipInfo("content/content.json")
    info.file_size = 1000
    with pytest.raises(UnreadableMemberError) as caught:
        read_member(_LyingArchive(b"y" * 1000), info, ReadBudget(999), keep=False)  # type: ignore[arg-type]
    assert caught.value.issue.code == "size-mismatch"


# --- extension whitelists -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("H5P.Test-1.0/scripts/evil.php", "libraries"),
        ("H5P.Test-1.0/shell.PHP", "libraries"),
        ("H5P.Test-1.0/page.html", "libraries"),
        ("H5P.Test-1.0/tool.exe", "libraries"),
        ("content/evil.php", "content"),
        ("content/page.html", "content"),
        ("content/page.HTM", "content"),
        ("content/script.js", "content"),
        ("content/style.css", "content"),
        ("content/archive.zip", "content"),
    ],
)
def test_extension_not_allowed(english: None, name: str, where: str) -> None:
    found = problems(build_package(files=minimal_files(), entries=[(name, b"<?php")]))
    assert [(issue.code, issue.file) for issue in found] == [("extension-not-allowed", name)]
    assert found[0].message.endswith(f"are not allowed in {where}.")


def test_file_without_extension_is_refused() -> None:
    data = build_package(files=minimal_files(), entries=[("H5P.Test-1.0/Makefile", b"all:")])
    assert codes(data) == {("extension-not-allowed", "H5P.Test-1.0/Makefile")}


def test_svg_in_content_is_allowed_as_in_h5p_core() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    package = validate_package(package_with({"content/images/logo.svg": svg}))
    assert "images/logo.svg" in package.content_files


def test_svg_in_content_can_be_refused_by_policy() -> None:
    strict = AllowedExtensions(content=CONTENT_EXTENSIONS - {"svg"})
    data = package_with({"content/images/logo.svg": b"<svg/>"})
    assert codes(data, extensions=strict) == {("extension-not-allowed", "content/images/logo.svg")}


def test_library_files_allow_code_and_fonts() -> None:
    files = minimal_files()
    for name in ("extra.js", "theme.css", "fonts/icons.woff2", "images/icon.svg", "fix.patch"):
        files[f"H5P.Test-1.0/{name}"] = b"x"
    data = build_package(files=files)
    assert "fonts/icons.woff2" in validate_package(data).libraries[TEST_LIB].files


def test_forbidden_extensions_win_over_a_custom_whitelist() -> None:
    lax = AllowedExtensions(content=CONTENT_EXTENSIONS | {"html", "php"})
    data = build_package(
        files=minimal_files(), entries=[("content/a.html", b"<p>"), ("content/b.php", b"<?")]
    )
    assert codes(data, extensions=lax) == {
        ("extension-not-allowed", "content/a.html"),
        ("extension-not-allowed", "content/b.php"),
    }


def test_json_files_are_always_allowed() -> None:
    no_json = AllowedExtensions(content=frozenset({"png"}), library=frozenset({"js", "css"}))
    files = minimal_files()
    files["H5P.Test-1.0/language/fr.json"] = {"libraryStrings": {}}
    files["H5P.Test-1.0/semantics.json"] = []
    assert validate_package(build_package(files=files), extensions=no_json).main_library == TEST_LIB


# --- ignored entries ------------------------------------------------------------------------


def test_stray_root_files_and_hidden_entries_are_ignored() -> None:
    data = build_package(
        files=minimal_files(),
        entries=[
            ("H5P_CONTENT_HERE.txt", b""),
            ("README", b"no extension, never extracted"),
            ("install.php", b"<?php never extracted"),
            (".DS_Store", b"\0"),
            ("__MACOSX/content/._content.json", b"\0"),
            ("content/.cache/thumb.php", b"<?php"),
            ("H5P.Test-1.0/_build/tmp.exe", b"MZ"),
        ],
    )
    package = validate_package(data)
    assert package.ignored_files == (
        "H5P_CONTENT_HERE.txt",
        "README",
        "install.php",
        ".DS_Store",
        "__MACOSX/content/._content.json",
        "content/.cache/thumb.php",
        "H5P.Test-1.0/_build/tmp.exe",
    )
    assert package.content_files == ("content.json",)
    assert "_build/tmp.exe" not in package.libraries[TEST_LIB].files


def test_ignored_entries_still_go_through_the_zip_safety_rules() -> None:
    data = build_package(files=minimal_files(), entries=[("__MACOSX/../../evil.txt", b"x")])
    assert codes(data) == {("parent-segment", "__MACOSX/../../evil.txt")}


# --- h5p.json and content.json --------------------------------------------------------------


def test_missing_h5p_json() -> None:
    assert codes(package_with({"h5p.json": None})) == {("missing-file", "h5p.json")}


def test_missing_content_json() -> None:
    assert codes(package_with({"content/content.json": None})) == {
        ("missing-file", "content/content.json")
    }


def test_broken_h5p_json(english: None) -> None:
    found = problems(package_with({"h5p.json": '{"title": "Broken",\n "mainLibrary": }'}))
    assert [(issue.code, issue.file) for issue in found] == [("invalid-json", "h5p.json")]
    assert "(line 2, column 17)" in found[0].message


def test_broken_content_json() -> None:
    assert codes(package_with({"content/content.json": "{'single': 'quotes'}"})) == {
        ("invalid-json", "content/content.json")
    }


@pytest.mark.parametrize("body", ["[]", '"text"', "42", "null"])
def test_content_json_must_be_an_object(body: str) -> None:
    assert codes(package_with({"content/content.json": body})) == {
        ("invalid-json", "content/content.json")
    }


def test_h5p_json_must_be_an_object() -> None:
    assert codes(package_with({"h5p.json": [h5p_json()]})) == {("invalid-json", "h5p.json")}


def test_json_must_be_utf8() -> None:
    body = '{"question": "été"}'.encode("latin-1")
    assert codes(package_with({"content/content.json": body})) == {
        ("invalid-json", "content/content.json")
    }


def test_json_with_a_utf8_bom_is_accepted() -> None:
    package = validate_package(package_with({"content/content.json": b'\xef\xbb\xbf{"a": 1}'}))
    assert package.content == {"a": 1}


def test_json_nested_too_deeply() -> None:
    body = "[" * 100_000 + "]" * 100_000
    assert codes(package_with({"content/content.json": body})) == {
        ("invalid-json", "content/content.json")
    }


@pytest.mark.parametrize(
    "body", ['{"score": NaN}', '{"x": -Infinity}', '{"n": ' + "9" * 5000 + "}"]
)
def test_json_must_be_strict(body: str) -> None:
    assert codes(package_with({"content/content.json": body})) == {
        ("invalid-json", "content/content.json")
    }


def test_json_file_too_large() -> None:
    data = package_with({"content/content.json": {"text": "x" * 2000}})
    assert codes(data, limits=Limits(max_json_bytes=1000)) == {
        ("json-too-large", "content/content.json")
    }


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": None}, "missing-field", "title"),
        ({"title": ""}, "invalid-field", "title"),
        ({"title": "   "}, "invalid-field", "title"),
        ({"title": 42}, "invalid-field", "title"),
        ({"title": "x" * 256}, "invalid-field", "title"),
        ({"mainLibrary": None}, "missing-field", "mainLibrary"),
        ({"mainLibrary": "H5P Test!"}, "invalid-field", "mainLibrary"),
        ({"language": None}, "missing-field", "language"),
        ({"language": "français"}, "invalid-field", "language"),
        ({"language": ["fr"]}, "invalid-field", "language"),
        ({"preloadedDependencies": None}, "missing-field", "preloadedDependencies"),
        ({"preloadedDependencies": []}, "invalid-field", "preloadedDependencies"),
        ({"preloadedDependencies": "H5P.Test"}, "invalid-field", "preloadedDependencies"),
        ({"preloadedDependencies": ["H5P.Test"]}, "invalid-field", "preloadedDependencies[0]"),
        (
            {"preloadedDependencies": [{"machineName": "H5P.Test", "majorVersion": 1}]},
            "missing-field",
            "preloadedDependencies[0].minorVersion",
        ),
        (
            {"preloadedDependencies": [{**dep(*MAIN), "majorVersion": True}]},
            "invalid-field",
            "preloadedDependencies[0].majorVersion",
        ),
        (
            {"preloadedDependencies": [{**dep(*MAIN), "minorVersion": "0.1"}]},
            "invalid-field",
            "preloadedDependencies[0].minorVersion",
        ),
        (
            {"preloadedDependencies": [{**dep(*MAIN), "majorVersion": -1}]},
            "invalid-field",
            "preloadedDependencies[0].majorVersion",
        ),
        ({"embedTypes": ["popup"]}, "invalid-field", "embedTypes"),
        ({"embedTypes": []}, "invalid-field", "embedTypes"),
        ({"license": "WTFPL"}, "invalid-field", "license"),
        ({"licenseVersion": 4}, "invalid-field", "licenseVersion"),
        ({"defaultLanguage": "??"}, "invalid-field", "defaultLanguage"),
        ({"dynamicDependencies": {"machineName": "X"}}, "invalid-field", "dynamicDependencies"),
        ({"source": "javascript:alert(1)"}, "invalid-field", "source"),
        ({"authors": "Alice"}, "invalid-field", "authors"),
        ({"authors": [{"role": "Author"}]}, "missing-field", "authors[0].name"),
        ({"yearsFrom": "20x5"}, "invalid-field", "yearsFrom"),
        ({"changes": [{"log": 5}]}, "invalid-field", "changes[0].log"),
    ],
)
def test_h5p_json_schema(english: None, changes: dict[str, object], code: str, field: str) -> None:
    data = h5p_json()
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    found = problems(package_with({"h5p.json": data}))
    assert (code, "h5p.json") in {(issue.code, issue.file) for issue in found}
    assert any(f"“{field}”" in issue.message for issue in found)


def test_main_library_must_be_preloaded() -> None:
    data = package_with({"h5p.json": h5p_json("H5P.Other")})
    assert codes(data) == {("main-library-not-preloaded", "h5p.json")}


def test_h5p_json_accepts_string_versions_and_optional_fields() -> None:
    data = h5p_json(
        preloadedDependencies=[dep(*MAIN, as_text=True)],
        language="pt-br",
        defaultLanguage="fr",
        license="CC BY-SA",
        licenseVersion="4.0",
        authors=[{"name": "Médiathèque", "role": "Author"}],
        source="https://example.org/h5p",
        yearsFrom=2024,
        embedTypes=["div", "iframe"],
        unknownField={"kept": True},
    )
    package = validate_package(package_with({"h5p.json": data}))
    assert package.metadata.preloaded_dependencies == (TEST_LIB,)
    assert package.metadata.language == "pt-br"
    assert package.metadata.license == "CC BY-SA"
    assert package.metadata.embed_types == ("div", "iframe")
    assert package.metadata.authors == ({"name": "Médiathèque", "role": "Author"},)
    assert package.metadata.raw["unknownField"] == {"kept": True}


def test_every_error_is_reported_not_only_the_first() -> None:
    files = minimal_files()
    files["h5p.json"] = h5p_json(preloaded=[MAIN, ("H5P.Missing", 1, 0)])
    files["content/page.html"] = b"<script>"
    files["H5P.Test-1.0/backdoor.php"] = b"<?php"
    files["Broken-1.0/library.json"] = b"{"
    found = codes(build_package(files=files))
    assert found == {
        ("extension-not-allowed", "content/page.html"),
        ("extension-not-allowed", "H5P.Test-1.0/backdoor.php"),
        ("invalid-json", "Broken-1.0/library.json"),
    }
    del files["Broken-1.0/library.json"]
    del files["content/page.html"]
    found = codes(build_package(files=files))
    assert found == {
        ("extension-not-allowed", "H5P.Test-1.0/backdoor.php"),
        ("missing-dependency", "h5p.json"),
    }


# --- library folders and library.json -------------------------------------------------------


def test_wrong_library_folder_name() -> None:
    files = minimal_files()
    files = {name.replace("H5P.Test-1.0/", "H5P.Test-1.1/"): body for name, body in files.items()}
    assert ("library-folder-name", "H5P.Test-1.1/") in codes(build_package(files=files))


def test_bare_machine_name_folder_is_refused() -> None:
    files = {
        name.replace("H5P.Test-1.0/", "H5P.Test/"): body for name, body in minimal_files().items()
    }
    assert ("library-folder-name", "H5P.Test/") in codes(build_package(files=files))


def test_library_folder_without_library_json() -> None:
    data = build_package(files=minimal_files(), entries=[("Stray-1.0/script.js", b"x")])
    assert codes(data) == {("missing-file", "Stray-1.0/library.json")}


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": None}, "missing-field", "title"),
        ({"machineName": None}, "missing-field", "machineName"),
        ({"majorVersion": None}, "missing-field", "majorVersion"),
        ({"patchVersion": None}, "missing-field", "patchVersion"),
        ({"patchVersion": "3b"}, "invalid-field", "patchVersion"),
        ({"runnable": None}, "missing-field", "runnable"),
        ({"runnable": 2}, "invalid-field", "runnable"),
        ({"fullscreen": "yes"}, "invalid-field", "fullscreen"),
        ({"preloadedJs": "scripts/main.js"}, "invalid-field", "preloadedJs"),
        ({"preloadedJs": [{"path": "../../evil.js"}]}, "invalid-field", "preloadedJs[0].path"),
        ({"preloadedJs": [{"path": "/etc/evil.js"}]}, "invalid-field", "preloadedJs[0].path"),
        ({"preloadedJs": [{"path": "scripts\\main.js"}]}, "invalid-field", "preloadedJs[0].path"),
        ({"preloadedJs": [{"path": "styles/main.css"}]}, "invalid-field", "preloadedJs[0].path"),
        ({"preloadedCss": [{"file": "x.css"}]}, "invalid-field", "preloadedCss[0].path"),
        ({"coreApi": "1.19"}, "invalid-field", "coreApi"),
        ({"coreApi": {"majorVersion": 1}}, "missing-field", "coreApi.minorVersion"),
        ({"embedTypes": "div"}, "invalid-field", "embedTypes"),
        (
            {"preloadedDependencies": [{"machineName": "Drop"}]},
            "missing-field",
            "preloadedDependencies[0].majorVersion",
        ),
    ],
)
def test_library_json_schema(
    english: None, changes: dict[str, object], code: str, field: str
) -> None:
    data = library_json(runnable=1)
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    found = problems(package_with({"H5P.Test-1.0/library.json": data}))
    assert (code, "H5P.Test-1.0/library.json") in {(issue.code, issue.file) for issue in found}
    assert any(f"“{field}”" in issue.message for issue in found)


def test_missing_preloaded_file() -> None:
    data = package_with({"H5P.Test-1.0/scripts/main.js": None})
    assert codes(data) == {("missing-preloaded-file", "H5P.Test-1.0/library.json")}


def test_semantics_json_must_be_an_array() -> None:
    data = package_with({"H5P.Test-1.0/semantics.json": {"fields": []}})
    assert codes(data) == {("invalid-json", "H5P.Test-1.0/semantics.json")}


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("language/fr.json", b"{", "invalid-json"),
        ("language/fr.json", b"[]", "invalid-json"),
        ("language/français.json", b"{}", "invalid-language-file"),
        ("language/README.md", b"# notes", "invalid-language-file"),
        ("language/old/fr.json", b"{}", "invalid-language-file"),
    ],
)
def test_language_files(name: str, body: bytes, code: str) -> None:
    data = package_with({f"H5P.Test-1.0/{name}": body})
    assert codes(data) == {(code, f"H5P.Test-1.0/{name}")}


def test_valid_language_files_and_semantics() -> None:
    package = validate_package(
        package_with(
            {
                "H5P.Test-1.0/semantics.json": [{"name": "question", "type": "text"}],
                "H5P.Test-1.0/language/fr.json": {"semantics": []},
                "H5P.Test-1.0/language/pt-br.json": {"semantics": []},
                "H5P.Test-1.0/language/.en.json": b"ignored",
            }
        )
    )
    assert "language/pt-br.json" in package.libraries[TEST_LIB].files


# --- dependencies ---------------------------------------------------------------------------


def _package(
    *libraries: dict[str, object], preloaded: tuple[tuple[str, int, int], ...] = (MAIN,)
) -> bytes:
    files = {
        "h5p.json": h5p_json(preloaded=preloaded),
        "content/content.json": {},
    }
    for library in libraries:
        files.update(library)  # type: ignore[arg-type]
    return build_package(files=files)


def test_missing_dependency_from_h5p_json(english: None) -> None:
    data = _package(library_files(runnable=1), preloaded=(MAIN, ("H5P.Missing", 1, 0)))
    found = problems(data)
    assert [(issue.code, issue.file) for issue in found] == [("missing-dependency", "h5p.json")]
    assert "H5P.Missing 1.0" in found[0].message


def test_missing_main_library() -> None:
    data = _package(library_files("H5P.Other", 1, 0))
    assert codes(data) == {("missing-dependency", "h5p.json")}


def test_missing_dependency_from_a_library() -> None:
    data = _package(library_files(runnable=1, preloaded=[("H5P.Lib", 2, 1)]))
    assert codes(data) == {("missing-dependency", "H5P.Test-1.0/library.json")}


def test_dependency_with_another_version_is_missing() -> None:
    data = _package(
        library_files(runnable=1, preloaded=[("H5P.Lib", 2, 1)]), library_files("H5P.Lib", 2, 0)
    )
    assert codes(data) == {("missing-dependency", "H5P.Test-1.0/library.json")}


def test_missing_dependency_satisfied_by_installed_libraries() -> None:
    data = _package(library_files(runnable=1, preloaded=[("H5P.Lib", 2, 1)]))
    package = validate_package(data, installed_libraries={("H5P.Lib", 2, 1)})
    lib = LibraryRef("H5P.Lib", 2, 1)
    assert package.missing_libraries == (lib,)
    assert package.required_libraries == (lib, TEST_LIB)
    assert package.bundled_required_libraries == (package.libraries[TEST_LIB],)


def test_installed_libraries_with_their_dependencies_are_ordered() -> None:
    data = _package(library_files(runnable=1, preloaded=[("H5P.Lib", 2, 1)]))
    installed = {("H5P.Lib", 2, 1): [("H5P.Base", 1, 0)], ("H5P.Base", 1, 0): []}
    package = validate_package(data, installed_libraries=installed)
    assert [str(ref) for ref in package.required_libraries] == [
        "H5P.Base 1.0",
        "H5P.Lib 2.1",
        "H5P.Test 1.0",
    ]
    assert set(package.missing_libraries) == {("H5P.Base", 1, 0), ("H5P.Lib", 2, 1)}


def test_transitive_dependencies_load_first() -> None:
    data = _package(
        library_files(runnable=1, preloaded=[("H5P.B", 1, 0), ("H5P.C", 1, 0)]),
        library_files("H5P.B", 1, 0, preloaded=[("H5P.C", 1, 0)]),
        library_files("H5P.C", 1, 0),
        library_files("H5PEditor.Unused", 1, 0),
    )
    package = validate_package(data)
    assert [ref.machine_name for ref in package.required_libraries] == [
        "H5P.C",
        "H5P.B",
        "H5P.Test",
    ]
    assert LibraryRef("H5PEditor.Unused", 1, 0) in package.libraries


def test_dependency_cycle_is_refused() -> None:
    data = _package(
        library_files(runnable=1, preloaded=[("H5P.A", 1, 0)]),
        library_files("H5P.A", 1, 0, preloaded=[("H5P.B", 1, 0)]),
        library_files("H5P.B", 1, 0, preloaded=[("H5P.A", 1, 0)]),
    )
    found = problems(data)
    assert [issue.code for issue in found] == ["dependency-cycle"]
    assert "H5P.A 1.0 → H5P.B 1.0 → H5P.A 1.0" in found[0].message


def test_dynamic_dependencies_are_required_and_listed() -> None:
    missing = _package(library_files(runnable=1, dynamic=[("H5P.Dyn", 1, 0)]))
    assert codes(missing) == {("missing-dependency", "H5P.Test-1.0/library.json")}
    present = _package(
        library_files(runnable=1, dynamic=[("H5P.Dyn", 1, 0)]), library_files("H5P.Dyn", 1, 0)
    )
    package = validate_package(present)
    assert LibraryRef("H5P.Dyn", 1, 0) in package.required_libraries
    assert package.libraries[TEST_LIB].dynamic_dependencies == (LibraryRef("H5P.Dyn", 1, 0),)


def test_editor_dependencies_are_not_required() -> None:
    package = validate_package(_package(library_files(runnable=1, editor=[("H5PEditor.X", 1, 0)])))
    assert package.libraries[TEST_LIB].editor_dependencies == (LibraryRef("H5PEditor.X", 1, 0),)
    assert package.required_libraries == (TEST_LIB,)


def test_dependencies_of_unneeded_bundled_libraries_are_checked_too() -> None:
    data = _package(
        library_files(runnable=1),
        library_files("H5PEditor.Range", 1, 0, preloaded=[("H5PEditor.Table", 1, 0)]),
    )
    assert codes(data) == {("missing-dependency", "H5PEditor.Range-1.0/library.json")}


def test_core_api_too_new(english: None) -> None:
    data = _package(library_files(runnable=1, core_api=(1, 27)))
    found = problems(data)
    assert [(issue.code, issue.file) for issue in found] == [
        ("core-api-too-new", "H5P.Test-1.0/library.json")
    ]
    assert "requires H5P core API 1.27, but only 1.26 is supported" in found[0].message


def test_core_api_major_too_new() -> None:
    data = _package(library_files(runnable=1, core_api=(2, 0)))
    assert codes(data) == {("core-api-too-new", "H5P.Test-1.0/library.json")}


def test_core_api_equal_to_the_supported_one_is_accepted() -> None:
    package = validate_package(_package(library_files(runnable=1, core_api=(1, 26))))
    assert package.libraries[TEST_LIB].core_api == (1, 26)


# --- French messages ------------------------------------------------------------------------


def test_french_messages(french: None) -> None:
    files = minimal_files()
    files["h5p.json"] = h5p_json(preloaded=[MAIN, ("H5P.Missing", 1, 0)])
    files["H5P.Test-1.0/backdoor.php"] = b"<?php"
    with pytest.raises(PackageInvalid) as caught:
        validate_package(build_package(files=files))
    assert caught.value.errors == [
        "H5P.Test-1.0/backdoor.php : les fichiers d’extension .php sont interdits dans les "
        "bibliothèques.",
        "h5p.json : la bibliothèque requise H5P.Missing 1.0 n’est ni dans le paquet ni installée.",
    ]
    assert str(caught.value) == "\n".join(caught.value.errors)


def test_french_zip_slip_and_symlink_messages(french: None) -> None:
    data = build_package(
        files=minimal_files(),
        entries=[("content/../../etc/evil.txt", b"x"), symlink_entry("content/link.png")],
    )
    assert [issue.message for issue in problems(data)] == [
        "content/../../etc/evil.txt : les segments de chemin « .. » sont interdits.",
        "content/link.png : les liens symboliques et les fichiers spéciaux sont interdits.",
    ]


def test_french_size_message_uses_french_units(french: None) -> None:
    data = patch_central(
        package_with({"content/big.png": b"x"}), "content/big.png", file_size=60 * MIB
    )
    messages = [issue.message for issue in problems(data)]
    assert (
        "content/big.png : le fichier est trop volumineux (60,0\xa0Mio ; maximum 50,0\xa0Mio)."
        in messages
    )


def test_french_schema_message(french: None) -> None:
    data = h5p_json()
    del data["title"]
    assert [issue.message for issue in problems(package_with({"h5p.json": data}))] == [
        "h5p.json : le champ obligatoire « title » est absent."
    ]


# --- the French catalogue -------------------------------------------------------------------

PO_FILE = REPO / "h5p" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
_PO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _po_entries() -> dict[str, str]:
    """msgid -> msgstr of the catalogue (a small parser for our single-line entries)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    for line in [*PO_FILE.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'^(msgid|msgstr)?\s*"(.*)"$', line)
        if match:
            key = match.group(1) or key
            text = re.sub(r"\\(.)", lambda m: _PO_ESCAPES[m.group(1)], match.group(2))
            current[key] = current.get(key, "") + text
        elif "msgid" in current and "msgstr" in current:
            entries[current["msgid"]] = current["msgstr"]
            current = {}
    return entries


def _used_msgids() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "h5p" / "validation").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                assert isinstance(node.args[0], ast.Constant), f"non-literal msgid in {path}"
                found.add(node.args[0].value)
    return found


def test_every_message_has_a_french_translation() -> None:
    entries = _po_entries()
    used = _used_msgids()
    assert len(used) > 40
    missing = sorted(msgid for msgid in used if not entries.get(msgid))
    assert missing == []
    for msgid in used:
        placeholders = sorted(re.findall(r"%\(\w+\)[sd]", msgid))
        assert sorted(re.findall(r"%\(\w+\)[sd]", entries[msgid])) == placeholders, msgid


def test_catalogue_header() -> None:
    header = _po_entries()[""]
    assert "Language: fr\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in header


def test_catalogue_compiles(compiled_locale: Path) -> None:
    assert (compiled_locale / "fr" / "LC_MESSAGES" / "django.mo").stat().st_size > 1000


# --- extraction -----------------------------------------------------------------------------


def test_extract_writes_exactly_the_validated_files(tmp_path: Path) -> None:
    files = minimal_files()
    files["content/images/photo.jpg"] = b"\xff\xd8jpeg"
    files.update(library_files("H5P.Extra", 1, 2))
    data = build_package(files=files, entries=[("README.txt", b"stray"), (".DS_Store", b"\0")])
    package = validate_package(data)
    written = extract_package(
        package, data, content_dir=tmp_path / "content", library_root=tmp_path / "libraries"
    )
    on_disk = sorted(
        str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()
    )
    assert on_disk == sorted(str(path.relative_to(tmp_path)) for path in written)
    assert on_disk == [
        "content/content.json",
        "content/images/photo.jpg",
        "libraries/H5P.Extra-1.2/library.json",
        "libraries/H5P.Extra-1.2/scripts/main.js",
        "libraries/H5P.Extra-1.2/styles/main.css",
        "libraries/H5P.Test-1.0/library.json",
        "libraries/H5P.Test-1.0/scripts/main.js",
        "libraries/H5P.Test-1.0/styles/main.css",
    ]
    assert (tmp_path / "content" / "images" / "photo.jpg").read_bytes() == b"\xff\xd8jpeg"


def test_extract_only_the_chosen_libraries(tmp_path: Path) -> None:
    files = {**minimal_files(), **library_files("H5P.Extra", 1, 2)}
    data = build_package(files=files)
    package = validate_package(data)
    extract_package(
        package, io.BytesIO(data), content_dir=None, library_root=tmp_path, libraries=[MAIN]
    )
    assert [path.name for path in tmp_path.iterdir()] == ["H5P.Test-1.0"]


def test_extract_a_real_package(tmp_path: Path) -> None:
    data = _real("multiple-choice.h5p")
    package = validate_package(data)
    written = extract_package(
        package,
        data,
        content_dir=tmp_path / "content",
        library_root=tmp_path / "libs",
        libraries=[library.ref for library in package.bundled_required_libraries],
    )
    assert (tmp_path / "content" / "images" / "file-5885c23902f31.jpg").stat().st_size == 805384
    assert not (tmp_path / "libs" / "H5PEditor.RangeList-1.0").exists()
    assert len(written) == 1 + 1 + sum(len(lib.files) for lib in package.bundled_required_libraries)


def test_extract_refuses_other_bytes(tmp_path: Path) -> None:
    package = validate_package(minimal_package())
    other = minimal_package(title="Another title")
    with pytest.raises(ExtractionError):
        extract_package(package, other, content_dir=tmp_path / "c", library_root=None)
    assert not (tmp_path / "c").exists()


def test_extract_refuses_existing_targets(tmp_path: Path) -> None:
    data = minimal_package()
    package = validate_package(data)
    (tmp_path / "libs" / "H5P.Test-1.0").mkdir(parents=True)
    with pytest.raises(ExtractionError):
        extract_package(package, data, content_dir=None, library_root=tmp_path / "libs")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "old.json").write_text("{}")
    with pytest.raises(ExtractionError):
        extract_package(package, data, content_dir=tmp_path / "content", library_root=None)
    (tmp_path / "file.txt").write_text("not a folder")
    with pytest.raises(ExtractionError):
        extract_package(package, data, content_dir=tmp_path / "file.txt", library_root=None)
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ExtractionError):
        extract_package(package, data, content_dir=tmp_path / "link", library_root=None)


def test_extract_refuses_unknown_libraries(tmp_path: Path) -> None:
    data = minimal_package()
    package = validate_package(data)
    with pytest.raises(ExtractionError):
        extract_package(
            package, data, content_dir=None, library_root=tmp_path, libraries=[("H5P.X", 1, 0)]
        )


# --- robustness -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_member_name_is_either_accepted_or_reported(name: str) -> None:
    assume(name.partition("\0")[0])  # zipfile cannot write a name that starts with NUL
    data = build_package(files=minimal_files(), entries=[(name, b"data")])
    try:
        package = validate_package(data)
    except PackageInvalid as error:
        errors = error.errors
        assert errors
        return
    kept = {f"content/{rel}" for rel in package.content_files} | set(package.ignored_files)
    kept |= {f"{lib.folder}/{rel}" for lib in package.libraries.values() for rel in lib.files}
    for path in kept:
        assert not path.startswith("/")
        assert ".." not in path.split("/")
        assert "\\" not in path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_corrupted_archives_never_crash(data: st.DataObject) -> None:
    archive = bytearray(minimal_package())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(archive) - 1))
        archive[position] = data.draw(st.integers(0, 255))
    try:
        validate_package(bytes(archive))
    except PackageInvalid as error:
        errors = error.errors
        assert errors


@pytest.mark.parametrize(
    ("method", "value"),
    [("machine_name", "H5P.Quiz\n"), ("version", "12\n"), ("language", "fr\n")],
)
def test_a_trailing_line_break_does_not_pass_a_format(method: str, value: str) -> None:
    """Formats are matched on the whole value: `$` alone would let a final line break in."""
    issues: list = []
    assert getattr(Fields("h5p.json", {"field": value}, issues), method)("field") is None
    assert [issue.code for issue in issues] == ["invalid-field"]
