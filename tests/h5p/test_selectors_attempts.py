"""Tests of attempts and counted scores, read from statements stored in the LRS."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from h5p.models import H5PContent
from h5p.selectors import (
    attempt_from_statement,
    attempts_for,
    content_activity_iri,
    content_passed,
    counted_score,
)
from lrs.agents import agent_for
from lrs.services import statements_store
from lrs.vocabulary import Verb
from tests.accounts.factories import UserFactory

from .factories import import_package, minimal_package

pytestmark = pytest.mark.django_db
Policy = H5PContent.AttemptPolicy


@pytest.fixture
def content():
    return import_package()


@pytest.fixture
def learner():
    return UserFactory()


def h5p_statement(
    user,
    content,
    *,
    verb: str = Verb.ANSWERED,
    raw: float | None = None,
    max_score: float | None = None,
    completion: bool | None = True,
    success: bool | None = None,
    sub_content: str | None = None,
) -> dict[str, Any]:
    """A statement shaped like the ones H5P sends (sub-contents have the content as parent)."""
    iri = content_activity_iri(content)
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": agent_for(user),
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"{iri}?subContentId={sub_content}" if sub_content else iri,
            "definition": {"name": {"en-US": content.title}},
        },
        "context": {
            "contextActivities": {
                "category": [{"id": "http://h5p.org/libraries/H5P.Test-1.0"}],
                **({"parent": [{"id": iri}]} if sub_content else {}),
            }
        },
    }
    result: dict[str, Any] = {}
    if raw is not None or max_score is not None:
        result["score"] = {"min": 0, "raw": raw, "max": max_score}
        if max_score:
            result["score"]["scaled"] = round(raw / max_score, 4)
    if completion is not None:
        result["completion"] = completion
    if success is not None:
        result["success"] = success
    if result:
        statement["result"] = result
    return statement


def store(*statements: dict[str, Any]) -> None:
    """Store statements through the LRS's one write path."""
    statements_store(payload=list(statements))


def test_attempts_are_the_top_level_statements_with_a_result(learner, content) -> None:
    """Sub-content answers and statements without a result are not attempts."""
    store(
        h5p_statement(learner, content, verb=Verb.INTERACTED, completion=None),
        h5p_statement(learner, content, raw=1, max_score=1, sub_content="abc"),
        h5p_statement(learner, content, raw=2, max_score=4),
    )
    attempts = attempts_for(learner, content)
    assert [(attempt.raw, attempt.max, attempt.scaled) for attempt in attempts] == [(2, 4, 0.5)]
    assert attempts[0].percent == 50


def test_attempts_are_the_learners_own(learner, content) -> None:
    """Another learner's statements and another content's do not count."""
    other_content = import_package(minimal_package(title="Autre"))
    store(
        h5p_statement(UserFactory(), content, raw=4, max_score=4),
        h5p_statement(learner, other_content, raw=4, max_score=4),
    )
    assert attempts_for(learner, content) == []
    assert counted_score(learner, content) is None
    assert not content_passed(learner, content, 0.0)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [(Policy.BEST, 0.75), (Policy.FIRST, 0.5), (Policy.LAST, 0.25)],
)
def test_attempt_policy_chooses_the_counted_score(learner, content, policy, expected) -> None:
    """Best, first or last scored attempt counts, as the editor chose."""
    content.attempt_policy = policy
    content.save()
    for raw in (2, 3, 1):
        store(h5p_statement(learner, content, raw=raw, max_score=4))
    counted = counted_score(learner, content)
    assert counted is not None
    assert counted.scaled == expected
    assert counted.attempts_count == 3
    assert counted.is_scored
    assert counted.is_completed


def test_default_policy_is_best(content) -> None:
    """A new content counts the best attempt."""
    assert content.attempt_policy == Policy.BEST


def test_content_without_score_counts_as_completed_not_zero(learner, content) -> None:
    """A completion without a score is "completed", never a zero grade.

    (H5P writes "0 out of 0" for such content; bridge.js drops that score, which xAPI
    refuses since min must be below max, and keeps the completion.)
    """
    store(h5p_statement(learner, content, verb=Verb.COMPLETED))
    counted = counted_score(learner, content)
    assert counted is not None
    assert counted.scaled is None
    assert counted.percent is None
    assert counted.is_completed
    assert content_passed(learner, content, 0.9)


