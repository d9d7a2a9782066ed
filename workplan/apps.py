from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "workplan"
    default_auto_field = "django.db.models.BigAutoField"
