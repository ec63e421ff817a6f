"""Load the 95 communes of the MEL from the bundled INSEE data (organizations/data)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "mel_communes.csv"


def load_communes(apps, schema_editor):
    commune_model = apps.get_model("organizations", "Commune")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            commune_model.objects.update_or_create(
                insee_code=row["insee_code"],
                defaults={"name": row["name"], "population": int(row["population"])},
            )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(load_communes, migrations.RunPython.noop)]
