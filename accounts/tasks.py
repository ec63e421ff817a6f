"""Celery tasks of accounts: e-mails leave the request cycle through the broker."""

from __future__ import annotations

from celery import shared_task

from accounts.services import email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=8)
def email_send_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send an e-mail, retrying with backoff while the mail server is unreachable."""
    return email_send(subject=subject, body=body, to=to, html=html, attachments=attachments)
