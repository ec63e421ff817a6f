"""`manage.py h5p_import FILE.h5p...`: import H5P packages with the upload form's service.

Each file is validated and installed on its own: a refused file prints its French messages and
leaves nothing behind, and the command goes on with the next file (exit status 1 at the end).
New libraries are installed only with ``--allow-new-libraries``: the operator vouches for the
JavaScript the package brings (the command-line counterpart of the ``h5p.install_library``
permission). Without it, packages must only use libraries that are already installed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from h5p.models import H5PContent
from h5p.services import content_import
from h5p.validation import PackageInvalid


class Command(BaseCommand):
    help = (
        "Import .h5p packages as H5P contents, with the same validation as the upload form. "
        "Installing new libraries is an operator action: pass --allow-new-libraries."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help=".h5p files to import")
        parser.add_argument(
            "--allow-new-libraries",
            action="store_true",
            help=(
                "Install libraries (or newer patch versions) that are not installed yet. Library "
                "code runs in learners' browsers: only use packages you trust."
            ),
        )
        parser.add_argument(
            "--attempt-policy",
            choices=H5PContent.AttemptPolicy.values,
            default=H5PContent.AttemptPolicy.BEST,
            help="Which attempt counts for a learner (default: best).",
        )
        parser.add_argument("--title", default="", help="Title (default: the package's).")

    def handle(self, *args, **options):
        failures = 0
        for path in options["files"]:
            if not path.is_file():
                self.stderr.write(self.style.ERROR(f"{path}: file not found."))
                failures += 1
                continue
            try:
                with path.open("rb") as stream:
                    content = content_import(
                        package=stream,
                        allow_new_libraries=options["allow_new_libraries"],
                        package_name=path.name,
                        title=options["title"],
                        attempt_policy=options["attempt_policy"],
                    )
            except PackageInvalid as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: refused."))
                for message in error.errors:
                    self.stderr.write(f"  - {message}")
                continue
            libraries = content.libraries.count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path}: imported as “{content.title}” (#{content.pk}, {libraries} libraries)."
                )
            )
        if failures:
            raise CommandError(f"{failures} package(s) not imported.")
