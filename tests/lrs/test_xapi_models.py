"""Statement validation against the xAPI 1.0.3 data model (Data 2.2-2.4, 4.0).

Cases mirror the ADL LRS conformance suite: each invalid case states the JSON path the error
must name; each valid case must be accepted unchanged.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from lrs.xapi import (
    Activity,
    Agent,
    Group,
    Statement,
    StatementRef,
    StatementValidationError,
    SubStatement,
    parse_statement,
    parse_statements,
)

DELETE = object()

MBOX_AGENT = {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"}
SHA1_AGENT = {"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"}
OPENID_AGENT = {"openid": "http://openid.example.org/12345"}
ACCOUNT_AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com", "name": "xAPI account name"},
}
IDENTIFIED_GROUP = {"objectType": "Group", "name": "Group Identified", "mbox": "mailto:g@x.org"}
ANONYMOUS_GROUP = {"objectType": "Group", "member": [MBOX_AGENT, ACCOUNT_AGENT]}
ACTIVITY = {"objectType": "Activity", "id": "http://www.example.com/meetings/occurances/34534"}
STATEMENT_REF = {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}
VERB = {
    "id": "http://adlnet.gov/expapi/verbs/attended",
    "display": {"en-GB": "attended", "en-US": "attended"},
}
SUBSTATEMENT = {
    "objectType": "SubStatement",
    "actor": MBOX_AGENT,
    "verb": VERB,
    "object": ACTIVITY,
}
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "description": {"en-US": "A test attachment (description)"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://over.there.com/file.txt",
}
CHOICE_DEFINITION = {
    "name": {"en-US": "Question"},
    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "interactionType": "choice",
    "correctResponsesPattern": ["golf[,]tetris"],
    "choices": [
        {"id": "golf", "description": {"en-US": "Golf Example"}},
        {"id": "tetris", "description": {"en-US": "Tetris Example"}},
    ],
}
RESULT = {
    "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
    "success": True,
    "completion": True,
    "response": "We agreed on some example actions.",
    "duration": "PT1H0M0S",
    "extensions": {"http://example.com/profiles/meetings/resultextensions/minuteslocation": "X:"},
}
CONTEXT = {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "revision": "rev_10_3_2",
    "platform": "Example virtual meeting software",
    "language": "tlh",
    "statement": STATEMENT_REF,
    "extensions": {"http://example.com/profiles/meetings/contextextensions/airspeed": "600mph"},
}


def base_statement() -> dict[str, Any]:
    """Return a fresh minimal valid statement."""
    return copy.deepcopy({"actor": MBOX_AGENT, "verb": VERB, "object": ACTIVITY})


def apply(statement: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply ``{"dotted.path": value}`` changes (``DELETE`` removes) to a statement copy."""
    result = copy.deepcopy(statement)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = result
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = copy.deepcopy(value)
        else:
            node[last] = copy.deepcopy(value)
    return result


def statement_with(**changes: Any) -> dict[str, Any]:
    """Build a statement from the base with keyword changes (``__`` separates path parts)."""
    return apply(
        base_statement(), {key.replace("__", "."): value for key, value in changes.items()}
    )


def in_substatement(changes: dict[str, Any]) -> dict[str, Any]:
    """Return a statement whose SubStatement object receives ``changes``."""
    statement = statement_with(object=SUBSTATEMENT)
    return apply(statement, {f"object.{path}": value for path, value in changes.items()})


def assert_invalid(payload: Any, path: str) -> StatementValidationError:
    """Assert that validation fails and that the error names ``path``."""
    with pytest.raises(StatementValidationError) as excinfo:
        parse_statements(payload)
    assert excinfo.value.path == path, str(excinfo.value)
    assert str(excinfo.value).startswith(f"{path}: ")
    return excinfo.value


