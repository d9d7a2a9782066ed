from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "workplan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions

        permissions.register()  # who may edit plans and report progress, asked through the access object

        from . import decisions

        decisions.register()  # the Coordination Group's approval of a plan, decided in members
