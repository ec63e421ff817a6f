"""Strict pydantic models of the xAPI 1.0.3 statement (Data 2.2-2.4, 4.0).

Every model forbids unknown properties, is strict about JSON types (a number is never a
string, ``"true"`` is not a boolean), rejects ``null`` anywhere except inside extension
values, and enforces the cross-field rules of the specification (one IFI per Agent,
anonymous Groups need members, interaction components per interaction type, score ranges,
voiding, revision/platform only with an Activity object, no nested SubStatement, ...).

Attribute names are snake_case; JSON property names are the aliases and are the only names
accepted on input. Optional properties that were not sent are ``None``; use
``model_dump(by_alias=True, exclude_unset=True)`` to get back exactly the sent properties.

Polymorphic members (actor, object, authority, contextActivities values) are tagged unions
whose tags start with ``\\x00``; ``lrs.xapi.errors`` strips those tags from error paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lrs.xapi.duration import is_duration
from lrs.xapi.formats import is_media_type, is_sha1_hex, is_sha2_hex, is_uuid
from lrs.xapi.iri import is_iri, is_mailto_iri
from lrs.xapi.lang import is_language_tag
from lrs.xapi.timestamps import is_timestamp
from lrs.xapi.versions import is_valid_statement_version

__all__ = [
    "VOIDED_VERB",
    "Account",
    "Activity",
    "ActivityDefinition",
    "Actor",
    "Agent",
    "Attachment",
    "AuthorityGroup",
    "Context",
    "ContextActivities",
    "Group",
    "InteractionComponent",
    "Result",
    "Score",
    "Statement",
    "StatementRef",
    "SubStatement",
    "Verb",
]

if TYPE_CHECKING:
    _T = TypeVar("_T")
    Omittable: TypeAlias = _T | None
else:

    class Omittable:
        """``Omittable[X]``: the property may be left out (then ``None``) but never be null.

        Type checkers see ``X | None``; pydantic sees plain ``X`` with an unvalidated ``None``
        default, so a JSON ``null`` fails validation in pydantic-core itself.
        """

        def __class_getitem__(cls, item: Any) -> Any:
            return item


VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
TAG = "\x00"  # prefix of union tags; never a JSON property name in practice

InteractionType = Literal[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
]
#: Interaction component lists each interactionType may carry (Data 2.4.4.1, table 3).
COMPONENTS_BY_TYPE: dict[str, frozenset[str]] = {
    "choice": frozenset({"choices"}),
    "sequencing": frozenset({"choices"}),
    "likert": frozenset({"scale"}),
    "matching": frozenset({"source", "target"}),
    "performance": frozenset({"steps"}),
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


# --------------------------------------------------------------------------- string formats
def _formatted(check: Callable[[str], bool], error_type: str, message: str) -> Any:
    """Build a ``str`` type whose value must pass ``check`` (else ``error_type``/``message``)."""

    def validate(value: str) -> str:
        if not check(value):
            raise PydanticCustomError(error_type, message)
        return value

    return Annotated[str, AfterValidator(validate)]


if TYPE_CHECKING:  # static view: plain strings
    IRI = IRL = MailtoIRI = Sha1Hex = Sha2Hex = UUIDString = str
    Timestamp = Duration = LanguageTag = MediaType = StatementVersion = str
else:
    IRI = _formatted(is_iri, "xapi_iri", "must be an absolute IRI (with a scheme)")
    IRL = _formatted(is_iri, "xapi_irl", "must be an absolute IRL (with a scheme)")
    MailtoIRI = _formatted(
        is_mailto_iri, "xapi_mbox", "must be a 'mailto:' IRI with one e-mail address"
    )
    Sha1Hex = _formatted(is_sha1_hex, "xapi_sha1", "must be a 40-digit hex SHA-1 sum")
    Sha2Hex = _formatted(
        is_sha2_hex, "xapi_sha2", "must be a hex SHA-2 digest (224, 256, 384 or 512 bits)"
    )
    UUIDString = _formatted(is_uuid, "xapi_uuid", "must be a UUID in standard string form")
    Timestamp = _formatted(
        is_timestamp, "xapi_timestamp", "must be an ISO 8601 date-time with a valid UTC offset"
    )
    Duration = _formatted(
        is_duration, "xapi_duration", "must be an ISO 8601 duration (e.g. PT1H0M0S)"
    )
    LanguageTag = _formatted(
        is_language_tag, "xapi_language_tag", "must be an RFC 5646 language tag"
    )
    MediaType = _formatted(
        is_media_type, "xapi_media_type", "must be an Internet media type (type/subtype)"
    )
    StatementVersion = _formatted(
        is_valid_statement_version,
        "xapi_version",
        "must be a supported xAPI version (1.0 or 1.0.x)",
    )


def _check_language_map(value: dict[str, str]) -> dict[str, str]:
    """Reject empty language maps and keys that are not RFC 5646 tags.

    xAPI defines a language map as tag/text pairs; ADL's conformance suite (Data 4.0) refuses
    one with no pair, as an LRS must, since it names nothing in any language.
    """
    if not value:
        raise PydanticCustomError(
            "xapi_language_map", "must hold at least one language tag and its text"
        )
    for key in value:
        if not is_language_tag(key):
            raise PydanticCustomError(
                "xapi_language_map", "key '{key}' is not an RFC 5646 language tag", {"key": key}
            )
    return value


def _check_extensions(value: dict[str, Any]) -> dict[str, Any]:
    """Reject extension maps whose keys are not absolute IRIs."""
    for key in value:
        if not is_iri(key):
            raise PydanticCustomError(
                "xapi_extension_key", "key '{key}' is not an absolute IRI", {"key": key}
            )
    return value


LanguageMap = Annotated[dict[str, str], AfterValidator(_check_language_map)]
Extensions = Annotated[dict[str, Any], AfterValidator(_check_extensions)]


# --------------------------------------------------------------------------- base model
class XapiModel(BaseModel):
    """Base of all xAPI models: strict types, no unknown properties, no nulls, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        allow_inf_nan=False,
    )


