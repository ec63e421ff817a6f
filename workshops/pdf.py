"""The printable sign-in sheet of a session: names and signature columns, or blank lines.

A session of several time slots gets one signature column per slot, headed by its day and
hours: people sign for each half-day they attend, as French training sign-in sheets
("feuilles d'émargement") do. Beyond three slots the page turns to landscape.

A pure function of the session: the HTML comes from a template, and
`common.pdf.render_pdf` turns it into a tagged PDF with the project's fonts.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import render_pdf
from workshops.emails import session_facts
from workshops.formatting import slot_short_text
from workshops.models import Registration, Session
from workshops.selectors import trainers_of

BLANK_LINES = 16
PDF_LANGUAGE = "fr"
PORTRAIT_SLOTS = 3


def sign_in_sheet_pdf(
    session: Session, registrations: list[Registration], *, blank: bool = False
) -> bytes:
    """The sign-in sheet: one line per registered person, or blank lines for walk-ins."""
    with translation.override(PDF_LANGUAGE):
        people = [] if blank else [r for r in registrations if r.status == "confirmed"]
        slots = list(session.slots.all())
        columns = [slot_short_text(slot.starts_at, slot.ends_at) for slot in slots]
        html = render_to_string(
            "workshops/pdf/sign_in_sheet.html",
            {
                **session_facts(session),
                "trainers": list(trainers_of(session.workshop)),
                "people": people,
                "blank_lines": range(BLANK_LINES if blank else max(3, 8 - len(people))),
                "is_blank": blank,
                # One column per slot only when there are several: a single one is just
                # "Signature", the date being in the heading.
                "by_slot": len(columns) > 1,
                "signature_columns": columns if len(columns) > 1 else [""],
                "landscape": len(columns) > PORTRAIT_SLOTS,
                "printed_at": timezone.localtime(),
            },
        )
    return render_pdf(html)
