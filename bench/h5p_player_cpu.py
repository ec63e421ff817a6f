"""Diagnostic: the web process's CPU per statement the H5P player posts, listeners included.

`bench_lrs` and `lrs_web_cpu` post statements no listener cares about. The player's are
different: each is a single POST with a Bearer token, about a content placed in lessons of
the learner's paths, and the courses and skills listeners run inside the store's
transaction. This seeds the demo on a scratch PostgreSQL database, takes the demo agent's
enrollment and the first H5P content, and posts, as the player does:

* answers to sub-questions (`answered` on `<content IRI>?subContentId=…`, wrong), the
  bulk of what a quiz sends;
* attempts at the content itself (`answered` on its IRI, failed), which run the lesson
  checks. The learner's attempts pile up over the run, and each check reads them all, so
  keep ATTEMPTS near what a learner really makes.

    python -m bench.h5p_player_cpu [SUBQUESTIONS] [ATTEMPTS]    (defaults 300 and 20)
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import uuid
from collections.abc import Callable

from bench.lrs_web_cpu import in_scratch_database, wsgi_post

WARMUP = 20


def _statement(iri: str, content_id: int, index: int, *, root: bool) -> bytes:
    """One failed answer, as H5P.MultiChoice sends it."""
    return json.dumps(
        {
            "actor": {"objectType": "Agent", "name": "x", "mbox": "mailto:x@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "a"}},
            "object": {
                "objectType": "Activity",
                "id": iri if root else f"{iri}?subContentId={index % 7}",
                "definition": {
                    "name": {"en-US": "Question"},
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": "choice",
                    "correctResponsesPattern": ["0"],
                    "choices": [
                        {"id": "0", "description": {"en-US": "a"}},
                        {"id": "1", "description": {"en-US": "b"}},
                    ],
                },
            },
            "result": {
                "score": {"min": 0, "max": 1, "raw": 0, "scaled": 0},
                "success": False,
                "completion": True,
                "response": "1",
                "duration": "PT3.2S",
            },
            "context": {
                "registration": str(uuid.uuid4()),
                "contextActivities": {
                    "parent": [{"id": iri, "objectType": "Activity"}],
                    "category": [{"id": "http://h5p.org/libraries/H5P.MultiChoice-1.16"}],
                },
                "extensions": {"http://h5p.org/x-api/h5p-local-content-id": content_id},
            },
        }
    ).encode()


def _measure(subquestions: int, attempts: int) -> None:
    """Seed the demo, then post both kinds of statements and print the CPU per POST."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())

    from courses.models import Enrollment
    from h5p.models import H5PContent
    from h5p.selectors import content_activity_iri
    from lms.runtime import tune_collector
    from lms.wsgi import application
    from lrs.tokens import player_token_issue

    user = Enrollment.objects.select_related("user").order_by("pk").first().user
    content = H5PContent.objects.order_by("pk").first()
    iri = content_activity_iri(content)
    authorization = "Bearer " + player_token_issue(user=user, activity_prefix=iri)
    tune_collector()

    def post(body: bytes) -> None:
        wsgi_post(application, body, authorization, origin="null")

    def run(label: str, count: int, body: Callable[[int], bytes]) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        for index in range(count):
            post(body(index))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"{label:<32} {cpu / count * 1e3:7.2f} ms CPU per POST "
            f"({wall / count * 1e3:.2f} ms wall), {count} POSTs"
        )

    for index in range(WARMUP):
        post(_statement(iri, content.pk, index, root=False))
    run("sub-question answers", subquestions, lambda i: _statement(iri, content.pk, i, root=False))
    run("attempts at the content", attempts, lambda i: _statement(iri, content.pk, i, root=True))


def main(argv: list[str]) -> None:
    """Create a scratch database, measure in a subprocess pointed at it, drop it."""
    if os.environ.get("BENCH_CHILD"):
        _measure(int(argv[0]) if argv else 300, int(argv[1]) if len(argv) > 1 else 20)
        return
    in_scratch_database("bench.h5p_player_cpu", argv)


if __name__ == "__main__":
    main(sys.argv[1:])
