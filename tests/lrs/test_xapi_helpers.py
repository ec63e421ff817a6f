"""Store helpers (IFI keys, related agents/activities, output formats) and parameter validators."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from lrs.xapi import (
    Agent,
    Group,
    StatementValidationError,
    actor_ifi,
    canonical,
    decode_json,
    ids_format,
    normalize_context_activities,
    parse_statement,
    parse_timestamp_param,
    related_activity_ids,
    related_agent_ifis,
    validate_activity_id,
    validate_agent_param,
    validate_uuid_param,
)

ALICE = {"objectType": "Agent", "name": "Alice", "mbox": "mailto:alice@example.org"}
BOB = {"account": {"homePage": "https://lms.example.org", "name": "bob"}}
CAROL = {"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"}
DAVE = {"openid": "https://openid.example.org/dave"}
TEAM = {"objectType": "Group", "mbox": "mailto:team@example.org", "member": [ALICE, BOB]}
PAIR = {"objectType": "Group", "member": [BOB, CAROL]}
VERB = {
    "id": "http://adlnet.gov/expapi/verbs/answered",
    "display": {"en-US": "answered", "fr": "a répondu"},
}
QUESTION = {
    "id": "https://lms.example.org/h5p/42",
    "definition": {
        "name": {"en-US": "Question", "fr-FR": "Question (fr)", "de": "Frage"},
        "description": {"en-US": "Pick one", "fr-FR": "Choisissez"},
        "interactionType": "choice",
        "choices": [{"id": "a", "description": {"en-US": "A", "fr-FR": "A (fr)"}}],
    },
}
COURSE = {
    "id": "https://lms.example.org/courses/1",
    "definition": {"name": {"en-US": "C", "fr": "Cours"}},
}


def statement(**overrides: Any) -> dict[str, Any]:
    """Return a statement dict with overrides."""
    base: dict[str, Any] = {"actor": ALICE, "verb": VERB, "object": QUESTION}
    base.update(overrides)
    return copy.deepcopy(base)


# --------------------------------------------------------------------------- actor_ifi
@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (ALICE, "mbox:mailto:alice@example.org"),
        (BOB, "account:https://lms.example.org|bob"),
        (CAROL, "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975"),
        (DAVE, "openid:https://openid.example.org/dave"),
        (TEAM, "mbox:mailto:team@example.org"),
        (
            PAIR,
            "group:[account:https://lms.example.org|bob,mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975]",
        ),
    ],
)
def test_actor_ifi(agent: dict[str, Any], expected: str) -> None:
    """Each IFI kind has one canonical key; anonymous groups are keyed by sorted members."""
    assert actor_ifi(validate_agent_param(agent, allow_anonymous_group=True)) == expected


def test_actor_ifi_ignores_member_order() -> None:
    """The key of an anonymous group does not depend on member order."""
    reversed_pair = {**PAIR, "member": list(reversed(PAIR["member"]))}
    first = validate_agent_param(PAIR, allow_anonymous_group=True)
    second = validate_agent_param(reversed_pair, allow_anonymous_group=True)
    assert actor_ifi(first) == actor_ifi(second)


# --------------------------------------------------------------------------- related agents
def test_related_agents_cover_all_positions() -> None:
    """related_agents covers actor, authority, instructor, team and group members."""
    parsed = parse_statement(
        statement(
            actor=TEAM,
            authority=PAIR,
            context={
                "instructor": DAVE,
                "team": {"objectType": "Group", "openid": "https://t.org/x"},
            },
        )
    )
    assert related_agent_ifis(parsed) == {
        "mbox:mailto:team@example.org",
        "mbox:mailto:alice@example.org",
        "account:https://lms.example.org|bob",
        "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
        "openid:https://openid.example.org/dave",
        "openid:https://t.org/x",
    }


def test_related_agents_include_agent_object_and_substatement() -> None:
    """An Agent/Group object and the agents of a SubStatement are related agents."""
    sub = {
        "objectType": "SubStatement",
        "actor": DAVE,
        "verb": VERB,
        "object": {"objectType": "Agent", **CAROL},
        "context": {"instructor": BOB},
    }
    parsed = parse_statement(statement(object=sub))
    assert related_agent_ifis(parsed) == {
        "mbox:mailto:alice@example.org",
        "openid:https://openid.example.org/dave",
        "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
        "account:https://lms.example.org|bob",
    }
    group_object = parse_statement(statement(object=TEAM))
    assert "account:https://lms.example.org|bob" in related_agent_ifis(group_object)


def test_identified_team_does_not_expand_members() -> None:
    """Members of an identified instructor/team group are not matched, only its IFI."""
    parsed = parse_statement(statement(context={"team": TEAM}))
    assert related_agent_ifis(parsed) == {
        "mbox:mailto:alice@example.org",
        "mbox:mailto:team@example.org",
    }


# --------------------------------------------------------------------------- related activities
def test_related_activities() -> None:
    """Object activity, all contextActivities kinds and SubStatement activities are related."""
    sub = {
        "objectType": "SubStatement",
        "actor": BOB,
        "verb": VERB,
        "object": {"id": "https://x.org/sub-object"},
        "context": {"contextActivities": {"other": {"id": "https://x.org/sub-other"}}},
    }
    parsed = parse_statement(
        statement(
            object=sub,
            context={
                "contextActivities": {
                    "parent": {"id": "https://x.org/parent"},
                    "grouping": [{"id": "https://x.org/g1"}, {"id": "https://x.org/g2"}],
                    "category": [{"id": "https://x.org/cat"}],
                    "other": [],
                }
            },
        )
    )
    assert related_activity_ids(parsed) == {
        "https://x.org/sub-object",
        "https://x.org/sub-other",
        "https://x.org/parent",
        "https://x.org/g1",
        "https://x.org/g2",
        "https://x.org/cat",
    }


def test_related_activities_of_agent_object() -> None:
    """A statement about an Agent has no object activity."""
    assert (
        related_activity_ids(parse_statement(statement(object={"objectType": "Agent", **BOB})))
        == set()
    )


# --------------------------------------------------------------------------- stored form
def test_normalize_context_activities_wraps_single_activities() -> None:
    """Every contextActivities value becomes an array, in the statement and its SubStatement."""
    single = {"id": "https://x.org/p"}
    sub = {
        "objectType": "SubStatement",
        "actor": BOB,
        "verb": VERB,
        "object": single,
        "context": {"contextActivities": {"parent": single}},
    }
    original = statement(
        object=sub, context={"contextActivities": {"parent": single, "other": [single]}}
    )
    snapshot = copy.deepcopy(original)
    normalized = normalize_context_activities(original)
    assert normalized["context"]["contextActivities"] == {"parent": [single], "other": [single]}
    assert normalized["object"]["context"]["contextActivities"] == {"parent": [single]}
    assert original == snapshot


# --------------------------------------------------------------------------- canonical
def test_canonical_reduces_each_language_map() -> None:
    """format=canonical keeps one best-matching entry per verb/activity language map."""
    original = statement(context={"contextActivities": {"grouping": [COURSE]}})
    snapshot = copy.deepcopy(original)
    result = canonical(original, ["fr-FR", "en"])
    assert result["verb"]["display"] == {"fr": "a répondu"}
    assert result["object"]["definition"]["name"] == {"fr-FR": "Question (fr)"}
    assert result["object"]["definition"]["description"] == {"fr-FR": "Choisissez"}
    assert result["object"]["definition"]["choices"][0]["description"] == {"fr-FR": "A (fr)"}
    assert result["context"]["contextActivities"]["grouping"][0]["definition"]["name"] == {
        "fr": "Cours"
    }
    assert result["actor"] == ALICE
    assert original == snapshot


def test_canonical_falls_back_to_english() -> None:
    """Without a matching language, canonical output prefers en-US."""
    result = canonical(statement(), ["ja"])
    assert result["verb"]["display"] == {"en-US": "answered"}
    assert result["object"]["definition"]["name"] == {"en-US": "Question"}


def test_canonical_applies_inside_substatement() -> None:
    """Language filtering also applies to the verb and activity of a SubStatement."""
    sub = {"objectType": "SubStatement", "actor": BOB, "verb": VERB, "object": QUESTION}
    result = canonical(statement(object=sub), ["fr"])
    assert result["object"]["verb"]["display"] == {"fr": "a répondu"}
    assert result["object"]["object"]["definition"]["name"] == {"fr-FR": "Question (fr)"}


# --------------------------------------------------------------------------- ids
def test_ids_format() -> None:
    """format=ids keeps only identifying properties of agents, groups, activities and verbs."""
    sub = {"objectType": "SubStatement", "actor": TEAM, "verb": VERB, "object": COURSE}
    original = statement(
        object=sub,
        authority=PAIR,
        result={"success": True},
        context={
            "instructor": {**DAVE, "name": "Dave"},
            "team": TEAM,
            "registration": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
            "contextActivities": {"parent": [COURSE], "other": COURSE},
        },
    )
    snapshot = copy.deepcopy(original)
    result = ids_format(original)
    assert result["actor"] == {"objectType": "Agent", "mbox": "mailto:alice@example.org"}
    assert result["verb"] == {"id": VERB["id"]}
    assert result["authority"] == {
        "objectType": "Group",
        "member": [
            {"objectType": "Agent", "account": BOB["account"]},
            {"objectType": "Agent", **CAROL},
        ],
    }
    assert result["object"]["actor"] == {"objectType": "Group", "mbox": "mailto:team@example.org"}
    assert result["object"]["object"] == {"id": COURSE["id"]}
    assert result["object"]["verb"] == {"id": VERB["id"]}
    assert result["context"]["instructor"] == {"objectType": "Agent", **DAVE}
    assert result["context"]["team"] == {"objectType": "Group", "mbox": "mailto:team@example.org"}
    assert result["context"]["contextActivities"] == {
        "parent": [{"id": COURSE["id"]}],
        "other": {"id": COURSE["id"]},
    }
    assert result["context"]["registration"] == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
    assert result["result"] == {"success": True}
    assert original == snapshot


def test_ids_format_activity_object() -> None:
    """An Activity object is reduced to its id alone (objectType Activity is the default)."""
    assert ids_format(statement())["object"] == {"id": QUESTION["id"]}


def test_ids_format_statementref_unchanged() -> None:
    """A StatementRef object is already minimal and is kept as is."""
    ref = {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}
    assert ids_format(statement(object=ref))["object"] == ref


# --------------------------------------------------------------------------- parameters
def test_agent_param_from_json_text() -> None:
    """The agent parameter may be given as JSON text."""
    agent = validate_agent_param(json.dumps(ALICE))
    assert isinstance(agent, Agent)
    assert agent.mbox == "mailto:alice@example.org"


def test_agent_param_identified_group() -> None:
    """An identified Group is a valid agent parameter."""
    assert isinstance(validate_agent_param(TEAM), Group)


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("not json", "agent"),
        ('{"mbox": "xapi@adlnet.gov"}', "agent.mbox"),
        ({"name": "no ifi"}, "agent"),
        ({"objectType": "agent", "mbox": "mailto:a@b.c"}, "agent"),
        ({"mbox": "mailto:a@b.c", "foo": 1}, "agent.foo"),
        ([ALICE], "agent"),
        (PAIR, "agent"),
    ],
)
def test_invalid_agent_param(value: Any, path: str) -> None:
    """Invalid agent parameters are rejected (anonymous groups by default)."""
    with pytest.raises(StatementValidationError) as excinfo:
        validate_agent_param(value)
    assert excinfo.value.path == path


def test_agent_param_may_forbid_groups() -> None:
    """Resources that take an Agent only can refuse Groups."""
    with pytest.raises(StatementValidationError, match="must be an Agent"):
        validate_agent_param(TEAM, allow_group=False)


def test_agent_param_may_allow_anonymous_group() -> None:
    """Anonymous groups can be allowed explicitly."""
    assert isinstance(validate_agent_param(PAIR, allow_anonymous_group=True), Group)


@pytest.mark.parametrize("value", ["http://x.org/a", "urn:x:y", "https://例え.jp/a"])
def test_valid_activity_id(value: str) -> None:
    """Activity ids are absolute IRIs."""
    assert validate_activity_id(value) == value


@pytest.mark.parametrize("value", ["", "x.org/a", "not an iri", 5, None])
def test_invalid_activity_id(value: Any) -> None:
    """Activity ids without a scheme or of the wrong type are rejected."""
    with pytest.raises(StatementValidationError, match="activityId: must be an absolute IRI"):
        validate_activity_id(value)


def test_uuid_param() -> None:
    """UUID parameters are validated and lowercased."""
    assert (
        validate_uuid_param("6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")
        == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
    )
    with pytest.raises(StatementValidationError, match="registration: must be a UUID"):
        validate_uuid_param("nope", name="registration")


def test_timestamp_param() -> None:
    """since/until are parsed to aware UTC datetimes."""
    assert parse_timestamp_param("2013-05-18T07:32:34+02:00") == datetime(
        2013, 5, 18, 5, 32, 34, tzinfo=UTC
    )
    with pytest.raises(StatementValidationError, match="until: must be an ISO 8601"):
        parse_timestamp_param("yesterday", name="until")
    with pytest.raises(StatementValidationError, match="since"):
        parse_timestamp_param(5)


@pytest.mark.parametrize(
    "raw", ['{"a": NaN}', "[Infinity]", "[-Infinity]", "[1e400]", "{", b"\xff"]
)
def test_decode_json_rejects_non_json(raw: str | bytes) -> None:
    """Request bodies must be strict JSON: no NaN/Infinity, no overflowing numbers."""
    with pytest.raises(StatementValidationError, match="body: must be valid JSON"):
        decode_json(raw)


def test_decode_json_accepts_json() -> None:
    """Valid JSON decodes to Python values."""
    assert decode_json(b'{"a": [1, 2.5, null, "\\u00e9"]}') == {"a": [1, 2.5, None, "é"]}
