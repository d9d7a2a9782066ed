from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions

        permissions.register()  # who may do what with meetings, asked through the access object

        from . import decisions

        decisions.register()  # a plenary's agreements for the next one, in the decision register (members)
