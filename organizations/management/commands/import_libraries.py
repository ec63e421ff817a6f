"""`manage.py import_libraries FILE.csv`: import libraries, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations.services import ImportRejected, libraries_import


class Command(BaseCommand):
    help = "Import libraries from a CSV file with the columns name, insee_code, kind."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(_("File not found: %(path)s") % {"path": file}) from None
        except UnicodeDecodeError:
            raise CommandError(_("The file must be encoded in UTF-8.")) from None
        try:
            result = libraries_import(text=text)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(
                _("Nothing was imported: %(count)d error(s).") % {"count": len(rejected.errors)}
            ) from None
        self.stdout.write(
            _("%(created)d library(ies) created, %(updated)d updated.")
            % {"created": result.created, "updated": result.updated}
        )
