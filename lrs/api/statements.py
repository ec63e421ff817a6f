"""The Statements resource: PUT, POST and GET /xapi/statements (xAPI 1.0.3, Communication 2.1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date

from common.collector import collector_paused
from lrs.api.auth import (
    READ_ALL_STATEMENTS,
    READ_MY_STATEMENTS,
    WRITE_STATEMENTS,
    Principal,
)
from lrs.api.endpoint import required, xapi_endpoint
from lrs.api.errors import XapiError, bad_request
from lrs.api.formats import FORMATS, attachment_parts, render
from lrs.api.multipart import HASH_HEADER, Part, build_multipart, parse_multipart, sha2_matches
from lrs.api.request import XapiRequest
from lrs.api.signatures import SIGNATURE_USAGE, check_signature
from lrs.models import Statement
from lrs.queries import (
    Position,
    StatementQuery,
    decode_more,
    encode_more,
    statement_by_id,
    statements_page,
)
from lrs.services.statements import (
    AttachmentContent,
    StatementCheck,
    StatementForbidden,
    statements_store,
)
from lrs.tokens import PlayerGrant
from lrs.xapi.helpers import actor_ifi
from lrs.xapi.models import Activity, SubStatement
from lrs.xapi.models import Statement as XStatement
from lrs.xapi.validation import decode_json, validate_activity_id, validate_uuid_param

FILTER_PARAMS = (
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
)
SINGLE_PARAMS = ("statementId", "voidedStatementId", "format", "attachments")
JSON_TYPE = "application/json"
MULTIPART_TYPE = "multipart/mixed"


# --------------------------------------------------------------------------- writes
def _attachment_parts(parts: Sequence[Part]) -> dict[str, Part]:
    """The attachment parts of a multipart body by sha2, each checked against its hash."""
    found: dict[str, Part] = {}
    for index, part in enumerate(parts, start=1):
        sha2 = part.headers.get(HASH_HEADER)
        if not sha2:
            raise bad_request(f"multipart part {index}", "needs an X-Experience-API-Hash header")
        if part.headers.get("content-transfer-encoding", "").lower() != "binary":
            raise bad_request(f"multipart part {index}", "needs Content-Transfer-Encoding: binary")
        if not sha2_matches(part.content, sha2):
            raise bad_request(
                f"multipart part {index}", "X-Experience-API-Hash is not the SHA-2 of its content"
            )
        found[sha2.lower()] = part
    return found


def _read_payload(xreq: XapiRequest) -> tuple[Any, dict[str, Part]]:
    """The statements of a write (JSON or multipart/mixed) and the attachment parts."""
    if xreq.content_type == MULTIPART_TYPE:
        parts = parse_multipart(xreq.body, xreq.raw_content_type)
        if parts[0].content_type != JSON_TYPE:
            raise bad_request(
                "multipart part 0", "the first part must hold the statements (application/json)"
            )
        return decode_json(parts[0].content, name="statements"), _attachment_parts(parts[1:])
    if xreq.content_type not in (JSON_TYPE, ""):
        raise bad_request("Content-Type", "must be application/json or multipart/mixed")
    if not xreq.body:
        raise bad_request("body", "a statement (or an array of statements) is required")
    return decode_json(xreq.body, name="statements"), {}


def _attachments_check(raws: list[Any], parts: dict[str, Part]) -> StatementCheck:
    """A check of the parsed batch: every attachment has its part, signatures hold."""

    def check(parsed_list: Sequence[XStatement]) -> None:
        used: set[str] = set()
        for index, parsed in enumerate(parsed_list):
            for position, attachment in enumerate(parsed.attachments or ()):
                field = f"statements[{index}].attachments[{position}]"
                part = parts.get(attachment.sha2.lower())
                if part is None:
                    if attachment.file_url is None:
                        raise bad_request(
                            f"{field}.sha2",
                            "no multipart part carries this attachment and it has no fileUrl",
                        )
                    continue
                used.add(attachment.sha2.lower())
                if attachment.usage_type == SIGNATURE_USAGE:
                    raw = {k: v for k, v in raws[index].items() if k != "attachments"}
                    check_signature(
                        raw, content_type=attachment.content_type, jws=part.content, field=field
                    )
        unused = sorted(set(parts) - used)
        if unused:
            raise bad_request(
                "multipart", f"part with X-Experience-API-Hash {unused[0]} matches no attachment"
            )

    return check


def _prefix_check(grant: PlayerGrant) -> StatementCheck:
    """A check of the parsed batch for a player token: activities under its prefix only."""

    def check(parsed_list: Sequence[XStatement]) -> None:
        for index, parsed in enumerate(parsed_list):
            obj = parsed.object
            if isinstance(obj, SubStatement):
                obj = obj.object
            if not isinstance(obj, Activity) or not grant.covers(obj.id):
                raise StatementForbidden(
                    f"statements[{index}].object: this token may only record statements "
                    f"about activities under {grant.activity_prefix}"
                )

    return check


def _store(principal: Principal, payload: Any, parts: dict[str, Part]) -> list[str]:
    """Store the batch with the principal's authority, forced actor and checks."""
    raws = payload if isinstance(payload, list) else [payload]
    checks: list[StatementCheck] = []
    if any(isinstance(raw, dict) and raw.get("attachments") for raw in raws) or parts:
        checks.append(_attachments_check(raws, parts))
    if principal.grant is not None:
        checks.append(_prefix_check(principal.grant))

    def check(parsed_list: Sequence[XStatement]) -> None:
        for one in checks:
            one(parsed_list)

    result = statements_store(
        payload=payload,
        authority=principal.authority,
        client_id=principal.client_id,
        forced_actor=principal.forced_actor,
        attachments={
            sha2: AttachmentContent(
                part.headers.get("content-type", "application/octet-stream"), part.content
            )
            for sha2, part in parts.items()
        },
        can_define=principal.can_define,
        check=check if checks else None,
    )
    return result.ids


