from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind
from .query import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_CHARS, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Everything")), *Kind.choices], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
