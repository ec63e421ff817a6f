"""PUT and POST /xapi/statements: ids, LRS-set properties, conflicts, atomic batches."""

import gc
import uuid

import pytest

from lrs.models import Statement
from tests.lrs.conftest import ACTIVITY, new_id, statement

pytestmark = pytest.mark.django_db


def test_put_stores_the_statement_under_the_statement_id(xapi) -> None:
    """PUT ?statementId= answers 204 and stores the statement with that id."""
    statement_id = new_id()
    response = xapi.put("statements", statement(), {"statementId": statement_id})
    assert response.status_code == 204
    assert response.content == b""
    assert Statement.objects.filter(statement_id=statement_id).exists()


def test_put_without_statement_id_is_refused(xapi) -> None:
    """PUT needs the statementId parameter (400 naming it)."""
    response = xapi.put("statements", statement())
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statementId"


@pytest.mark.parametrize("value", ["true", "not-a-uuid", '{"key": 1}'])
def test_put_with_a_malformed_statement_id_is_refused(xapi, value: str) -> None:
    """The statementId parameter must be a UUID."""
    response = xapi.put("statements", statement(), {"statementId": value})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statementId"


def test_put_whose_body_id_differs_from_the_parameter_is_refused(xapi) -> None:
    """The statement's id must equal the statementId parameter."""
    response = xapi.put("statements", statement(id=new_id()), {"statementId": new_id()})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statement.id"


def test_put_of_an_array_is_refused(xapi) -> None:
    """PUT takes exactly one statement."""
    response = xapi.put("statements", [statement()], {"statementId": new_id()})
    assert response.status_code == 400


def test_identical_resend_is_accepted_and_stored_once(xapi) -> None:
    """Re-sending the same statement (PUT, then POST) is accepted without duplicate."""
    statement_id = new_id()
    assert xapi.put("statements", statement(), {"statementId": statement_id}).status_code == 204
    assert xapi.put("statements", statement(), {"statementId": statement_id}).status_code == 204
    response = xapi.post("statements", statement(id=statement_id))
    assert response.status_code == 200
    assert response.json() == [statement_id]
    assert Statement.objects.filter(statement_id=statement_id).count() == 1


def test_conflicting_resend_is_answered_409_and_changes_nothing(xapi) -> None:
    """The same id with another content is a 409; the stored statement is unchanged."""
    statement_id = new_id()
    xapi.put("statements", statement(), {"statementId": statement_id})
    other = statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed"})
    assert xapi.put("statements", other, {"statementId": statement_id}).status_code == 409
    assert xapi.post("statements", {**other, "id": statement_id}).status_code == 409
    stored = Statement.objects.get(statement_id=statement_id)
    assert stored.verb_iri.endswith("experienced")


def test_post_returns_the_ids_in_order_and_assigns_missing_ones(xapi) -> None:
    """POST of an array returns one id per statement, in order, given or assigned."""
    given = new_id()
    response = xapi.post("statements", [statement(), statement(id=given), statement()])
    assert response.status_code == 200
    ids = response.json()
    assert len(ids) == 3
    assert ids[1] == given
    assert len(set(ids)) == 3
    assert Statement.objects.count() == 3


def test_post_of_one_statement_object_returns_a_one_id_array(xapi) -> None:
    """A single statement object may be POSTed."""
    response = xapi.post("statements", statement())
    assert response.status_code == 200
    assert len(response.json()) == 1


def test_a_batch_with_one_invalid_statement_stores_nothing(xapi) -> None:
    """A batch is atomic: one invalid statement refuses it all, naming the field."""
    bad = statement(verb={"id": "should fail"})
    response = xapi.post("statements", [statement(), bad])
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statements[1].verb.id"
    assert Statement.objects.count() == 0


def test_duplicate_ids_within_a_batch_are_refused(xapi) -> None:
    """Two statements of one batch cannot share an id."""
    statement_id = new_id()
    response = xapi.post("statements", [statement(id=statement_id), statement(id=statement_id)])
    assert response.status_code == 400
    assert "duplicate" in response.json()["error"]["rule"]


def test_lrs_sets_stored_timestamp_version_and_its_own_authority(xapi) -> None:
    """stored, timestamp and version are set; authority is the client, whatever was sent."""
    sent_authority = {"objectType": "Agent", "mbox": "mailto:someone@example.org"}
    (statement_id,) = xapi.store(statement(authority=sent_authority))
    data = xapi.get("statements", {"statementId": statement_id}).json()
    assert data["stored"] == data["timestamp"]
    assert data["version"] == "1.0.0"
    assert data["authority"]["account"]["name"] == xapi.lrs_client.key
    assert data["authority"]["name"] == xapi.lrs_client.name


def test_a_sent_timestamp_and_version_are_kept(xapi) -> None:
    """The LRS keeps the statement's own timestamp and version."""
    sent = statement(timestamp="2024-03-01T10:00:00.000Z", version="1.0.2")
    (statement_id,) = xapi.store(sent)
    data = xapi.get("statements", {"statementId": statement_id}).json()
    assert data["timestamp"] == "2024-03-01T10:00:00.000Z"
    assert data["version"] == "1.0.2"


