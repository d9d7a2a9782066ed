from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnnualReport


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AnnualReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AnnualReport
        fields = ["foreword", "lessons_learned", "challenges"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


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
            )

    def texts(self) -> dict:
        return {
            (section["key"], section.get("country", "")): self.cleaned_data.get(f"text-{index}", "")
            for index, section in enumerate(self.sections)
        }