# =========================================================================== valid statements
VALID = [
    pytest.param({}, id="minimal"),
    pytest.param({"id": "AA97B177-9383-4934-8543-0F91A7A02836"}, id="uppercase-uuid-id"),
    pytest.param({"id": "00000000-0000-0000-0000-000000000000"}, id="nil-uuid-id"),
    pytest.param({"actor": {"mbox": "mailto:xapi@adlnet.gov"}}, id="actor-without-objectType"),
    pytest.param({"actor": SHA1_AGENT}, id="actor-mbox_sha1sum"),
    pytest.param({"actor": OPENID_AGENT}, id="actor-openid"),
    pytest.param({"actor": ACCOUNT_AGENT}, id="actor-account"),
    pytest.param({"actor": IDENTIFIED_GROUP}, id="actor-identified-group"),
    pytest.param({"actor": ANONYMOUS_GROUP}, id="actor-anonymous-group"),
    pytest.param(
        {"actor": {**IDENTIFIED_GROUP, "member": [MBOX_AGENT]}}, id="identified-group-with-members"
    ),
    pytest.param(
        {"actor": {**IDENTIFIED_GROUP, "member": []}}, id="identified-group-empty-members"
    ),
    pytest.param({"actor.name": ""}, id="empty-agent-name"),
    pytest.param({"verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}}, id="verb-no-display"),
    pytest.param({"verb.display": {"i-enochian": "x"}}, id="grandfathered-tag"),
    pytest.param({"verb.display": {"zh-cmn-Hans-CN": "x"}}, id="extlang-script-region"),
    pytest.param({"verb.display": {"sl-rozaj-biske": "x"}}, id="two-variants"),
    pytest.param({"verb.display": {"de-CH-1901": "x"}}, id="digit-variant"),
    pytest.param({"verb.display": {"az-Arab-x-AZE-derbend": "x"}}, id="private-use"),
    pytest.param({"verb.display": {"x-whatever": "x"}}, id="private-use-only"),
    pytest.param({"verb.display": {"en-a-bbb-x-a-ccc": "x"}}, id="singleton-repeat-in-private"),
    pytest.param({"verb.display": {"ja-JP": "出席した"}}, id="unicode-value"),
    pytest.param({"verb.display": {"en-US": ""}}, id="empty-display-value"),
    pytest.param({"verb.id": "urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}, id="urn-verb-id"),
    pytest.param({"object.id": "http://example.com/παράδειγμα"}, id="unicode-iri"),
    pytest.param({"object.id": "http://example.com/a%20b?q=1#frag"}, id="iri-query-fragment"),
    pytest.param({"object.objectType": DELETE}, id="activity-without-objectType"),
    pytest.param({"object.definition": {}}, id="empty-definition"),
    pytest.param({"object.definition": CHOICE_DEFINITION}, id="choice-definition"),
    pytest.param(
        {"object.definition": {"interactionType": "fill-in", "correctResponsesPattern": []}},
        id="empty-correct-responses",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "true-false", "correctResponsesPattern": ["t"]}},
        id="true-false",
    ),
    pytest.param(
        {
            "object.definition": {
                "interactionType": "matching",
                "source": [{"id": "a"}, {"id": "b"}],
                "target": [{"id": "a"}],
            }
        },
        id="matching-source-target-same-ids",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "likert", "scale": [{"id": "l0"}]}}, id="likert"
    ),
    pytest.param(
        {"object.definition": {"interactionType": "performance", "steps": [{"id": "s"}]}},
        id="performance",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "sequencing", "choices": [{"id": "s"}]}},
        id="sequencing",
    ),
    pytest.param({"object.definition": {"interactionType": "other"}}, id="other-type"),
    pytest.param({"object.definition": {"extensions": {}}}, id="empty-extensions"),
    pytest.param(
        {"object.definition": {"extensions": {"http://example.com/ex": None}}},
        id="null-extension-value",
    ),
    pytest.param(
        {"object.definition": {"extensions": {"http://example.com/ex": {"a": [None, 1.5]}}}},
        id="nested-extension-value",
    ),
    pytest.param({"object": MBOX_AGENT}, id="object-agent"),
    pytest.param({"object": IDENTIFIED_GROUP}, id="object-identified-group"),
    pytest.param({"object": ANONYMOUS_GROUP}, id="object-anonymous-group"),
    pytest.param({"object": STATEMENT_REF}, id="object-statementref"),
    pytest.param({"object": SUBSTATEMENT}, id="object-substatement"),
    pytest.param(
        {"verb.id": "http://adlnet.gov/expapi/verbs/voided", "object": STATEMENT_REF},
        id="voiding",
    ),
    pytest.param({"result": RESULT}, id="full-result"),
    pytest.param({"result": {}}, id="empty-result"),
    pytest.param({"result": {"score": {"scaled": 1.0}}}, id="scaled-1"),
    pytest.param({"result": {"score": {"scaled": -1}}}, id="scaled-minus-1"),
    pytest.param({"result": {"score": {"raw": -5}}}, id="raw-unbounded"),
    pytest.param({"result": {"score": {"raw": 0, "min": 0, "max": 1}}}, id="raw-equals-min"),
    pytest.param({"result": {"score": {"raw": 1, "min": 0, "max": 1}}}, id="raw-equals-max"),
    pytest.param({"result": {"score": {"min": 0.12123434, "max": 45.45}}}, id="decimal-bounds"),
    pytest.param({"result": {"score": {"raw": 95, "max": 100}}}, id="raw-with-max-only"),
    pytest.param({"result": {"duration": "PT4H35M59.14S"}}, id="duration-fraction"),
    pytest.param({"result": {"duration": "P3Y1M29DT4H35M59.14S"}}, id="duration-full"),
    pytest.param({"result": {"duration": "P4W"}}, id="duration-weeks"),
    pytest.param({"result": {"duration": "PT16559.14S"}}, id="duration-seconds"),
    pytest.param({"result": {"response": ""}}, id="empty-response"),
    pytest.param({"context": CONTEXT}, id="full-context"),
    pytest.param({"context": {}}, id="empty-context"),
    pytest.param({"context": {"language": "cmn"}}, id="context-language-3-letters"),
    pytest.param({"context": {"instructor": MBOX_AGENT}}, id="instructor-agent"),
    pytest.param({"context": {"instructor": IDENTIFIED_GROUP}}, id="instructor-group"),
    pytest.param({"context": {"team": IDENTIFIED_GROUP}}, id="team-identified-group"),
    pytest.param({"context": {"team": ANONYMOUS_GROUP}}, id="team-anonymous-group"),
    pytest.param(
        {"context": {"contextActivities": {"parent": ACTIVITY}}}, id="context-activity-single"
    ),
    pytest.param(
        {
            "context": {
                "contextActivities": {
                    "parent": [ACTIVITY],
                    "grouping": [ACTIVITY, {"id": "http://example.com/g"}],
                    "category": [],
                    "other": ACTIVITY,
                }
            }
        },
        id="context-activities-all-kinds",
    ),
    pytest.param({"timestamp": "2013-05-18T05:32:34.804Z"}, id="timestamp-utc"),
    pytest.param({"timestamp": "2013-05-18T05:32:34.804+02:00"}, id="timestamp-offset"),
    pytest.param({"timestamp": "2013-05-18T05:32:34"}, id="timestamp-no-offset"),
    pytest.param({"timestamp": "20130518T053234Z"}, id="timestamp-basic"),
    pytest.param({"timestamp": "2999-01-01T00:00:00.000Z"}, id="timestamp-future"),
    pytest.param({"stored": "2013-05-18T05:32:34.804Z"}, id="stored"),
    pytest.param({"authority": MBOX_AGENT}, id="authority-agent"),
    pytest.param({"authority": ANONYMOUS_GROUP}, id="authority-oauth-group"),
    pytest.param({"version": "1.0"}, id="version-1.0"),
    pytest.param({"version": "1.0.3"}, id="version-1.0.3"),
    pytest.param({"version": "1.0.9"}, id="version-1.0.9"),
    pytest.param({"attachments": [ATTACHMENT]}, id="attachment"),
    pytest.param({"attachments": []}, id="no-attachments"),
    pytest.param({"attachments": [{**ATTACHMENT, "fileUrl": DELETE}]}, id="attachment-no-fileurl"),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "sha2": "A" * 128, "contentType": "image/svg+xml"}]},
        id="attachment-sha512-uppercase",
    ),
    pytest.param({"attachments": [{**ATTACHMENT, "length": 0}]}, id="attachment-zero-length"),
]


def _materialize(changes: dict[str, Any]) -> dict[str, Any]:
    """Apply changes, resolving DELETE markers nested inside dict values."""
    resolved = {
        path: {k: v for k, v in value.items() if v is not DELETE}
        if isinstance(value, dict)
        else value
        for path, value in changes.items()
    }
    if isinstance(resolved.get("attachments"), list):
        resolved["attachments"] = [
            {k: v for k, v in item.items() if v is not DELETE} if isinstance(item, dict) else item
            for item in resolved["attachments"]
        ]
    return apply(base_statement(), resolved)


@pytest.mark.parametrize("changes", VALID)
def test_valid_statement_is_accepted(changes: dict[str, Any]) -> None:
    """A statement satisfying every xAPI 1.0.3 rule validates."""
    statements = parse_statements(_materialize(changes))
    assert len(statements) == 1
    assert isinstance(statements[0], Statement)


