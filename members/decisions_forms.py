"""Forms of the decision pages: votes, written procedures, the register's filters, the charter's rules."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DecisionKind, DecisionRule, ProcedureRule, TallyVisibility, VoteChoice

REGISTER_KINDS = [
    ("", _("Every kind")),
    *DecisionKind.choices,
    ("procedure", _("Written procedures")),
    ("plenary", _("Plenary agreements for the next meeting")),
]


class DecisionVoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Your reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Seen by the Coordination Group and the Secretariat, not by the institution concerned."),
    )


class ProcedureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_("Markdown. Checked for names of participants before it is sent."),
    )
    attachment = forms.FileField(label=_("Attachment (PDF)"), required=False)
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    rule = forms.ChoiceField(label=_("Rule"), choices=ProcedureRule.choices)
    observers_vote = forms.BooleanField(label=_("Observers vote too"), required=False)
    tally_visibility = forms.ChoiceField(
        label=_("Members see the tally"), choices=TallyVisibility.choices, initial=TallyVisibility.AFTER_VOTE
    )
    accept_mentions = forms.BooleanField(
        label=_("These mentions are meant: send it as it is"), required=False, widget=forms.HiddenInput
    )

    @staticmethod
    def initial_for(working_group) -> dict:
        deadline = timezone.localtime(timezone.now() + timedelta(days=14), working_group.tzinfo)
        return {"deadline": deadline.replace(minute=0, second=0, microsecond=0, tzinfo=None)}


class ProcedureVoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your institution's vote"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=REGISTER_KINDS, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class DecisionRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    rule = forms.ChoiceField(label=_("Rule"), choices=DecisionRule.choices)
    days = forms.IntegerField(label=_("Days to decide"), min_value=1, max_value=90, initial=14)
    reason = forms.CharField(label=_("Decision and reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))
