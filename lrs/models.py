"""Storage of the Learning Record Store.

Statements are immutable rows: the statement as JSON plus the precomputed columns the
filters need. The write path is one bulk insert of statements and one of their index
keys, with no shared row to upsert, so concurrent batches never lock each other.
Multi-valued filters (`agent`, `related_agents`, `related_activities`) go through
`StatementKey`, an index table of hashed keys: every filter is an index lookup on both
SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def key_hash(value: str) -> str:
    """A short, fixed-length digest of an IFI or IRI, for the index table."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=12).hexdigest()


class LrsClient(models.Model):
    """An external client of the LRS, authenticated with HTTP Basic (key and secret)."""

    class Scope(models.TextChoices):
        STATEMENTS_WRITE = "statements/write", "statements/write"
        STATEMENTS_READ = "statements/read", "statements/read"
        STATEMENTS_READ_MINE = "statements/read/mine", "statements/read/mine"
        ALL_READ = "all/read", "all/read"
        ALL = "all", "all"
        PROFILE = "profile", "profile"
        STATE = "state", "state"
        DEFINE = "define", "define"

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True)
    secret_hash = models.CharField(max_length=256)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_key() -> str:
        """A random public key."""
        return secrets.token_hex(16)


class Statement(models.Model):
    """One stored xAPI statement: immutable JSON plus indexed columns."""

    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True)
    data = models.JSONField()
    stored_at = models.DateTimeField()
    timestamp_at = models.DateTimeField()
    is_voided = models.BooleanField(default=False)
    is_voiding = models.BooleanField(default=False)
    actor_key = models.CharField(max_length=24)
    verb_iri = models.CharField(max_length=2048)
    activity_iri = models.CharField(max_length=2048, blank=True, default="")
    statement_ref = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    has_attachments = models.BooleanField(default=False)
    # The platform user the statement is about, when the actor is one of ours.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="xapi_statements",
    )
    client = models.ForeignKey(LrsClient, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["stored_at", "seq"], name="lrs_stmt_stored"),
            models.Index(fields=["verb_iri", "stored_at"], name="lrs_stmt_verb"),
            models.Index(fields=["activity_iri", "stored_at"], name="lrs_stmt_activity"),
            models.Index(fields=["registration"], name="lrs_stmt_registration"),
            models.Index(fields=["statement_ref"], name="lrs_stmt_ref"),
            models.Index(fields=["user", "activity_iri"], name="lrs_stmt_user_activity"),
            models.Index(fields=["actor_key", "stored_at"], name="lrs_stmt_actor"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementKey(models.Model):
    """One indexed key of a statement, for the multi-valued filters."""

    class Kind(models.IntegerChoices):
        AGENT = 1  # actor, or object when it is an Agent/Group
        RELATED_AGENT = 2  # any agent anywhere in the statement
        RELATED_ACTIVITY = 3  # object activity, context activities, sub-statement

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="keys")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    key = models.CharField(max_length=24)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "statement"], name="lrs_key_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Attachment(models.Model):
    """A raw attachment sent with statements, stored once per sha2."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.sha2


class Document(models.Model):
    """A State, Activity Profile or Agent Profile document."""

    class Kind(models.TextChoices):
        STATE = "state"
        ACTIVITY_PROFILE = "activity_profile"
        AGENT_PROFILE = "agent_profile"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_iri = models.CharField(max_length=2048, blank=True, default="")
    agent_key = models.CharField(max_length=24, blank=True, default="")
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.CharField(max_length=2048)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=40)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "activity_iri", "agent_key", "registration"],
                name="lrs_doc_scope",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_iri", "agent_key", "registration", "document_id"],
                name="lrs_doc_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.document_id}"


class ActorIdentity(models.Model):
    """Every IFI and name seen for an agent, for the Agents resource (a Person)."""

    key = models.CharField(max_length=24, primary_key=True)
    agent = models.JSONField()

    def __str__(self) -> str:
        return self.key


class ActivityDefinition(models.Model):
    """The canonical definition of an activity, as last defined by a statement."""

    activity_iri = models.CharField(max_length=2048)
    iri_key = models.CharField(max_length=24, unique=True)
    definition = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.activity_iri


class OutboxEntry(models.Model):
    """A statement waiting to be forwarded to the external LRS."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="outbox")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("forwarding outbox")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="lrs_outbox_due")]

    def __str__(self) -> str:
        return f"outbox {self.statement_id}"


def new_statement_id() -> uuid.UUID:
    """A fresh statement id."""
    return uuid.uuid4()
