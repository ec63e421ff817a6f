"""GET /xapi/activities (canonical definition) and GET /xapi/agents (a Person)."""

import pytest

from tests.lrs.conftest import ACTIVITY, statement

pytestmark = pytest.mark.django_db


def test_activities_returns_the_merged_canonical_definition(xapi) -> None:
    """The latest values win; language maps merge across statements."""
    xapi.store(
        statement(
            object={
                "id": ACTIVITY,
                "definition": {
                    "name": {"en-US": "Lesson"},
                    "type": "http://adlnet.gov/expapi/activities/lesson",
                },
            }
        )
    )
    xapi.store(statement(object={"id": ACTIVITY, "definition": {"name": {"fr-FR": "Leçon"}}}))
    body = xapi.get("activities", {"activityId": ACTIVITY}).json()
    assert body == {
        "objectType": "Activity",
        "id": ACTIVITY,
        "definition": {
            "name": {"en-US": "Lesson", "fr-FR": "Leçon"},
            "type": "http://adlnet.gov/expapi/activities/lesson",
        },
    }


def test_context_activities_are_defined_too(xapi) -> None:
    """Definitions carried by context activities reach the Activities resource."""
    parent = "http://example.org/activities/course"
    xapi.store(
        statement(
            context={
                "contextActivities": {
                    "parent": [{"id": parent, "definition": {"name": {"fr-FR": "Parcours"}}}]
                }
            }
        )
    )
    assert xapi.get("activities", {"activityId": parent}).json()["definition"] == {
        "name": {"fr-FR": "Parcours"}
    }


def test_an_unknown_activity_is_returned_with_its_id_only(xapi) -> None:
    """The LRS still returns an Activity object for an activity it never saw."""
    body = xapi.get("activities", {"activityId": "http://example.org/unknown"}).json()
    assert body == {"objectType": "Activity", "id": "http://example.org/unknown"}


@pytest.mark.parametrize(
    "params", [{}, {"activityId": "not an iri"}, {"activityId": ACTIVITY, "foo": "1"}]
)
def test_activities_refuses_bad_parameters(xapi, params) -> None:
    """activityId is required and must be an IRI; nothing else is accepted."""
    assert xapi.get("activities", params).status_code == 400


def test_agents_returns_a_person_with_every_known_name(xapi) -> None:
    """The Person lists the identifier and every name seen with it."""
    agent = {"objectType": "Agent", "mbox": "mailto:lea@example.org"}
    xapi.store(statement(actor={**agent, "name": "Léa Martin"}))
    xapi.store(statement(actor={**agent, "name": "Léa M."}))
    xapi.store(statement(actor=agent))
    body = xapi.get("agents", {"agent": agent}).json()
    assert body["objectType"] == "Person"
    assert sorted(body["name"]) == ["Léa M.", "Léa Martin"]
    assert body["mbox"] == ["mailto:lea@example.org"]


def test_agents_answers_a_person_for_an_unknown_agent(xapi) -> None:
    """An agent never seen still gets a Person with its identifier."""
    agent = {"account": {"homePage": "http://example.org", "name": "x"}}
    body = xapi.get("agents", {"agent": agent}).json()
    assert body == {
        "objectType": "Person",
        "account": [{"homePage": "http://example.org", "name": "x"}],
    }


@pytest.mark.parametrize("agent", ["not json", '{"mbox": "x@example.org"}', "{}"])
def test_agents_refuses_an_invalid_agent(xapi, agent) -> None:
    """The agent parameter must be a valid Agent (400 naming it)."""
    response = xapi.get("agents", {"agent": agent})
    assert response.status_code == 400
    assert response.json()["error"]["field"].startswith("agent")
