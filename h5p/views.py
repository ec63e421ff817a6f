"""Views of the h5p app: the learner's page, the isolated player, and the package files."""

from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_safe

from common.ranges import ranged_file_response
from h5p import storage
from h5p.models import H5PContent, H5PContentLibrary, H5PLibrary
from h5p.player import FILE_CSP, player_config, player_csp, player_embed
from h5p.selectors import attempts_for, content_activity_iri, contents_listed, counted_score
from lrs.tokens import player_token_read

IMMUTABLE = "public, max-age=31536000, immutable"
_TOKEN = re.compile(r"^[0-9a-f]{16}$")
# Explicit types for the extensions packages may hold (the platform's mimetypes table varies).
CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xml": "application/xml",
    "pdf": "application/pdf",
    "gltf": "model/gltf+json",
    "glb": "model/gltf-binary",
}


def content_type_for(name: str) -> str:
    """The Content-Type to serve a package file with."""
    extension = name.rpartition(".")[2].lower()
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _file_response(request: HttpRequest, path: Path) -> HttpResponseBase:
    """A package file (or the byte range asked for: media seek), cached long, CORS, inert CSP."""
    response = ranged_file_response(request, path, content_type_for(path.name))
    if response.status_code != 416:  # an error is not the file: never cache it for long
        response["Cache-Control"] = IMMUTABLE
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Security-Policy"] = FILE_CSP
    return response


def _preflight() -> HttpResponse:
    """The CORS preflight answer for package files (some libraries load them by XHR)."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "86400"
    return response


files_methods = require_http_methods(["GET", "HEAD", "OPTIONS"])


@files_methods
def serve_content_file(request: HttpRequest, folder: uuid.UUID, path: str) -> HttpResponseBase:
    """A file of a content folder (h5p.json, content/…); the folder id never changes."""
    if request.method == "OPTIONS":
        return _preflight()
    if not H5PContent.objects.filter(folder=folder).exists():
        raise Http404
    found = storage.safe_file(storage.content_dir(folder), path)
    if found is None:
        raise Http404
    return _file_response(request, found)


@files_methods
def serve_library_file(
    request: HttpRequest, token: str, folder: str, path: str
) -> HttpResponseBase:
    """A file of an installed library, under a token naming the installed patch versions."""
    if request.method == "OPTIONS":
        return _preflight()
    ref = storage.parse_folder_name(folder)
    if ref is None or not _TOKEN.match(token):
        raise Http404
    library = H5PLibrary.objects.filter(
        machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor
    ).first()
    if library is None:
        raise Http404
    in_use = H5PContentLibrary.objects.filter(library=library, content__libraries_token=token)
    if not in_use.exists():
        raise Http404  # an old token: its patch version is gone
    found = storage.safe_file(storage.library_dir(ref), path)
    if found is None:
        raise Http404
    return _file_response(request, found)


@login_required
def show_content(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of one content for a logged-in learner: the sandboxed player, their results."""
    content = get_object_or_404(contents_listed(), pk=pk)
    context = {
        "content": content,
        "embed": player_embed(content=content, user=request.user),
        "attempts": attempts_for(request.user, content),
        "counted": counted_score(request.user, content),
    }
    return render(request, "h5p/content_detail.html", context)


@require_safe
@xframe_options_sameorigin
def play_content(request: HttpRequest, pk: int) -> HttpResponse:
    """The player document, loaded in a sandboxed iframe; identified by its token only.

    It never reads the session (the iframe's requests carry no cookie anyway): the token
    names the learner and the content.
    """
    content = get_object_or_404(H5PContent.objects.select_related("main_library"), pk=pk)
    token = request.GET.get("token", "")
    user = _token_user(token, content)
    # Rendered without the request: no context processor may touch the session or CSRF.
    if user is None:
        html = render_to_string("h5p/player_expired.html", {"content": content})
        response = HttpResponse(html, status=403)
    else:
        config = player_config(content=content, user=user, token=token)
        html = render_to_string("h5p/player.html", {"content": content, "config": config})
        response = HttpResponse(html)
    response["Content-Security-Policy"] = player_csp(request)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _token_user(token: str, content: H5PContent) -> object | None:
    """The active user a valid token for this content names, or None."""
    try:
        grant = player_token_read(token)
    except signing.BadSignature:
        return None
    if grant.activity_prefix != content_activity_iri(content):
        return None
    return get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
