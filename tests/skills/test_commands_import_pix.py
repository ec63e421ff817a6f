"""manage.py import_pix: a Pix Orga export, matched by e-mail, all or nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lrs.models import Statement
from lrs.vocabulary import Extension, Verb
from skills.models import Evidence, SkillRecord
from skills.services import PixImportRejected, pix_import
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "pix_collecte_profils.csv"


@pytest.fixture
def people() -> dict[str, object]:
    """The two participants who sent their profile (Yasmine's address differs in case)."""
    return {
        "camille": UserFactory(email="camille.lefebvre@bnm-test.example.org"),
        "yasmine": UserFactory(email="yasmine.martin@bnm-test.example.org"),
    }


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    """Write a variant of the sample to a file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_file_imports_certified_evidence_per_competence(people, capsys) -> None:
    """Each level ≥ 1 becomes a certified statement, then evidence on the CRCN competence."""
    call_command("import_pix", str(SAMPLE))
    out = capsys.readouterr().out
    assert "Import Pix : 2 personne(s), 31 résultat(s) enregistré(s)" in out
    assert "Lignes ignorées (profil non envoyé à l’organisation) : 4." in out
    camille = {row.competence.code: row for row in Evidence.objects.filter(user=people["camille"])}
    assert len(camille) == 15  # 3.4 is at level 0 in the file
    assert "3.4" not in camille
    assert (camille["1.1"].level, camille["1.1"].provenance) == (3, "certified")
    assert camille["1.1"].competence.framework.code == "crcn"
    assert camille["1.1"].observed_at.date().isoformat() == "2025-03-14"
    statement = Statement.objects.get(statement_id=camille["1.1"].statement_id)
    assert statement.verb_iri == Verb.CERTIFIED
    assert statement.data["context"]["extensions"][Extension.PROVENANCE] == "certified"
    assert statement.data["result"]["extensions"][Extension.LEVEL] == 3
    record = SkillRecord.objects.get(user=people["yasmine"], competence=camille["1.1"].competence)
    assert (record.level, record.level_provenance) == (4, "certified")


def test_importing_the_same_file_twice_records_nothing_new(people, capsys) -> None:
    """Statement ids come from the content: a second import adds no row."""
    call_command("import_pix", str(SAMPLE))
    counts = (Statement.objects.count(), Evidence.objects.count())
    call_command("import_pix", str(SAMPLE))
    assert (Statement.objects.count(), Evidence.objects.count()) == counts
    assert "0 résultat(s) enregistré(s), 31 déjà importé(s)" in capsys.readouterr().out


def test_unknown_email_is_reported_by_line_and_nothing_is_saved(people, tmp_path) -> None:
    """One unmatched participant refuses the whole file, naming its line."""
    people["yasmine"].delete()
    with pytest.raises(CommandError, match="Rien n’a été importé : 1 erreur"):
        call_command("import_pix", str(SAMPLE))
    assert not Statement.objects.exists()
    assert not Evidence.objects.exists()
    with pytest.raises(PixImportRejected) as rejected:
        pix_import(text=SAMPLE.read_text(encoding="utf-8"))
    assert rejected.value.errors == [
        "Ligne 3 : personne sur la plateforme n’a l’adresse e-mail "
        "« yasmine.martin@bnm-test.example.org »."
    ]


def test_every_bad_line_is_reported_with_its_number(people, tmp_path, capsys) -> None:
    """A bad level, a bad date and a short line are all listed, in line order."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2025-03-14", "14 mars").replace(";3;24;", ";9;72;", 1)
    lines[2] = lines[2].rsplit(";", 3)[0]
    with pytest.raises(CommandError):
        call_command("import_pix", str(write(tmp_path, "\n".join(lines))))
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "Ligne 2 : la date « 14 mars » n’est pas une date (attendu : 2025-03-14).",
        "Ligne 2 : le niveau « 9 » de 1.1 n’est pas un nombre entier de 0 à 8.",
        "Ligne 3 : 44 colonnes attendues, 41 trouvées.",
    ]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            ("Adresse e-mail professionnelle", "Identifiant"),
            "Ligne 1 : aucune colonne d’adresse e-mail",
            id="no-email-column",
        ),
        pytest.param(
            ("Niveau pour la compétence Gérer des données", "Niveau pour la compétence Cuisiner"),
            "Ligne 1 : la colonne « Niveau pour la compétence Cuisiner » ne désigne aucune",
            id="unknown-competence",
        ),
        pytest.param(
            ("Date de l'envoi", "Envoyé le"),
            "Ligne 1 : la colonne « Date de l'envoi » manque.",
            id="no-date",
        ),
        pytest.param(
            ("Niveau pour la compétence", "% de maitrise des acquis de la compétence"),
            "ce n’est pas l’export d’une campagne Pix de collecte de profils",
            id="assessment-campaign",
        ),
    ],
)
def test_a_wrong_header_refuses_the_file_in_french(people, change, message) -> None:
    """A header that is not a profiles-collection export is refused with a clear reason."""
    text = SAMPLE.read_text(encoding="utf-8").replace(*change)
    with pytest.raises(PixImportRejected) as rejected:
        pix_import(text=text)
    assert any(message in error for error in rejected.value.errors), rejected.value.errors


def test_header_variants_of_competence_names_are_recognised(people) -> None:
    """Curly or straight apostrophes, case and codes in front are accepted."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("veille d’information", "VEILLE D'INFORMATION")
    text = text.replace("compétence Gérer des données", "compétence 1.2 Gérer des données")
    result = pix_import(text=text)
    assert result.recorded == 31


def test_email_column_can_be_named(people) -> None:
    """--email-column picks a column whose header does not say "mail"."""
    text = SAMPLE.read_text(encoding="utf-8").replace("Adresse e-mail professionnelle", "Login")
    assert pix_import(text=text, email_column="login").people == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "Fichier introuvable", id="missing"),
        pytest.param(b"\xff\xfe\x00l\x00a", "encodé en UTF-8", id="not-utf8"),
        pytest.param(b"", "Le fichier est vide.", id="empty"),
    ],
)
def test_unreadable_files_give_a_french_error(tmp_path, content, message, capsys) -> None:
    """A missing, non-UTF-8 or empty file is refused with a clear message, never a traceback."""
    path = tmp_path / "pix.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_pix", str(path))
    assert message in str(error.value) + capsys.readouterr().err
