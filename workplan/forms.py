from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Membership
from vpwg.dates import day_text

from .models import ATTACHMENT_VALIDATORS, Objective, Task, WorkPlan, one_year_after

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["title", "summary", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"ends_on": _("A work plan covers at least one year.")}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < one_year_after(starts_on):
            self.add_error(
                "ends_on",
                _("A work plan covers at least one year: it must end on %(date)s or later.")
                % {"date": day_text(one_year_after(starts_on))},
            )
        return cleaned


class ProposeApprovalForm(forms.Form):
    """A Coordination Group member proposes the approval; their own vote is "agree"."""

    reason = forms.CharField(
        label=_("Reasons for the approval"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the approved plan. The other Coordination Group members are asked to vote."),
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.institution.name} ({obj.get_pillar_display()})"


class MembershipMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.institution.name} ({obj.get_pillar_display()})"


NOT_A_MEMBER = _("Choose an institution that is a current member of this working group.")


class TaskForm(forms.ModelForm):
    lead = MembershipChoiceField(
        queryset=Membership.objects.none(),
        label=_("Lead institution"),
        error_messages={"invalid_choice": NOT_A_MEMBER},
    )
    supporting = MembershipMultipleChoiceField(
        queryset=Membership.objects.none(),
        label=_("Supporting institutions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_A_MEMBER, "invalid_pk_value": NOT_A_MEMBER},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = ["objective", "title", "description", "category", "lead", "supporting", "starts_on", "due_on"]
        widgets = {"starts_on": DATE, "due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            Membership.objects.current()
            .filter(working_group_id=plan.working_group_id)
            .select_related("institution")
            .order_by("pillar", "institution__name")
        )
        self.fields["lead"].queryset = members
        self.fields["supporting"].queryset = members
        self.fields["objective"].queryset = Objective.objects.filter(work_plan=plan)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("A task cannot be due before it starts."))
        return cleaned

    def _post_clean(self):
        # The model's clean() needs work_plan, which the service sets; the form checks the rest.
        pass


class ProgressReportForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        validators=ATTACHMENT_VALIDATORS,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG; at most 10 MB."),
    )
    new_status = forms.ChoiceField(label=_("Task status"), required=False)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Task.ALLOWED[Task.Status(task.status)]
        self.fields["new_status"].choices = [
            ("", _("Unchanged (%(status)s)") % {"status": task.get_status_display()})
        ] + [(value, label) for value, label in Task.Status.choices if value in allowed]
