"""A synthetic load for benchmarks (`manage.py seed_load`): people, statements, evidence.

Everything is written in bulk (COPY on PostgreSQL), not through the per-statement
services, so that a million statements load in minutes. The rows are those the services
would write: statements with their index keys, evidence decided by the skills rules
(`skills.rules`), skill records folded by the same rule, and the dashboards' summaries
computed by the same code as `dashboards_rebuild`.

The load spreads over the 95 communes (libraries in proportion to population), over the
last months (more activity recently), and over both frameworks' competences; levels
rise with time.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from dashboards.bulk import RawJson, bulk_insert, fast_session, sequence_reset
from dashboards.models import PersonActivityMonth
from dashboards.months import add_months, current_month, month_of
from dashboards.selectors.homes import homes_for
from dashboards.services.rebuild import activity_summaries_write, level_summaries_write
from lrs.agents import platform_authority
from lrs.builders import activity_iri
from lrs.models import (
    ActivityDefinition,
    ActorIdentity,
    Statement,
    StatementKey,
    iri_hash,
    key_hash,
    statement_key,
)
from lrs.vocabulary import VERB_DISPLAY, ActivityType, Extension, Verb
from lrs.xapi.timestamps import format_timestamp
from organizations.models import Commune, Library, Membership
from skills.models import Alignment, Competence, Evidence, SkillLevelChange, SkillRecord
from skills.rules import Fact, RecordState, evidence_level, record_fold, statement_claim
from skills.selectors import competence_iri, framework_max_levels

EMAIL_DOMAIN = "charge.example.org"
FIRST_NAMES = (
    "Léa", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Manon", "Adam", "Camille", "Nathan",
    "Sarah", "Théo", "Yasmine", "Lucas", "Emma", "Karim", "Julie", "Mehdi", "Claire", "Antoine",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Lefebvre", "Leroy", "Roux", "Dupont", "Lambert", "Benali",
    "Vandamme", "Desmet", "Lemaire", "Carlier", "Delporte", "Verhaeghe", "Haddad", "Fontaine",
)  # fmt: skip

# Share of each kind of statement (sums to 1).
MIX = (
    ("exercise_passed", 0.50),
    ("exercise_experienced", 0.12),
    ("exercise_failed", 0.04),
    ("declared", 0.10),
    ("certified", 0.02),
    ("path_completed", 0.05),
    ("lesson_completed", 0.03),
    ("attended", 0.09),
    ("validated", 0.05),
)
VERBS = {
    "exercise_passed": Verb.PASSED,
    "exercise_experienced": Verb.EXPERIENCED,
    "exercise_failed": Verb.FAILED,
    "declared": Verb.SELF_ASSESSED,
    "certified": Verb.CERTIFIED,
    "path_completed": Verb.COMPLETED,
    "lesson_completed": Verb.COMPLETED,
    "attended": Verb.ATTENDED,
    "validated": Verb.MASTERED,
}


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote."""

    libraries: int
    people: int
    statements: int
    evidence: int
    level_steps: int
    level_counts: int


@dataclass(frozen=True)
class _Activity:
    """A synthetic activity: its IRI, type, name and aligned competences."""

    iri: str
    type: str
    name: str
    aligned: tuple[tuple[int, int], ...]  # (competence id, level)

    @cached_property
    def hash(self) -> int:
        """Its index hash."""
        return iri_hash(self.iri)

    @cached_property
    def json(self) -> str:
        """Its JSON, as statements carry it."""
        return _dumps(
            {
                "objectType": "Activity",
                "id": self.iri,
                "definition": {"type": self.type, "name": {"fr-FR": self.name}},
            }
        )


