"""The signing key: explicit in production, a development file in DEBUG, checked at start."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from certificates.checks import signing_key_check
from certificates.signing import private_key_parse, private_key_pem, public_jwk, signing_key

REPO = Path(__file__).resolve().parents[2]


def test_development_key_is_created_once_and_reused(settings, tmp_path) -> None:
    """Without a configured key in DEBUG, a key file is created (mode 600) and then reused."""
    settings.CERTIFICATES_SIGNING_KEY = ""
    settings.CERTIFICATES_SIGNING_KEY_FILE = tmp_path / "var" / "key.pem"
    first = public_jwk(signing_key().public_key())
    assert (tmp_path / "var" / "key.pem").stat().st_mode & 0o777 == 0o600
    settings.CERTIFICATES_SIGNING_KEY_FILE = str(tmp_path / "var" / "key.pem")
    assert public_jwk(signing_key().public_key()) == first


def test_no_key_and_no_file_is_refused(settings) -> None:
    """With neither a key nor a development file, signing refuses with a clear message."""
    settings.CERTIFICATES_SIGNING_KEY = ""
    settings.CERTIFICATES_SIGNING_KEY_FILE = None
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATES_SIGNING_KEY"):
        signing_key()


def test_key_accepts_pem_and_base64_pem() -> None:
    """The environment variable may hold the PEM, with escaped newlines, or its base64."""
    pem = private_key_pem(Ed25519PrivateKey.generate())
    expected = public_jwk(private_key_parse(pem).public_key())
    assert public_jwk(private_key_parse(pem.replace("\n", "\\n")).public_key()) == expected
    encoded = base64.b64encode(pem.encode()).decode()
    assert public_jwk(private_key_parse(encoded).public_key()) == expected


@pytest.mark.parametrize("value", ["not a key", base64.b64encode(b"garbage").decode()])
def test_unreadable_key_fails_the_system_check(settings, value) -> None:
    """A configured key that cannot be read is a system check error at start-up."""
    settings.CERTIFICATES_SIGNING_KEY = value
    errors = signing_key_check()
    assert [error.id for error in errors] == ["certificates.E001"]


def test_command_prints_a_usable_key(capsys) -> None:
    """`certificates_signing_key` prints a base64 PEM that parses as an Ed25519 key."""
    call_command("certificates_signing_key")
    printed = capsys.readouterr().out.strip()
    assert private_key_parse(printed)


def test_production_refuses_to_start_without_a_key() -> None:
    """With DEBUG off and no CERTIFICATES_SIGNING_KEY, the project refuses to start."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x7!f3kq9-production-like-secret-3b8c1e0d6a4f2b9c8e7d5a1f0c3b6e9d",
        "ALLOWED_HOSTS": "formation.example.org",
        "DATABASE_URL": "sqlite:////tmp/bnm-deploy-check.sqlite3",
        "CERTIFICATES_SIGNING_KEY": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import lms.settings"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "CERTIFICATES_SIGNING_KEY must be set" in result.stderr