SUBSTATEMENT_VALID = [
    pytest.param({}, id="activity"),
    pytest.param({"object": MBOX_AGENT}, id="agent-object"),
    pytest.param({"object": ANONYMOUS_GROUP}, id="group-object"),
    pytest.param({"object": STATEMENT_REF}, id="statementref-object"),
    pytest.param({"result": RESULT}, id="result"),
    pytest.param({"context": CONTEXT}, id="context"),
    pytest.param({"timestamp": "2013-05-18T05:32:34.804Z"}, id="timestamp"),
    pytest.param({"attachments": [ATTACHMENT]}, id="attachments"),
    pytest.param({"actor": IDENTIFIED_GROUP}, id="group-actor"),
]


@pytest.mark.parametrize("changes", SUBSTATEMENT_VALID)
def test_valid_substatement_is_accepted(changes: dict[str, Any]) -> None:
    """A SubStatement follows statement rules minus id/stored/version/authority."""
    parse_statements(in_substatement(changes))


# =========================================================================== invalid statements
INVALID = [
    # --- structure, keys, types
    pytest.param({"actor": DELETE}, "statement.actor", id="missing-actor"),
    pytest.param({"verb": DELETE}, "statement.verb", id="missing-verb"),
    pytest.param({"object": DELETE}, "statement.object", id="missing-object"),
    pytest.param({"Actor": MBOX_AGENT}, "statement.Actor", id="key-case-actor"),
    pytest.param({"timeStamp": "2013-05-18T05:32:34.804Z"}, "statement.timeStamp", id="key-case"),
    pytest.param({"objectType": "Statement"}, "statement.objectType", id="statement-objectType"),
    pytest.param({"extra": 1}, "statement.extra", id="unknown-property"),
    pytest.param({"id": 12345}, "statement.id", id="id-number"),
    pytest.param({"id": {"key": "x"}}, "statement.id", id="id-object"),
    pytest.param({"id": "AA97B177-9383-4934-8543-0F91A7A028368"}, "statement.id", id="id-13"),
    pytest.param({"id": "MA97B177-9383-4934-8543-0F91A7A02836"}, "statement.id", id="id-letter"),
    pytest.param({"id": "{6690e6c9-3ef0-4ed3-8b37-7f3964730bee}"}, "statement.id", id="id-braces"),
    pytest.param({"id": ""}, "statement.id", id="id-empty"),
    pytest.param({"id": None}, "statement.id", id="id-null"),
    # --- null rule
    pytest.param({"actor.name": None}, "statement.actor.name", id="null-actor-name"),
    pytest.param(
        {"verb.display": {"en-US": None}}, 'statement.verb.display["en-US"]', id="null-lm"
    ),
    pytest.param(
        {"context": {"registration": None}}, "statement.context.registration", id="null-reg"
    ),
    pytest.param(
        {"object.definition": {"moreInfo": None}},
        "statement.object.definition.moreInfo",
        id="null-moreinfo",
    ),
    pytest.param({"result": None}, "statement.result", id="null-result"),
    pytest.param({"actor": None}, "statement.actor", id="null-actor"),
    pytest.param({"object.objectType": None}, "statement.object", id="null-objectType"),
    # --- agents
    pytest.param({"actor.mbox": DELETE}, "statement.actor", id="agent-without-ifi"),
    pytest.param(
        {"actor.account": ACCOUNT_AGENT["account"]}, "statement.actor", id="agent-two-ifis"
    ),
    pytest.param(
        {"actor.mbox_sha1sum": SHA1_AGENT["mbox_sha1sum"]}, "statement.actor", id="mbox+sha"
    ),
    pytest.param({"actor.openid": OPENID_AGENT["openid"]}, "statement.actor", id="mbox+openid"),
    pytest.param({"actor.objectType": "agent"}, "statement.actor", id="objectType-lowercase"),
    pytest.param({"actor.objectType": "Person"}, "statement.actor", id="objectType-person"),
    pytest.param({"actor.objectType": 123}, "statement.actor", id="objectType-number"),
    pytest.param({"actor.objectType": {"a": 1}}, "statement.actor", id="objectType-object"),
    pytest.param({"actor.name": 123}, "statement.actor.name", id="name-number"),
    pytest.param({"actor.name": {"a": 1}}, "statement.actor.name", id="name-object"),
    pytest.param({"actor.mbox": "xapi@adlnet.gov"}, "statement.actor.mbox", id="mbox-no-mailto"),
    pytest.param({"actor.mbox": "http://should.fail.com"}, "statement.actor.mbox", id="mbox-http"),
    pytest.param({"actor.mbox": "mailto:should.fail.com"}, "statement.actor.mbox", id="mbox-no-at"),
    pytest.param({"actor.mbox": "mailto:a b@c.d"}, "statement.actor.mbox", id="mbox-space"),
    pytest.param({"actor.mbox": "mailto:a@b@c.d"}, "statement.actor.mbox", id="mbox-two-at"),
    pytest.param({"actor.mbox": "MAILTO:a@b.c"}, "statement.actor.mbox", id="mbox-uppercase"),
    pytest.param({"actor.mbox": ""}, "statement.actor.mbox", id="mbox-empty"),
    pytest.param(
        {"actor": {"mbox_sha1sum": "cd9b00a5"}}, "statement.actor.mbox_sha1sum", id="sha-short"
    ),
    pytest.param(
        {"actor": {"mbox_sha1sum": "z" * 40}}, "statement.actor.mbox_sha1sum", id="sha-nonhex"
    ),
    pytest.param(
        {"actor": {"mbox_sha1sum": {"k": 1}}}, "statement.actor.mbox_sha1sum", id="sha-obj"
    ),
    pytest.param(
        {"actor": {"openid": "ab=c://should.fail.com"}}, "statement.actor.openid", id="openid"
    ),
    pytest.param(
        {"actor": {"openid": "open.id.com/testUser"}}, "statement.actor.openid", id="openid2"
    ),
    pytest.param(
        {"actor": {"account": {"name": "n"}}}, "statement.actor.account.homePage", id="no-homepage"
    ),
    pytest.param(
        {"actor": {"account": {"homePage": "http://x.org"}}},
        "statement.actor.account.name",
        id="no-account-name",
    ),
    pytest.param(
        {"actor": {"account": {"homePage": "ab=c://should.fail.com", "name": "n"}}},
        "statement.actor.account.homePage",
        id="homepage-not-irl",
    ),
    pytest.param(
        {"actor": {"account": {"homePage": "homePage.com/testUser", "name": "n"}}},
        "statement.actor.account.homePage",
        id="homepage-no-scheme",
    ),
    pytest.param(
        {"actor": {"account": {"homePage": "http://x.org", "name": {"key": "v"}}}},
        "statement.actor.account.name",
        id="account-name-object",
    ),
    pytest.param(
        {"actor": {"account": {"homePage": "http://x.org", "name": "n", "id": "1"}}},
        "statement.actor.account.id",
        id="account-extra-key",
    ),
    pytest.param({"actor.member": [MBOX_AGENT]}, "statement.actor.member", id="agent-with-member"),
    # --- groups
    pytest.param({"actor": {"objectType": "Group"}}, "statement.actor.member", id="anon-no-member"),
    pytest.param(
        {"actor": {"objectType": "Group", "member": []}},
        "statement.actor.member",
        id="anon-empty-member",
    ),
    pytest.param(
        {"actor": {**IDENTIFIED_GROUP, "openid": "http://o.org/x"}},
        "statement.actor",
        id="group-two-ifis",
    ),
    pytest.param(
        {"actor": {**IDENTIFIED_GROUP, "member": MBOX_AGENT}},
        "statement.actor.member",
        id="member-not-array",
    ),
    pytest.param(
        {"actor": {"objectType": "Group", "member": [IDENTIFIED_GROUP]}},
        "statement.actor.member[0].objectType",
        id="group-in-group",
    ),
    pytest.param(
        {"actor": {"objectType": "Group", "member": [{"name": "no ifi"}]}},
        "statement.actor.member[0]",
        id="member-without-ifi",
    ),
    pytest.param(
        {"actor": {"objectType": "Group", "member": [{"mbox": "mailto:x"}]}},
        "statement.actor.member[0].mbox",
        id="member-bad-mbox",
    ),
    pytest.param(
        {"actor": {"objectType": "group", "mbox": "mailto:a@b.c"}}, "statement.actor", id="grp"
    ),
    # --- verb
    pytest.param({"verb.id": DELETE}, "statement.verb.id", id="verb-no-id"),
    pytest.param({"verb.id": "ab=c://should.fail.com"}, "statement.verb.id", id="verb-id-bad"),
    pytest.param(
        {"verb.id": "adlnet.gov/expapi/verbs/x"}, "statement.verb.id", id="verb-no-scheme"
    ),
    pytest.param({"verb.id": "http://x.org/a b"}, "statement.verb.id", id="verb-id-space"),
    pytest.param({"verb.id": ""}, "statement.verb.id", id="verb-id-empty"),
    pytest.param({"verb.display": "attended"}, "statement.verb.display", id="display-string"),
    pytest.param({"verb.display": 12345}, "statement.verb.display", id="display-number"),
    pytest.param({"verb.display": {"a12345": "x"}}, "statement.verb.display", id="tag-alnum"),
    pytest.param({"verb.display": {"a12345678": "x"}}, "statement.verb.display", id="tag-9-chars"),
    pytest.param(
        {"verb.display": {"something": "x"}}, "statement.verb.display", id="tag-something"
    ),
    pytest.param({"verb.display": {"de-419-DE": "x"}}, "statement.verb.display", id="two-regions"),
    pytest.param({"verb.display": {"a-DE": "x"}}, "statement.verb.display", id="singleton-primary"),
    pytest.param({"verb.display": {"en_US": "x"}}, "statement.verb.display", id="underscore"),
    pytest.param({"verb.display": {"": "x"}}, "statement.verb.display", id="empty-tag"),
    pytest.param(
        {"verb.display": {"ar-a-aaa-b-bbb-a-ccc": "x"}},
        "statement.verb.display",
        id="repeated-singleton",
    ),
    pytest.param({"verb.display": {"sl-rozaj-rozaj": "x"}}, "statement.verb.display", id="rep-var"),
    pytest.param({"verb.display": {"en": 1}}, "statement.verb.display.en", id="lm-value-number"),
    pytest.param({"verb.foo": "x"}, "statement.verb.foo", id="verb-extra"),
    pytest.param(
        {"verb.id": "http://adlnet.gov/expapi/verbs/voided"}, "statement.object", id="void-activity"
    ),
    pytest.param(
        {"verb.id": "http://adlnet.gov/expapi/verbs/voided", "object": SUBSTATEMENT},
        "statement.object",
        id="void-substatement",
    ),
    # --- object: activity
    pytest.param({"object.id": DELETE}, "statement.object.id", id="activity-no-id"),
    pytest.param({"object.id": "ab=c://should.fail.com"}, "statement.object.id", id="activity-id"),
    pytest.param(
        {"object.id": "www.example.com/x"}, "statement.object.id", id="activity-no-scheme"
    ),
    pytest.param({"object.objectType": "activity"}, "statement.object", id="activity-lowercase"),
    pytest.param({"object.objectType": "Statement"}, "statement.object", id="objectType-statement"),
    pytest.param({"object": MBOX_AGENT | {"objectType": DELETE}}, "statement.object.id", id="agt"),
    pytest.param(
        {"object.definition": "should error"}, "statement.object.definition", id="def-str"
    ),
    pytest.param(
        {"object.definition": {"name": "x"}}, "statement.object.definition.name", id="name-str"
    ),
    pytest.param(
        {"object.definition": {"name": 12345}}, "statement.object.definition.name", id="name-num"
    ),
    pytest.param(
        {"object.definition": {"description": {"de-419-DE": "x"}}},
        "statement.object.definition.description",
        id="description-bad-tag",
    ),
    pytest.param(
        {"object.definition": {"type": "should error"}},
        "statement.object.definition.type",
        id="type-not-iri",
    ),
    pytest.param(
        {"object.definition": {"moreInfo": "should error"}},
        "statement.object.definition.moreInfo",
        id="moreinfo-not-irl",
    ),
    pytest.param(
        {"object.definition": {"extensions": "should error"}},
        "statement.object.definition.extensions",
        id="extensions-string",
    ),
    pytest.param(
        {"object.definition": {"extensions": {"id": "valid"}}},
        "statement.object.definition.extensions",
        id="extension-key-not-iri",
    ),
    pytest.param(
        {"object.definition": {"extensions": {"not.valid.com/extension": 1}}},
        "statement.object.definition.extensions",
        id="extension-key-no-scheme",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "true-faLse"}},
        "statement.object.definition.interactionType",
        id="interaction-case",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "Other"}},
        "statement.object.definition.interactionType",
        id="interaction-Other",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "http://x.org/choice"}},
        "statement.object.definition.interactionType",
        id="interaction-iri",
    ),
    pytest.param(
        {"object.definition": {"interactionType": 12345}},
        "statement.object.definition.interactionType",
        id="interaction-number",
    ),
    pytest.param(
        {"object.definition": {"correctResponsesPattern": ["a"]}},
        "statement.object.definition.correctResponsesPattern",
        id="crp-without-type",
    ),
    pytest.param(
        {"object.definition": {"choices": [{"id": "a"}]}},
        "statement.object.definition.choices",
        id="choices-without-type",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "numeric", "correctResponsesPattern": "1"}},
        "statement.object.definition.correctResponsesPattern",
        id="crp-string",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "numeric", "correctResponsesPattern": [1]}},
        "statement.object.definition.correctResponsesPattern[0]",
        id="crp-number",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "numeric", "correctResponsesPattern": [{}]}},
        "statement.object.definition.correctResponsesPattern[0]",
        id="crp-object",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": {"id": "a"}}},
        "statement.object.definition.choices",
        id="choices-not-array",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": [{"id": {"test": "v"}}]}},
        "statement.object.definition.choices[0].id",
        id="component-id-object",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": [{"description": {"en": "x"}}]}},
        "statement.object.definition.choices[0].id",
        id="component-no-id",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": [{"id": "a", "description": "x"}]}},
        "statement.object.definition.choices[0].description",
        id="component-description-string",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": ["should error"]}},
        "statement.object.definition.choices[0]",
        id="component-string",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "choices": [{"id": "a"}, {"id": "a"}]}},
        "statement.object.definition.choices",
        id="component-duplicate-ids",
    ),
    pytest.param(
        {"object.definition": {**CHOICE_DEFINITION, "scale": [{"id": "a"}]}},
        "statement.object.definition.scale",
        id="scale-with-choice",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "likert", "choices": [{"id": "a"}]}},
        "statement.object.definition.choices",
        id="choices-with-likert",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "matching", "steps": [{"id": "a"}]}},
        "statement.object.definition.steps",
        id="steps-with-matching",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "fill-in", "choices": []}},
        "statement.object.definition.choices",
        id="components-with-fill-in",
    ),
    pytest.param(
        {"object.definition": {"interactionType": "likert", "scale": [{"id": "a", "x": 1}]}},
        "statement.object.definition.scale[0].x",
        id="component-extra-key",
    ),
    pytest.param(
        {"object.definition": {"unknown": 1}}, "statement.object.definition.unknown", id="def-extra"
    ),
    # --- object: agent/group/statementref/substatement
    pytest.param({"object": {"objectType": "Agent"}}, "statement.object", id="object-agent-no-ifi"),
    pytest.param({"object": {"objectType": "Group"}}, "statement.object.member", id="object-group"),
    pytest.param({"object": {"objectType": "StatementRef"}}, "statement.object.id", id="ref-no-id"),
    pytest.param(
        {"object": {**STATEMENT_REF, "id": "should fail"}}, "statement.object.id", id="ref-bad-id"
    ),
    pytest.param(
        {"object": {**STATEMENT_REF, "objectType": "statementref"}},
        "statement.object",
        id="ref-lowercase",
    ),
    pytest.param(
        {"object": {"id": STATEMENT_REF["id"]}}, "statement.object.id", id="ref-without-objectType"
    ),
    pytest.param(
        {"object": {**STATEMENT_REF, "definition": {}}}, "statement.object.definition", id="ref-x"
    ),
    pytest.param(
        {"object": {**SUBSTATEMENT, "objectType": "substatement"}},
        "statement.object",
        id="substatement-lowercase",
    ),
    # --- result
    pytest.param({"result": 12345}, "statement.result", id="result-number"),
    pytest.param({"result": {"score": 12345}}, "statement.result.score", id="score-number"),
    pytest.param({"result": {"score": "x"}}, "statement.result.score", id="score-string"),
    pytest.param({"result": {"score": {"max": "100"}}}, "statement.result.score.max", id="max-str"),
    pytest.param({"result": {"score": {"raw": True}}}, "statement.result.score.raw", id="raw-bool"),
    pytest.param(
        {"result": {"score": {"scaled": 1.01}}}, "statement.result.score.scaled", id="s>1"
    ),
    pytest.param(
        {"result": {"score": {"scaled": -1.00001}}}, "statement.result.score.scaled", id="s<-1"
    ),
    pytest.param(
        {"result": {"score": {"raw": 0.6767676, "min": 0, "max": 0.6567676}}},
        "statement.result.score.raw",
        id="raw-above-max",
    ),
    pytest.param(
        {"result": {"score": {"raw": 0.6767676, "min": 1.4067676, "max": 100}}},
        "statement.result.score.raw",
        id="raw-below-min",
    ),
    pytest.param(
        {"result": {"score": {"min": 0.6767676, "max": 0.6767355, "raw": 0.6767643}}},
        "statement.result.score.min",
        id="min-above-max",
    ),
    pytest.param(
        {"result": {"score": {"min": 5, "max": 5}}}, "statement.result.score.min", id="min-eq-max"
    ),
    pytest.param(
        {"result": {"score": {"raw": float("nan")}}}, "statement.result.score.raw", id="nan"
    ),
    pytest.param(
        {"result": {"score": {"raw": float("inf")}}}, "statement.result.score.raw", id="inf"
    ),
    pytest.param({"result": {"success": "true"}}, "statement.result.success", id="success-str"),
    pytest.param({"result": {"success": 1}}, "statement.result.success", id="success-int"),
    pytest.param({"result": {"completion": "false"}}, "statement.result.completion", id="compl"),
    pytest.param({"result": {"response": 12345}}, "statement.result.response", id="response-num"),
    pytest.param(
        {"result": {"response": {"k": 1}}}, "statement.result.response", id="response-obj"
    ),
    pytest.param({"result": {"duration": "PA1H0M0S"}}, "statement.result.duration", id="dur-bad"),
    pytest.param(
        {"result": {"duration": "should fail"}}, "statement.result.duration", id="dur-str"
    ),
    pytest.param({"result": {"duration": 12345}}, "statement.result.duration", id="dur-number"),
    pytest.param({"result": {"duration": "P"}}, "statement.result.duration", id="dur-empty"),
    pytest.param({"result": {"duration": "PT"}}, "statement.result.duration", id="dur-empty-time"),
    pytest.param(
        {"result": {"duration": "P1DT"}}, "statement.result.duration", id="dur-dangling-t"
    ),
    pytest.param({"result": {"duration": "PT1.5H30M"}}, "statement.result.duration", id="dur-frac"),
    pytest.param(
        {"result": {"duration": "P1W2D"}}, "statement.result.duration", id="dur-weeks-mix"
    ),
    pytest.param({"result": {"duration": "-PT1S"}}, "statement.result.duration", id="dur-negative"),
    pytest.param(
        {"result": {"duration": "P0001-00-00T00:00:00"}},
        "statement.result.duration",
        id="dur-alternative-format",
    ),
    pytest.param({"result": {"extensions": 12345}}, "statement.result.extensions", id="ext-num"),
    pytest.param(
        {"result": {"extensions": {"should fail": True}}},
        "statement.result.extensions",
        id="ext-key-space",
    ),
    pytest.param({"result": {"foo": 1}}, "statement.result.foo", id="result-extra"),
    # --- context
    pytest.param(
        {"context": {"registration": "should fail"}}, "statement.context.registration", id="reg"
    ),
    pytest.param(
        {"context": {"registration": 12345}}, "statement.context.registration", id="reg-number"
    ),
    pytest.param({"context": {"instructor": "x"}}, "statement.context.instructor", id="instr-str"),
    pytest.param(
        {"context": {"instructor": {"key": "x"}}},
        "statement.context.instructor.key",
        id="instr-obj",
    ),
    pytest.param({"context": {"team": MBOX_AGENT}}, "statement.context.team.objectType", id="team"),
    pytest.param({"context": {"team": "x"}}, "statement.context.team", id="team-string"),
    pytest.param(
        {"context": {"contextActivities": "x"}}, "statement.context.contextActivities", id="ca-str"
    ),
    pytest.param(
        {"context": {"contextActivities": {"parents": [ACTIVITY]}}},
        "statement.context.contextActivities.parents",
        id="ca-unknown-kind",
    ),
    pytest.param(
        {"context": {"contextActivities": {"other": [ACTIVITY, {"key": "should fail"}]}}},
        "statement.context.contextActivities.other[1].id",
        id="ca-invalid-item",
    ),
    pytest.param(
        {"context": {"contextActivities": {"parent": "http://x.org"}}},
        "statement.context.contextActivities.parent",
        id="ca-string",
    ),
    pytest.param(
        {"context": {"contextActivities": {"category": {"id": "bad"}}}},
        "statement.context.contextActivities.category.id",
        id="ca-single-bad-id",
    ),
    pytest.param({"context": {"revision": 12345}}, "statement.context.revision", id="revision-num"),
    pytest.param({"context": {"platform": {"a": 1}}}, "statement.context.platform", id="plat-obj"),
    pytest.param({"context": {"language": 12345}}, "statement.context.language", id="lang-num"),
    pytest.param({"context": {"language": {"a": 1}}}, "statement.context.language", id="lang-obj"),
    pytest.param({"context": {"language": "g-GR"}}, "statement.context.language", id="lang-g-GR"),
    pytest.param({"context": {"language": "something"}}, "statement.context.language", id="lang"),
    pytest.param(
        {"context": {"language": "fr-f-aaa-b-rrr-f-ccc"}},
        "statement.context.language",
        id="lang-repeated-singleton",
    ),
    pytest.param(
        {"context": {"statement": {"objectType": "statementref", "id": STATEMENT_REF["id"]}}},
        "statement.context.statement.objectType",
        id="context-statement-case",
    ),
    pytest.param(
        {"context": {"statement": {"objectType": "StatementRef", "id": "should fail"}}},
        "statement.context.statement.id",
        id="context-statement-id",
    ),
    pytest.param(
        {"context": {"extensions": {"example.com/extension/wrong": 1}}},
        "statement.context.extensions",
        id="context-ext-key",
    ),
    pytest.param(
        {"object": MBOX_AGENT, "context": {"revision": "r1"}},
        "statement.context.revision",
        id="revision-with-agent",
    ),
    pytest.param(
        {"object": IDENTIFIED_GROUP, "context": {"platform": "p"}},
        "statement.context.platform",
        id="platform-with-group",
    ),
    pytest.param(
        {"object": STATEMENT_REF, "context": {"revision": "r1"}},
        "statement.context.revision",
        id="revision-with-statementref",
    ),
    pytest.param(
        {"object": SUBSTATEMENT, "context": {"platform": "p"}},
        "statement.context.platform",
        id="platform-with-substatement",
    ),
    pytest.param({"context": {"foo": 1}}, "statement.context.foo", id="context-extra"),
    # --- timestamps, stored, version
    pytest.param({"timestamp": "should fail"}, "statement.timestamp", id="ts-string"),
    pytest.param({"timestamp": "01/011/2015"}, "statement.timestamp", id="ts-date"),
    pytest.param({"timestamp": "2008-09-15T15:53:00.601-00"}, "statement.timestamp", id="ts-00"),
    pytest.param(
        {"timestamp": "2008-09-15T15:53:00.601-0000"}, "statement.timestamp", id="ts-0000"
    ),
    pytest.param({"timestamp": "2008-09-15T15:53:00.601-00:00"}, "statement.timestamp", id="ts-0"),
    pytest.param({"timestamp": "2008-09-15"}, "statement.timestamp", id="ts-date-only"),
    pytest.param({"timestamp": "2008-13-15T15:53:00Z"}, "statement.timestamp", id="ts-month-13"),
    pytest.param({"timestamp": "2008-02-30T15:53:00Z"}, "statement.timestamp", id="ts-feb-30"),
    pytest.param({"timestamp": "2008-09-15T24:00:00Z"}, "statement.timestamp", id="ts-hour-24"),
    pytest.param({"timestamp": "2008-09-15 15:53:00Z"}, "statement.timestamp", id="ts-space"),
    pytest.param({"timestamp": 1234567890}, "statement.timestamp", id="ts-number"),
    pytest.param({"stored": "yesterday"}, "statement.stored", id="stored-bad"),
    pytest.param({"version": "should fail"}, "statement.version", id="version-string"),
    pytest.param({"version": "0.9.9"}, "statement.version", id="version-0.9.9"),
    pytest.param({"version": "1.1.0"}, "statement.version", id="version-1.1.0"),
    pytest.param({"version": "2.0.0"}, "statement.version", id="version-2.0.0"),
    pytest.param({"version": 1.0}, "statement.version", id="version-number"),
    # --- authority
    pytest.param({"authority": {"name": "x"}}, "statement.authority", id="authority-no-ifi"),
    pytest.param(
        {"authority": {**ANONYMOUS_GROUP, "mbox": "mailto:bob@example.com"}},
        "statement.authority",
        id="authority-identified-group",
    ),
    pytest.param({"authority": IDENTIFIED_GROUP}, "statement.authority", id="authority-group-ifi"),
    pytest.param(
        {"authority": {"objectType": "Group", "member": [MBOX_AGENT]}},
        "statement.authority.member",
        id="authority-one-member",
    ),
    pytest.param(
        {"authority": {"objectType": "Group", "member": [MBOX_AGENT, ACCOUNT_AGENT, SHA1_AGENT]}},
        "statement.authority.member",
        id="authority-three-members",
    ),
    pytest.param(
        {"authority": {"objectType": "Group"}}, "statement.authority.member", id="auth-none"
    ),
    pytest.param({"authority": "x"}, "statement.authority", id="authority-string"),
    # --- attachments
    pytest.param({"attachments": ATTACHMENT}, "statement.attachments", id="attachments-object"),
    pytest.param({"attachments": [12345]}, "statement.attachments[0]", id="attachment-number"),
    pytest.param({"attachments": ["x"]}, "statement.attachments[0]", id="attachment-string"),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "usageType": "should fail"}]},
        "statement.attachments[0].usageType",
        id="usage-type",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "contentType": 999}]},
        "statement.attachments[0].contentType",
        id="content-type-number",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "contentType": "text"}]},
        "statement.attachments[0].contentType",
        id="content-type-no-subtype",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "length": "should fail"}]},
        "statement.attachments[0].length",
        id="length-string",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "length": 27.5}]},
        "statement.attachments[0].length",
        id="length-float",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "length": -1}]},
        "statement.attachments[0].length",
        id="length-negative",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "sha2": 12345}]},
        "statement.attachments[0].sha2",
        id="sha2-number",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "sha2": "abc"}]},
        "statement.attachments[0].sha2",
        id="sha2-short",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "sha2": DELETE}]},
        "statement.attachments[0].sha2",
        id="sha2-missing",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "fileUrl": "should fail"}]},
        "statement.attachments[0].fileUrl",
        id="file-url",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "display": "x"}]},
        "statement.attachments[0].display",
        id="display-string-attachment",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "display": DELETE}]},
        "statement.attachments[0].display",
        id="display-missing",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "display": {"es-a-aaa-b-bbb-b-ccc": "x"}}]},
        "statement.attachments[0].display",
        id="display-bad-tag",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "description": {"es-MX-PE": "x"}}]},
        "statement.attachments[0].description",
        id="description-two-regions",
    ),
    pytest.param({"attachmentS": [ATTACHMENT]}, "statement.attachmentS", id="attachments-key-case"),
    # --- empty maps (ADL conformance suite, Data 2.4.6 and 4.0)
    pytest.param({"verb.display": {}}, "statement.verb.display", id="empty-language-map"),
    pytest.param(
        {"object": {**ACTIVITY, "definition": {"description": {}}}},
        "statement.object.definition.description",
        id="empty-description-map",
    ),
    pytest.param(
        {"attachments": [{**ATTACHMENT, "display": {}}]},
        "statement.attachments[0].display",
        id="empty-attachment-display",
    ),
    pytest.param(
        {"context": {"contextActivities": {}}},
        "statement.context.contextActivities",
        id="empty-context-activities",
    ),
]


