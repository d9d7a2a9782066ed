from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # vpwg imports no app: tell it who represents whom and where a person's language is kept.
        from vpwg import circulation, i18n, permissions, views

        from . import platform

        i18n.register_language_store(platform.ProfileLanguageStore())
        permissions.register_institutions_lookup(platform.represented_membership_ids)
        circulation.register_recipients_lookup(platform.circulation_recipients)
        circulation.register_affiliation_lookup(platform.affiliation_of)
        views.register_group_guard(platform.two_factor_guard)

        from . import permissions as member_rules

        member_rules.register()  # lifecycle and endorsement rules, asked through the access object

        from .services.decision_subjects import register_member_subjects

        register_member_subjects()  # what admission and lifecycle decisions apply (members.decision_hooks)
