"""The rules of evidence and of the skill record, as pure functions (no database).

Evidence rule (what a stored statement proves):
- the statement is about a platform user, and its object is an aligned activity or a
  competence IRI (`selectors.competence_iri`);
- it succeeded: `result.success` is true, or `result.completion` is true, or the verb is
  attended / completed / passed / mastered (or our self-assessed / certified verbs); an
  explicit failure (`result.success` false, or the verb failed) gives nothing;
- provenance comes from the context extension `Extension.PROVENANCE`, default online;
- the level comes from `result.extensions[Extension.LEVEL]`, else from the alignment.
A statement is *trusted* when the platform recorded it itself or an LRS client with
credentials sent it. A browser session is not trusted to claim a provenance or a level:
its statements count as online evidence at the alignment's level, and a claim about a
competence IRI counts as declared.

Level rule (the skill record of one person on one competence):
- the level is the highest level backed by online, in-person or certified evidence;
  its date and provenance are those of the first evidence that reached it;
- the declared level is the latest self-positioning, shown apart and never mixed in;
- every change of either is one step of the history.
Evidence is folded in order of (date, statement id), so the result does not depend on
the order in which statements arrive.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lrs.vocabulary import Extension, Verb

PROVENANCES = ("online", "in_person", "declared", "certified")
DECLARED = "declared"
SUCCESS_VERBS = frozenset(
    {Verb.ATTENDED, Verb.COMPLETED, Verb.PASSED, Verb.MASTERED, Verb.SELF_ASSESSED, Verb.CERTIFIED}
)


@dataclass(frozen=True)
class Claim:
    """What a statement claims, before it is matched to competences."""

    provenance: str
    level: int | None


def statement_succeeded(data: dict[str, Any]) -> bool:
    """Whether a statement reports a success or a completion."""
    verb = (data.get("verb") or {}).get("id", "")
    result = data.get("result") or {}
    if verb == Verb.FAILED or result.get("success") is False:
        return False
    return (
        result.get("success") is True or result.get("completion") is True or (verb in SUCCESS_VERBS)
    )


def statement_claim(data: dict[str, Any], *, is_trusted: bool, is_competence: bool) -> Claim:
    """The provenance and explicit level a statement claims, given how far it is trusted."""
    if not is_trusted:
        if is_competence:
            return Claim(provenance=DECLARED, level=_level_of(data))
        return Claim(provenance="online", level=None)
    extensions = (data.get("context") or {}).get("extensions") or {}
    provenance = extensions.get(Extension.PROVENANCE, "online")
    if provenance not in PROVENANCES:
        provenance = "online"
    return Claim(provenance=provenance, level=_level_of(data))


def _level_of(data: dict[str, Any]) -> int | None:
    """The integer level in `result.extensions`, if any."""
    extensions = (data.get("result") or {}).get("extensions") or {}
    level = extensions.get(Extension.LEVEL)
    if isinstance(level, bool) or not isinstance(level, int | float) or level != int(level):
        return None
    return int(level)


def evidence_level(claim: Claim, *, aligned_level: int | None, max_level: int) -> int | None:
    """The level a claim proves on one competence, or None when it proves nothing."""
    level = claim.level if claim.level is not None else aligned_level
    if level is None:
        return None
    lowest = 0 if claim.provenance == DECLARED else 1
    return level if lowest <= level <= max_level else None


@dataclass(frozen=True)
class Fact:
    """One piece of evidence, as the record rule sees it."""

    statement_id: uuid.UUID
    level: int
    provenance: str
    observed_at: datetime

    @property
    def key(self) -> tuple[datetime, str]:
        """The order evidence is folded in."""
        return (self.observed_at, str(self.statement_id))


@dataclass(frozen=True)
class RecordState:
    """A person's state on one competence (mirrors the SkillRecord columns)."""

    level: int = 0
    level_provenance: str = ""
    level_at: datetime | None = None
    level_statement_id: uuid.UUID | None = None
    declared_level: int | None = None
    declared_at: datetime | None = None
    online_count: int = 0
    in_person_count: int = 0
    declared_count: int = 0
    certified_count: int = 0
    last_evidence_at: datetime | None = None
    last_statement_id: uuid.UUID | None = None

    @property
    def last_key(self) -> tuple[datetime, str] | None:
        """The key of the newest evidence folded in."""
        if self.last_evidence_at is None:
            return None
        return (self.last_evidence_at, str(self.last_statement_id))

    def count(self, provenance: str) -> int:
        """The number of evidence rows of one provenance."""
        return getattr(self, f"{provenance}_count")


@dataclass(frozen=True)
class Step:
    """One change of the validated or declared level (a SkillLevelChange row)."""

    track: str
    level: int
    previous_level: int | None
    provenance: str
    changed_at: datetime
    statement_id: uuid.UUID


def record_fold(state: RecordState, facts: Iterable[Fact]) -> tuple[RecordState, list[Step]]:
    """Fold evidence (any order) into a state; return the new state and the level steps."""
    steps: list[Step] = []
    for fact in sorted(facts, key=lambda item: item.key):
        counts = {f"{fact.provenance}_count": state.count(fact.provenance) + 1}
        state = replace(
            state,
            **counts,
            last_evidence_at=fact.observed_at,
            last_statement_id=fact.statement_id,
        )
        if fact.provenance == DECLARED:
            if state.declared_level != fact.level:
                steps.append(
                    Step(
                        "declared",
                        fact.level,
                        state.declared_level,
                        fact.provenance,
                        fact.observed_at,
                        fact.statement_id,
                    )
                )
            state = replace(state, declared_level=fact.level, declared_at=fact.observed_at)
        elif fact.level > state.level:
            steps.append(
                Step(
                    "validated",
                    fact.level,
                    state.level or None,
                    fact.provenance,
                    fact.observed_at,
                    fact.statement_id,
                )
            )
            state = replace(
                state,
                level=fact.level,
                level_provenance=fact.provenance,
                level_at=fact.observed_at,
                level_statement_id=fact.statement_id,
            )
    return state, steps


def can_fold_onto(state: RecordState, facts: Iterable[Fact]) -> bool:
    """Whether new evidence all comes after the state's newest (the incremental fast path)."""
    last = state.last_key
    return last is None or all(fact.key > last for fact in facts)
