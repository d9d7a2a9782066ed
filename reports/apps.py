from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions

        permissions.register()  # who may read and render which report, asked through the access object

        from . import decisions

        decisions.register()  # the Coordination Group's approval of the annual report, decided in members

        from . import network_figures

        network_figures.register()  # networks' overview reads when the group's annual reports were circulated
