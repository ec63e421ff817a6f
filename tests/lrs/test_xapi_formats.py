"""Format checks behind the xAPI validator: IRIs, language tags, durations, timestamps, versions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lrs.xapi.duration import is_duration
from lrs.xapi.formats import is_media_type, is_sha1_hex, is_sha2_hex, is_uuid, normalize_uuid
from lrs.xapi.iri import is_iri, is_mailto_iri
from lrs.xapi.lang import is_language_tag, pick_language
from lrs.xapi.timestamps import format_timestamp, is_timestamp, parse_timestamp
from lrs.xapi.versions import (
    LATEST,
    SUPPORTED_VERSIONS,
    UnsupportedVersionError,
    XapiVersion,
    is_valid_statement_version,
    parse_version_header,
    response_version,
)


# --------------------------------------------------------------------------- IRIs
@pytest.mark.parametrize(
    "value",
    [
        "http://adlnet.gov/expapi/verbs/attended",
        "https://example.com/a/b?c=d&e=f#g",
        "urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
        "mailto:xapi@adlnet.gov",
        "tag:example.com,2024:thing",
        "http://example.com/%20space",
        "http://例え.jp/パス",
        "http://[::1]:8080/x",
        "ftp://x",
        "x-custom+scheme.v2:opaque",
        "http://example.com/path/../other",
    ],
)
def test_valid_iri(value: str) -> None:
    """Absolute IRIs with a scheme are accepted, including non-ASCII ones."""
    assert is_iri(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "should fail",
        "ab=c://should.fail.com",
        "www.example.com/x",
        "example.com/extension/wrong",
        "/relative/path",
        "1http://x.org",
        "http:",
        "http://x.org/a b",
        "http://x.org/<tag>",
        'http://x.org/"q"',
        "http://x.org/a|b",
        "http://x.org/a\\b",
        "http://x.org/%zz",
        "http://x.org/#a#b",
        "http://x.org/\u0000",
        "http://x.org/\n",
        "http://x.org/\u0085",
    ],
)
def test_invalid_iri(value: str) -> None:
    """Strings without a scheme or with characters not allowed in IRIs are rejected."""
    assert not is_iri(value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("mailto:xapi@adlnet.gov", True),
        ("mailto:first.last+tag@sub.example.org", True),
        ("mailto:user@localhost", True),
        ("mailto:should.fail.com", False),
        ("mailto:@x.org", False),
        ("mailto:a@", False),
        ("mailto:a@b@c", False),
        ("mailto:a@b.c?subject=x", False),
        ("xapi@adlnet.gov", False),
        ("http://should.fail.com", False),
    ],
)
def test_mailto_iri(value: str, valid: bool) -> None:
    """An mbox is 'mailto:' followed by exactly one address local@domain."""
    assert is_mailto_iri(value) is valid


# --------------------------------------------------------------------------- language tags
@pytest.mark.parametrize(
    "tag",
    [
        "de",
        "en-US",
        "EN-us",
        "tlh",
        "cmn",
        "ase",
        "zh-Hant",
        "sr-Latn",
        "sr-Latn-RS",
        "zh-cmn-Hans-CN",
        "zh-yue-HK",
        "sl-rozaj-biske",
        "de-CH-1901",
        "hy-Latn-IT-arevela",
        "es-419",
        "az-Arab-x-AZE-derbend",
        "x-whatever",
        "i-enochian",
        "en-GB-oed",
        "zh-min-nan",
        "en-a-bbb-x-a-ccc",
        "en-a-bbb-b-ccc",
        "abcdefgh",
        "qaa-Qaaa-QM-x-southern",
    ],
)
def test_valid_language_tag(tag: str) -> None:
    """Well-formed RFC 5646 tags (incl. grandfathered and private use) are accepted."""
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "something",
        "a12345",
        "a12345678",
        "de-419-DE",
        "en-US-GB",
        "es-MX-PE",
        "ase-GB-US",
        "a-DE",
        "g-GR",
        "s-RS",
        "j-JP",
        "i-xyz",
        "ar-a-aaa-b-bbb-a-ccc",
        "zh-z-aaa-z-bbb-c-ccc",
        "fr-f-aaa-b-rrr-f-ccc",
        "es-a-aaa-b-bbb-b-ccc",
        "sl-rozaj-rozaj",
        "en-",
        "-en",
        "en--US",
        "en_US",
        "en US",
        "x",
        "x-",
        "en-a",
        "supercalifragilisticexpialidociouswhatabouthhhhhhh",
        "é",
    ],
)
def test_invalid_language_tag(tag: str) -> None:
    """Malformed tags, repeated singletons/variants and over-long subtags are rejected."""
    assert not is_language_tag(tag)


@pytest.mark.parametrize(
    ("preferences", "expected"),
    [
        (["fr-FR"], "fr-FR"),
        (["fr"], "fr-FR"),
        (["fr-CA"], "fr-FR"),
        (["de", "en-GB"], "en-GB"),
        (["EN-gb"], "en-GB"),
        (["*"], "fr-FR"),
        (["ja"], "en-US"),
        ([], "en-US"),
    ],
)
def test_pick_language(preferences: list[str], expected: str) -> None:
    """The best language is an exact, prefix or truncated match, else en-US, else the first."""
    language_map = {"fr-FR": "un", "en-GB": "one (GB)", "en-US": "one"}
    assert pick_language(language_map, preferences) == expected


def test_pick_language_falls_back_to_first_key() -> None:
    """Without a match or an English entry, the first entry is chosen."""
    assert pick_language({"de": "eins", "fr": "un"}, ["ja"]) == "de"
    assert pick_language({}, ["en"]) is None


# --------------------------------------------------------------------------- durations
@pytest.mark.parametrize(
    "value",
    [
        "PT1H0M0S",
        "PT1H0M0.1S",
        "P1D",
        "PT0.5S",
        "PT0,5S",
        "P4W",
        "P1.5W",
        "P3Y",
        "P3Y1M29DT4H35M59.14S",
        "PT16559.14S",
        "PT4H35M59.14S",
        "P0D",
        "PT0S",
        "P1M",
        "PT1M",
        "P1DT12H",
        "PT1H30.5M",
    ],
)
def test_valid_duration(value: str) -> None:
    """ISO 8601 durations (week form and decimal lowest-order component) are accepted."""
    assert is_duration(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "P",
        "PT",
        "P1DT",
        "PA1H0M0S",
        "should fail",
        "1H",
        "T1H",
        "PT1.5H30M",
        "P1.5DT1H",
        "P1W2D",
        "-P1D",
        "P1Y2Y",
        "PT1S1M",
        "P0001-00-00T00:00:00",
        "pt1h",
        "PT1.S",
    ],
)
def test_invalid_duration(value: str) -> None:
    """Anything but ISO 8601 duration format is rejected."""
    assert not is_duration(value)


# --------------------------------------------------------------------------- timestamps
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-05-18T05:32:34.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("2013-05-18T07:32:34.804+02:00", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("2013-05-18T00:32:34-05", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32:34+0000", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32:34.12345678Z", datetime(2013, 5, 18, 5, 32, 34, 123456, tzinfo=UTC)),
        ("2013-05-18T05:32:34,5Z", datetime(2013, 5, 18, 5, 32, 34, 500000, tzinfo=UTC)),
        ("2013-05-18T05:32Z", datetime(2013, 5, 18, 5, 32, tzinfo=UTC)),
        ("2013-05-18T05:32:34", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("20130518T053234.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("20130518T073234+0200", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18t05:32:34z", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2016-02-29T00:00:00Z", datetime(2016, 2, 29, tzinfo=UTC)),
    ],
)
def test_parse_valid_timestamp(value: str, expected: datetime) -> None:
    """ISO 8601 date-times (extended or basic) are parsed to UTC; no offset means UTC."""
    assert parse_timestamp(value) == expected
    assert parse_timestamp(value).tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "",
        "should fail",
        "01/011/2015",
        "2008-09-15T15:53:00.601-00",
        "2008-09-15T15:53:00.601-0000",
        "2008-09-15T15:53:00.601-00:00",
        "2008-09-15",
        "2008-09-15T",
        "2008-09-15 15:53:00Z",
        "2008-13-01T00:00:00Z",
        "2015-02-29T00:00:00Z",
        "2008-09-15T24:00:00Z",
        "2008-09-15T23:60:00Z",
        "2008-09-15T23:59:60Z",
        "2008-09-15T10:00:00+24:00",
        "2008-09-15T10:00:00+05:60",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-01:00",
        "2008-9-15T15:53:00Z",
        "2008-09-15T15:53:00.Z",
        "2008-09-15T15:53:00ZZ",
        "July 04, 1776 16:00:45",
    ],
)
def test_invalid_timestamp(value: str) -> None:
    """Malformed dates, impossible values and the -00 'unknown offset' forms are rejected."""
    assert not is_timestamp(value)
    with pytest.raises(ValueError, match=r"."):
        parse_timestamp(value)


def test_format_timestamp_is_utc_with_milliseconds() -> None:
    """Stored timestamps are rendered in UTC with millisecond precision and Z."""
    moment = datetime(2013, 5, 18, 7, 32, 34, 804321, tzinfo=UTC) + timedelta(hours=0)
    assert format_timestamp(moment) == "2013-05-18T07:32:34.804Z"
    assert parse_timestamp(format_timestamp(moment)) == moment.replace(microsecond=804000)


def test_format_timestamp_rejects_naive() -> None:
    """A naive datetime cannot be formatted as an xAPI timestamp."""
    with pytest.raises(ValueError, match="naive"):
        format_timestamp(datetime(2013, 5, 18))  # noqa: DTZ001 - deliberately naive


# --------------------------------------------------------------------------- small formats
@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("6690e6c9-3ef0-4ed3-8b37-7f3964730bee", True),
        ("6690E6C9-3EF0-4ED3-8B37-7F3964730BEE", True),
        ("00000000-0000-0000-0000-000000000000", True),
        ("6690e6c9-3ef0-0ed3-cb37-7f3964730bee", True),
        ("AA97B177-9383-4934-8543-0F91A7A028368", False),
        ("MA97B177-9383-4934-8543-0F91A7A02836", False),
        ("6690e6c93ef04ed38b377f3964730bee", False),
        ("{6690e6c9-3ef0-4ed3-8b37-7f3964730bee}", False),
        ("urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee", False),
        ("", False),
    ],
)
def test_uuid(value: str, valid: bool) -> None:
    """UUIDs must be in standard 8-4-4-4-12 hex form; any version or variant is accepted."""
    assert is_uuid(value) is valid


def test_normalize_uuid_lowercases() -> None:
    """UUIDs are compared in lowercase."""
    assert (
        normalize_uuid("6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")
        == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
    )


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("cd9b00a5611f94eaa7b1661edab976068e364975", True),
        ("CD9B00A5611F94EAA7B1661EDAB976068E364975", True),
        ("cd9b00a5611f94eaa7b1661edab976068e36497", False),
        ("cd9b00a5611f94eaa7b1661edab976068e3649755", False),
        ("gd9b00a5611f94eaa7b1661edab976068e364975", False),
    ],
)
def test_sha1(value: str, valid: bool) -> None:
    """mbox_sha1sum is exactly 40 hex digits."""
    assert is_sha1_hex(value) is valid


@pytest.mark.parametrize(
    ("length", "valid"), [(56, True), (64, True), (96, True), (128, True), (40, False), (63, False)]
)
def test_sha2_lengths(length: int, valid: bool) -> None:
    """Attachment sha2 is a hex SHA-224/256/384/512 digest."""
    assert is_sha2_hex("a" * length) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("text/plain; charset=ascii", True),
        ("application/octet-stream", True),
        ("image/svg+xml", True),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", True),
        ("multipart/mixed; boundary=abc", True),
        ("text", False),
        ("text/", False),
        ("/plain", False),
        ("text plain", False),
        ("", False),
    ],
)
def test_media_type(value: str, valid: bool) -> None:
    """Attachment contentType is an Internet media type."""
    assert is_media_type(value) is valid


# --------------------------------------------------------------------------- versions
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1.0", XapiVersion(1, 0, 0)),
        ("1.0.0", XapiVersion(1, 0, 0)),
        ("1.0.2", XapiVersion(1, 0, 2)),
        ("1.0.3", XapiVersion(1, 0, 3)),
        ("1.0.17", XapiVersion(1, 0, 17)),
        (" 1.0.3 ", XapiVersion(1, 0, 3)),
    ],
)
def test_parse_supported_version_header(header: str, expected: XapiVersion) -> None:
    """Any 1.0.x version header is accepted; '1.0' means 1.0.0."""
    version = parse_version_header(header)
    assert version == expected
    assert version.family == "1.0"


@pytest.mark.parametrize(
    "header",
    [None, "", "  ", "0.9.9", "0.95", "1.1.0", "1.1", "2.0.0", "1", "1.0.x", "abc", "1.0.3-rc1"],
)
def test_reject_unsupported_version_header(header: str | None) -> None:
    """Missing, malformed, below 1.0.0 or at/after 1.1.0 version headers are rejected."""
    with pytest.raises(UnsupportedVersionError, match="X-Experience-API-Version"):
        parse_version_header(header)


def test_version_ordering_and_rendering() -> None:
    """Versions compare numerically and render as major.minor.patch."""
    assert XapiVersion(1, 0, 10) > XapiVersion(1, 0, 9)
    assert str(parse_version_header("1.0")) == "1.0.0"


def test_response_version_is_latest_patch() -> None:
    """The LRS answers with the latest patch of the requested family (1.0.3)."""
    assert LATEST == "1.0.3"
    assert SUPPORTED_VERSIONS == ["1.0.3"]
    assert response_version(parse_version_header("1.0.1")) == "1.0.3"
    assert response_version() == "1.0.3"


@pytest.mark.parametrize(
    ("value", "valid"),
    [("1.0", True), ("1.0.0", True), ("1.0.9", True), ("0.9.9", False), ("1.1.0", False)],
)
def test_statement_version_property(value: str, valid: bool) -> None:
    """A statement's version property must be 1.0 or 1.0.x."""
    assert is_valid_statement_version(value) is valid