def test_unfinished_unscored_content_is_not_passed(learner, content) -> None:
    """An answer without score nor completion does not complete the content."""
    store(h5p_statement(learner, content, completion=False, success=False))
    counted = counted_score(learner, content)
    assert counted is not None
    assert not counted.is_completed
    assert not content_passed(learner, content, 0.0)


@pytest.mark.parametrize(
    ("threshold", "pass_percentage", "passed"),
    [
        (0.5, None, True),
        (0.75, None, True),
        (0.76, None, False),
        (None, 75, True),
        (None, 80, False),
        (None, None, True),  # no pass mark: finishing is enough
        (0.7, 100, True),  # the caller's threshold wins
    ],
)
def test_content_passed(learner, content, threshold, pass_percentage, passed) -> None:
    """The counted score is compared with the threshold (or the content's pass mark)."""
    content.pass_percentage = pass_percentage
    content.save()
    store(h5p_statement(learner, content, raw=3, max_score=4))
    assert content_passed(learner, content, threshold) is passed


@pytest.mark.parametrize(
    ("raw", "success", "passed"),
    [(1, False, False), (9, True, True), (1, None, True)],
)
def test_without_pass_mark_h5p_success_decides(learner, content, raw, success, passed) -> None:
    """With no threshold nor pass mark, an attempt H5P reports failed does not pass."""
    store(
        h5p_statement(learner, content, verb=Verb.COMPLETED, raw=raw, max_score=10, success=success)
    )
    assert content_passed(learner, content) is passed
    assert content_passed(learner, content, None) is passed


@pytest.mark.parametrize("policy", [Policy.BEST, Policy.FIRST, Policy.LAST])
def test_without_pass_mark_a_successful_attempt_counts(learner, content, policy) -> None:
    """With no pass mark, a success passes whatever the policy and the failures around it."""
    content.attempt_policy = policy
    content.save()
    store(h5p_statement(learner, content, verb=Verb.COMPLETED, raw=2, max_score=10, success=False))
    assert not content_passed(learner, content)
    store(h5p_statement(learner, content, verb=Verb.COMPLETED, raw=6, max_score=10, success=True))
    store(h5p_statement(learner, content, verb=Verb.COMPLETED, raw=9, max_score=10, success=False))
    assert content_passed(learner, content)


def test_platform_pass_mark_wins_over_h5p_success(learner, content) -> None:
    """A threshold or pass mark set on the platform judges the score, not H5P's verdict."""
    store(h5p_statement(learner, content, verb=Verb.COMPLETED, raw=6, max_score=10, success=False))
    assert content_passed(learner, content, 0.6)
    content.pass_percentage = 60
    content.save()
    assert content_passed(learner, content)


def test_voided_attempts_do_not_count(learner, content) -> None:
    """A voided statement is not an attempt."""
    best = h5p_statement(learner, content, raw=4, max_score=4)
    store(best, h5p_statement(learner, content, raw=1, max_score=4))
    store(
        {
            "actor": agent_for(learner),
            "verb": {"id": Verb.VOIDED, "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": best["id"]},
        }
    )
    counted = counted_score(learner, content)
    assert counted is not None
    assert counted.scaled == 0.25


def test_scaled_is_computed_when_missing() -> None:
    """raw/max gives the scaled score when the statement has none; bounds are kept."""
    data = {"verb": {"id": Verb.ANSWERED}, "result": {"score": {"raw": 3, "max": 6}}}
    attempt = attempt_from_statement(uuid.uuid4(), None, data)  # type: ignore[arg-type]
    assert attempt is not None
    assert attempt.scaled == 0.5


def test_zero_out_of_zero_is_no_score() -> None:
    """A statement from elsewhere with max 0 is read as a completion, not as 0 %."""
    data = {
        "verb": {"id": Verb.ANSWERED},
        "result": {"score": {"min": 0, "raw": 0, "max": 0}, "completion": True},
    }
    attempt = attempt_from_statement(uuid.uuid4(), None, data)  # type: ignore[arg-type]
    assert attempt is not None
    assert attempt.scaled is None
    assert attempt.is_completed
    assert not attempt.is_scored


def test_passed_verb_without_result_is_not_an_attempt() -> None:
    """A statement without result says nothing about an attempt."""
    data = {"verb": {"id": Verb.PASSED}}
    assert attempt_from_statement(uuid.uuid4(), None, data) is None  # type: ignore[arg-type]
