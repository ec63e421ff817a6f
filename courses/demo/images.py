"""Images of the demo paths, drawn with Pillow: covers and a teaching diagram."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "atkinson-hyperlegible"
INK, PAPER, BRAND = "#1b2430", "#ffffff", "#0b5c8a"

# Covers: (background, title). Decorative: the path's title is always next to them.
COVERS = {
    "securite": ("#0b5c8a", "Sécurité et données personnelles"),
    "livres": ("#1e6b3a", "Livres numériques"),
    "presse": ("#a4361d", "Presse en ligne"),
}

# Diagrams: (title, alt text, steps).
DIAGRAMS = {
    "pret-numerique": (
        "Les quatre étapes du prêt numérique",
        "Schéma en quatre étapes : 1. l'usager se connecte au portail avec sa carte ; "
        "2. il emprunte un livre disponible ; 3. il l'ouvre dans son application de lecture "
        "avec sa phrase secrète ; 4. à la fin du prêt, le livre se rend tout seul.",
        (
            "Se connecter au portail avec sa carte",
            "Emprunter un livre disponible",
            "Ouvrir le livre avec sa phrase secrète",
            "Le livre se rend tout seul",
        ),
    ),
}


def _font(size: int, *, bold: bool = False) -> ImageFont.ImageFont:
    """The project's font (Atkinson Hyperlegible), or Pillow's default."""
    name = (
        "atkinson-hyperlegible-latin-700-normal.woff"
        if bold
        else ("atkinson-hyperlegible-latin-400-normal.woff")
    )
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size)


def _png(image: PILImage.Image) -> bytes:
    """An image as PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def cover_png(key: str) -> bytes:
    """A 1200×600 cover: a coloured band with the subject in large letters."""
    background, title = COVERS[key]
    image = PILImage.new("RGB", (1200, 600), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 480, 1200, 600), fill=INK)
    draw.text((80, 200), "\n".join(textwrap.wrap(title, 22)), font=_font(80, bold=True), fill=PAPER)
    draw.text((80, 515), "BNM Formation", font=_font(40), fill=PAPER)
    return _png(image)


def diagram_png(key: str) -> bytes:
    """A 1200×520 diagram: numbered steps from left to right, joined by arrows."""
    title, _alt, steps = DIAGRAMS[key]
    image = PILImage.new("RGB", (1200, 520), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), title, font=_font(44, bold=True), fill=INK)
    width = (1200 - 80 - 3 * 40) // 4
    for index, step in enumerate(steps):
        left = 40 + index * (width + 40)
        draw.rounded_rectangle((left, 130, left + width, 470), radius=18, outline=BRAND, width=6)
        draw.text((left + 24, 150), str(index + 1), font=_font(64, bold=True), fill=BRAND)
        lines = "\n".join(textwrap.wrap(step, 14))
        draw.multiline_text((left + 24, 250), lines, font=_font(32), fill=INK, spacing=8)
        if index < len(steps) - 1:
            arrow = left + width + 6
            draw.polygon([(arrow, 280), (arrow + 28, 300), (arrow, 320)], fill=BRAND)
    return _png(image)


def demo_image(title: str, filename: str, data: bytes) -> Image:
    """The Wagtail image with this title, created once."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def cover_image(key: str) -> Image:
    """The cover image of a demo path."""
    return demo_image(f"Couverture : {COVERS[key][1]}", f"couverture-{key}.png", cover_png(key))


def diagram_image(key: str) -> tuple[Image, str]:
    """A demo diagram and its text alternative."""
    title, alt, _steps = DIAGRAMS[key]
    return demo_image(title, f"schema-{key}.png", diagram_png(key)), alt