def _dumps(value: object) -> str:
    """Compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _libraries(count: int, rng: random.Random) -> list[Library]:
    """Libraries spread over the communes in proportion to population (one at least each)."""
    communes = list(Commune.objects.order_by("insee_code"))
    total = sum(max(commune.population, 1) for commune in communes)
    share = {
        commune.pk: max(1, round(count * max(commune.population, 1) / total))
        for commune in communes
    }
    rows, number = [], 0
    for commune in communes:
        for _ in range(share[commune.pk]):
            number += 1
            kind = Library.Kind.ASSOCIATIVE if rng.random() < 0.15 else Library.Kind.MUNICIPAL
            rows.append(
                {
                    "name": f"Bibliothèque de charge {number:04d}",
                    "commune_id": commune.pk,
                    "kind": kind,
                }
            )
    bulk_insert(Library, rows)
    return list(Library.objects.filter(name__startswith="Bibliothèque de charge").order_by("pk"))


def _people(count: int, libraries: list[Library], rng: random.Random) -> list[int]:
    """People with a library membership each (a few heads and trainers among them)."""
    password = make_password(None)
    user_model = get_user_model()
    now = timezone.now()
    bulk_insert(
        user_model,
        (
            {
                "email": f"agent{number:06d}@{EMAIL_DOMAIN}",
                "password": password,
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": rng.choice(LAST_NAMES),
                "is_active": True,
                "date_joined": now,
            }
            for number in range(count)
        ),
    )
    ids = list(
        user_model.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    weights = [rng.uniform(0.5, 2.0) for _ in libraries]
    homes = rng.choices(libraries, weights=weights, k=len(ids))
    roles = [Membership.Role.AGENT, Membership.Role.LIBRARY_HEAD, Membership.Role.TRAINER]
    bulk_insert(
        Membership,
        (
            {
                "user_id": user_id,
                "library_id": library.pk,
                "role": rng.choices(roles, weights=[93, 4, 3])[0],
            }
            for user_id, library in zip(ids, homes, strict=True)
        ),
    )
    return ids


def _activities(competences: list[Competence], rng: random.Random) -> dict[str, list[_Activity]]:
    """Exercises, paths and workshops aligned to competences, and the competence IRIs."""
    by_kind: dict[str, list[_Activity]] = defaultdict(list)
    alignments = []
    for competence in competences:
        for number in range(10):
            level = rng.randint(1, 6)
            iri = activity_iri("charge-exercice", f"{competence.pk}-{number}")
            by_kind["exercise"].append(
                _Activity(
                    iri,
                    ActivityType.ASSESSMENT,
                    f"Exercice {competence.code}",
                    ((competence.pk, level),),
                )
            )
            alignments.append({"activity_iri": iri, "competence_id": competence.pk, "level": level})
        by_kind["competence"].append(
            _Activity(
                competence_iri(competence),
                ActivityType.COMPETENCY,
                competence.title,
                ((competence.pk, 0),),
            )
        )
    for kind, activity_type, count in (
        ("path", ActivityType.COURSE, 24),
        ("workshop", ActivityType.MEETING, 40),
    ):
        for number in range(count):
            aligned = tuple(
                (competence.pk, rng.randint(2, 5)) for competence in rng.sample(competences, k=2)
            )
            iri = activity_iri(f"charge-{kind}", number)
            by_kind[kind].append(
                _Activity(iri, activity_type, f"{kind.capitalize()} {number}", aligned)
            )
            alignments += [
                {"activity_iri": iri, "competence_id": competence_id, "level": level}
                for competence_id, level in aligned
            ]
    for number in range(30):
        iri = activity_iri("charge-lesson", number)
        by_kind["lesson"].append(_Activity(iri, ActivityType.LESSON, f"Leçon {number}", ()))
    bulk_insert(Alignment, alignments)
    return by_kind


class _Generator:
    """Draws statements one by one and keeps what the other tables need."""

    def __init__(
        self,
        *,
        people: list[int],
        activities: dict[str, list[_Activity]],
        months: int,
        rng: random.Random,
        tops: dict[int, int],
        framework_of: dict[int, int],
    ) -> None:
        self.people = people
        self.activities = activities
        self.rng = rng
        self.tops = tops
        self.framework_of = framework_of
        last = current_month()
        self.months = [add_months(last, -offset) for offset in range(months - 1, -1, -1)]
        zone = timezone.get_current_timezone()
        self.month_starts = [
            datetime(month.year, month.month, 1, tzinfo=zone) for month in self.months
        ]
        self.latest = timezone.now() - timedelta(minutes=1)
        # More activity in recent months (linear growth from 1 to 3).
        self.month_weights = [1 + 2 * index / max(months - 1, 1) for index in range(months)]
        self.activity_weights = [rng.paretovariate(1.5) for _ in people]
        self.ability = {person: rng.uniform(0.5, 3.5) for person in people}
        self.facts: dict[tuple[int, int], list[Fact]] = defaultdict(list)
        self.person_months: dict[tuple[int, Any], list[int]] = defaultdict(lambda: [0, 0])
        self.evidence_rows: list[dict] = []
        self.home = settings.SITE_URL
        self.authority = platform_authority()
        self.authority_json = _dumps(self.authority)
        self.actor_cache: dict[int, str] = {}
        self.actor_hashes: dict[int, int] = {}
        self.verb_cache: dict[str, str] = {}
        self.verb_hashes: dict[str, int] = {}
        self.ids: list[int] = []
        self.stored_json = ""
        self.kinds = [kind for kind, _share in MIX]
        self.kind_weights = [share for _kind, share in MIX]

    def _moment(self, month_index: int) -> datetime:
        """A moment within a month (working hours), in the past."""
        offset = timedelta(
            days=self.rng.randrange(28),
            hours=self.rng.randrange(8, 19),
            minutes=self.rng.randrange(60),
        )
        return min(self.month_starts[month_index] + offset, self.latest)

    def statements(self, count: int) -> Iterator[dict]:
        """`count` statement rows (with their evidence and activity noted on the side)."""
        rng = self.rng
        users = rng.choices(self.people, weights=self.activity_weights, k=count)
        month_indexes = rng.choices(range(len(self.months)), weights=self.month_weights, k=count)
        kinds = rng.choices(self.kinds, weights=self.kind_weights, k=count)
        # Ids drawn at random, then handed out in order: the unique index grows at its end.
        self.ids = sorted(rng.getrandbits(128) for _ in range(count))
        stored = timezone.now()
        self.stored_json = _dumps(format_timestamp(stored))
        for seq, (user_id, month_index, kind) in enumerate(
            zip(users, month_indexes, kinds, strict=True), start=1
        ):
            yield self._statement(seq, user_id, month_index, kind, stored)

    def _statement(
        self,
        seq: int,
        user_id: int,
        month_index: int,
        kind: str,
        stored: datetime,
    ) -> dict:
        """One statement row, and the facts it proves."""
        rng = self.rng
        moment = self._moment(month_index)
        progress = month_index / max(len(self.months) - 1, 1)
        skill = self.ability[user_id] + 2.5 * progress
        result: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        if kind.startswith("exercise"):
            target = rng.choice(self.activities["exercise"])
            if kind == "exercise_passed":
                result = {"success": True, "score": {"scaled": round(rng.uniform(0.6, 1), 2)}}
            elif kind == "exercise_failed":
                result = {"success": False, "score": {"scaled": round(rng.uniform(0, 0.5), 2)}}
        elif kind in {"declared", "certified", "validated"}:
            target = rng.choice(self.activities["competence"])
            level = max(0 if kind == "declared" else 1, min(8, round(skill + rng.uniform(-1.5, 1))))
            provenance = {
                "declared": "declared",
                "certified": "certified",
                "validated": "in_person",
            }[kind]
            result = {"success": True, "extensions": {Extension.LEVEL: level}}
            extensions = {Extension.PROVENANCE: provenance}
        elif kind == "path_completed":
            target = rng.choice(self.activities["path"])
            result = {"completion": True}
            extensions = {Extension.PROVENANCE: "online"}
        elif kind == "lesson_completed":
            target = rng.choice(self.activities["lesson"])
            result = {"completion": True}
        else:
            target = rng.choice(self.activities["workshop"])
            result = {"completion": True, "duration": "PT2H"}
            extensions = {Extension.PROVENANCE: "in_person"}
        statement_id = uuid.UUID(int=self.ids[seq - 1], version=4)
        verb = VERBS[kind]
        context = {"extensions": extensions, "platform": "BNM Formation"} if extensions else None
        # The statement's JSON, assembled from parts serialised once (a loader's fast path).
        parts = [
            f'{{"id":"{statement_id}","actor":{self._actor_json(user_id)}',
            f',"verb":{self._verb_json(verb, kind)}',
            f',"object":{target.json},"timestamp":{_dumps(format_timestamp(moment))}',
            f',"stored":{self.stored_json},"authority":{self.authority_json},"version":"1.0.0"',
        ]
        if result:
            parts.append(f',"result":{_dumps(result)}')
        if context:
            parts.append(f',"context":{_dumps(context)}')
        parts.append("}")
        claimed = {"verb": {"id": verb}, "result": result, "context": context or {}}
        self._note(user_id, kind, target, claimed, statement_id, moment, verb)
        return {
            "seq": seq,
            "statement_id": statement_id,
            "data": RawJson("".join(parts)),
            "stored_at": stored,
            "timestamp_at": moment,
            "actor_hash": self._actor_hash(user_id),
            "verb_iri": verb,
            "verb_hash": self._verb_hash(verb),
            "activity_iri": target.iri,
            "activity_hash": target.hash,
            "user_id": user_id,
        }

    def _actor_json(self, user_id: int) -> str:
        """The actor of a person's statements, as JSON (cached)."""
        found = self.actor_cache.get(user_id)
        if found is None:
            found = _dumps(
                {"objectType": "Agent", "account": {"homePage": self.home, "name": str(user_id)}}
            )
            self.actor_cache[user_id] = found
        return found

    def _actor_hash(self, user_id: int) -> int:
        """The index hash of a person's IFI (cached)."""
        found = self.actor_hashes.get(user_id)
        if found is None:
            found = self.actor_hashes[user_id] = iri_hash(f"account:{self.home}|{user_id}")
        return found

    def _verb_json(self, verb: str, kind: str) -> str:
        """A verb with its display, as JSON (cached)."""
        found = self.verb_cache.get(verb)
        if found is None:
            found = _dumps({"id": verb, "display": VERB_DISPLAY.get(verb, {"en-US": kind})})
            self.verb_cache[verb] = found
        return found

    def _verb_hash(self, verb: str) -> int:
        """The index hash of a verb (cached)."""
        found = self.verb_hashes.get(verb)
        if found is None:
            found = self.verb_hashes[verb] = iri_hash(verb)
        return found

    def _note(
        self,
        user_id: int,
        kind: str,
        target: _Activity,
        data: dict,
        statement_id: uuid.UUID,
        moment: datetime,
        verb: str,
    ) -> None:
        """Record the evidence (skills rules) and the activity a statement brings."""
        if kind == "path_completed":
            self.person_months[(user_id, month_of(moment))][0] += 1
        elif kind == "attended":
            self.person_months[(user_id, month_of(moment))][1] += 1
        if kind in {"exercise_experienced", "exercise_failed", "lesson_completed"}:
            return
        is_competence = target.type == ActivityType.COMPETENCY
        claim = statement_claim(data, is_trusted=True, is_competence=is_competence)
        for competence_id, aligned in target.aligned:
            level = evidence_level(
                claim,
                aligned_level=None if is_competence else aligned,
                max_level=self.tops.get(self.framework_of[competence_id], 0),
            )
            if level is None:
                continue
            self.facts[(user_id, competence_id)].append(
                Fact(statement_id, level, claim.provenance, moment)
            )
            self.evidence_rows.append(
                {
                    "user_id": user_id,
                    "competence_id": competence_id,
                    "level": level,
                    "provenance": claim.provenance,
                    "observed_at": moment,
                    "statement_id": statement_id,
                    "activity_iri": target.iri,
                    "verb_iri": verb,
                }
            )


