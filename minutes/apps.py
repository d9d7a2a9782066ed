from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    default_auto_field = "django.db.models.BigAutoField"
