"""Property tests (hypothesis): generated valid xAPI data validates, junk never crashes."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lrs.xapi import (
    StatementValidationError,
    actor_ifi,
    format_timestamp,
    ids_format,
    parse_statements,
    parse_timestamp,
    validate_agent_param,
)
from lrs.xapi.duration import is_duration
from lrs.xapi.iri import is_iri
from lrs.xapi.lang import is_language_tag
from lrs.xapi.timestamps import is_timestamp

FAST = settings(max_examples=150, deadline=None)
EARLIEST = datetime(1970, 1, 1)  # noqa: DTZ001 - hypothesis bounds must be naive
LATEST_DAY = datetime(9000, 1, 1)  # noqa: DTZ001 - hypothesis bounds must be naive


def error_of(payload: Any) -> StatementValidationError | None:
    """Return the validation error raised for ``payload``, or None if it validates."""
    try:
        parse_statements(payload)
    except StatementValidationError as error:
        return error
    return None


LOWER = string.ascii_lowercase
ALNUM = string.ascii_lowercase + string.digits

# --------------------------------------------------------------------------- generators
# Free text: any character but U+0000, which the LRS refuses (PostgreSQL cannot store it).
free_text = st.characters(exclude_characters="\x00")
word = st.text(alphabet=LOWER, min_size=1, max_size=10)
domain = st.lists(word, min_size=2, max_size=3).map(".".join)
iri = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https"]),
    domain,
    st.lists(st.text(alphabet=ALNUM + "-._~", min_size=1, max_size=8), max_size=3).map("/".join),
)
mbox = st.builds(lambda local, host: f"mailto:{local}@{host}", word, domain)
sha1 = st.text(alphabet="0123456789abcdefABCDEF", min_size=40, max_size=40)
account = st.fixed_dictionaries({"homePage": iri, "name": st.text(free_text, max_size=20)})
ifi = st.one_of(
    mbox.map(lambda value: {"mbox": value}),
    sha1.map(lambda value: {"mbox_sha1sum": value}),
    iri.map(lambda value: {"openid": value}),
    account.map(lambda value: {"account": value}),
)


@st.composite
def agents(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid Agent: one IFI, optional name and objectType."""
    agent = dict(draw(ifi))
    if draw(st.booleans()):
        agent["objectType"] = "Agent"
    if draw(st.booleans()):
        agent["name"] = draw(st.text(free_text, max_size=30))
    return agent


def _alpha(low: int, high: int) -> st.SearchStrategy[str]:
    """Draw an alphabetic subtag of the given length range, random case."""
    return st.text(alphabet=string.ascii_letters, min_size=low, max_size=high)


@st.composite
def language_tags(draw: st.DrawFn) -> str:
    """Draw an RFC 5646 langtag: language[-script][-region]*variant*extension[-privateuse]."""
    parts = [draw(st.one_of(_alpha(2, 3), _alpha(5, 8)))]
    if draw(st.booleans()):
        parts.append(draw(_alpha(4, 4)))
    if draw(st.booleans()):
        parts.append(
            draw(st.one_of(_alpha(2, 2), st.text(alphabet=string.digits, min_size=3, max_size=3)))
        )
    variants = draw(
        st.lists(st.text(alphabet=ALNUM, min_size=5, max_size=8), max_size=2, unique=True)
    )
    parts.extend(variants)
    singletons = draw(
        st.lists(st.sampled_from("abcdefghijklmnopqrstuvwyz0123456789"), max_size=2, unique=True)
    )
    for singleton in singletons:
        parts.append(singleton)
        parts.append(draw(st.text(alphabet=ALNUM, min_size=2, max_size=8)))
    if draw(st.booleans()):
        parts.extend(["x", draw(st.text(alphabet=ALNUM, min_size=1, max_size=8))])
    return "-".join(parts)


number = st.integers(min_value=0, max_value=10_000).map(str)
fraction = st.builds(lambda whole, frac: f"{whole}.{frac}", number, number)


@st.composite
def durations(draw: st.DrawFn) -> str:
    """Draw an ISO 8601 duration with at least one component; only the last may be decimal."""
    if draw(st.booleans()):
        return f"P{draw(number)}W"
    date = [[draw(number), unit] for unit in "YMD" if draw(st.booleans())]
    time = [[draw(number), unit] for unit in "HMS" if draw(st.booleans())]
    if not date and not time:
        time = [[draw(number), "S"]]
    if draw(st.booleans()):
        (time or date)[-1][0] = draw(fraction)
    text = "P" + "".join(value + unit for value, unit in date)
    if time:
        text += "T" + "".join(value + unit for value, unit in time)
    return text


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(free_text),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(free_text), children, max_size=3)
    ),
    max_leaves=8,
)


