"""manage.py skills_rebuild: all evidence and records from the statements, idempotent."""

import pytest
from django.core.management import call_command

from lrs.vocabulary import Extension, Verb
from skills.models import Evidence, SkillLevelChange, SkillRecord
from skills.selectors import competence_iri
from skills.services import alignments_set
from tests.accounts.factories import UserFactory
from tests.skills.factories import crcn, digcomp, exercise_iri, record

pytestmark = pytest.mark.django_db


def rows() -> dict[str, list]:
    """Every row the rebuild owns, ids included."""
    return {
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "records": list(SkillRecord.objects.order_by("pk").values()),
        "history": list(SkillLevelChange.objects.order_by("pk").values()),
    }


@pytest.fixture
def history() -> None:
    """Two people with evidence of several provenances, one failure, one unaligned activity."""
    alignments_set(activity_iri=exercise_iri("a"), items=[(digcomp("1.1"), 2), (digcomp("1.3"), 3)])
    alignments_set(activity_iri=exercise_iri("b"), items=[(digcomp("4.2"), 3)])
    first, second = UserFactory(), UserFactory()
    record(first, iri=exercise_iri("a"), result={"success": True})
    record(first, iri=exercise_iri("b"), verb=Verb.ATTENDED, provenance="in_person")
    record(second, iri=exercise_iri("a"), verb=Verb.FAILED, result={"success": False})
    record(second, iri=exercise_iri("unaligned"), result={"success": True})
    record(
        second,
        iri=competence_iri(crcn("1.1")),
        verb=Verb.CERTIFIED,
        result={"success": True, "extensions": {Extension.LEVEL: 3}},
        provenance="certified",
    )
    record(
        second,
        iri=competence_iri(digcomp("1.1")),
        verb=Verb.SELF_ASSESSED,
        result={"completion": True, "extensions": {Extension.LEVEL: 4}},
        provenance="declared",
    )


def test_rebuilding_twice_gives_the_same_rows(history, capsys) -> None:
    """A rebuild on a live record changes nothing, and a second one neither (same ids)."""
    before = rows()
    call_command("skills_rebuild")
    after_first = rows()
    call_command("skills_rebuild")
    assert rows() == after_first
    for key in ("evidence", "records", "history"):
        strip = [{k: v for k, v in row.items() if k not in {"updated_at"}} for row in before[key]]
        assert [
            {k: v for k, v in r.items() if k != "updated_at"} for r in after_first[key]
        ] == strip
    assert "0 créée(s), 0 supprimée(s)" in capsys.readouterr().out


def test_rebuild_from_scratch_recreates_what_the_listener_made(history) -> None:
    """With evidence and records wiped, the rebuild recreates the same facts."""

    def facts() -> dict[str, set]:
        return {
            "evidence": set(
                Evidence.objects.values_list(
                    "user_id", "competence_id", "level", "provenance", "observed_at", "statement_id"
                )
            ),
            "records": set(
                SkillRecord.objects.values_list(
                    "user_id",
                    "competence_id",
                    "level",
                    "level_provenance",
                    "declared_level",
                    "online_count",
                    "in_person_count",
                    "declared_count",
                    "certified_count",
                )
            ),
            "history": set(
                SkillLevelChange.objects.values_list(
                    "user_id", "competence_id", "track", "level", "changed_at", "statement_id"
                )
            ),
        }

    expected = facts()
    assert len(expected["evidence"]) == 5
    SkillLevelChange.objects.all().delete()
    SkillRecord.objects.all().delete()
    Evidence.objects.all().delete()
    call_command("skills_rebuild")
    assert facts() == expected


def test_rebuild_drops_evidence_no_statement_supports(history) -> None:
    """Evidence whose statement proves nothing any more (alignment removed) goes away."""
    alignments_set(activity_iri=exercise_iri("b"), items=[])
    assert Evidence.objects.filter(competence=digcomp("4.2")).exists()
    call_command("skills_rebuild")
    assert not Evidence.objects.filter(competence=digcomp("4.2")).exists()
    assert not SkillRecord.objects.filter(competence=digcomp("4.2")).exists()


def test_alignment_change_refreshes_the_activity_evidence(
    history, django_capture_on_commit_callbacks
) -> None:
    """Re-aligning an activity re-derives its evidence after commit (a task)."""
    with django_capture_on_commit_callbacks(execute=True):
        alignments_set(activity_iri=exercise_iri("b"), items=[(digcomp("4.1"), 2)])
    codes = set(Evidence.objects.values_list("competence__code", flat=True))
    assert "4.1" in codes
    assert "4.2" not in codes
    assert SkillRecord.objects.get(competence=digcomp("4.1")).level == 2
