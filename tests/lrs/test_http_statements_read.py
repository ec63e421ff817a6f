"""GET /xapi/statements: single statements, every filter, formats, paging, headers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from django.utils.http import parse_http_date

from tests.lrs.conftest import ACTIVITY, VERB, new_id, statement

pytestmark = pytest.mark.django_db

OTHER_VERB = "http://adlnet.gov/expapi/verbs/completed"
OTHER_ACTIVITY = "http://example.org/activities/two"
LEA = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
MAX = {"objectType": "Agent", "mbox": "mailto:max@example.org", "name": "Max"}
TRAINER = {"objectType": "Agent", "mbox": "mailto:trainer@example.org"}
REGISTRATION = "3f1c6e53-7a0e-4a7d-9a3a-2f4f7d0e8c11"


def ids_of(response) -> list[str]:
    """The statement ids of a StatementResult response."""
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["statements"]]


@pytest.fixture
def corpus(xapi) -> dict[str, str]:
    """A few statements that differ by one property each."""
    names = {}
    names["lea_one"] = xapi.store(statement(id=new_id()))[0]
    names["max_one"] = xapi.store(statement(id=new_id(), actor=MAX))[0]
    names["lea_completed"] = xapi.store(statement(id=new_id(), verb={"id": OTHER_VERB}))[0]
    names["lea_two"] = xapi.store(statement(id=new_id(), object={"id": OTHER_ACTIVITY}))[0]
    names["registered"] = xapi.store(
        statement(
            id=new_id(),
            context={
                "registration": REGISTRATION,
                "instructor": TRAINER,
                "contextActivities": {"parent": [{"id": OTHER_ACTIVITY}]},
            },
        )
    )[0]
    names["about_max"] = xapi.store(
        statement(id=new_id(), object=MAX, verb={"id": "http://adlnet.gov/expapi/verbs/interacted"})
    )[0]
    names["sub"] = xapi.store(
        statement(
            id=new_id(),
            object={
                "objectType": "SubStatement",
                "actor": TRAINER,
                "verb": {"id": VERB},
                "object": {"id": "http://example.org/activities/inner"},
            },
        )
    )[0]
    return names


def test_get_without_filters_returns_every_statement_newest_first(xapi, corpus) -> None:
    """The default order is by stored time, newest first."""
    assert ids_of(xapi.get("statements")) == list(reversed(corpus.values()))


def test_ascending_returns_oldest_first(xapi, corpus) -> None:
    """ascending=true reverses the order."""
    assert ids_of(xapi.get("statements", {"ascending": "true"})) == list(corpus.values())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"agent": MAX}, {"max_one", "about_max"}),
        ({"agent": TRAINER}, set()),
        ({"agent": TRAINER, "related_agents": "true"}, {"registered", "sub"}),
        ({"verb": OTHER_VERB}, {"lea_completed"}),
        ({"activity": OTHER_ACTIVITY}, {"lea_two"}),
        ({"activity": OTHER_ACTIVITY, "related_activities": "true"}, {"lea_two", "registered"}),
        (
            {"activity": "http://example.org/activities/inner", "related_activities": "true"},
            {"sub"},
        ),
        ({"registration": REGISTRATION}, {"registered"}),
        ({"agent": LEA, "verb": VERB, "activity": ACTIVITY}, {"lea_one", "registered"}),
        ({"verb": "http://example.org/verbs/unknown"}, set()),
    ],
)
def test_each_filter_returns_exactly_the_matching_statements(
    xapi, corpus, params: dict, expected: set[str]
) -> None:
    """agent, related_agents, verb, activity, related_activities, registration (and combined)."""
    found = set(ids_of(xapi.get("statements", params)))
    assert found == {corpus[name] for name in expected}


def test_related_agents_covers_the_authority(xapi, corpus) -> None:
    """related_agents matches the authority the LRS set."""
    authority = {"account": {"homePage": "http://127.0.0.1:8000", "name": xapi.lrs_client.key}}
    found = ids_of(xapi.get("statements", {"agent": authority, "related_agents": "true"}))
    assert set(found) == set(corpus.values())


def test_since_and_until_filter_on_stored_time(xapi) -> None:
    """since is exclusive, until inclusive, both on `stored`."""
    first = xapi.store(statement())[0]
    stored = xapi.get("statements", {"statementId": first}).json()["stored"]
    time.sleep(0.01)
    second = xapi.store(statement())[0]
    assert ids_of(xapi.get("statements", {"since": stored})) == [second]
    assert ids_of(xapi.get("statements", {"until": stored})) == [first]


def test_a_timestamp_with_an_unencoded_plus_offset_is_understood(xapi) -> None:
    """since=…+00:00 sent without percent-encoding still parses (the '+' became a space)."""
    xapi.store(statement())
    response = xapi.client.get(
        "/xapi/statements?since=2020-01-01T00:00:00+00:00", headers=xapi.headers(None)
    )
    assert response.status_code == 200
    assert len(response.json()["statements"]) == 1


def test_limit_returns_that_many_and_a_more_link(xapi) -> None:
    """limit=n returns n statements and a relative `more` IRL to the rest."""
    ids = xapi.store(*[statement() for _ in range(5)])
    first = xapi.get("statements", {"limit": 2}).json()
    assert [s["id"] for s in first["statements"]] == ids[::-1][:2]
    assert first["more"].startswith("/xapi/statements?more=")
    second = xapi.client.get(first["more"], headers=xapi.headers(None)).json()
    assert [s["id"] for s in second["statements"]] == ids[::-1][2:4]
    third = xapi.client.get(second["more"], headers=xapi.headers(None)).json()
    assert [s["id"] for s in third["statements"]] == ids[::-1][4:]
    assert third["more"] == ""


def test_more_is_an_empty_string_when_everything_was_returned(xapi) -> None:
    """`more` is always present, empty at the end."""
    xapi.store(statement())
    assert xapi.get("statements").json()["more"] == ""


def test_paging_is_stable_while_writes_go_on(xapi) -> None:
    """Page 1, then new statements, then page 2: nothing repeated, nothing skipped."""
    ids = xapi.store(*[statement() for _ in range(6)])
    first = xapi.get("statements", {"limit": 3, "ascending": "true"}).json()
    xapi.store(*[statement() for _ in range(4)])
    second = xapi.client.get(first["more"], headers=xapi.headers(None)).json()
    pages = [s["id"] for s in first["statements"]] + [s["id"] for s in second["statements"]]
    assert pages == ids
    assert second["more"] == ""


def test_a_forged_more_link_is_refused(xapi) -> None:
    """A `more` token that was not signed by the LRS is a 400."""
    response = xapi.get("statements", {"more": "forged"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "more"


def test_more_cannot_be_combined_with_filters(xapi) -> None:
    """A `more` request takes no other parameter."""
    xapi.store(statement(), statement())
    more = xapi.get("statements", {"limit": 1}).json()["more"]
    response = xapi.client.get(more + "&verb=" + VERB, headers=xapi.headers(None))
    assert response.status_code == 400


def test_statement_ref_targets_bring_in_the_statements_that_refer_to_them(xapi) -> None:
    """Filters match a statement whose StatementRef target (even voided) matches, 2 levels."""
    special = "http://example.org/verbs/special"
    target = xapi.store(statement(verb={"id": special}))[0]
    referring = xapi.store(statement(object={"objectType": "StatementRef", "id": target}))[0]
    second = xapi.store(statement(object={"objectType": "StatementRef", "id": referring}))[0]
    voiding = xapi.store(
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": target},
        )
    )[0]
    assert ids_of(xapi.get("statements", {"verb": special})) == [voiding, second, referring]
    limited = xapi.get("statements", {"verb": special, "limit": 1}).json()
    assert [s["id"] for s in limited["statements"]] == [voiding]
    assert limited["more"]


def test_since_applies_to_the_referring_statement_not_its_target(xapi) -> None:
    """Time filters apply to the returned (referring) statement."""
    special = "http://example.org/verbs/special"
    target = xapi.store(statement(verb={"id": special}))[0]
    stored = xapi.get("statements", {"statementId": target}).json()["stored"]
    time.sleep(0.01)
    referring = xapi.store(statement(object={"objectType": "StatementRef", "id": target}))[0]
    assert ids_of(xapi.get("statements", {"verb": special, "since": stored})) == [referring]


@pytest.mark.parametrize(
    "extra",
    [
        {"agent": LEA},
        {"verb": VERB},
        {"activity": ACTIVITY},
        {"registration": REGISTRATION},
        {"related_activities": "true"},
        {"related_agents": "true"},
        {"since": "2020-01-01T00:00:00Z"},
        {"until": "2020-01-01T00:00:00Z"},
        {"limit": "1"},
        {"ascending": "true"},
    ],
)
@pytest.mark.parametrize("name", ["statementId", "voidedStatementId"])
def test_single_statement_requests_accept_only_format_and_attachments(
    xapi, name: str, extra: dict
) -> None:
    """statementId / voidedStatementId with any filter is a 400."""
    response = xapi.get("statements", {name: new_id(), **extra})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["statementId", "voidedStatementId"])
def test_single_statement_requests_accept_format_and_attachments(xapi, name: str) -> None:
    """format and attachments may accompany statementId (404 here: nothing stored)."""
    response = xapi.get("statements", {name: new_id(), "format": "ids", "attachments": "false"})
    assert response.status_code == 404


def test_statement_id_and_voided_statement_id_together_are_refused(xapi) -> None:
    """Only one of statementId and voidedStatementId."""
    response = xapi.get("statements", {"statementId": new_id(), "voidedStatementId": new_id()})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"foo": "bar"},
        {"StatementId": new_id()},
        {"Verb": VERB},
        {"Agent": "{}"},
        {"Limit": "1"},
        {"Format": "ids"},
        {"Ascending": "true"},
    ],
)
def test_unknown_or_differently_cased_parameters_are_refused(xapi, params: dict) -> None:
    """An unknown parameter (names are case-sensitive) is a 400 naming it."""
    response = xapi.get("statements", params)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == next(iter(params))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"agent": "not json"}, "agent"),
        ({"agent": {"mbox": "learner@example.org"}}, "agent.mbox"),
        ({"agent": {"mbox": "mailto:a@example.org", "openid": "http://example.org/a"}}, "agent"),
        ({"verb": "not an iri"}, "verb"),
        ({"activity": "not an iri"}, "activity"),
        ({"registration": "nope"}, "registration"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2020-13-01T00:00:00Z"}, "until"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"format": "full"}, "format"),
        ({"attachments": "yes"}, "attachments"),
        ({"ascending": "1"}, "ascending"),
        ({"related_agents": "True"}, "related_agents"),
        ({"related_activities": "no"}, "related_activities"),
    ],
)
def test_invalid_filter_values_are_refused_naming_the_parameter(
    xapi, params: dict, field: str
) -> None:
    """Each malformed filter is a 400 whose message names the parameter and the rule."""
    response = xapi.get("statements", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert error["message"].startswith(field)


def test_ids_format_keeps_only_identifiers(xapi) -> None:
    """format=ids reduces agents, verbs and activities to their identifiers."""
    sent = statement(object={"id": ACTIVITY, "definition": {"name": {"en-US": "One"}}})
    (statement_id,) = xapi.store(sent)
    data = xapi.get("statements", {"statementId": statement_id, "format": "ids"}).json()
    assert data["actor"] == {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
    assert data["verb"] == {"id": VERB}
    assert data["object"] == {"id": ACTIVITY}


def test_exact_format_returns_what_was_sent(xapi) -> None:
    """format=exact (the default) keeps names, displays and definitions as sent."""
    sent = statement(object={"id": ACTIVITY, "definition": {"name": {"en-US": "One"}}})
    (statement_id,) = xapi.store(sent)
    data = xapi.get("statements", {"statementId": statement_id}).json()
    for key in ("actor", "verb", "object"):
        assert data[key] == sent[key]


def test_a_page_in_exact_format_returns_each_statement_as_stored(xapi) -> None:
    """A filtered page in the exact format (written from the stored JSON text) equals the
    single GETs (decoded then encoded), with non-ASCII text, numbers and a more link."""
    sent = [
        statement(
            id=new_id(),
            object={"id": ACTIVITY, "definition": {"name": {"fr-FR": f"Étape « {n} » – 日本"}}},
            result={
                "score": {"raw": 2.5, "min": -1, "max": 1e3},
                "extensions": {
                    "http://example.org/ext/nested": {"a": [1, None, True, '\\"quote"\n']}
                },
            },
        )
        for n in range(3)
    ]
    xapi.store(*sent)
    response = xapi.get("statements", {"activity": ACTIVITY, "limit": "2"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    first = response.json()
    assert first["more"].startswith("/xapi/statements?more=")
    rest = xapi.client.get(first["more"], headers=xapi.headers(None)).json()
    assert rest["more"] == ""
    page = first["statements"] + rest["statements"]
    assert [item["id"] for item in page] == [item["id"] for item in reversed(sent)]
    for item in page:
        single = xapi.get("statements", {"statementId": item["id"]}).json()
        assert item == single
        original = next(s for s in sent if s["id"] == item["id"])
        assert item["object"] == original["object"]
        assert item["result"] == original["result"]


def test_canonical_format_keeps_one_language_chosen_by_accept_language(xapi) -> None:
    """format=canonical returns one entry per language map, by Accept-Language."""
    sent = statement(
        verb={"id": VERB, "display": {"en-US": "experienced", "fr-FR": "a consulté"}},
        object={"id": ACTIVITY, "definition": {"name": {"en-US": "One", "fr-FR": "Un"}}},
    )
    (statement_id,) = xapi.store(sent)
    data = xapi.get(
        "statements",
        {"statementId": statement_id, "format": "canonical"},
        headers={"Accept-Language": "fr-FR, en;q=0.5"},
    ).json()
    assert data["verb"]["display"] == {"fr-FR": "a consulté"}
    assert data["object"]["definition"]["name"] == {"fr-FR": "Un"}
    english = xapi.get(
        "statements",
        {"statementId": statement_id, "format": "canonical"},
        headers={"Accept-Language": "en-GB"},
    ).json()
    assert english["verb"]["display"] == {"en-US": "experienced"}


def test_canonical_format_uses_the_lrs_canonical_definition(xapi) -> None:
    """format=canonical shows the activity definition as the LRS knows it now."""
    (first,) = xapi.store(statement(object={"id": ACTIVITY, "definition": {"name": {"fr": "Un"}}}))
    xapi.store(statement(object={"id": ACTIVITY, "definition": {"name": {"fr": "Premier"}}}))
    data = xapi.get("statements", {"statementId": first, "format": "canonical"}).json()
    assert data["object"]["definition"]["name"] == {"fr": "Premier"}


def test_every_statements_get_carries_consistent_through_even_when_refused(xapi) -> None:
    """X-Experience-API-Consistent-Through is on 200, 400 and 404 statement reads."""
    (statement_id,) = xapi.store(statement())
    responses = [
        xapi.get("statements"),
        xapi.get("statements", {"statementId": statement_id}),
        xapi.get("statements", {"statementId": new_id()}),
        xapi.get("statements", {"foo": "bar"}),
        xapi.get("statements", headers={"X-Experience-API-Version": None}),
    ]
    assert [r.status_code for r in responses] == [200, 200, 404, 400, 400]
    stored = datetime.fromisoformat(responses[1].json()["stored"])
    for response in responses:
        through = datetime.fromisoformat(response["X-Experience-API-Consistent-Through"])
        assert through >= stored


def test_last_modified_is_the_stored_time(xapi) -> None:
    """A statement's Last-Modified is its stored time; a page's the newest one."""
    (statement_id,) = xapi.store(statement())
    single = xapi.get("statements", {"statementId": statement_id})
    stored = datetime.fromisoformat(single.json()["stored"]).replace(microsecond=0)
    modified = datetime.fromtimestamp(parse_http_date(single["Last-Modified"]), tz=UTC)
    assert modified == stored
    assert xapi.get("statements")["Last-Modified"] == single["Last-Modified"]


def test_json_responses_are_plain_application_json(xapi) -> None:
    """Content-Type is exactly application/json (no multipart without attachments=true)."""
    (statement_id,) = xapi.store(statement())
    assert xapi.get("statements", {"statementId": statement_id})["Content-Type"] == (
        "application/json"
    )
    assert xapi.get("statements", {"attachments": "false"})["Content-Type"] == "application/json"
