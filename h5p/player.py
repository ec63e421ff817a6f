"""The isolated H5P player: its URL, its configuration and its security headers.

Why a sandboxed iframe
----------------------
Library code in a package is third-party JavaScript. The player therefore never runs in a
document that shares the main site's origin:

* the page that shows an exercise (``/h5p/<id>/`` or a lesson with an ``H5PBlock``) embeds
  ``<iframe sandbox="allow-scripts" src="/h5p/play/<id>/?token=…">``. Without
  ``allow-same-origin`` the player document gets an opaque origin ("null"): it cannot read
  ``document.cookie`` (the session and CSRF cookies), cannot reach the parent page's DOM, and
  its requests to the site carry no cookie and cannot read responses that are not CORS-enabled;
* the player response repeats the isolation in its own headers (``Content-Security-Policy:
  sandbox allow-scripts`` and a strict source list), so opening its URL directly gives the same
  opaque origin, and ``frame-ancestors 'self'`` stops other sites from framing it;
* the player still records to our LRS as the logged-in learner, through a short-lived signed
  token (``lrs.tokens.player_token_issue``) scoped to that learner and to this content's
  activity IRI, sent as ``Authorization: Bearer``; the LRS forces the actor to the token's user
  and answers CORS for the "null" origin only for such Bearer requests, never with credentials.

A separate origin (another domain) would isolate as well, but needs a second host, certificate
and cookie-free domain in every deployment; the sandbox gives the same guarantees on one host.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from h5p.models import H5PContent
from h5p.selectors import content_activity_iri
from lrs.agents import agent_for
from lrs.tokens import player_token_issue

XAPI_STATEMENTS_URL = "/xapi/statements"
XAPI_STATE_URL = "/xapi/activities/state"
XAPI_VERSION = "1.0.3"
STATE_ID = "h5p-state"
SAVE_FREQUENCY_SECONDS = 10
# Attribute of the iframe: scripts only; no same-origin, no popups, no forms, no top navigation.
IFRAME_SANDBOX = "allow-scripts"


@dataclass(frozen=True)
class PlayerEmbed:
    """What a page needs to embed the player for one learner."""

    content: H5PContent
    src: str
    sandbox: str = IFRAME_SANDBOX


def player_token(*, content: H5PContent, user: AbstractBaseUser) -> str:
    """A short-lived LRS token for this learner and this content's activity IRI."""
    return player_token_issue(user=user, activity_prefix=content_activity_iri(content))


def player_embed(*, content: H5PContent, user: AbstractBaseUser) -> PlayerEmbed:
    """The sandboxed iframe of a content for a logged-in learner."""
    token = player_token(content=content, user=user)
    src = reverse("h5p:play_content", args=[content.pk]) + "?" + urlencode({"token": token})
    return PlayerEmbed(content=content, src=src)


def content_base_url(content: H5PContent) -> str:
    """URL of the content folder (h5p.json and content/); the folder id versions it."""
    return reverse("h5p:content_file", args=[content.folder, "h5p.json"]).removesuffix("/h5p.json")


def libraries_base_url(content: H5PContent) -> str:
    """URL of the libraries of a content; the token changes when a library is upgraded."""
    placeholder = reverse("h5p:library_file", args=[content.libraries_token, "_", "_"])
    return placeholder.removesuffix("/_/_")


def player_config(*, content: H5PContent, user: AbstractBaseUser, token: str) -> dict[str, Any]:
    """The configuration bridge.js reads to start h5p-standalone and record to the LRS."""
    return {
        "contentId": str(content.pk),
        "title": content.title,
        "h5pJsonPath": content_base_url(content),
        "librariesPath": libraries_base_url(content),
        "frameJs": static("vendor/h5p-standalone/frame.bundle.js"),
        "frameCss": static("vendor/h5p-standalone/styles/h5p.css"),
        "xAPIObjectIRI": content_activity_iri(content),
        "saveFreq": SAVE_FREQUENCY_SECONDS,
        "actor": agent_for(user),
        "token": token,
        "xapiVersion": XAPI_VERSION,
        "statementsUrl": XAPI_STATEMENTS_URL,
        "stateUrl": XAPI_STATE_URL,
        "stateId": STATE_ID,
        "translations": _core_translations(),
        "messages": {
            "loadFailed": _("The exercise could not be loaded. Reload the page to try again."),
            "sendFailed": _(
                "Your answers could not be saved. Check your connection; "
                "we will try again automatically."
            ),
            "expired": _("This exercise page has expired. Reload the page to go on."),
        },
    }


def _core_translations() -> dict[str, str]:
    """H5P core strings a learner may see, in the active language."""
    return {
        "close": _("Close"),
        "confirmDialogHeader": _("Confirm action"),
        "confirmDialogBody": _("Please confirm that you wish to proceed. This cannot be undone."),
        "cancelLabel": _("Cancel"),
        "confirmLabel": _("Confirm"),
        "contentChanged": _("This content has changed since you last used it."),
        "startingOver": _("You will be starting over."),
        "fullscreen": _("Full screen"),
        "disableFullscreen": _("Leave full screen"),
        "offlineDialogHeader": _("Your connection to the server was lost"),
        "offlineDialogBody": _(
            "We could not send information about your completion of this task. "
            "Please check your internet connection."
        ),
        "offlineDialogRetryMessage": _("Trying again in :num…"),
        "offlineDialogRetryButtonLabel": _("Try again now"),
        "offlineSuccessfulSubmit": _("Results sent."),
    }


def site_origin(request: HttpRequest) -> str:
    """The origin serving this request, e.g. ``https://formation.example.org``."""
    return f"{request.scheme}://{request.get_host()}"


def _static_origin(request: HttpRequest) -> str:
    """The origin of STATIC_URL when static files are on another host (a CDN)."""
    parts = urlsplit(settings.STATIC_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else site_origin(request)


def player_csp(request: HttpRequest) -> str:
    """Content-Security-Policy of the player document.

    ``sandbox allow-scripts`` gives the document an opaque origin even when opened outside
    the iframe. Sources are our own origin(s) only: nothing is loaded from or sent elsewhere.
    Inline styles are allowed because H5P content types set ``style`` attributes, and
    ``'unsafe-eval'`` because some libraries compile templates at run time (EmbeddedJS, used
    by H5P.MultiChoice); inline scripts stay forbidden (the configuration is a JSON block).
    """
    own = " ".join(dict.fromkeys([site_origin(request), _static_origin(request)]))
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {own} 'unsafe-eval'",
            f"style-src {own} 'unsafe-inline'",
            f"img-src {own} data: blob:",
            f"font-src {own} data:",
            f"media-src {own} data: blob:",
            f"connect-src {own}",
            "frame-src 'none'",
            "worker-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
            "sandbox allow-scripts",
        ]
    )


# Served package files: harmless as sub-resources, inert if opened directly (an SVG or XML
# file with a script runs with an opaque origin and no script, style or connection).
FILE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
