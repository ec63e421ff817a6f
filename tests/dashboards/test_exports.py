"""Exports: CSV (UTF-8 BOM, `;`) and XLSX read back equal the page; large ones go to a worker."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards.exports import csv_bytes, xlsx_bytes
from dashboards.models import DashboardExport
from dashboards.services.exports import export_request
from dashboards.storage import export_root
from dashboards.tables import Column, Table
from dashboards.tasks import exports_purge_task
from organizations.models import Membership
from tests.dashboards.conftest import user_with_role
from tests.dashboards.factories import agent_at, completion_record, digcomp, evidence_record
from tests.dashboards.html_tables import page_tables

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def coordinator(network):
    """Lille's coordinator, with levels and completions recorded in Lille."""
    now = timezone.now()
    for library in network.libraries["59350"]:
        for index, person in enumerate(network.agents[library.pk]):
            evidence_record(
                person, digcomp("1.1"), level=2 + index % 2, when=now - timedelta(days=40)
            )
            completion_record(person, when=now - timedelta(days=1))
    return user_with_role(network, Role.COMMUNE_COORDINATOR, "59350")


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_reads_back_with_the_page_markers(client, coordinator, network):
    """The levels CSV has the header, the areas, and the same "< 5" the page shows."""
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:commune_export", args=["59350", "niveaux", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv_rows(response.content)
    header = rows[0]
    assert header[:3] == ["Domaine", "Compétence", "Aucun niveau"]
    assert header[-1] == "Agents"
    first = next(row for row in rows[1:] if row[1].startswith("1.1 "))
    assert first[0].startswith("1. ")
    assert first[-1] == "12"  # two libraries of six agents (the coordinator is no library's staff)
    page = page_tables(client.get(reverse("dashboards:commune", args=["59350"])).content.decode())
    shown = next(row for row in page["niveaux"] if row[0].startswith("1.1 "))
    assert shown == first[1:]


