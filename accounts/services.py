"""Writes for accounts: outgoing e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send one e-mail (plain text, optional HTML alternative and text attachments)."""
    message = EmailMultiAlternatives(
        subject=subject.strip().replace("\n", " "),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()
