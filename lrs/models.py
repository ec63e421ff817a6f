"""Storage of the Learning Record Store.

Statements are immutable rows: the statement as JSON plus the precomputed columns the
filters need. The write path is one bulk insert of statements and one of their index
keys, with no shared row to update, so concurrent batches never wait for each other.

IRIs and agent identifiers are indexed through 64-bit hashes (`iri_hash`): index rows
stay small and fixed-size whatever the length of an IRI (PostgreSQL refuses B-tree rows
over about 2.7 kB), and comparisons are integer comparisons. Exact filters re-check the
full IRI column, so a hash collision can never return a wrong statement.

Multi-valued filters (`agent`, `related_agents`, `related_activities`) go through
`StatementKey`, an index table whose primary key is (key, statement): every filter is an
index lookup on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def key_hash(value: str) -> str:
    """A short, fixed-length hex digest of an identifier (document scopes, identities)."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=12).hexdigest()


@functools.lru_cache(maxsize=65_536)
def iri_hash(value: str) -> int:
    """A signed 64-bit digest of an IRI or IFI, for the integer index columns.

    Memoized: a batch names the same verbs, activities and agents over and over.
    """
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


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
    # SHA-256 hex digest of the secret: the secret is random and long, so a fast hash is
    # as safe as a slow one and keeps each request's check in microseconds.
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

    @staticmethod
    def new_secret() -> str:
        """A random secret (256 bits)."""
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_secret(secret: str) -> str:
        """The stored digest of a secret."""
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Statement(models.Model):
    """One stored xAPI statement: immutable JSON plus indexed columns."""

    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True)
    data = models.JSONField()
    stored_at = models.DateTimeField()
    timestamp_at = models.DateTimeField()
    is_voided = models.BooleanField(default=False)
    is_voiding = models.BooleanField(default=False)
    actor_hash = models.BigIntegerField()
    verb_iri = models.TextField()
    verb_hash = models.BigIntegerField()
    activity_iri = models.TextField(blank=True, default="")
    activity_hash = models.BigIntegerField(null=True, blank=True)
    statement_ref = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    has_attachments = models.BooleanField(default=False)
    # The platform user the statement is about, when the actor is one of ours.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="xapi_statements",
        db_index=False,  # covered by lrs_stmt_user_activity
    )
    client = models.ForeignKey(
        LrsClient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # read/mine queries find a client's statements by authority key
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["stored_at", "seq"], name="lrs_stmt_stored"),
            models.Index(fields=["verb_hash", "stored_at", "seq"], name="lrs_stmt_verb"),
            models.Index(fields=["activity_hash", "stored_at", "seq"], name="lrs_stmt_activity"),
            models.Index(
                fields=["registration", "stored_at"],
                name="lrs_stmt_registration",
                condition=Q(registration__isnull=False),
            ),
            models.Index(
                fields=["statement_ref"],
                name="lrs_stmt_ref",
                condition=Q(statement_ref__isnull=False),
            ),
            models.Index(
                fields=["stored_at", "seq"],
                name="lrs_stmt_ref_stored",
                condition=Q(statement_ref__isnull=False),
            ),
            models.Index(
                fields=["user", "activity_hash"],
                name="lrs_stmt_user_activity",
                condition=Q(user__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementKey(models.Model):
    """One indexed key of a statement, for the multi-valued filters.

    `key` is `iri_hash("<kind>|<value>")`, see `StatementKey.Kind` and `statement_key`;
    kinds 11-16 and 21-26 are the properties a referring statement inherits from its
    target and from its target's target (the StatementRef rule, lrs.services.refs).
    """

    class Kind(models.IntegerChoices):
        AGENT = 1  # actor, or object when it is an Agent/Group (with Group members)
        RELATED_AGENT = 2  # any other agent (instructor, team, sub-statement, authority)
        RELATED_ACTIVITY = 3  # object activity, context activities, sub-statement
        # Only inherited by referring statements (levels 1 and 2, kinds + 10 and + 20,
        # see lrs.services.refs); at level 0 these are the statement's own columns.
        VERB = 4
        ACTIVITY = 5
        REGISTRATION = 6

    pk = models.CompositePrimaryKey("key", "statement")
    key = models.BigIntegerField()
    # No database constraint: the key table is an index the store writes with its
    # statements, and checking each key row at commit would double the write cost.
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="keys",
        db_index=False,
        db_constraint=False,
    )

    def __str__(self) -> str:
        return f"{self.key}:{self.statement_id}"


@functools.lru_cache(maxsize=65_536)
def statement_key(kind: int, value: str) -> int:
    """The index key of a value (an IFI or an activity IRI) for one kind of filter (memoized)."""
    return iri_hash(f"{kind}|{value}")


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
    # Hash of (kind, activity, agent, registration): the set a document belongs to.
    scope_key = models.CharField(max_length=24)
    # Hash of the stateId/profileId, unique within the scope.
    document_key = models.CharField(max_length=24)
    activity_iri = models.TextField(blank=True, default="")
    agent_key = models.CharField(max_length=24, blank=True, default="")
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.TextField()
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=40)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope_key", "updated_at"], name="lrs_doc_scope")]
        constraints = [
            models.UniqueConstraint(fields=["scope_key", "document_key"], name="lrs_doc_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.document_id}"


class ActorIdentity(models.Model):
    """One (IFI, name) pair seen in statements, for the Agents resource (a Person)."""

    pk = models.CompositePrimaryKey("key", "name_key")
    key = models.CharField(max_length=24)  # key_hash of the IFI
    name_key = models.CharField(max_length=24)  # key_hash of the name ("" hashed too)
    ifi = models.JSONField()  # e.g. {"mbox": "mailto:…"} or {"account": {…}}
    name = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"{self.key}:{self.name}"


class ActivityDefinition(models.Model):
    """The canonical definition of an activity, as last defined by a statement."""

    activity_iri = models.TextField()
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
    # The external LRS refused this statement itself (400, 403, 413): not retried.
    is_rejected = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("forwarding outbox")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="lrs_outbox_due",
                condition=Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"outbox {self.statement_id}"


def new_statement_id() -> uuid.UUID:
    """A fresh statement id."""
    return uuid.uuid4()