def _keys(statements: list[tuple[int, int, str]], home: str, authority_ifi: str) -> Iterator[dict]:
    """The LRS index keys of (seq, user, activity) statements: agent, related, activity."""
    kind = StatementKey.Kind
    authority_key = statement_key(kind.RELATED_AGENT, authority_ifi)
    agent_keys: dict[int, tuple[int, int]] = {}
    activity_keys: dict[str, int] = {}
    keys: list[tuple[int, int]] = []
    for seq, user_id, iri in statements:
        if user_id not in agent_keys:
            actor = f"account:{home}|{user_id}"
            agent_keys[user_id] = (
                statement_key(kind.AGENT, actor),
                statement_key(kind.RELATED_AGENT, actor),
            )
        if iri not in activity_keys:
            activity_keys[iri] = statement_key(kind.RELATED_ACTIVITY, iri)
        agent, related = agent_keys[user_id]
        keys += [(agent, seq), (related, seq), (authority_key, seq), (activity_keys[iri], seq)]
    # In primary-key order: the index then grows at its end instead of everywhere at once.
    keys.sort()
    for key, seq in keys:
        yield {"key": key, "statement_id": seq}


def _records(facts: dict[tuple[int, int], list[Fact]]) -> tuple[Iterator[dict], list[dict]]:
    """Skill records (and their history) folded from the evidence by the skills rule."""
    state_fields = [item.name for item in fields(RecordState)]
    changes: list[dict] = []

    def rows() -> Iterator[dict]:
        for (user_id, competence_id), pair_facts in facts.items():
            state, steps = record_fold(RecordState(), pair_facts)
            for step in steps:
                changes.append(
                    {
                        "user_id": user_id,
                        "competence_id": competence_id,
                        "track": step.track,
                        "level": step.level,
                        "previous_level": step.previous_level,
                        "provenance": step.provenance,
                        "changed_at": step.changed_at,
                        "statement_id": step.statement_id,
                    }
                )
            row = {name: getattr(state, name) for name in state_fields}
            row["user_id"], row["competence_id"] = user_id, competence_id
            yield row

    return rows(), changes


