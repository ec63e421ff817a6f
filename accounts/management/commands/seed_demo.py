"""`manage.py seed_demo`: idempotent demo data from every app's registered step."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DemoLog, demo_steps

# Loggers that report each page saved and each task run in place: hundreds of lines
# that would bury the demo's own summary (the accounts to sign in with, the URLs).
CHATTY_LOGGERS = ("wagtail", "celery.app.trace")


@contextmanager
def quieter(names: tuple[str, ...], level: int = logging.WARNING) -> Iterator[None]:
    """Raise the level of the given loggers for the duration of the block."""
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent)."

    def handle(self, *args, **options):
        log = DemoLog(self.stdout.write)
        verbose = options["verbosity"] > 1
        with quieter(() if verbose else CHATTY_LOGGERS):
            for step in demo_steps():
                self.stdout.write(self.style.MIGRATE_HEADING(f"== {step.name}"))
                with transaction.atomic():
                    step.run(log)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
