"""Tests of the package file views: content types, long caching, CORS, no path traversal."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from h5p import storage
from h5p.player import content_base_url, libraries_base_url
from h5p.views import content_type_for

from .factories import build_package, import_package, minimal_files, package_with_patch

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """A content with an image, a JSON file and a library with JS and CSS."""
    files = minimal_files()
    files["content/images/photo.jpg"] = b"\xff\xd8\xff\xe0jpeg"
    files["content/notes.txt"] = "Bibliothèque".encode()
    return import_package(build_package(files=files))


def content_url(content, path: str) -> str:
    return f"{content_base_url(content)}/{path}"


def library_url(content, path: str, folder: str = "H5P.Test-1.0") -> str:
    return f"{libraries_base_url(content)}/{folder}/{path}"


def assert_cached_forever(response) -> None:
    """Immutable caching, readable by the opaque-origin player, inert when opened."""
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("h5p.json", "application/json", None),
        ("content/content.json", "application/json", b'{"question"'),
        ("content/images/photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0jpeg"),
        ("content/notes.txt", "text/plain; charset=utf-8", "Bibliothèque".encode()),
    ],
)
def test_content_files_are_served_with_type_and_long_cache(
    client, content, path: str, content_type: str, body: bytes | None
) -> None:
    """Content files have their type, immutable caching and CORS for the player."""
    response = client.get(content_url(content, path))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    data = b"".join(response.streaming_content)
    if body is not None:
        assert data.startswith(body)
    assert_cached_forever(response)


def test_h5p_json_is_the_package_metadata(client, content) -> None:
    """The player reads h5p.json from the content folder."""
    response = client.get(content_url(content, "h5p.json"))
    assert (
        b"".join(response.streaming_content).decode()
        == (storage.content_dir(content.folder) / "h5p.json").read_text()
    )


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("library.json", "application/json"),
        ("scripts/main.js", "text/javascript; charset=utf-8"),
        ("styles/main.css", "text/css; charset=utf-8"),
    ],
)
def test_library_files_are_served_with_type_and_long_cache(
    client, content, path: str, content_type: str
) -> None:
    """Library files have their type and immutable caching under the versioned URL."""
    response = client.get(library_url(content, path))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert_cached_forever(response)


def test_head_requests_are_answered(client, content) -> None:
    """HEAD works (caches and link checkers use it)."""
    assert client.head(library_url(content, "scripts/main.js")).status_code == 200


def test_an_upgrade_changes_the_library_url(client, django_capture_on_commit_callbacks) -> None:
    """Cached files can never be stale: a newer patch gets a new URL, the old one is gone."""
    with django_capture_on_commit_callbacks(execute=True):
        content = import_package(package_with_patch(3, b"// 3\n"))
    old_url = library_url(content, "scripts/main.js")
    with django_capture_on_commit_callbacks(execute=True):
        import_package(package_with_patch(4, b"// 4\n"))
    content.refresh_from_db()
    new_url = library_url(content, "scripts/main.js")
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert b"".join(client.get(new_url).streaming_content) == b"// 4\n"


@pytest.mark.parametrize(
    "path",
    [
        "../../libraries/H5P.Test-1.0/library.json",
        "content/../../../secret.txt",
        "content/%2e%2e/%2e%2e/secret.txt",
        "content/..%2f..%2fsecret.txt",
        "content/.hidden",
        "content//content.json",
        "content\\content.json",
        "content/missing.json",
        "content",
    ],
)
def test_content_paths_cannot_escape_the_folder(client, content, path: str) -> None:
    """Traversal, hidden files, folders and missing files all give 404."""
    (storage.h5p_root() / "secret.txt").write_text("secret")
    (storage.content_dir(content.folder) / "content" / ".hidden").write_text("hidden")
    response = client.get(content_url(content, path))
    assert response.status_code == 404


def test_symbolic_links_are_not_followed(client, content) -> None:
    """A link planted in a content folder does not expose what it points to."""
    secret = storage.h5p_root() / "secret.txt"
    secret.write_text("secret")
    os.symlink(secret, storage.content_dir(content.folder) / "content" / "link.txt")
    assert client.get(content_url(content, "content/link.txt")).status_code == 404


@pytest.mark.parametrize(
    ("token", "folder", "path"),
    [
        ("0123456789abcdef", "H5P.Test-1.0", "scripts/main.js"),  # unknown token
        (None, "H5P.Other-1.0", "scripts/main.js"),  # library not installed
        (None, "H5P.Test", "scripts/main.js"),  # malformed folder name
        (None, "H5P.Test-1.0", "../H5P.Test-1.0/scripts/main.js"),
        (None, "H5P.Test-1.0", "scripts/missing.js"),
        ("../../etc", "H5P.Test-1.0", "scripts/main.js"),
    ],
)
def test_library_urls_are_checked(client, content, token, folder: str, path: str) -> None:
    """Only installed files under a current token are served."""
    url = f"/h5p/files/libraries/{token or content.libraries_token}/{folder}/{path}"
    assert client.get(url).status_code == 404


def test_unknown_content_folder_is_404(client, content) -> None:
    """A folder id without a content (e.g. a deleted one) serves nothing."""
    url = reverse("h5p:content_file", args=["00000000-0000-4000-8000-000000000000", "h5p.json"])
    assert client.get(url).status_code == 404


def test_cors_preflight_is_answered(client, content) -> None:
    """Libraries that fetch files with XHR (H5P.SoundJS) get their CORS preflight."""
    response = client.options(
        library_url(content, "scripts/main.js"),
        HTTP_ORIGIN="null",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_files_are_read_only(client, content) -> None:
    """Only GET and HEAD are allowed."""
    assert client.post(content_url(content, "h5p.json")).status_code == 405


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.CSS", "text/css; charset=utf-8"),
        ("font.woff2", "font/woff2"),
        ("font.woff", "font/woff"),
        ("icon.svg", "image/svg+xml"),
        ("clip.mp4", "video/mp4"),
        ("sound.mp3", "audio/mpeg"),
        ("captions.vtt", "text/vtt; charset=utf-8"),
        ("doc.pdf", "application/pdf"),
        ("unknown.zzz", "application/octet-stream"),
    ],
)
def test_content_types(name: str, expected: str) -> None:
    """Each extension a package may hold gets its standard type."""
    assert content_type_for(name) == expected


NOTES = "Bibliothèque".encode()  # 13 bytes: "è" takes two


@pytest.mark.parametrize(
    ("header", "status", "content_range", "body"),
    [
        ("bytes=0-3", 206, "bytes 0-3/13", NOTES[0:4]),
        ("bytes=4-", 206, "bytes 4-12/13", NOTES[4:]),
        ("bytes=-3", 206, "bytes 10-12/13", b"que"),
        ("bytes=10-999", 206, "bytes 10-12/13", b"que"),
        ("bytes=13-", 416, "bytes */13", b""),
        ("bytes=0-1,4-5", 200, None, NOTES),
        ("lines=1-2", 200, None, NOTES),
        ("bytes=5-2", 200, None, NOTES),
    ],
)
def test_byte_ranges_let_media_players_seek(
    client, content, header: str, status: int, content_range: str | None, body: bytes
) -> None:
    """One byte range gets 206 with its bytes; past the end 416; anything else the whole file."""
    response = client.get(content_url(content, "content/notes.txt"), HTTP_RANGE=header)
    assert response.status_code == status
    assert response["Accept-Ranges"] == "bytes"
    assert response.get("Content-Range") == content_range
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data == body
    if status == 206:
        assert response["Content-Length"] == str(len(body))
        assert_cached_forever(response)