@pytest.mark.parametrize(("changes", "path"), INVALID)
def test_invalid_statement_is_rejected(changes: dict[str, Any], path: str) -> None:
    """A statement breaking one xAPI rule is rejected, naming the failing field's JSON path."""
    assert_invalid(_materialize(changes), path)


SUBSTATEMENT_INVALID = [
    pytest.param({"id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"}, "statement.object.id", id="id"),
    pytest.param({"stored": "2013-05-18T05:32:34.804Z"}, "statement.object.stored", id="stored"),
    pytest.param({"version": "1.0.0"}, "statement.object.version", id="version"),
    pytest.param({"authority": MBOX_AGENT}, "statement.object.authority", id="authority"),
    pytest.param({"object": SUBSTATEMENT}, "statement.object.object", id="nested"),
    pytest.param({"actor": DELETE}, "statement.object.actor", id="no-actor"),
    pytest.param({"verb": DELETE}, "statement.object.verb", id="no-verb"),
    pytest.param({"object": DELETE}, "statement.object.object", id="no-object"),
    pytest.param({"actor.mbox": "mailto:x"}, "statement.object.actor.mbox", id="bad-actor"),
    pytest.param({"verb.display": {"s-RS": "x"}}, "statement.object.verb.display", id="bad-tag"),
    pytest.param({"verb.id": "x"}, "statement.object.verb.id", id="verb-id"),
    pytest.param({"timestamp": "should fail"}, "statement.object.timestamp", id="timestamp"),
    pytest.param(
        {"timestamp": "2008-09-15T15:53:00.601-00:00"}, "statement.object.timestamp", id="ts-00"
    ),
    pytest.param(
        {"object": MBOX_AGENT, "context": {"revision": "r"}},
        "statement.object.context.revision",
        id="revision-with-agent",
    ),
    pytest.param(
        {"object": STATEMENT_REF, "context": {"platform": "p"}},
        "statement.object.context.platform",
        id="platform-with-ref",
    ),
    pytest.param(
        {"object": {"mbox": "mailto:a@b.c"}}, "statement.object.object.id", id="agent-no-objectType"
    ),
    pytest.param(
        {"result": {"score": {"scaled": 2}}}, "statement.object.result.score.scaled", id="scaled"
    ),
    pytest.param(
        {"context": {"language": "zh-z-aaa-z-bbb-c-ccc"}},
        "statement.object.context.language",
        id="language",
    ),
    pytest.param({"objectType": DELETE}, "statement.object.id", id="no-objectType-is-activity"),
]


