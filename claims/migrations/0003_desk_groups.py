from django.db import migrations

DESK_GROUPS = ("fact-checker", "editor")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in DESK_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=DESK_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
