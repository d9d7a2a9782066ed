from django import forms
from django.utils.translation import gettext_lazy as _

from vpwg.validators import refuse_invisible

from .models import AnnualReport


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AnnualReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AnnualReport
        fields = ["foreword", "lessons_learned", "challenges"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:  # circulated: nothing invisible may hide a name (vpwg/validators.py)
            self.fields[name].validators.append(refuse_invisible)


class AnnualAcceptForm(forms.Form):
    """Accept one mention the check found in the annual report (or every mention of the name)."""

    term = forms.CharField(widget=forms.HiddenInput)
    field = forms.CharField(required=False, widget=forms.HiddenInput)
    occurrence = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    every_occurrence = forms.BooleanField(label=_("Accept every mention of this name"), required=False)
    reason = forms.CharField(label=_("Why is this mention acceptable?"), max_length=500)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}))


class MemberReportForm(forms.Form):
    """The countries covered and one Markdown field per section (`text-<n>`)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    countries = forms.CharField(
        label=_("Countries covered"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated, e.g. Peru, Colombia"),
        validators=[refuse_invisible],
    )

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for index, section in enumerate(sections):
            self.fields[f"text-{index}"] = forms.CharField(
                label=section["title"],
                help_text=section.get("guidance", ""),
                required=False,
                max_length=50000,
                widget=forms.Textarea(attrs={"rows": 6}),
                validators=[refuse_invisible],
            )

    def texts(self) -> dict:
        return {
            (section["key"], section.get("country", "")): self.cleaned_data.get(f"text-{index}", "")
            for index, section in enumerate(self.sections)
        }