@pytest.mark.parametrize(("changes", "path"), SUBSTATEMENT_INVALID)
def test_invalid_substatement_is_rejected(changes: dict[str, Any], path: str) -> None:
    """A SubStatement must follow statement rules and must not carry LRS-only properties."""
    assert_invalid(in_substatement(changes), path)


# =========================================================================== positions
AGENT_POSITIONS = {
    "actor": lambda agent: statement_with(actor=agent),
    "authority": lambda agent: statement_with(authority=agent),
    "instructor": lambda agent: statement_with(context={"instructor": agent}),
    "object": lambda agent: statement_with(object=agent),
    "substatement-actor": lambda agent: in_substatement({"actor": agent}),
    "substatement-instructor": lambda agent: in_substatement({"context": {"instructor": agent}}),
}
BAD_AGENTS = {
    "no-ifi": {"objectType": "Agent", "name": "x"},
    "bad-mbox": {"objectType": "Agent", "mbox": "mailto:should.fail.com"},
    "two-ifis": {"objectType": "Agent", **OPENID_AGENT, "mbox": "mailto:a@b.c"},
    "name-number": {"objectType": "Agent", "mbox": "mailto:a@b.c", "name": 123},
    "objectType-case": {"objectType": "agent", "mbox": "mailto:a@b.c"},
    "account-name-object": {"objectType": "Agent", "account": {"homePage": "http://x", "name": {}}},
    "account-no-homepage": {"objectType": "Agent", "account": {"name": "n"}},
}


