"""Probing URLs over HTTP: HEAD, then GET, with timeouts, in bounded parallel.

Pure network code, with no database access: `services.link_checks_run` gathers the
URLs, calls `urls_probe` outside any transaction, then records the results.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

USER_AGENT = "BNM-Formation-link-checker/1.0 (+https://formation.bnm.example.org)"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProbeResult:
    """What one URL answered."""

    url: str
    is_ok: bool
    status_code: int | None
    method: str
    error: str
    elapsed_ms: int


def _request(client: httpx.Client, method: str, url: str) -> int:
    """Send one request without reading the body; return the final status code."""
    with client.stream(method, url) as response:
        return response.status_code


def _failure(url: str, error: Exception) -> str:
    """A short message for an exception other than a network error (logged, not shown)."""
    if isinstance(error, ValueError | httpx.InvalidURL):  # e.g. an IDNA error on the host
        return "invalid URL"
    logger.warning("Link check of %s failed unexpectedly", url, exc_info=error)
    return f"unexpected error ({type(error).__name__})"


def url_probe(client: httpx.Client, url: str) -> ProbeResult:
    """HEAD the URL; on an error status or a refused HEAD, try GET (not after a timeout).

    Any other exception is this URL's failure, never the run's: it is recorded as such.
    """
    started = time.monotonic()

    def result(ok: bool, status: int | None, method: str, error: str = "") -> ProbeResult:
        elapsed = round((time.monotonic() - started) * 1000)
        return ProbeResult(url, ok, status, method, error, elapsed)

    try:
        status = _request(client, "HEAD", url)
        if status < 400:
            return result(True, status, "HEAD")
    except httpx.TimeoutException:
        return result(False, None, "HEAD", "timeout")
    except httpx.HTTPError:
        pass  # some servers refuse HEAD outright: GET decides
    except Exception as error:  # one URL must not stop the run
        return result(False, None, "HEAD", _failure(url, error))
    try:
        status = _request(client, "GET", url)
    except httpx.TimeoutException:
        return result(False, None, "GET", "timeout")
    except httpx.HTTPError as error:
        return result(False, None, "GET", f"{type(error).__name__}: {error}"[:255])
    except Exception as error:  # one URL must not stop the run
        return result(False, None, "GET", _failure(url, error))
    return result(status < 400, status, "GET")


def urls_probe(urls: Sequence[str], *, timeout: float, workers: int) -> list[ProbeResult]:
    """Probe every URL, at most `workers` at a time; results in the order of `urls`."""
    if not urls:
        return []
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    with (
        httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            limits=limits,
            headers={"User-Agent": USER_AGENT},
        ) as client,
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
    ):
        return list(pool.map(lambda url: url_probe(client, url), urls))
