"""Kit PDFs: a pure function of a kit's content and a variant (A4, A5 booklet, large print).

No database access and no HTTP: the content comes resolved (`selectors.kit_content`),
images and pictograms are read from disk by `common.pdf.render_pdf`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from common.pdf import render_pdf
from mediation_kits.selectors import KitContent, KitQuestion, KitSection

VARIANTS = ("a4", "booklet", "large-print")
BOOKLET_PAGE_MULTIPLE = 4  # booklet mode folds A4 sheets: 4 A5 pages per sheet
BLOCK_TAGS = {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol"}
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ0-9])")


class _TextBlocks(HTMLParser):
    """Collect the text of rich-text HTML, one string per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A block element starts a new block."""
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        """A block element ends the current block."""
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self._current.append(data)

    def close(self) -> None:
        """Flush what is left."""
        super().close()
        self._flush()


def one_idea_per_line(html: str) -> list[str]:
    """Split rich text into short lines: one per paragraph or list item, then per sentence."""
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return [sentence for block in parser.blocks for sentence in SENTENCE_END.split(block)]


def _print_section(section: KitSection, *, large_print: bool) -> dict[str, Any]:
    """A section for the template, with its text split into lines for the large print."""
    item: dict[str, Any] = {"kind": section.kind, "value": section.value, "lines": []}
    if not large_print:
        return item
    if section.kind == "step":
        item["lines"] = one_idea_per_line(section.value.text_html)
    elif section.kind == "faq":
        questions: list[KitQuestion] = section.value
        item["value"] = [
            {"question": q.question, "lines": one_idea_per_line(q.answer_html)} for q in questions
        ]
    return item


def kit_pdf_html(content: KitContent, variant: str) -> str:
    """The HTML of one PDF variant of a kit (in the site's language, French)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown kit PDF variant: {variant}")
    large_print = variant == "large-print"
    context = {
        "kit": content,
        "variant": variant,
        "large_print": large_print,
        "intro_lines": SENTENCE_END.split(content.intro) if large_print else [],
        "sections": [_print_section(s, large_print=large_print) for s in content.sections],
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("mediation_kits/pdf/kit.html", context)


def kit_pdf_bytes(content: KitContent, variant: str) -> bytes:
    """One PDF variant of a kit: tagged, fonts embedded; the booklet padded to 4 pages."""
    html = kit_pdf_html(content, variant)
    multiple = BOOKLET_PAGE_MULTIPLE if variant == "booklet" else 1
    return render_pdf(html, title=content.title, page_multiple=multiple)