@transaction.atomic
def load_run(
    *,
    learners: int,
    statements: int,
    months: int = 36,
    seed: int = 1,
    say: Callable[[str], None] = lambda text: None,
) -> LoadResult:
    """Fill the database with a synthetic load (refuses to run twice on one database)."""
    if get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        raise ValueError("This database already holds a synthetic load.")
    if Statement.objects.exists():
        raise ValueError("seed_load fills an empty LRS: this database already has statements.")
    fast_session(skip_foreign_key_checks=True)
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    libraries = _libraries(max(95, learners // 40), rng)
    say(f"{len(libraries)} libraries")
    people = _people(learners, libraries, rng)
    say(f"{len(people)} people")
    competences = list(Competence.objects.select_related("framework"))
    framework_of = {competence.pk: competence.framework_id for competence in competences}
    tops = framework_max_levels(set(framework_of.values()))
    activities = _activities(competences, rng)
    generator = _Generator(
        people=people,
        activities=activities,
        months=months,
        rng=rng,
        tops=tops,
        framework_of=framework_of,
    )
    light: list[tuple[int, int, str]] = []

    def statement_rows() -> Iterator[dict]:
        for row in generator.statements(statements):
            light.append((row["seq"], row["user_id"], row["activity_iri"]))
            yield row

    bulk_insert(Statement, statement_rows(), defer_indexes=True)
    sequence_reset(Statement)
    say(f"{len(light)} statements written")
    authority = generator.authority["account"]
    authority_ifi = f"account:{authority['homePage']}|{authority['name']}"
    bulk_insert(StatementKey, _keys(light, generator.home, authority_ifi), defer_indexes=True)
    bulk_insert(
        ActorIdentity,
        (
            {
                "key": key_hash(f"account:{generator.home}|{person}"),
                "name_key": key_hash(""),
                "ifi": {"account": {"homePage": generator.home, "name": str(person)}},
                "name": "",
            }
            for person in people
        ),
    )
    bulk_insert(
        ActivityDefinition,
        (
            {
                "activity_iri": item.iri,
                "iri_key": key_hash(item.iri),
                "definition": {"type": item.type, "name": {"fr-FR": item.name}},
            }
            for group in activities.values()
            for item in group
        ),
    )
    say("index keys written")
    light.clear()
    evidence = bulk_insert(Evidence, generator.evidence_rows, defer_indexes=True)
    records, changes = _records(generator.facts)
    bulk_insert(SkillRecord, records)
    bulk_insert(SkillLevelChange, changes, defer_indexes=True)
    say(f"{evidence} pieces of evidence, skill records written")
    homes = homes_for(people)
    steps, counts = level_summaries_write(
        sorted(generator.facts.items()), homes=homes, last_year=timezone.localdate().year
    )
    activity_summaries_write(generator.person_months, homes=homes)
    say(
        f"summaries: {steps} level steps, {counts} level counts, "
        f"{PersonActivityMonth.objects.count()} person-months"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return LoadResult(len(libraries), len(people), statements, evidence, steps, counts)