def test_xlsx_reads_back_with_numbers_as_numbers(client, coordinator):
    """XLSX cells hold numbers for shown figures and the marker text for withheld ones."""
    client.force_login(coordinator)
    response = client.get(
        reverse("dashboards:commune_export", args=["59350", "bibliotheques", "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["bibliotheques"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Bibliothèque"
    assert rows[-1][0] == "Toute la commune"
    assert isinstance(rows[-1][1], int)
    notes = [row[0] for row in workbook[workbook.sheetnames[-1]].iter_rows(values_only=True)]
    assert "< 5" in notes


def test_people_export_lists_the_names_for_the_coordinator(client, coordinator, network):
    """The coordinator's people export names Lille's agents, with their level on 1.1."""
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:commune_export", args=["59350", "personnes", "csv"]))
    rows = _csv_rows(response.content)
    names = {row[0] for row in rows[1:]}
    for library in network.libraries["59350"]:
        for person in network.agents[library.pk]:
            assert person.display_name in names
    column = rows[0].index("1.1")
    assert {row[column] for row in rows[1:] if row[0].startswith("Agent")} == {"2", "3"}


def test_large_export_runs_as_a_task_with_progress_and_a_download(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    """Over the threshold, a task prepares the export; its page shows progress, then the file."""
    settings.DASHBOARDS_EXPORT_SYNC_ROWS = 3
    client.force_login(coordinator)
    url = reverse("dashboards:commune_export", args=["59350", "personnes", "xlsx"])
    page = client.get(url, {"provenance": "online"})
    assert "Préparer le fichier XLSX" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboards:export_request"),
            {
                "dashboard": "commune",
                "place": "59350",
                "table": "personnes",
                "format": "xlsx",
                "query": "provenance=online",
            },
        )
    export = DashboardExport.objects.get()
    assert response["Location"] == reverse("dashboards:export", args=[export.pk])
    status = client.get(reverse("dashboards:export_status", args=[export.pk])).json()
    assert status["status"] == "done"
    assert status["progress"] == 100
    file = client.get(status["download_url"])
    workbook = load_workbook(io.BytesIO(b"".join(file.streaming_content)))
    assert workbook["personnes"].max_row == 1 + 12
    assert "Provenance : en ligne" in [
        row[0] for row in workbook[workbook.sheetnames[-1]].iter_rows(values_only=True)
    ]


def test_someone_elses_export_does_not_exist_for_you(client, coordinator, network):
    """Another person cannot follow or download an export they did not ask for."""
    export = DashboardExport.objects.create(
        requested_by=coordinator,
        dashboard="commune",
        place_key="59350",
        table="niveaux",
        file_format="csv",
    )
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59350"))
    for name in ("dashboards:export", "dashboards:export_status", "dashboards:export_file"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404


def test_unknown_format_or_table_is_a_clear_404(client, coordinator):
    """An export in another format or of a table that does not exist is not found (no 500)."""
    client.force_login(coordinator)
    assert (
        client.get(
            reverse("dashboards:commune_export", args=["59350", "niveaux", "pdf"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("dashboards:commune_export", args=["59350", "inconnue", "csv"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("dashboards:commune_export", args=["99999", "niveaux", "csv"])
        ).status_code
        == 404
    )


def _prepared_export(user, capture, *, table: str = "personnes") -> DashboardExport:
    """A large export of Lille prepared for `user` (tasks run eagerly on commit)."""
    with capture(execute=True):
        export = export_request(
            user=user,
            dashboard="commune",
            place_key="59350",
            table=table,
            file_format="xlsx",
            query="",
        )
    export.refresh_from_db()
    assert export.status == DashboardExport.Status.DONE, export.error
    return export


def test_export_file_is_private_with_a_random_name(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    """A prepared export is stored outside MEDIA_ROOT, under a name that says nothing."""
    export = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    path = Path(export.file.path).resolve()
    assert path.is_file()
    assert path.is_relative_to(export_root().resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "59350" not in path.name
    assert "personnes" not in path.name
    with pytest.raises(ValueError, match="no public URL"):
        export.file.url  # noqa: B018 (the property raises)


def test_export_download_is_refused_once_the_scope_is_lost(
    client, coordinator, django_capture_on_commit_callbacks
):
    """A coordinator who no longer coordinates the commune cannot download its export."""
    export = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    url = reverse("dashboards:export_file", args=[export.pk])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=coordinator).delete()
    assert client.get(url).status_code == 403


def test_export_with_names_is_refused_once_names_are_hidden(
    client, coordinator, network, django_capture_on_commit_callbacks
):
    """An export that names people is refused to a requester who no longer sees names."""
    export = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    assert export.has_names
    client.force_login(coordinator)
    Membership.objects.filter(user=coordinator).update(role=Role.NETWORK_TEAM, commune=None)
    response = client.get(reverse("dashboards:export_file", args=[export.pk]))
    assert response.status_code == 403


def test_someone_elses_finished_export_cannot_be_downloaded(
    client, coordinator, network, django_capture_on_commit_callbacks
):
    """Another coordinator of the same commune gets a 404 for a ready export not theirs."""
    export = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    client.force_login(user_with_role(network, Role.COMMUNE_COORDINATOR, "59350"))
    assert client.get(reverse("dashboards:export_file", args=[export.pk])).status_code == 404


def test_old_exports_are_purged_with_their_files(
    coordinator, network, settings, django_capture_on_commit_callbacks
):
    """Exports past the retention period go, files included; recent ones stay."""
    old = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    recent = _prepared_export(coordinator, django_capture_on_commit_callbacks, table="niveaux")
    DashboardExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.DASHBOARDS_EXPORT_RETENTION_DAYS + 1)
    )
    old_path = Path(old.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_purge_task.delay().get() == 1
    assert not old_path.exists()
    assert list(DashboardExport.objects.all()) == [recent]
    assert Path(recent.file.path).is_file()


def test_a_new_export_request_purges_expired_exports(
    coordinator, network, settings, django_capture_on_commit_callbacks
):
    """Without beat, the next export request deletes the expired exports and their files."""
    old = _prepared_export(coordinator, django_capture_on_commit_callbacks)
    DashboardExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.DASHBOARDS_EXPORT_RETENTION_DAYS + 1)
    )
    _prepared_export(coordinator, django_capture_on_commit_callbacks, table="niveaux")
    assert not DashboardExport.objects.filter(pk=old.pk).exists()
    assert not Path(old.file.path).exists()


FORMULA = '=HYPERLINK("http://x","a")'


def test_csv_neutralises_names_that_look_like_formulas(client, coordinator, network):
    """A name starting with "=" is written with a leading "'" in the CSV."""
    agent_at(network.libraries["59350"][0], first_name=FORMULA, last_name="")
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:commune_export", args=["59350", "personnes", "csv"]))
    names = [row[0] for row in _csv_rows(response.content)[1:]]
    assert f"'{FORMULA}" in names
    assert FORMULA not in names


def test_xlsx_keeps_names_that_look_like_formulas_as_text(client, coordinator, network):
    """A name starting with "=" is a text cell in the XLSX, not a formula."""
    agent_at(network.libraries["59350"][0], first_name=FORMULA, last_name="")
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:commune_export", args=["59350", "personnes", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["personnes"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == FORMULA)
    assert cell.data_type == "s"


@pytest.mark.parametrize("text", ["+33 1", "-x", "@SUM(A1)", "\tx", "\rx", FORMULA])
def test_formula_like_text_is_neutralised_but_negative_numbers_stay_numbers(text):
    """Every risky first character is neutralised in both formats; -3 and -1.5 stay numbers."""
    table = Table(
        "essai",
        "Essai",
        (Column("Nom", is_numeric=False), Column("Écart"), Column("Taux")),
        ((text, -3, -1.5),),
    )
    row = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig")), delimiter=";"))[1]
    assert row == [f"'{text}", "-3", "-1,5"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table])))["essai"]
    cells = next(sheet.iter_rows(min_row=2))
    assert [cell.data_type for cell in cells] == ["s", "n", "n"]
    # XML reads a carriage return back as a line feed.
    assert [cell.value for cell in cells] == [text.replace("\r", "\n"), -3, -1.5]


def test_a_failed_export_shows_a_generic_french_message_and_logs_the_cause(
    client, coordinator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """An unexpected error is logged; its requester reads a translated message, not the error."""

    def broken_build(*, export_id: str) -> None:
        raise RuntimeError("no such column: dashboards_levelcount.secret")

    monkeypatch.setattr("dashboards.tasks.export_build", broken_build)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            user=coordinator,
            dashboard="commune",
            place_key="59350",
            table="tout",
            file_format="xlsx",
            query="",
        )
    export.refresh_from_db()
    assert export.status == DashboardExport.Status.FAILED
    assert "no such column" in caplog.text
    client.force_login(coordinator)
    expected = "Le fichier n’a pas pu être préparé."
    status = client.get(reverse("dashboards:export_status", args=[export.pk])).json()
    assert status["error"].startswith(expected)
    page = client.get(reverse("dashboards:export", args=[export.pk])).content.decode()
    assert expected in page
    assert "no such column" not in page
    assert "no such column" not in status["error"]
