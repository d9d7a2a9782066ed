"""The report models' content types move from app label `vpwg` to `reports`.

Every row that names these models through a content type keeps naming the same row: permissions
(`view_annualreport`, ...), guardian's group and user object permissions (the circulation grants), the
DocumentAccess log and the admin's LogEntry. Renaming the ContentType row in place (same id) keeps them
all valid at once, and `reports.view_annualreport` is then the permission every grant already holds.

On a fresh database there is nothing to rename: the content types are created after `migrate`, under
the new label. Should both rows exist (something created the `reports` ones before this migration
ran), everything that points at the old row moves onto the new one and the old row is deleted.
Reversible: migrating back renames them to `vpwg` again.
"""

from django.db import migrations

MODELS = ("annualreport", "memberreport", "memberreportsection", "report")


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            ContentType.objects.filter(pk=old.pk).update(app_label=target)
        else:
            _merge(apps, old, new)
    # The content type cache of this process still maps the old label; forget it.
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def _merge(apps, old, new) -> None:
    """Point everything that references `old` at `new`, then delete `old`."""
    Permission = apps.get_model("auth", "Permission")
    object_permissions = (
        (apps.get_model("guardian", "GroupObjectPermission"), "group_id"),
        (apps.get_model("guardian", "UserObjectPermission"), "user_id"),
    )
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is None:
            Permission.objects.filter(pk=permission.pk).update(content_type=new)
            continue
        twin.group_set.add(*permission.group_set.all())
        twin.user_set.add(*permission.user_set.all())
        for model, holder in object_permissions:
            held = set(model.objects.filter(permission=twin).values_list(holder, "object_pk"))
            for row in model.objects.filter(permission=permission):
                if (getattr(row, holder), row.object_pk) in held:
                    row.delete()  # the same grant already exists on the new permission
                else:
                    model.objects.filter(pk=row.pk).update(permission=twin, content_type=new)
        permission.delete()
    for model in (
        apps.get_model("guardian", "GroupObjectPermission"),
        apps.get_model("guardian", "UserObjectPermission"),
        apps.get_model("vpwg", "DocumentAccess"),
        apps.get_model("admin", "LogEntry"),
    ):
        model.objects.filter(content_type=old).update(content_type=new)
    old.delete()


def forwards(apps, schema_editor):
    _move_content_types(apps, "vpwg", "reports")


def backwards(apps, schema_editor):
    _move_content_types(apps, "reports", "vpwg")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("vpwg", "0006_reports_move_to_reports_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
