"""Demo data for h5p: every package of settings.H5P_DEMO_DIR, imported once."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from accounts.demo import DemoLog
from h5p.models import H5PContent
from h5p.services import content_import
from h5p.validation import PackageInvalid

# French titles for the packages of ../shared/h5p (other packages keep their own title).
DEMO_TITLES = {
    "truefalse-hello-world.h5p": "Vrai ou faux : premiers pas",
    "multiple-choice.h5p": "Quiz : choisir la bonne réponse",
    "arithmetic-quiz.h5p": "Calcul mental chronométré",
    "drag-the-words-1399.h5p": "Glisser les mots à leur place",
}
HOW_TO_UPLOAD = (
    "No H5P demo packages (H5P_DEMO_DIR is empty or missing). Upload .h5p files in the admin "
    "(H5P → Contents → Add) or run: python manage.py h5p_import --allow-new-libraries FILE.h5p"
)


def seed(log: DemoLog) -> None:
    """Import each .h5p file of H5P_DEMO_DIR not imported yet (same SHA-256)."""
    folder = Path(settings.H5P_DEMO_DIR) if settings.H5P_DEMO_DIR else None
    packages = sorted(folder.glob("*.h5p")) if folder is not None and folder.is_dir() else []
    if not packages:
        log(HOW_TO_UPLOAD)
        return
    for path in packages:
        data = path.read_bytes()
        if H5PContent.objects.filter(package_sha256=hashlib.sha256(data).hexdigest()).exists():
            log(f"H5P: {path.name} already imported.")
            continue
        try:
            content = content_import(
                package=data,
                allow_new_libraries=True,  # the operator chose this folder
                package_name=path.name,
                title=DEMO_TITLES.get(path.name, ""),
            )
        except PackageInvalid as error:
            log(f"H5P: {path.name} refused: " + " ".join(error.errors))
            continue
        log(f"H5P: {path.name} imported as “{content.title}” (#{content.pk}).")
