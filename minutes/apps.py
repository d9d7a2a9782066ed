from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions

        permissions.register()  # who may read and do what with minutes, asked through the access object
