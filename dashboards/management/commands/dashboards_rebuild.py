"""`manage.py dashboards_rebuild`: recompute the dashboards' summary tables from scratch."""

import time

from django.core.management.base import BaseCommand

from dashboards.services import summaries_rebuild


class Command(BaseCommand):
    help = "Recompute every dashboard summary table from the evidence and the statements."

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = summaries_rebuild(progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Summaries rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{result.level_steps} level steps, {result.level_counts} level counts, "
                f"{result.person_months} person-months, {result.activity_counts} place-months."
            )
        )