@pytest.mark.parametrize("position", sorted(AGENT_POSITIONS))
@pytest.mark.parametrize("agent", sorted(BAD_AGENTS))
def test_invalid_agent_rejected_in_every_position(position: str, agent: str) -> None:
    """Agent rules apply to actor, authority, instructor, object and inside SubStatements."""
    with pytest.raises(StatementValidationError):
        parse_statements(AGENT_POSITIONS[position](BAD_AGENTS[agent]))


@pytest.mark.parametrize("position", sorted(AGENT_POSITIONS))
@pytest.mark.parametrize(
    "agent", [MBOX_AGENT, ACCOUNT_AGENT, {"objectType": "Agent", **SHA1_AGENT}]
)
def test_valid_agent_accepted_in_every_position(position: str, agent: dict[str, Any]) -> None:
    """A valid Agent is accepted wherever an Agent may appear."""
    parse_statements(AGENT_POSITIONS[position](agent))


# =========================================================================== payload shape
def test_batch_returns_statements_in_order() -> None:
    """A list payload returns one Statement per element, in order."""
    first = statement_with(id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
    second = statement_with(id="fd41c918-b88b-4b20-a0a5-a4c32391aaa0")
    result = parse_statements([first, second])
    assert [statement.id for statement in result] == [first["id"], second["id"]]


def test_batch_error_names_statement_index() -> None:
    """An invalid statement in a batch is reported with its index."""
    error = assert_invalid(
        [base_statement(), statement_with(actor__mbox="x")], "statements[1].actor.mbox"
    )
    assert "mailto" in error.rule


def test_batch_rejects_duplicate_ids() -> None:
    """Two statements with the same id (any letter case) in one batch are rejected."""
    first = statement_with(id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
    second = statement_with(id="6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")
    assert_invalid([first, second], "statements[1].id")


def test_empty_batch_is_rejected() -> None:
    """An empty array carries no statement and is rejected."""
    assert_invalid([], "statements")


@pytest.mark.parametrize("payload", ["x", 12, None, True])
def test_non_object_payload_is_rejected(payload: Any) -> None:
    """A payload that is neither an object nor an array is rejected."""
    assert_invalid(payload, "statements")


def test_batch_item_must_be_object() -> None:
    """Every element of a statement batch must be a JSON object."""
    assert_invalid([base_statement(), "x"], "statements[1]")


def test_parse_statement_rejects_list() -> None:
    """parse_statement (PUT) accepts exactly one statement object."""
    with pytest.raises(StatementValidationError, match="one statement"):
        parse_statement([base_statement()])


# =========================================================================== model content
def test_models_expose_typed_values() -> None:
    """Validated statements expose typed sub-models and python values."""
    statement = parse_statement(
        statement_with(
            result=RESULT, context=CONTEXT, object={**ACTIVITY, "definition": CHOICE_DEFINITION}
        )
    )
    assert isinstance(statement.actor, Agent)
    assert isinstance(statement.object, Activity)
    assert statement.object.definition is not None
    assert statement.object.definition.interaction_type == "choice"
    assert statement.result is not None
    assert statement.result.score is not None
    assert statement.result.score.raw == 95
    assert statement.context is not None
    assert isinstance(statement.context.statement, StatementRef)
    assert statement.timestamp is None


def test_object_kinds_are_discriminated() -> None:
    """The object is parsed into the model named by its objectType."""
    assert isinstance(parse_statement(statement_with(object=ANONYMOUS_GROUP)).object, Group)
    assert isinstance(parse_statement(statement_with(object=SUBSTATEMENT)).object, SubStatement)
    assert isinstance(parse_statement(statement_with(object=STATEMENT_REF)).object, StatementRef)


def test_to_dict_returns_exactly_what_was_sent() -> None:
    """Dumping a statement yields only the properties that were sent (exact format)."""
    sent = statement_with(
        context={"contextActivities": {"parent": ACTIVITY}}, actor={"mbox": "mailto:a@b.c"}
    )
    assert parse_statement(sent).to_dict() == sent


def test_voiding_flag() -> None:
    """is_voiding is true only for the voided verb."""
    voiding = statement_with(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"}, object=STATEMENT_REF
    )
    assert parse_statement(voiding).is_voiding
    assert not parse_statement(base_statement()).is_voiding


def test_statements_are_immutable() -> None:
    """Statements are immutable once validated."""
    statement = parse_statement(base_statement())
    with pytest.raises(ValueError, match="frozen"):
        statement.version = "1.0.3"  # type: ignore[misc]


def test_python_attribute_names_are_not_accepted_as_json_keys() -> None:
    """Only the JSON property names (aliases) are accepted on input."""
    assert_invalid(
        statement_with(object={"object_type": "Activity", "id": "http://x.org"}),
        "statement.object.object_type",
    )


def test_error_message_names_rule() -> None:
    """The message reads '<path>: <rule>'."""
    error = assert_invalid(
        statement_with(actor__mbox="http://should.fail.com"), "statement.actor.mbox"
    )
    assert str(error) == "statement.actor.mbox: must be a 'mailto:' IRI with one e-mail address"


def test_null_message() -> None:
    """A null property is reported as 'must not be null'."""
    error = assert_invalid(
        statement_with(context={"registration": None}), "statement.context.registration"
    )
    assert error.rule == "must not be null"


def test_extension_key_path_uses_brackets() -> None:
    """Paths through non-identifier keys use JSON bracket notation."""
    payload = statement_with(verb__display={"en-US": 5})
    assert_invalid(payload, 'statement.verb.display["en-US"]')


def test_substatement_forbidden_property_message() -> None:
    """LRS-only properties in a SubStatement get a dedicated message."""
    error = assert_invalid(in_substatement({"version": "1.0.0"}), "statement.object.version")
    assert error.rule == "is not allowed in a SubStatement"
