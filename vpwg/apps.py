from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VpwgConfig(AppConfig):
    name = "vpwg"
    verbose_name = "Platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import i18n, permissions, sessions  # noqa: F401 - i18n and sessions connect sign-in receivers

        # Keeps every group's role grants equal to the capability table after each migrate.
        post_migrate.connect(permissions.sync_all_capabilities_after_migrate, sender=self)