def test_context_activities_are_returned_as_arrays(xapi) -> None:
    """A single context activity object is stored and returned as an array."""
    sent = statement(context={"contextActivities": {"parent": {"id": ACTIVITY + "/parent"}}})
    (statement_id,) = xapi.store(sent)
    data = xapi.get("statements", {"statementId": statement_id}).json()
    assert data["context"]["contextActivities"]["parent"] == [{"id": ACTIVITY + "/parent"}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "statements"),
        (b"", "body"),
        (b"[]", "statements"),
        (b"42", "statements"),
    ],
)
def test_bodies_that_are_not_statements_are_refused(xapi, body: bytes, field: str) -> None:
    """Bad JSON, an empty body or an empty array give 400 naming the body."""
    response = xapi.post("statements", body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_an_unexpected_content_type_is_refused(xapi) -> None:
    """Statements come as application/json or multipart/mixed."""
    response = xapi.post("statements", b"{}", content_type="text/plain")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "Content-Type"


def test_post_with_a_query_parameter_is_refused(xapi) -> None:
    """POST takes no parameter: an unknown one is a 400."""
    response = xapi.post("statements", statement(), {"statementId": new_id()})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statementId"


def test_voiding_hides_the_target_which_stays_reachable_by_voided_statement_id(xapi) -> None:
    """A voided statement is only returned through voidedStatementId."""
    target = new_id()
    xapi.store(statement(id=target))
    xapi.store(
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": target},
        )
    )
    assert xapi.get("statements", {"statementId": target}).status_code == 404
    response = xapi.get("statements", {"voidedStatementId": target})
    assert response.status_code == 200
    assert response.json()["id"] == target
    listed = [s["id"] for s in xapi.get("statements").json()["statements"]]
    assert target not in listed


def test_a_voiding_statement_cannot_be_voided(xapi) -> None:
    """Voiding a voiding statement is refused with 400."""
    target, voiding = new_id(), new_id()
    xapi.store(statement(id=target))
    xapi.store(
        statement(
            id=voiding,
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": target},
        )
    )
    response = xapi.post(
        "statements",
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": voiding},
        ),
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statements[0].object.id"


def test_voided_statement_id_of_a_statement_that_is_not_voided_is_404(xapi) -> None:
    """voidedStatementId only finds voided statements."""
    (statement_id,) = xapi.store(statement())
    assert xapi.get("statements", {"voidedStatementId": statement_id}).status_code == 404


def test_a_statement_batch_is_stored_with_the_collector_paused(xapi, collector_seen) -> None:
    """A POSTed batch is stored (listeners included) with the collector off, then it is back on."""
    assert xapi.post("statements", [statement(), statement()]).status_code == 200
    assert collector_seen == [False]  # see common.collector
    assert gc.isenabled()


NUL = "a\u0000b"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"actor": {"objectType": "Agent", "mbox": "mailto:x@example.org", "name": NUL}},
            "statements[1].actor.name",
        ),
        (
            {"actor": {"account": {"homePage": "http://example.org", "name": NUL}}},
            "statements[1].actor.account.name",
        ),
        ({"result": {"response": NUL}}, "statements[1].result.response"),
        (
            {"result": {"extensions": {"http://example.org/x": {"list": ["ok", NUL]}}}},
            'statements[1].result.extensions["http://example.org/x"].list[1]',
        ),
        (
            {"context": {"extensions": {"http://example.org/x": {"a\u0000": 1}}}},
            'statements[1].context.extensions["http://example.org/x"]["a\\u0000"]',
        ),
        (
            {"object": {"id": ACTIVITY, "definition": {"name": {"fr-FR": NUL}}}},
            'statements[1].object.definition.name["fr-FR"]',
        ),
        (
            {"result": {"extensions": {"http://example.org/n": 2**70, "http://x.org/x": NUL}}},
            'statements[1].result.extensions["http://x.org/x"]',
        ),
    ],
    ids=[
        "name",
        "account",
        "response",
        "extension-value",
        "key-in-an-extension",
        "definition",
        "beside-a-big-integer",
    ],
)
def test_a_nul_character_anywhere_is_refused_naming_the_field(xapi, overrides, field) -> None:
    """U+0000 (which PostgreSQL cannot store) is a 400 naming the field; nothing is stored."""
    kept = xapi.store(statement())
    response = xapi.post("statements", [statement(), statement(**overrides)])
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert "U+0000" in response.json()["error"]["message"]
    assert list(Statement.objects.values_list("statement_id", flat=True)) == [uuid.UUID(kept[0])]


def test_a_nul_character_in_a_put_statement_is_refused(xapi) -> None:
    """PUT names the field below `statement`; nothing is stored."""
    response = xapi.put(
        "statements", statement(result={"response": NUL}), {"statementId": new_id()}
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statement.result.response"
    assert Statement.objects.count() == 0


def test_the_text_backslash_u0000_is_not_a_nul_and_is_kept(xapi) -> None:
    """A response holding the six characters \\u0000 (an escaped backslash) is stored as sent."""
    (stored_id,) = xapi.store(statement(result={"response": "\\u0000"}))
    response = xapi.get("statements", {"statementId": stored_id})
    assert response.json()["result"]["response"] == "\\u0000"
