from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem
from members.models import Membership

from .models import AttributionAcceptance, FollowUpAction, PublicSummary


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, required: bool = False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if label:
            self.fields["note"].label = label


class AcceptForm(forms.Form):
    term = forms.CharField(widget=forms.HiddenInput)
    scope = forms.ChoiceField(choices=AttributionAcceptance.Scope.choices, widget=forms.HiddenInput)
    section_key = forms.CharField(required=False, widget=forms.HiddenInput)
    field = forms.CharField(required=False, widget=forms.HiddenInput)
    occurrence = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    every_occurrence = forms.BooleanField(label=_("Accept every mention of this name"), required=False)
    reason = forms.CharField(label=_("Why is this mention acceptable?"), max_length=500)


class ApplySuggestionForm(forms.Form):
    """One mention of the check page and the wording offered for it (hidden fields), to apply in one click.
    Offsets count code points in the saved text (no JavaScript involved)."""

    section_key = forms.CharField(max_length=100)
    field = forms.CharField(max_length=40)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    matched = forms.CharField(max_length=500, strip=False)
    suggestion = forms.CharField(max_length=500, strip=False)


class CommentForm(forms.Form):
    """A comment on one section, posted from the form beside that section (the key is a hidden field)."""

    section_key = forms.ChoiceField(label=_("Section"), widget=forms.HiddenInput)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [(s["key"], s["title"]) for s in sections]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    institution = forms.ModelChoiceField(label=_("Assigned to"), queryset=Membership.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (
            Membership.objects.current().filter(working_group=minutes.working_group).select_related("institution")
        )
        self.fields["institution"].label_from_instance = lambda m: m.institution.name
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting_id=minutes.meeting_id)


class ActionEditForm(forms.ModelForm):
    """The description of a follow-up action; its id is the one the live check and "Edit here" use."""

    class Meta:
        model = FollowUpAction
        fields = ["description"]
        labels = {"description": _("What is to be done")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget = forms.Textarea(
            attrs={"rows": 3, "id": f"description-action-{self.instance.pk}", "data-check": ""}
        )


class SummaryForm(forms.ModelForm):
    class Meta:
        model = PublicSummary
        fields = ["title", "text"]
        # Ids the live check and "Edit here" use (<field>-summary).
        widgets = {
            "title": forms.TextInput(attrs={"id": "title-summary", "data-check": ""}),
            "text": forms.Textarea(attrs={"rows": 10, "id": "text-summary", "data-check": ""}),
        }
