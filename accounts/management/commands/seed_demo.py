"""`manage.py seed_demo`: idempotent demo data from every app's registered step."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DemoLog, demo_steps


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent)."

    def handle(self, *args, **options):
        log = DemoLog(self.stdout.write)
        for step in demo_steps():
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {step.name}"))
            with transaction.atomic():
                step.run(log)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