def _put(xreq: XapiRequest, principal: Principal) -> HttpResponse:
    xreq.allow_params(("statementId",))
    statement_id = validate_uuid_param(xreq.require("statementId"), name="statementId")
    with collector_paused():  # see common.collector: a write's objects live until it ends
        payload, parts = _read_payload(xreq)
        if not isinstance(payload, dict):
            raise bad_request("statement", "PUT takes one statement (a JSON object)")
        sent_id = payload.get("id")
        if sent_id is None:
            payload = {**payload, "id": statement_id}
        elif not isinstance(sent_id, str) or sent_id.lower() != statement_id:
            raise bad_request("statement.id", "must equal the statementId parameter")
        _store(principal, payload, parts)
    return HttpResponse(status=204)


def _post(xreq: XapiRequest, principal: Principal) -> HttpResponse:
    xreq.allow_params(())
    with collector_paused():  # see common.collector: a batch's objects live until it ends
        payload, parts = _read_payload(xreq)
        ids = _store(principal, payload, parts)
    return HttpResponse(json.dumps(ids), content_type=JSON_TYPE)


# --------------------------------------------------------------------------- reads
def _restrict(query: StatementQuery, principal: Principal) -> StatementQuery:
    """Limit a query to what the principal may read (403 when nothing)."""
    if principal.is_user:
        return replace(query, client_id=None, client_authority=None, user_id=principal.user.pk)
    if principal.has_any(READ_ALL_STATEMENTS):
        return replace(query, client_id=None, client_authority=None, user_id=None)
    if principal.has_any(READ_MY_STATEMENTS):
        account = principal.authority["account"]
        return replace(
            query,
            client_id=principal.client_id,
            client_authority=f"account:{account['homePage']}|{account['name']}",
            user_id=None,
        )
    principal.require(READ_ALL_STATEMENTS | READ_MY_STATEMENTS, "read statements")
    return query  # pragma: no cover - require() raised


def _visible(row: Statement, principal: Principal) -> bool:
    """Whether a single statement may be returned to the principal."""
    restricted = _restrict(StatementQuery(), principal)
    if restricted.user_id is not None:
        return row.user_id == restricted.user_id
    if restricted.client_id is not None:
        return row.client_id == restricted.client_id
    return True


def _options(xreq: XapiRequest) -> dict[str, Any]:
    fmt = xreq.params.get("format", "exact")
    if fmt not in FORMATS:
        raise bad_request("format", "must be ids, exact or canonical")
    return {"format": fmt, "attachments": xreq.boolean("attachments")}


