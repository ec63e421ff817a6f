"""`import_libraries`: every line checked first, all or nothing, errors in French."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from organizations.models import Library
from organizations.services import ImportRejected, libraries_import

pytestmark = pytest.mark.django_db

GOOD = """name,insee_code,kind
Médiathèque du Centre,59350,municipal
Bibliothèque associative des Moulins,59350,associative
Médiathèque de l'Hôtel de Ville,59512,municipale
"""


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_good_file_creates_every_library() -> None:
    """A valid file creates all its libraries with their commune and kind."""
    result = libraries_import(text=GOOD)
    assert (result.created, result.updated) == (3, 0)
    moulins = Library.objects.get(name="Bibliothèque associative des Moulins")
    assert moulins.commune.insee_code == "59350"
    assert moulins.kind == Library.Kind.ASSOCIATIVE


def test_reimport_is_idempotent_and_updates_kind() -> None:
    """Importing the same file twice creates nothing new; a changed kind is updated."""
    libraries_import(text=GOOD)
    result = libraries_import(text=GOOD.replace("59512,municipale", "59512,associative"))
    assert (result.created, result.updated) == (0, 1)
    assert Library.objects.count() == 3


def test_unknown_insee_code_is_refused_with_line_number() -> None:
    """An INSEE code outside the MEL is refused, naming the line."""
    text = GOOD + "Médiathèque de Paris,75056,municipal\n"
    with pytest.raises(ImportRejected) as rejected:
        libraries_import(text=text)
    assert rejected.value.errors == [
        "Ligne 5 : le code INSEE « 75056 » n’est pas une commune de la MEL."
    ]
    assert Library.objects.count() == 0


def test_every_bad_line_is_reported_and_nothing_saved() -> None:
    """Malformed lines are all listed with their numbers; nothing is half-imported."""
    text = (
        "name,insee_code,kind\n"
        "Médiathèque A,59350,municipal\n"
        "Médiathèque B,59350\n"
        ",59350,municipal\n"
        "Médiathèque C,59350,privée\n"
        "Médiathèque A,59350,municipal\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        libraries_import(text=text)
    errors = rejected.value.errors
    assert [error.split(" :")[0] for error in errors] == [
        "Ligne 3",
        "Ligne 4",
        "Ligne 5",
        "Ligne 6",
    ]
    assert "3 colonnes" in errors[0]
    assert "nom est vide" in errors[1]
    assert "privée" in errors[2]
    assert "ligne 2" in errors[3]
    assert Library.objects.count() == 0


def test_wrong_header_is_refused() -> None:
    """A file whose columns are not name, insee_code, kind is refused at line 1."""
    with pytest.raises(ImportRejected) as rejected:
        libraries_import(text="nom,commune\nA,59350\n")
    assert rejected.value.errors[0].startswith("Ligne 1 :")


def test_existing_rows_survive_a_rejected_file() -> None:
    """A rejected file leaves the libraries already saved untouched."""
    libraries_import(text=GOOD)
    before = list(Library.objects.order_by("pk").values_list("name", "kind"))
    with pytest.raises(ImportRejected):
        libraries_import(text=GOOD.replace("municipale", "associative") + "X,00000,municipal\n")
    assert list(Library.objects.order_by("pk").values_list("name", "kind")) == before


def test_command_reports_errors_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    """The command prints each bad line and fails without saving."""
    path = tmp_path / "libraries.csv"
    path.write_text("name,insee_code,kind\nMédiathèque,12345,municipal\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rien n’a été importé"):
        call_command("import_libraries", str(path))
    assert "Ligne 2" in capsys.readouterr().err
    assert Library.objects.count() == 0


def test_command_imports_a_utf8_bom_file(tmp_path: Path, capsys) -> None:
    """A file saved by Excel (UTF-8 with BOM) imports cleanly."""
    path = tmp_path / "libraries.csv"
    path.write_text("\ufeff" + GOOD, encoding="utf-8")
    call_command("import_libraries", str(path))
    assert "3 bibliothèque(s) créée(s)" in capsys.readouterr().out
    assert Library.objects.count() == 3


def test_command_refuses_a_non_utf8_file(tmp_path: Path) -> None:
    """A Latin-1 file gets a clear error rather than a crash."""
    path = tmp_path / "libraries.csv"
    path.write_bytes(GOOD.encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_libraries", str(path))
