"""The xAPI vocabulary the platform speaks: verb and activity-type IRIs, in one place.

Verbs come from the ADL vocabulary (http://adlnet.gov/expapi/verbs/) and, where ADL has
none, from the xAPI registry (https://w3id.org/xapi/…) and ActivityStrea.ms.
"""

from __future__ import annotations

from typing import Final

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/"


class Verb:
    """Verb IRIs."""

    ANSWERED: Final = ADL + "answered"
    ATTEMPTED: Final = ADL + "attempted"
    ATTENDED: Final = ADL + "attended"
    COMPLETED: Final = ADL + "completed"
    EXPERIENCED: Final = ADL + "experienced"
    FAILED: Final = ADL + "failed"
    INITIALIZED: Final = ADL + "initialized"
    INTERACTED: Final = ADL + "interacted"
    PASSED: Final = ADL + "passed"
    PROGRESSED: Final = ADL + "progressed"
    REGISTERED: Final = ADL + "registered"
    SCORED: Final = ADL + "scored"
    TERMINATED: Final = ADL + "terminated"
    VOIDED: Final = ADL + "voided"
    MASTERED: Final = ADL + "mastered"
    EARNED: Final = "http://id.tincanapi.com/verb/earned"
    # A trainer validates a competence observed in person (instructor = the trainer).
    VALIDATED: Final = MASTERED
    # Self-positioning: the person declares a level on a competence. No public vocabulary
    # has this verb, so it is ours (a URN, stable whatever the site's address).
    SELF_ASSESSED: Final = "urn:x-bnm-formation:verb:self-assessed"
    # A certification result imported from Pix.
    CERTIFIED: Final = "urn:x-bnm-formation:verb:certified"


VERB_DISPLAY: Final[dict[str, dict[str, str]]] = {
    Verb.ANSWERED: {"en-US": "answered", "fr-FR": "a répondu"},
    Verb.ATTENDED: {"en-US": "attended", "fr-FR": "a participé"},
    Verb.COMPLETED: {"en-US": "completed", "fr-FR": "a terminé"},
    Verb.EXPERIENCED: {"en-US": "experienced", "fr-FR": "a consulté"},
    Verb.FAILED: {"en-US": "failed", "fr-FR": "a échoué"},
    Verb.PASSED: {"en-US": "passed", "fr-FR": "a réussi"},
    Verb.REGISTERED: {"en-US": "registered", "fr-FR": "s’est inscrit"},
    Verb.VOIDED: {"en-US": "voided", "fr-FR": "a annulé"},
    Verb.EARNED: {"en-US": "earned", "fr-FR": "a obtenu"},
    Verb.SELF_ASSESSED: {"en-US": "self-assessed", "fr-FR": "s’est positionné"},
    Verb.MASTERED: {"en-US": "mastered", "fr-FR": "maîtrise"},
    Verb.CERTIFIED: {"en-US": "certified", "fr-FR": "a été certifié"},
}


class ActivityType:
    """Activity-type IRIs."""

    COURSE: Final = ADL_ACTIVITY + "course"
    MODULE: Final = ADL_ACTIVITY + "module"
    LESSON: Final = ADL_ACTIVITY + "lesson"
    INTERACTION: Final = ADL_ACTIVITY + "cmi.interaction"
    ASSESSMENT: Final = ADL_ACTIVITY + "assessment"
    QUESTION: Final = ADL_ACTIVITY + "question"
    MEETING: Final = ADL_ACTIVITY + "meeting"
    BADGE: Final = "http://activitystrea.ms/schema/1.0/badge"
    CERTIFICATE: Final = "https://w3id.org/xapi/cmi5/activitytype/course"
    COMPETENCY: Final = "https://w3id.org/xapi/tla/activity-types/competency"
    WORKSHOP_SESSION: Final = "http://id.tincanapi.com/activitytype/meeting"


class Extension:
    """Extension IRIs of the platform (URNs: stable whatever the site's address)."""

    # Where a piece of evidence comes from: online, in_person, declared or certified.
    PROVENANCE: Final = "urn:x-bnm-formation:extension:provenance"
    # A competence level (an integer) declared, validated or certified.
    LEVEL: Final = "urn:x-bnm-formation:extension:level"


# Activity IRIs of the platform are built as SITE_URL + "/xapi/activities/<kind>/<key>".
ACTIVITY_IRI_PATH: Final = "/xapi/activities/"
