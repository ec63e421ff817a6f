"""Load DigComp 2.2, the CRCN and their crosswalk from the bundled data (skills/data)."""

from django.db import migrations


def load_frameworks(apps, schema_editor):
    from skills.bundled import bundled_frameworks_save

    bundled_frameworks_save(
        framework_model=apps.get_model("skills", "Framework"),
        competence_model=apps.get_model("skills", "Competence"),
        level_model=apps.get_model("skills", "Level"),
        link_model=apps.get_model("skills", "CrosswalkLink"),
    )


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]

    operations = [migrations.RunPython(load_frameworks, migrations.RunPython.noop)]
