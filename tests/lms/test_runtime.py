"""The web entry point freezes what it loaded and collects cycles less often (lms.runtime)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, sys
import lms.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "thresholds": gc.get_threshold(),
    "views_loaded": "lrs.api.statements" in sys.modules,
}))
"""


def test_wsgi_import_freezes_the_loaded_objects_and_raises_thresholds() -> None:
    """Importing lms.wsgi loads the URLconf, freezes the heap and sets the thresholds."""
    from lms.runtime import COLLECTOR_THRESHOLDS

    env = {**os.environ, "DATABASE_URL": "sqlite:////tmp/bnm-runtime-probe.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    # Django, Wagtail and the apps leave well over 100,000 objects to freeze.
    assert probe["frozen"] > 100_000
    assert tuple(probe["thresholds"]) == COLLECTOR_THRESHOLDS
    assert probe["views_loaded"] is True