# --------------------------------------------------------------------------- actors
class Account(XapiModel):
    """An account IFI: ``homePage`` (IRL) and ``name``."""

    home_page: IRL = Field(alias="homePage")
    name: str


IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


class _Identified(XapiModel):
    """Properties shared by Agents and Groups (name and the inverse functional identifiers)."""

    name: Omittable[str] = None
    mbox: Omittable[MailtoIRI] = None
    mbox_sha1sum: Omittable[Sha1Hex] = None
    openid: Omittable[IRI] = None
    account: Omittable[Account] = None

    def ifi_keys(self) -> list[str]:
        """Return the names of the IFI properties present (JSON names)."""
        return [key for key in IFI_KEYS if getattr(self, key) is not None]


class Agent(_Identified):
    """An Agent: exactly one IFI among mbox, mbox_sha1sum, openid and account."""

    object_type: Omittable[Literal["Agent"]] = Field(None, alias="objectType")

    @model_validator(mode="after")
    def _one_ifi(self) -> Agent:
        """Require exactly one inverse functional identifier."""
        found = self.ifi_keys()
        if len(found) != 1:
            raise PydanticCustomError(
                "xapi_agent_ifi",
                "an Agent must have exactly one inverse functional identifier "
                "(mbox, mbox_sha1sum, openid or account); found {count}",
                {"count": len(found)},
            )
        return self


class Group(_Identified):
    """A Group: identified (one IFI, optional members) or anonymous (no IFI, members)."""

    object_type: Literal["Group"] = Field(alias="objectType")
    member: Omittable[list[Agent]] = None

    @model_validator(mode="after")
    def _ifi_or_members(self) -> Group:
        """Allow at most one IFI; without an IFI require a non-empty member list."""
        found = self.ifi_keys()
        if len(found) > 1:
            raise PydanticCustomError(
                "xapi_group_ifi",
                "a Group must not have more than one inverse functional identifier; found {count}",
                {"count": len(found)},
            )
        if not found and not self.member:
            raise PydanticCustomError(
                "xapi_anonymous_group",
                "an anonymous Group (no inverse functional identifier) must list its members",
                {"field": "member"},
            )
        return self

    @property
    def is_anonymous(self) -> bool:
        """Return True if the Group has no IFI."""
        return not self.ifi_keys()


