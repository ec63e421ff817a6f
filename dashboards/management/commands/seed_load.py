"""`manage.py seed_load`: fill an empty database with a synthetic load for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.load import load_run


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic people, statements, evidence and summaries "
        "(bulk inserts), for `make bench`. Refuses to run on a database that has statements."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=10_000)
        parser.add_argument("--statements", type=int, default=1_000_000)
        parser.add_argument("--months", type=int, default=36)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if (
            options["learners"] < 1
            or options["statements"] < 0
            or not 1 <= options["months"] <= 120
        ):
            raise CommandError("Give at least 1 learner, 0 or more statements, 1 to 120 months.")
        started = time.perf_counter()

        def say(text: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {text}")

        try:
            result = load_run(
                learners=options["learners"],
                statements=options["statements"],
                months=options["months"],
                seed=options["seed"],
                say=say,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.people} people in {result.libraries} libraries, "
                f"{result.statements} statements, {result.evidence} pieces of evidence "
                f"in {time.perf_counter() - started:.0f} s."
            )
        )