def _query(xreq: XapiRequest) -> StatementQuery:
    """The filters of a statements query, validated."""
    agent = xreq.agent("agent", required=False)
    verb = xreq.params.get("verb")
    if verb is not None:
        validate_activity_id(verb, name="verb")
    limit_text = xreq.params.get("limit", "0")
    if not limit_text.isdigit():
        raise bad_request("limit", "must be a non-negative integer")
    return StatementQuery(
        agent_ifi=actor_ifi(agent) if agent is not None else None,
        verb=verb,
        activity=xreq.activity_id("activity", required=False),
        registration=xreq.uuid("registration"),
        related_activities=xreq.boolean("related_activities"),
        related_agents=xreq.boolean("related_agents"),
        since=xreq.timestamp("since"),
        until=xreq.timestamp("until"),
        limit=int(limit_text),
        ascending=xreq.boolean("ascending"),
    )


def _respond(
    xreq: XapiRequest,
    body: Any,
    statements: list[dict[str, Any]],
    options: dict[str, Any],
    last_modified: float | None,
) -> HttpResponse:
    """JSON, or multipart/mixed with the attachments when asked."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    if options["attachments"]:
        content, content_type = build_multipart(text, attachment_parts(statements))
        response = HttpResponse(content, content_type=content_type)
    else:
        response = HttpResponse(text, content_type=JSON_TYPE)
    return _last_modified(response, last_modified)


def _respond_text(texts: list[str], more: str, last_modified: float | None) -> HttpResponse:
    """A StatementResult written around statements that are already JSON text (exact format)."""
    parts = ['{"statements":[', ",".join(texts), '],"more":', json.dumps(more), "}"]
    response = HttpResponse("".join(parts).encode(), content_type=JSON_TYPE)
    return _last_modified(response, last_modified)


def _last_modified(response: HttpResponse, stored: float | None) -> HttpResponse:
    """The response with `Last-Modified` set to the newest stored time it holds, if any."""
    if stored is not None:
        response["Last-Modified"] = http_date(stored)
    return response


def _get_single(xreq: XapiRequest, principal: Principal) -> HttpResponse:
    xreq.allow_params(SINGLE_PARAMS)
    if "statementId" in xreq.params and "voidedStatementId" in xreq.params:
        raise bad_request("voidedStatementId", "cannot be used with statementId")
    name = "statementId" if "statementId" in xreq.params else "voidedStatementId"
    statement_id = validate_uuid_param(xreq.params[name], name=name)
    options = _options(xreq)
    _restrict(StatementQuery(), principal)
    row = statement_by_id(statement_id, voided=name == "voidedStatementId")
    if row is None or not _visible(row, principal):
        raise XapiError(
            404,
            name,
            f"no {'voided ' if name != 'statementId' else ''}statement with id {statement_id}",
        )
    statement = render([row.data], options["format"], xreq.accept_languages())[0]
    return _respond(xreq, statement, [row.data], options, row.stored_at.timestamp())


def _get_page(xreq: XapiRequest, principal: Principal) -> HttpResponse:
    position: Position | None = None
    if "more" in xreq.params:
        xreq.allow_params(("more",))
        try:
            query, position, options = decode_more(xreq.params["more"])
        except (signing.BadSignature, TypeError, KeyError, ValueError):
            raise bad_request("more", "is not a valid or current more link") from None
    else:
        xreq.allow_params(FILTER_PARAMS)
        query, options = _query(xreq), _options(xreq)
    query = _restrict(query, principal)
    as_text = options["format"] == "exact" and not options["attachments"]
    rows, next_position = statements_page(query, position, as_text=as_text)
    more = ""
    if next_position is not None:
        more = f"{reverse('lrs:statements')}?more={encode_more(query, next_position, options)}"
    newest = max((row.stored_at.timestamp() for row in rows), default=None)
    if as_text:
        return _respond_text([row.data_text for row in rows], more, newest)
    datas = [row.data for row in rows]
    body = {
        "statements": render(datas, options["format"], xreq.accept_languages()),
        "more": more,
    }
    return _respond(xreq, body, datas, options, newest)


@xapi_endpoint("statements", methods=("GET", "PUT", "POST"))
def statements_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """GET, PUT and POST /xapi/statements."""
    principal = required(principal)
    if xreq.method in ("GET", "HEAD"):
        if "statementId" in xreq.params or "voidedStatementId" in xreq.params:
            return _get_single(xreq, principal)
        return _get_page(xreq, principal)
    principal.require(WRITE_STATEMENTS, "write statements")
    if xreq.method == "PUT":
        return _put(xreq, principal)
    return _post(xreq, principal)
