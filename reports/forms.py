from django import forms
from django.utils.translation import gettext_lazy as _

from vpwg.validators import refuse_invisible

from .models import AnnualReport
from .selectors.organisation import KIND_LABELS


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
    """The countries covered, one Markdown field per section (`text-<n>`) and, under each country's
    pre-filled section, one per platform item of that country (`item-<n>`, see member_report_prefill)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    countries = forms.CharField(
        label=_("Countries covered"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated, e.g. Peru, Colombia"),
        validators=[refuse_invisible],
    )

    def __init__(self, *args, sections: list[dict], items: list[dict] = (), target: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.sections, self.items = sections, list(items)
        for index, section in enumerate(sections):
            self.fields[f"text-{index}"] = forms.CharField(
                label=section["title"],
                help_text=section.get("guidance", ""),
                required=False,
                max_length=50000,
                widget=forms.Textarea(attrs={"rows": 6}),
                validators=[refuse_invisible],
            )
            if not target or section["key"] != target:
                continue
            for number, item in enumerate(self.items):
                if item.get("country") != section.get("country"):
                    continue
                self.fields[f"item-{number}"] = forms.CharField(
                    label=_("%(what)s — %(group)s (from the platform)")
                    % {"what": KIND_LABELS.get(item["kind"], item["kind"]), "group": item["group_name"]},
                    help_text=_("Sources: %(sources)s") % {"sources": "; ".join(s["label"] for s in item["sources"])}
                    if item.get("sources")
                    else "",
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 5, "class": "platform-item"}),
                    validators=[refuse_invisible],
                )
                self.initial.setdefault(f"item-{number}", item.get("text", ""))

    def texts(self) -> dict:
        return {
            (section["key"], section.get("country", "")): self.cleaned_data.get(f"text-{index}", "")
            for index, section in enumerate(self.sections)
        }

    def item_texts(self) -> dict:
        return {
            (item["group"], item["kind"]): self.cleaned_data[f"item-{number}"]
            for number, item in enumerate(self.items)
            if f"item-{number}" in self.fields
        }
