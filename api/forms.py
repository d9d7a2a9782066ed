from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .tokens import MAX_DAYS

LIFETIMES = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (MAX_DAYS, _("1 year"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “website calendar”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_in_days = forms.TypedChoiceField(label=_("Expires after"), choices=LIFETIMES, coerce=int, initial=90)
