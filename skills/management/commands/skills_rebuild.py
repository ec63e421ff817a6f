"""`manage.py skills_rebuild`: rebuild all evidence and skill records from the statements."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from skills.services import evidence_rebuild


class Command(BaseCommand):
    help = "Rebuild all evidence and skill records from the LRS statements (idempotent)."

    def handle(self, *args, **options):
        result = evidence_rebuild()
        self.stdout.write(
            _(
                "Evidence rebuilt: %(created)d created, %(deleted)d removed; "
                "%(records)d skill record(s) changed."
            )
            % {
                "created": result.created,
                "deleted": result.deleted,
                "records": result.records_changed,
            }
        )
