"""Production settings: `check --deploy` is clean; the development key is refused."""

import base64
import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!f3kq9-production-like-secret-3b8c1e0d6a4f2b9c8e7d5a1f0c3b6e9d",
    "ALLOWED_HOSTS": "formation.example.org",
    "DATABASE_URL": "sqlite:////tmp/bnm-deploy-check.sqlite3",
    # Production refuses to start without the Open Badges signing key (a throwaway one here).
    "CERTIFICATES_SIGNING_KEY": base64.b64encode(
        Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
    ).decode("ascii"),
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a child process with the given environment overrides."""
    child_env = {**os.environ, **env}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        child_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_has_zero_warnings() -> None:
    """`check --deploy` with production variables reports no issue at all."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_the_development_key() -> None:
    """With DEBUG off and no SECRET_KEY, the project refuses to start."""
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
