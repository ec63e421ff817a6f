"""Demo data for skills: the demo agent's record, built through the real LRS path.

Julien Agent (agent@demo.example.org) gets, over the last months: a self-positioning
(declared), an exercise passed and a path completed (online), a workshop attended and a
competence validated by the trainer (in person), and a Pix campaign result (certified).
Statement ids are fixed, and the take and the import run once, so the step is idempotent.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from accounts.demo import DemoLog
from lrs.builders import activity, activity_iri, platform_statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Evidence, Provenance
from skills.selectors import framework_current
from skills.services import alignments_set, frameworks_load, pix_import, positioning_record
from skills.statements import competence_activity

AGENT = "agent@demo.example.org"
TRAINER = "formatrice@demo.example.org"
DEMO_NAMESPACE = uuid.UUID("0c7e1d52-8a43-4f0e-b1f9-5d2a7c3e9b10")

# (slug, activity type, French name, [(DigComp code, level)])
DEMO_ACTIVITIES = [
    (
        "exercice-catalogue",
        ActivityType.ASSESSMENT,
        "Exercice : trouver un document dans le catalogue de la BNM",
        [("1.1", 2), ("1.2", 2)],
    ),
    (
        "atelier-donnees-personnelles",
        ActivityType.WORKSHOP_SESSION,
        "Atelier : protéger ses données personnelles en ligne",
        [("4.2", 3), ("4.1", 2)],
    ),
    (
        "parcours-recherche-information",
        ActivityType.COURSE,
        "Parcours : chercher et évaluer l’information en ligne",
        [("1.1", 3), ("1.2", 3), ("1.3", 2)],
    ),
]

# Self-positioning answers (choice 0–4 on the DigComp scale) and Pix levels (CRCN).
DEMO_POSITIONING = {"1.1": 2, "1.2": 1, "2.1": 2, "2.2": 1, "3.1": 1, "4.1": 1, "4.2": 2, "5.1": 1}
DEMO_PIX = {"1.1": 3, "1.2": 2, "2.1": 3, "2.2": 2, "4.1": 2, "4.2": 3, "5.1": 2}


def _statement_id(name: str) -> uuid.UUID:
    """A fixed statement id for a demo event."""
    return uuid.uuid5(DEMO_NAMESPACE, name)


def _demo_activity(slug: str) -> dict:
    """The activity of one demo event."""
    for key, kind, name, _items in DEMO_ACTIVITIES:
        if key == slug:
            return activity(activity_iri("demo", key), activity_type=kind, name=name)
    raise KeyError(slug)


def _align() -> None:
    """Align the demo activities to DigComp 2.2."""
    digcomp = framework_current("digcomp")
    competences = {competence.code: competence for competence in digcomp.competences.all()}
    for slug, _kind, _name, items in DEMO_ACTIVITIES:
        alignments_set(
            activity_iri=activity_iri("demo", slug),
            items=[(competences[code], level) for code, level in items],
        )


def _pix_text(agent: AbstractBaseUser, sent_on: str) -> str:
    """A one-participant Pix Orga export for the agent."""
    crcn = framework_current("crcn")
    competences = list(crcn.competences.order_by("sort_order"))
    header = [
        "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne",
        "Nom du Participant", "Prénom du Participant", "Adresse e-mail professionnelle",
        "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
        "Nombre de compétences certifiables",
    ]  # fmt: skip
    row = [
        "MEL - Bibliothèque Numérique Métropolitaine", "48213", "BNMPIX25",
        "Collecte de profils agents BNM 2025", agent.last_name, agent.first_name,
        agent.email, "Oui", sent_on, "152", "Oui", "5",
    ]  # fmt: skip
    for competence in competences:
        header += [
            f"Niveau pour la compétence {competence.title}",
            f"Nombre de pix pour la compétence {competence.title}",
        ]
        level = DEMO_PIX.get(competence.code, 0)
        row += [str(level), str(level * 8)]
    return "\n".join(";".join(f'"{value}"' for value in line) for line in (header, row)) + "\n"


def seed(log: DemoLog) -> None:
    """Build the demo agent's skill record from statements of every provenance."""
    count = frameworks_load()
    log(f"{count} competences (DigComp 2.2, CRCN) and the crosswalk")
    users = get_user_model().objects
    agent = users.filter(email=AGENT).first()
    trainer = users.filter(email=TRAINER).first()
    if agent is None:
        log("no demo agent: run the organizations step first")
        return
    _align()
    now = timezone.now()
    digcomp = framework_current("digcomp")
    evidence = Evidence.objects.filter(user=agent)
    if not evidence.filter(provenance=Provenance.DECLARED).exists():
        competences = {item.code: item for item in digcomp.competences.all()}
        positioning_record(
            user=agent,
            framework=digcomp,
            answers={competences[code]: choice for code, choice in DEMO_POSITIONING.items()},
            taken_at=now - timedelta(days=120),
        )
    events = [
        ("exercice-catalogue", Verb.PASSED, 95, Provenance.ONLINE, {"success": True}),
        ("atelier-donnees-personnelles", Verb.ATTENDED, 60, Provenance.IN_PERSON, None),
        ("parcours-recherche-information", Verb.COMPLETED, 12, Provenance.ONLINE,
         {"completion": True}),
    ]  # fmt: skip
    for slug, verb, days, provenance, result in events:
        statement_record(
            platform_statement(
                user=agent,
                verb=verb,
                object_=_demo_activity(slug),
                result=result,
                instructor=trainer if provenance == Provenance.IN_PERSON else None,
                extensions={Extension.PROVENANCE: provenance.value},
                timestamp=now - timedelta(days=days),
                statement_id=_statement_id(f"{AGENT}:{slug}"),
            )
        )
    validated = digcomp.competences.get(code="2.1")
    statement_record(
        platform_statement(
            user=agent,
            verb=Verb.VALIDATED,
            object_=competence_activity(validated),
            result={"success": True, "extensions": {Extension.LEVEL: 4}},
            instructor=trainer,
            extensions={Extension.PROVENANCE: Provenance.IN_PERSON.value},
            timestamp=now - timedelta(days=45),
            statement_id=_statement_id(f"{AGENT}:validation:2.1"),
        )
    )
    if not evidence.filter(provenance=Provenance.CERTIFIED).exists():
        sent_on = (now - timedelta(days=30)).date().isoformat()
        pix_import(text=_pix_text(agent, sent_on))
    provenances = sorted(set(evidence.values_list("provenance", flat=True)))
    log(f"{agent.email}: {evidence.count()} evidence, provenances {', '.join(provenances)}")
