"""Wagtail's Editors and Moderators groups may read and resolve screen-change reports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    ("mediation_kits", "view_screenchangereport"),
    ("mediation_kits", "change_screenchangereport"),
    ("resources", "view_linkcheck"),
]


def grant(apps, schema_editor):
    for label in ("mediation_kits", "resources"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = [
        permission_model.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in PERMISSIONS
    ]
    for group in group_model.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group in group_model.objects.filter(name__in=GROUPS):
        for app, codename in PERMISSIONS:
            group.permissions.remove(
                *permission_model.objects.filter(content_type__app_label=app, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("mediation_kits", "0001_initial"),
        ("resources", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
