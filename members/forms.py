import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import ApplicationReview, Membership, MembershipApplication, Representative, WorkingGroup
from .services.applications import APPLICANT_FIELDS
from .services.charter import CHARTER_FIELDS


class RepresentativeInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)


class InvitationAcceptForm(forms.Form):
    """Set a password for a new account (hidden when the address already has one)."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."))
        if first:
            candidate = get_user_model()(
                email=self.invitation.email, first_name=self.invitation.first_name, last_name=self.invitation.last_name
            )
            password_validation.validate_password(first, candidate)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


# --- applications ---------------------------------------------------------------------------


class ApplicationForm(forms.ModelForm):
    """What an institution tells the group about itself; used by the public form and by proposals."""

    class Meta:
        model = MembershipApplication
        fields = APPLICANT_FIELDS  # the fields an applicant fills, as the service accepts them
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "criterion_vps_member": forms.Textarea(attrs={"rows": 2}),
            "criterion_institutional": forms.Textarea(attrs={"rows": 2}),
            "criterion_relevant_work": forms.Textarea(attrs={"rows": 2}),
            "criterion_reputation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, working_group, **kwargs):
        self.working_group = working_group
        super().__init__(*args, **kwargs)

    def clean_institution_name(self):
        name = self.cleaned_data["institution_name"].strip()
        if Membership.objects.current().filter(working_group=self.working_group, institution__name__iexact=name):
            raise forms.ValidationError(_("This institution is already a member of the group."))
        return name


class PublicApplicationForm(ApplicationForm):
    """The public form adds two bot checks that need no outside service: a field people never see
    (bots fill it) and a signed start time (bots submit within a second)."""

    MIN_SECONDS = 3
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt="application-form")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(_("The form could not be accepted. Please try again."), code="bot")
        try:
            started = signing.loads(cleaned.get("started", ""), salt="application-form", max_age=24 * 3600)
        except signing.BadSignature:  # also an expired one
            raise forms.ValidationError(_("The form expired. Please reload the page and try again."), code="bot")
        if time.time() - float(started) < self.MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check it and send it again."), code="bot"
            )
        return cleaned


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, label=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = required
        if label:
            self.fields["text"].label = label


class ReviewForm(forms.Form):
    opinion = forms.ChoiceField(label=_("Your view"), choices=ApplicationReview.Opinion.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the Coordination Group"), choices=MembershipApplication.Decision.choices
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class LifecycleForm(forms.Form):
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Representative.Role.choices)


class SeatAssignForm(forms.Form):
    representative = forms.ModelChoiceField(label=_("Seat holder"), queryset=Representative.objects.none())
    started_on = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("Term ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, working_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = (
            Representative.objects.active()
            .filter(working_group=working_group, membership__status="member")
            .select_related("user", "membership__institution")
            .order_by("membership__pillar", "membership__institution__name")
        )
        self.fields["representative"].label_from_instance = lambda rep: (
            f"{rep.membership.get_pillar_display()} — {rep.user.get_full_name()} ({rep.membership.institution})"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ended_on") and cleaned.get("started_on") and cleaned["ended_on"] < cleaned["started_on"]:
            self.add_error("ended_on", _("A term cannot end before it starts."))
        return cleaned


class SecretariatTermForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Institution holding the Secretariat"), queryset=Membership.objects.none()
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Secretariat staff"), queryset=Representative.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    started_on = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, working_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.current().filter(working_group=working_group).select_related("institution")
        )
        self.fields["membership"].label_from_instance = lambda m: str(m.institution)
        self.fields["staff"].queryset = (
            Representative.objects.active()
            .filter(working_group=working_group)
            .select_related("user", "membership__institution")
        )
        self.fields["staff"].label_from_instance = lambda r: f"{r.user.get_full_name()} ({r.membership.institution})"

    def clean(self):
        cleaned = super().clean()
        membership, staff = cleaned.get("membership"), cleaned.get("staff")
        if membership is not None and staff and any(rep.membership_id != membership.pk for rep in staff):
            # The service refuses it too (members.services.terms._check_staff); here it is shown on the field.
            self.add_error("staff", _("Secretariat staff must be representatives of the institution holding it."))
        return cleaned


class CharterForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Decision and reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("For example: agreed at the plenary of 12 March."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = WorkingGroup
        fields = CHARTER_FIELDS
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "membership_criteria": forms.Textarea(attrs={"rows": 4}),
            "working_rules": forms.Textarea(attrs={"rows": 4}),
        }


class InstitutionAliasesForm(forms.Form):
    """An institution's other names, one per line (cleaned by the service: members.models.normalise_aliases)."""

    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One name per line, in any language: names in Spanish, French or English, acronyms, short names. "
            "The non-attribution check looks for each of them in minutes and reports."
        ),
    )


class InstitutionParentForm(forms.Form):
    """The organisation an institution belongs to: one of the list, a new one by name, or none."""

    parent = forms.ModelChoiceField(
        label=_("Belongs to"),
        queryset=None,
        required=False,
        empty_label=_("No organisation"),
    )
    new_parent_name = forms.CharField(
        label=_("Or a new organisation"),
        required=False,
        max_length=200,
        help_text=_("Its name, as in “Government of the Netherlands”. Leave empty to use the list."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = choices


class PreferencesForm(forms.Form):
    """The person's own settings, the same in every group (their profile): their name, the language of
    their pages and e-mails, the weekly digest."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("Of your pages in every group, and of the e-mails and documents the platform sends you."),
    )
    weekly_digest = forms.BooleanField(
        label=_("Send me a weekly e-mail of what waits for me"),
        required=False,
        help_text=_(
            "Every Monday, one e-mail per group, only when something waits for you: minutes to approve, "
            "votes, invitations to answer, tasks and reports due."
        ),
    )
