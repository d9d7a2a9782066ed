from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Import and export of spreadsheets. It sits on top of the other apps: every row it imports is written
    through their services, acting as the person who imports."""

    name = "exchange"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions, tasks  # noqa: F401 - tasks: registered in every process, queued by name

        permissions.register()
