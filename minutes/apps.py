from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from members.aliases import register_ordinary_word_check

        from . import permissions
        from .attribution import is_ordinary_word

        permissions.register()  # who may read and do what with minutes, asked through the access object
        # The institution page warns about an alias that is also an ordinary word (members is below minutes).
        register_ordinary_word_check(is_ordinary_word)

        from . import procedure_text

        procedure_text.register()  # the non-attribution check and Markdown for written procedures (members)
