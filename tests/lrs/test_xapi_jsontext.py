"""JSON text on the write path: the values and errors of `json`, whatever orjson does."""

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrs.xapi import StatementValidationError
from lrs.xapi.jsontext import dumps, loads
from lrs.xapi.validation import _finite_float, _reject_constant, decode_json
from tests.lrs.conftest import ACTIVITY, new_id, statement

BIG = 123456789012345678901234567890
EXTENSION = "http://example.org/extensions/big"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def same(left: Any, right: Any) -> bool:
    """Equal values of the same types all the way down (1 and 1.0 differ, -0.0 and 0.0 too)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float):
        return left == right and math.copysign(1, left) == math.copysign(1, right)
    return left == right


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_loads_gives_the_values_json_gives(value: Any) -> None:
    """Any JSON text decodes to the same values and types as `json.loads`, big integers too."""
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False).encode("utf-8")):
        assert same(loads(text), json.loads(text))


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_dumps_writes_text_that_reads_back_as_the_same_values(value: Any) -> None:
    """What `dumps` writes decodes to the value it was given, big integers included."""
    assert same(json.loads(dumps(value)), value)


@pytest.mark.parametrize(
    "text",
    [
        f"[{BIG}]",
        f"[-{BIG}]",
        "[18446744073709551616]",  # 2**64: one past what orjson reads as an integer
        "[-9223372036854775809]",  # one below the smallest 64-bit integer
        '{"a": 1, "a": 2}',
        '"\\ud800"',  # a lone surrogate escape, which orjson refuses
        b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 byte order mark, which json skips
        '{"a": "1234567890123456789012345"}',  # a long digit string: slow path, same value
    ],
)
def test_loads_matches_json_where_orjson_differs(text: str | bytes) -> None:
    """Where orjson would lose digits or refuse the text, `loads` answers what `json` answers."""
    assert same(loads(text), json.loads(text))


def test_dumps_writes_big_integers_and_lone_surrogates() -> None:
    """Integers beyond 64 bits and lone surrogates, which orjson cannot write, are written."""
    assert dumps({"n": BIG, "s": "\ud800", "é": 1.5}) == f'{{"n":{BIG},"s":"\ud800","é":1.5}}'


@pytest.mark.parametrize("raw", ['{"a": NaN}', "[Infinity]", "[1e400]", "[-1E400]", b"\xff"])
def test_decode_json_refuses_with_the_message_of_json(raw: str | bytes) -> None:
    """Refused bodies are explained by the standard library's message, not orjson's."""
    try:
        json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except ValueError as error:
        plain = error
    else:
        pytest.fail("json accepted the text")
    with pytest.raises(StatementValidationError) as caught:
        decode_json(raw)
    assert str(caught.value) == f"body: must be valid JSON ({plain})"


@pytest.mark.django_db
def test_a_statement_keeps_an_integer_beyond_64_bits(xapi) -> None:
    """A 30-digit integer in a statement and in its activity definition is stored exactly."""
    definition = {"extensions": {EXTENSION: BIG}}
    sent = statement(
        object={"objectType": "Activity", "id": ACTIVITY, "definition": definition},
        result={"extensions": {EXTENSION: -BIG}},
    )
    first, second = new_id(), new_id()
    xapi.store({**sent, "id": first})
    xapi.store({**sent, "id": second})  # the stored definition is read back and merged

    stored = xapi.get("statements", {"statementId": first}).json()
    assert stored["result"]["extensions"][EXTENSION] == -BIG
    assert stored["object"]["definition"]["extensions"][EXTENSION] == BIG
    canonical = xapi.get("activities", {"activityId": ACTIVITY}).json()
    assert canonical["definition"]["extensions"][EXTENSION] == BIG
    again = xapi.post("statements", {**sent, "id": first})  # an identical re-send
    assert again.status_code == 200


def test_dumps_writes_values_nested_deeper_than_orjson_allows() -> None:
    """A value nested 300 levels deep (orjson stops at 255) is written by `json` instead."""
    value: list = []
    for _ in range(300):
        value = [value]
    assert json.loads(dumps(value)) == value