# --------------------------------------------------------------------------- properties
@FAST
@given(agents())
def test_generated_agents_validate(agent: dict[str, Any]) -> None:
    """Any Agent with exactly one well-formed IFI validates, as actor and as agent parameter."""
    parsed = validate_agent_param(agent)
    assert actor_ifi(parsed).split(":", 1)[0] in {"mbox", "mbox_sha1sum", "openid", "account"}
    statement = {
        "actor": agent,
        "verb": {"id": "http://x.org/v"},
        "object": {"id": "http://x.org/a"},
    }
    assert parse_statements(statement)[0].actor == parsed


@FAST
@given(json_values, st.text(free_text, max_size=5), st.text(free_text, max_size=5), st.booleans())
def test_a_nul_anywhere_in_an_extension_is_refused_at_its_path(
    value: Any, before: str, after: str, in_key: bool
) -> None:
    """U+0000 in any string or property name of an extension is refused, naming that spot."""
    nul = before + "\x00" + after
    hidden = {nul: value} if in_key else [value, nul]
    statement = {
        "actor": {"mbox": "mailto:a@x.org"},
        "verb": {"id": "http://x.org/v"},
        "object": {"id": "http://x.org/a"},
        "result": {"extensions": {"http://x.org/e": {"kept": value, "hidden": hidden}}},
    }
    error = error_of(statement)
    assert error is not None
    assert "U+0000" in error.rule
    spot = f"[{json.dumps(nul, ensure_ascii=False)}]" if in_key else "[1]"
    assert error.path == 'statement.result.extensions["http://x.org/e"].hidden' + spot
    assert error_of({**statement, "result": {"extensions": {"http://x.org/e": value}}}) is None


@FAST
@given(agents(), agents())
def test_agents_with_two_ifis_are_rejected(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Merging two different IFIs into one Agent is always rejected."""
    merged = {**first, **second}
    ifis = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in merged]
    statement = {
        "actor": merged,
        "verb": {"id": "http://x.org/v"},
        "object": {"id": "http://x.org/a"},
    }
    if len(ifis) > 1:
        error = error_of(statement)
        assert error is not None
        assert error.path == "statement.actor"


@FAST
@given(language_tags())
def test_generated_language_tags_are_valid(tag: str) -> None:
    """Tags built from the RFC 5646 grammar are accepted in any letter case."""
    assert is_language_tag(tag)
    assert is_language_tag(tag.upper())
    assert is_language_tag(tag.lower())


@FAST
@given(durations())
def test_generated_durations_are_valid(duration: str) -> None:
    """Durations built from ISO 8601 components are accepted."""
    assert is_duration(duration)


@FAST
@given(
    st.datetimes(min_value=EARLIEST, max_value=LATEST_DAY),
    st.integers(-14, 14),
)
def test_timestamp_round_trip(moment: datetime, offset_hours: int) -> None:
    """Formatting then parsing an aware datetime gives it back (to the millisecond)."""
    aware = moment.replace(tzinfo=timezone(timedelta(hours=offset_hours)))
    text = aware.isoformat()
    assert parse_timestamp(text) == aware.astimezone(UTC)
    truncated = aware.astimezone(UTC).replace(microsecond=aware.microsecond // 1000 * 1000)
    assert parse_timestamp(format_timestamp(aware)) == truncated


@FAST
@given(st.text(max_size=40))
def test_format_checks_never_raise(text: str) -> None:
    """Format predicates return a boolean for any text."""
    for check in (is_iri, is_language_tag, is_duration, is_timestamp):
        assert check(text) in (True, False)


@FAST
@given(
    st.sampled_from(
        [
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "authority",
            "id",
            "attachments",
        ]
    ),
    json_values,
)
def test_junk_values_fail_cleanly(field: str, value: Any) -> None:
    """Replacing any statement property with arbitrary JSON either validates or fails cleanly."""
    statement = {
        "actor": {"mbox": "mailto:a@b.c"},
        "verb": {"id": "http://x.org/v"},
        "object": {"id": "http://x.org/a"},
    }
    statement[field] = value
    error = error_of(statement)
    if error is not None:
        assert error.path.startswith("statement")
        assert error.rule


@FAST
@given(agents(), st.lists(agents(), min_size=1, max_size=3))
def test_ids_format_is_idempotent(actor: dict[str, Any], members: list[dict[str, Any]]) -> None:
    """Applying format=ids twice gives the same result as once."""
    statement = {
        "actor": {"objectType": "Group", "member": members},
        "verb": {"id": "http://x.org/v", "display": {"en": "v"}},
        "object": {"objectType": "Agent", **actor},
        "authority": actor,
    }
    parse_statements(statement)
    once = ids_format(statement)
    assert ids_format(once) == once
