"""`manage.py import_pix FILE.csv`: import a Pix Orga campaign export, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skills.services import PixImportRejected, pix_import


class Command(BaseCommand):
    help = (
        "Import a Pix Orga profiles-collection export (levels per CRCN competence), "
        "matching people by e-mail; see skills/PIX_FORMAT.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--email-column",
            default=None,
            help="Header of the column holding the e-mail (default: the first containing 'mail').",
        )

    def handle(self, *args, file: Path, email_column: str | None, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(_("File not found: %(path)s") % {"path": file}) from None
        except IsADirectoryError:
            raise CommandError(
                _("This is a folder, not a file: %(path)s") % {"path": file}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(_("The file must be encoded in UTF-8.")) from None
        try:
            result = pix_import(text=text, email_column=email_column)
        except PixImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(
                _("Nothing was imported: %(count)d error(s).") % {"count": len(rejected.errors)}
            ) from None
        self.stdout.write(
            _(
                "Pix import: %(people)d person(s), %(recorded)d result(s) recorded, "
                "%(already)d already imported."
            )
            % {
                "people": result.people,
                "recorded": result.recorded,
                "already": result.already_imported,
            }
        )
        if result.not_shared_lines:
            lines = ", ".join(str(number) for number in result.not_shared_lines)
            self.stdout.write(
                _("Lines skipped (profile not sent to the organisation): %(lines)s.")
                % {"lines": lines}
            )