class AuthorityGroup(Group):
    """A Group used as ``authority``: anonymous, with exactly two Agents (OAuth consumer+user)."""

    @model_validator(mode="after")
    def _oauth_pair(self) -> AuthorityGroup:
        """Require an anonymous Group of exactly two members."""
        if self.ifi_keys():
            raise PydanticCustomError(
                "xapi_authority_group",
                "an authority Group must be anonymous (no inverse functional identifier)",
            )
        if self.member is None or len(self.member) != 2:
            raise PydanticCustomError(
                "xapi_authority_group",
                "an authority Group must have exactly two members",
                {"field": "member"},
            )
        return self


def _object_type_discriminator(default: str) -> Callable[[Any], str | None]:
    """Build a discriminator reading ``objectType`` (``default`` when absent)."""

    def discriminate(value: Any) -> str | None:
        if isinstance(value, dict):
            kind = value.get("objectType", default)
            return TAG + kind if isinstance(kind, str) else None
        if isinstance(value, XapiModel):
            return TAG + (getattr(value, "object_type", None) or default)
        return None

    return discriminate


def _tagged(*members: tuple[type[Any] | Any, str], default: str, expected: str) -> Any:
    """Build a tagged union over ``objectType`` with a clear error for unknown types."""
    choices = tuple(Annotated[model, Tag(TAG + tag)] for model, tag in members)
    return Annotated[
        Union[choices],  # noqa: UP007 - a runtime-built union needs typing.Union
        Discriminator(
            _object_type_discriminator(default),
            custom_error_type="xapi_object_type",
            custom_error_message=f"must be an object whose objectType is {expected}",
        ),
    ]


if TYPE_CHECKING:
    Actor: TypeAlias = Agent | Group
    Authority: TypeAlias = Agent | AuthorityGroup
else:
    Actor = _tagged(
        (Agent, "Agent"), (Group, "Group"), default="Agent", expected="'Agent' or 'Group'"
    )
    Authority = _tagged(
        (Agent, "Agent"), (AuthorityGroup, "Group"), default="Agent", expected="'Agent' or 'Group'"
    )


# --------------------------------------------------------------------------- verb, activity
class Verb(XapiModel):
    """A Verb: ``id`` IRI and optional ``display`` language map."""

    id: IRI
    display: Omittable[LanguageMap] = None


class InteractionComponent(XapiModel):
    """An interaction component (choice, scale point, source, target or step)."""

    id: str
    description: Omittable[LanguageMap] = None


def _unique_ids(components: list[InteractionComponent]) -> list[InteractionComponent]:
    """Reject interaction component lists with repeated ids."""
    seen: set[str] = set()
    for component in components:
        if component.id in seen:
            raise PydanticCustomError(
                "xapi_component_ids",
                "interaction component ids must be unique; '{id}' is repeated",
                {"id": component.id},
            )
        seen.add(component.id)
    return components


Components = Annotated[list[InteractionComponent], AfterValidator(_unique_ids)]


class ActivityDefinition(XapiModel):
    """An Activity definition, including the interaction properties (Data 2.4.4.1)."""

    name: Omittable[LanguageMap] = None
    description: Omittable[LanguageMap] = None
    type: Omittable[IRI] = None
    more_info: Omittable[IRL] = Field(None, alias="moreInfo")
    interaction_type: Omittable[InteractionType] = Field(None, alias="interactionType")
    correct_responses_pattern: Omittable[list[str]] = Field(None, alias="correctResponsesPattern")
    choices: Omittable[Components] = None
    scale: Omittable[Components] = None
    source: Omittable[Components] = None
    target: Omittable[Components] = None
    steps: Omittable[Components] = None
    extensions: Omittable[Extensions] = None

    @model_validator(mode="after")
    def _interaction_rules(self) -> ActivityDefinition:
        """Allow interaction properties only with a matching interactionType."""
        present = [name for name in COMPONENT_LISTS if getattr(self, name) is not None]
        if self.interaction_type is None:
            if self.correct_responses_pattern is not None:
                raise PydanticCustomError(
                    "xapi_interaction",
                    "correctResponsesPattern requires an interactionType",
                    {"field": "correctResponsesPattern"},
                )
            if present:
                raise PydanticCustomError(
                    "xapi_interaction",
                    "interaction components require an interactionType",
                    {"field": present[0]},
                )
            return self
        allowed = COMPONENTS_BY_TYPE.get(self.interaction_type, frozenset())
        for name in present:
            if name not in allowed:
                raise PydanticCustomError(
                    "xapi_interaction",
                    "not allowed with interactionType '{type}'",
                    {"field": name, "type": self.interaction_type},
                )
        return self


