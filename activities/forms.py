import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Institution, Membership
from workplan.models import Task, WorkPlan

from .models import (
    ATTACHMENT_VALIDATORS,
    SECTOR_FIELDS,
    Activity,
    ActivityAttachment,
    OutreachContact,
    Topic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_A_MEMBER = _("Choose institutions that are members of this working group.")
COUNT_ERRORS = {
    "invalid": _("Enter the number of participants as a whole number, for example 25."),
    "min_value": _("The number of participants cannot be negative."),
    "required": _("Enter the number of participants (0 if none)."),
}


class MembershipMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.institution.name


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.work_plan.title}: {obj.title}"


class ActivityForm(forms.ModelForm):
    organisers = MembershipMultipleChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisers (member institutions)"),
        error_messages={"invalid_choice": NOT_A_MEMBER, "invalid_pk_value": NOT_A_MEMBER},
    )
    topics = forms.MultipleChoiceField(
        choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )
    task = TaskChoiceField(
        queryset=Task.objects.none(),
        required=False,
        label=_("Work plan task"),
        error_messages={"invalid_choice": _("Choose a task of this working group's work plans.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "type",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "place",
            "region",
            "organisers",
            "partner_institutions",
            "partners_other",
            "funder_institutions",
            "funders_other",
            "topics",
            "topics_other",
            "task",
            *SECTOR_FIELDS,
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "partner_institutions": forms.SelectMultiple(attrs={"size": 6}),
            "funder_institutions": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "partners_other": _("Partners that are not in the list, separated by commas."),
            "funders_other": _("Funders that are not in the list, separated by commas."),
        }

    def __init__(self, *args, working_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = (
            Membership.objects.filter(working_group=working_group)
            .select_related("institution")
            .order_by("institution__name")
        )
        # Partners and funders: institutions known to this group (members past and present).
        institutions = Institution.objects.filter(memberships__working_group=working_group).order_by("name")
        if self.instance.pk:
            institutions = Institution.objects.filter(
                Q(memberships__working_group=working_group)
                | Q(partnered_activities=self.instance)
                | Q(funded_activities=self.instance)
            ).order_by("name")
        for name in ("partner_institutions", "funder_institutions"):
            self.fields[name].queryset = institutions.distinct()
            self.fields[name].required = False
        self.fields["task"].queryset = Task.objects.filter(
            work_plan__working_group=working_group,
            work_plan__status__in=[WorkPlan.Status.DRAFT, WorkPlan.Status.APPROVED, WorkPlan.Status.CLOSED],
        ).select_related("work_plan")
        for name in SECTOR_FIELDS:
            field = self.fields[name]
            field.min_value = 0
            field.error_messages.update(COUNT_ERRORS)
            field.widget.attrs.update({"min": 0, "inputmode": "numeric"})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("An activity cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The service runs the model checks; the form reports input errors only.
        pass


class AttachmentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        validators=ATTACHMENT_VALIDATORS,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG; at most 10 MB."),
    )

    class Meta:
        model = ActivityAttachment
        fields = ["kind", "file"]


class OutreachForm(forms.ModelForm):
    members_involved = MembershipMultipleChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Members involved"),
        error_messages={"invalid_choice": NOT_A_MEMBER, "invalid_pk_value": NOT_A_MEMBER},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OutreachContact
        fields = ["contacted_on", "institution_name", "kind", "members_involved", "purpose", "outcome", "follow_up_on"]
        widgets = {
            "contacted_on": DATE,
            "follow_up_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, working_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_involved"].queryset = (
            Membership.objects.current()
            .filter(working_group=working_group)
            .select_related("institution")
            .order_by("institution__name")
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        contacted_on, follow_up_on = cleaned.get("contacted_on"), cleaned.get("follow_up_on")
        if contacted_on and follow_up_on and follow_up_on < contacted_on:
            self.add_error("follow_up_on", _("The follow-up date cannot be before the contact."))
        return cleaned

    def _post_clean(self):
        pass


class PeriodForm(forms.Form):
    """Statistics period in whole years."""

    start = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100, required=False)
    end = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def period(self, default):
        from .selectors import Period

        if not self.is_valid():
            return default
        start = self.cleaned_data.get("start") or default.starts_on.year
        end = self.cleaned_data.get("end") or default.ends_on.year
        if end < start:
            return default
        return Period(datetime.date(start, 1, 1), datetime.date(end, 12, 31))
