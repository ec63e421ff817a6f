"""Fail when a French catalogue is stale: a new string not in it, or untranslated/fuzzy.

It regenerates every catalogue with `makemessages` in a scratch copy of the tree (so
the working tree is never touched) and asks `msgfmt --statistics` about each one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles", "media", ".git", "__pycache__", ".ruff_cache"}
MAKEMESSAGES = [
    "manage.py",
    "makemessages",
    "-l",
    "fr",
    "--no-wrap",
    "--no-obsolete",
    "-i",
    "node_modules",
    "-i",
    "staticfiles",
    "-i",
    "media",
]


def problems_in(po: Path) -> list[str]:
    """Untranslated and fuzzy counts of one catalogue, as messages."""
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    stats = result.stderr
    found = []
    for kind in ("untranslated", "fuzzy"):
        match = re.search(rf"(\d+) {kind}", stats)
        if match:
            found.append(f"{match.group(1)} {kind}")
    if result.returncode:
        found.append(stats.strip())
    return found


def main() -> int:
    """Regenerate the catalogues in a copy and report the stale ones."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "tree"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(*SKIP))
        subprocess.run(  # noqa: S603
            [sys.executable, *MAKEMESSAGES],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        failures = []
        for po in sorted(copy.rglob("fr/LC_MESSAGES/django.po")):
            for problem in problems_in(po):
                failures.append(f"{po.relative_to(copy)}: {problem}")
        for po in sorted(copy.rglob("fr/LC_MESSAGES/django.po")):
            if not (REPO / po.relative_to(copy)).exists():
                failures.append(f"{po.relative_to(copy)}: new catalogue, not committed")
    if failures:
        print("Stale translations (run `make messages` and translate):")
        print("\n".join(f"  {failure}" for failure in failures))
        return 1
    print("Translations are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