class Activity(XapiModel):
    """An Activity: ``id`` IRI and optional definition."""

    object_type: Omittable[Literal["Activity"]] = Field(None, alias="objectType")
    id: IRI
    definition: Omittable[ActivityDefinition] = None


class StatementRef(XapiModel):
    """A reference to another statement by id."""

    object_type: Literal["StatementRef"] = Field(alias="objectType")
    id: UUIDString


# --------------------------------------------------------------------------- result, context
class Score(XapiModel):
    """A score: scaled in [-1, 1], min < max, min <= raw <= max (each when present)."""

    scaled: Omittable[float] = Field(None, ge=-1, le=1)
    raw: Omittable[float] = None
    min: Omittable[float] = None
    max: Omittable[float] = None

    @model_validator(mode="after")
    def _ranges(self) -> Score:
        """Check min < max and that raw lies between them."""
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise PydanticCustomError("xapi_score", "must be less than max", {"field": "min"})
        if self.raw is not None:
            if self.min is not None and self.raw < self.min:
                raise PydanticCustomError(
                    "xapi_score", "must not be less than min", {"field": "raw"}
                )
            if self.max is not None and self.raw > self.max:
                raise PydanticCustomError(
                    "xapi_score", "must not be greater than max", {"field": "raw"}
                )
        return self


class Result(XapiModel):
    """The outcome of a statement."""

    score: Omittable[Score] = None
    success: Omittable[bool] = None
    completion: Omittable[bool] = None
    response: Omittable[str] = None
    duration: Omittable[Duration] = None
    extensions: Omittable[Extensions] = None


def _one_or_many(value: Any) -> str | None:
    """Discriminate a contextActivities value: one Activity object or an array of them."""
    if isinstance(value, dict | Activity):
        return TAG + "one"
    if isinstance(value, list):
        return TAG + "many"
    return None


if TYPE_CHECKING:
    ActivityOrList: TypeAlias = Activity | list[Activity]
else:
    ActivityOrList = Annotated[
        Union[  # noqa: UP007 - tagged union
            Annotated[Activity, Tag(TAG + "one")],
            Annotated[list[Activity], Tag(TAG + "many")],
        ],
        Discriminator(
            _one_or_many,
            custom_error_type="xapi_context_activity",
            custom_error_message="must be an Activity object or an array of Activity objects",
        ),
    ]


class ContextActivities(XapiModel):
    """Context activities: ``parent``, ``grouping``, ``category``, ``other``."""

    parent: Omittable[ActivityOrList] = None
    grouping: Omittable[ActivityOrList] = None
    category: Omittable[ActivityOrList] = None
    other: Omittable[ActivityOrList] = None

    @model_validator(mode="after")
    def _not_empty(self) -> ContextActivities:
        """Refuse ``{}``: the property holds one or more kinds (xAPI 1.0.3 Data 2.4.6.2)."""
        if not self.as_lists():
            raise PydanticCustomError(
                "xapi_context_activities",
                "must hold at least one of parent, grouping, category or other",
            )
        return self

    def as_lists(self) -> dict[str, list[Activity]]:
        """Return each present kind as a list of Activities (single objects wrapped)."""
        result: dict[str, list[Activity]] = {}
        for kind in ("parent", "grouping", "category", "other"):
            value = getattr(self, kind)
            if value is not None:
                result[kind] = value if isinstance(value, list) else [value]
        return result


class Context(XapiModel):
    """The context of a statement."""

    registration: Omittable[UUIDString] = None
    instructor: Omittable[Actor] = None
    team: Omittable[Group] = None
    context_activities: Omittable[ContextActivities] = Field(None, alias="contextActivities")
    revision: Omittable[str] = None
    platform: Omittable[str] = None
    language: Omittable[LanguageTag] = None
    statement: Omittable[StatementRef] = None
    extensions: Omittable[Extensions] = None


