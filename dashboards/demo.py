"""Demo data for the dashboards: agents in every demo library, with 18 months of history.

Each demo library gets between 15 and 30 agents. Their statements go through the real LRS
path (so skills turns them into evidence and the dashboards count them): positioning,
exercises passed online, competences validated in workshops, a few Pix results, path
completions and workshop attendances, spread over the last 18 months. An agent who
already exists is left as is, so running the step twice leaves the same rows.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.demo import DemoLog
from lrs.builders import activity, activity_iri, platform_statement
from lrs.services import statements_store
from lrs.vocabulary import ActivityType, Extension, Verb
from organizations.demo import DEMO_LIBRARIES
from organizations.models import Library, Membership
from skills.models import Competence
from skills.selectors import competence_iri, framework_competences, framework_current

NAMESPACE = uuid.UUID("5b0f3c8e-2d4a-4e71-9a36-1c8d7e2f4a90")
FIRST_NAMES = (
    "Amélie", "Bastien", "Camille", "Damien", "Élodie", "Fabien", "Gaëlle", "Hugo", "Inès",
    "Jérôme", "Karine", "Lucas", "Manon", "Nicolas", "Océane", "Pascal", "Quentin", "Rachida",
    "Sébastien", "Thérèse", "Ulysse", "Valérie", "Wassim", "Yasmine", "Zoé",
)  # fmt: skip
LAST_NAMES = (
    "Delattre", "Vandenberghe", "Lemaire", "Dubois", "Lefebvre", "Mahieu", "Desmet", "Carpentier",
    "Wattrelot", "Dewulf", "Lecomte", "Benali", "Deschamps", "Vermeersch", "Hennebelle",
    "Ouali", "Duriez", "Plouvier", "Catteau", "Verstraete",
)  # fmt: skip
PROVENANCE_VERB = {
    "online": Verb.PASSED,
    "in_person": Verb.MASTERED,
    "declared": Verb.SELF_ASSESSED,
    "certified": Verb.CERTIFIED,
}
MONTHS = 18


def _when(rng: random.Random) -> datetime:
    """A working-day moment in the last 18 months."""
    days = rng.randint(0, MONTHS * 30)
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour=rng.randint(9, 17))))


def _competence_statement(
    user: Any, competence: Competence, level: int, provenance: str, when: datetime, key: str
) -> dict[str, Any]:
    """A statement proving a level on a competence, from one of the four provenances."""
    return platform_statement(
        user=user,
        verb=PROVENANCE_VERB[provenance],
        object_=activity(
            competence_iri(competence), activity_type=ActivityType.COMPETENCY, name=competence.title
        ),
        result={"success": True, "extensions": {Extension.LEVEL: level}},
        extensions={Extension.PROVENANCE: provenance},
        timestamp=when,
        statement_id=uuid.uuid5(NAMESPACE, key),
    )


def _history(user: Any, competences: list[Competence], rng: random.Random) -> list[dict]:
    """One agent's statements: levels that tend to rise, completions and attendances."""
    statements = []
    base = rng.randint(1, 3)
    # Most agents work on the first competences (the network's training priorities).
    chosen = rng.sample(competences[:5], k=rng.randint(2, 5)) + rng.sample(
        competences[5:], k=rng.randint(0, 5)
    )
    for number, competence in enumerate(chosen):
        provenance = rng.choices(
            ["online", "in_person", "declared", "certified"], weights=[6, 3, 3, 1]
        )[0]
        level = max(1, min(8, base + rng.randint(0, 2)))
        statements.append(
            _competence_statement(
                user, competence, level, provenance, _when(rng), f"{user.email}/level/{number}"
            )
        )
    for number in range(rng.randint(0, 3)):
        path = rng.randint(1, 6)
        statements.append(
            platform_statement(
                user=user,
                verb=Verb.COMPLETED,
                object_=activity(
                    activity_iri("path", f"demo-{path}"),
                    activity_type=ActivityType.COURSE,
                    name=f"Parcours de démonstration {path}",
                ),
                result={"completion": True},
                timestamp=_when(rng),
                statement_id=uuid.uuid5(NAMESPACE, f"{user.email}/path/{number}"),
            )
        )
    for number in range(rng.randint(0, 4)):
        statements.append(
            platform_statement(
                user=user,
                verb=Verb.ATTENDED,
                object_=activity(
                    activity_iri("workshop", f"demo-{rng.randint(1, 8)}"),
                    activity_type=ActivityType.MEETING,
                    name="Atelier de démonstration",
                ),
                result={"completion": True},
                extensions={Extension.PROVENANCE: "in_person"},
                timestamp=_when(rng),
                statement_id=uuid.uuid5(NAMESPACE, f"{user.email}/attended/{number}"),
            )
        )
    return statements


def seed(log: DemoLog) -> None:
    """Create the demo agents of every demo library and record their history."""
    framework = framework_current()
    if framework is None:
        log("dashboards: no DigComp framework loaded, skipped")
        return
    competences = framework_competences(framework)
    user_model = get_user_model()
    created = 0
    for index, (code, name, _kind) in enumerate(DEMO_LIBRARIES):
        library = Library.objects.filter(commune__insee_code=code, name=name).first()
        if library is None:
            continue
        rng = random.Random(f"bnm-dashboards-{index}")  # noqa: S311 (demo data)
        # One LRS batch per library, as a library's tools would send them: the listeners
        # then update records and summaries once for the batch, not once per agent.
        payload: list[dict] = []
        for number in range(rng.randint(15, 30)):
            email = f"agent.{index:02d}.{number:02d}@demo.example.org"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if user_model.objects.filter(email=email).exists():
                continue
            user = user_model.objects.create_user(email, None, first_name=first, last_name=last)
            Membership.objects.create(user=user, role=Membership.Role.AGENT, library=library)
            payload += _history(user, competences, rng)
            created += 1
        if payload:
            statements_store(payload=payload)
    log(f"dashboards: {created} demo agents with their history (password: none, no login)")
