from django import forms
from django.utils.translation import gettext_lazy as _


class SharingDecisionForm(forms.Form):
    """The group's decision to share its figures with a network, or to stop: a rule of its charter."""

    shares_figures = forms.BooleanField(label=_("Share the group's figures with this network"), required=False)
    reason = forms.CharField(
        label=_("Decision and reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who decided it and why, as in “Plenary of 10 March 2026”. Kept in the charter's history."),
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