class Attachment(XapiModel):
    """Attachment metadata (the content travels in a multipart part or at ``fileUrl``)."""

    usage_type: IRI = Field(alias="usageType")
    display: LanguageMap
    description: Omittable[LanguageMap] = None
    content_type: MediaType = Field(alias="contentType")
    length: int = Field(ge=0)
    sha2: Sha2Hex
    file_url: Omittable[IRL] = Field(None, alias="fileUrl")


def _check_revision_platform(context: Context | None, object_: Any) -> None:
    """Allow context revision/platform only when the object is an Activity (Data 2.4.6)."""
    if context is None or isinstance(object_, Activity):
        return
    for name in ("revision", "platform"):
        if getattr(context, name) is not None:
            raise PydanticCustomError(
                "xapi_context_activity_only",
                "only allowed when the object is an Activity",
                {"field": f"context.{name}"},
            )


def _reject_nested(value: Any) -> Any:
    """Reject a SubStatement inside a SubStatement."""
    raise PydanticCustomError(
        "xapi_nested_substatement", "a SubStatement must not contain another SubStatement"
    )


# --------------------------------------------------------------------------- statements
if TYPE_CHECKING:
    SubStatementObject: TypeAlias = Activity | Agent | Group | StatementRef
else:
    SubStatementObject = _tagged(
        (Activity, "Activity"),
        (Agent, "Agent"),
        (Group, "Group"),
        (StatementRef, "StatementRef"),
        (Annotated[Any, AfterValidator(_reject_nested)], "SubStatement"),
        default="Activity",
        expected="'Activity', 'Agent', 'Group' or 'StatementRef'",
    )


class SubStatement(XapiModel):
    """A SubStatement: a statement without id, stored, version, authority or nesting."""

    object_type: Literal["SubStatement"] = Field(alias="objectType")
    actor: Actor
    verb: Verb
    object: SubStatementObject
    result: Omittable[Result] = None
    context: Omittable[Context] = None
    timestamp: Omittable[Timestamp] = None
    attachments: Omittable[list[Attachment]] = None

    @model_validator(mode="after")
    def _rules(self) -> SubStatement:
        """Apply the revision/platform rule."""
        _check_revision_platform(self.context, self.object)
        return self


if TYPE_CHECKING:
    StatementObject: TypeAlias = Activity | Agent | Group | StatementRef | SubStatement
else:
    StatementObject = _tagged(
        (Activity, "Activity"),
        (Agent, "Agent"),
        (Group, "Group"),
        (StatementRef, "StatementRef"),
        (SubStatement, "SubStatement"),
        default="Activity",
        expected="'Activity', 'Agent', 'Group', 'StatementRef' or 'SubStatement'",
    )


class Statement(XapiModel):
    """An xAPI 1.0.3 statement as received (LRS-set properties may be absent)."""

    id: Omittable[UUIDString] = None
    actor: Actor
    verb: Verb
    object: StatementObject
    result: Omittable[Result] = None
    context: Omittable[Context] = None
    timestamp: Omittable[Timestamp] = None
    stored: Omittable[Timestamp] = None
    authority: Omittable[Authority] = None
    version: Omittable[StatementVersion] = None
    attachments: Omittable[list[Attachment]] = None

    @model_validator(mode="after")
    def _rules(self) -> Statement:
        """Apply the voiding and revision/platform rules."""
        if self.verb.id == VOIDED_VERB and not isinstance(self.object, StatementRef):
            raise PydanticCustomError(
                "xapi_voiding",
                "a voiding statement (verb '{verb}') must have a StatementRef object",
                {"field": "object", "verb": VOIDED_VERB},
            )
        _check_revision_platform(self.context, self.object)
        return self

    @property
    def is_voiding(self) -> bool:
        """Return True if this statement voids another one."""
        return self.verb.id == VOIDED_VERB

    def to_dict(self) -> dict[str, Any]:
        """Return the statement as JSON-ready data with exactly the properties that were sent."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
