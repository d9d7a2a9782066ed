from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Representative
from vpwg.validators import refuse_invisible

from .models import AgendaItem, Attendance, Guest, Meeting, MeetingInvitation, Topic


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class MeetingForm(forms.Form):
    """Date and times are entered in the group's time zone and become aware datetimes."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, validators=[refuse_invisible])
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices)
    venue = forms.CharField(label=_("Venue"), max_length=250, required=False, validators=[refuse_invisible])
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    reminder_days = forms.IntegerField(
        label=_("Reminder, days before"), min_value=0, max_value=60, initial=7, help_text=_("0: no early reminder.")
    )
    backfill = forms.BooleanField(
        label=_("This meeting already took place: record it as held"),
        required=False,
        help_text=_("To complete the group's history. A past meeting can never be invited to."),
    )

    def __init__(self, *args, working_group, editing: bool = False, **kwargs):
        self.working_group = working_group
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            del self.fields["backfill"]

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            tz = self.working_group.tzinfo
            cleaned["starts_at"] = datetime.combine(day, start, tzinfo=tz)
            cleaned["ends_at"] = datetime.combine(day, end, tzinfo=tz)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end_time", _("The meeting must end after it starts."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = ["title", "format", "venue", "online_link", "reminder_days", "starts_at", "ends_at"]
        kwargs = {key: data[key] for key in keys}
        for key in ("kind", "backfill"):
            if key in self.fields:
                kwargs[key] = data[key]
        return kwargs

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        tz = meeting.working_group.tzinfo
        start, end = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "end_time": end.time().replace(tzinfo=None),
            "format": meeting.format,
            "venue": meeting.venue,
            "online_link": meeting.online_link,
            "reminder_days": meeting.reminder_days,
        }

    @classmethod
    def initial_new(cls, working_group, agreement: Meeting | None) -> dict:
        start = time(10, 0)
        minutes = working_group.plenary_length_minutes
        end = time((10 * 60 + minutes) // 60 % 24, minutes % 60)
        return {
            "kind": Meeting.Kind.PLENARY,
            "title": _("Plenary meeting"),
            "start_time": start,
            "end_time": end,
            "venue": agreement.next_venue if agreement else "",
            "reminder_days": 7,
        }


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in MeetingInvitation.Answer.choices if c[0] != MeetingInvitation.Answer.PENDING],
        widget=forms.RadioSelect,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AgendaItemForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("From the topic backlog"), queryset=Topic.objects.none(), required=False, empty_label=_("(none)")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        required=False,
        help_text=_("Leave empty to use the topic's title."),
        validators=[refuse_invisible],
    )
    format = forms.ChoiceField(label=_("Format"), choices=AgendaItem.Format.choices)
    length_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480, initial=20)
    presenters = forms.ModelMultipleChoiceField(
        label=_("Presenters from member institutions"), queryset=Representative.objects.none(), required=False
    )
    guests = forms.ModelMultipleChoiceField(label=_("Guest speakers"), queryset=Guest.objects.none(), required=False)
    # A guest's name is what the non-attribution check looks for: nothing invisible may split it.
    guest_name = forms.CharField(
        label=_("New guest: name"), max_length=200, required=False, validators=[refuse_invisible]
    )
    guest_affiliation = forms.CharField(
        label=_("New guest: affiliation"), max_length=200, required=False, validators=[refuse_invisible]
    )
    guest_expertise = forms.CharField(
        label=_("New guest: expertise"), max_length=250, required=False, validators=[refuse_invisible]
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        group = meeting.working_group
        self.fields["topic"].queryset = Topic.objects.filter(working_group=group, status=Topic.Status.OPEN)
        self.fields["presenters"].queryset = (
            Representative.objects.active()
            .filter(working_group=group)
            .select_related("user", "membership__institution")
            .order_by("membership__institution__name")
        )
        self.fields["guests"].queryset = Guest.objects.filter(working_group=group)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and not cleaned.get("topic"):
            self.add_error("title", _("Give the item a title or choose a topic."))
        if (cleaned.get("guest_affiliation") or cleaned.get("guest_expertise")) and not cleaned.get("guest_name"):
            self.add_error("guest_name", _("Give the new guest's name."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "topic": data["topic"],
            "format": data["format"],
            "length_minutes": data["length_minutes"],
            "presenters": list(data["presenters"]),
            "guests": list(data["guests"]),
            "new_guest": {
                "name": data["guest_name"],
                "affiliation": data["guest_affiliation"],
                "expertise": data["guest_expertise"],
            }
            if data["guest_name"]
            else None,
        }


class AttendanceForm(forms.Form):
    """One status and one 'present through' choice per institution."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            membership, attendance = row["membership"], row["attendance"]
            self.fields[f"status_{membership.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(institution)s") % {"institution": membership.institution},
                choices=Attendance.Status.choices,
                initial=attendance.status if attendance else Attendance.Status.ABSENT,
            )
            representatives = getattr(membership, "active_representatives", [])
            self.fields[f"rep_{membership.pk}"] = forms.TypedChoiceField(
                label=_("Present through"),
                choices=[("", "—")] + [(r.pk, r.user.get_full_name() or r.user.email) for r in representatives],
                coerce=int,
                empty_value=None,
                required=False,
                initial=attendance.representative_id if attendance else None,
            )
            row["status_field"] = f"status_{membership.pk}"
            row["rep_field"] = f"rep_{membership.pk}"

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            status, rep_id = cleaned.get(row["status_field"]), cleaned.get(row["rep_field"])
            if rep_id is not None and status != Attendance.Status.PRESENT:
                self.add_error(row["rep_field"], _("Only a present institution is present through someone."))
        return cleaned

    def entries(self) -> list[dict]:
        entries = []
        for row in self.rows:
            membership = row["membership"]
            representatives = {r.pk: r for r in getattr(membership, "active_representatives", [])}
            rep_id = self.cleaned_data.get(row["rep_field"])
            entries.append(
                {
                    "membership": membership,
                    "status": self.cleaned_data[row["status_field"]],
                    "representative": representatives.get(rep_id),
                }
            )
        return entries

    def bound_rows(self):
        for row in self.rows:
            yield {**row, "status": self[row["status_field"]], "rep": self[row["rep_field"]]}


class NextAgreementForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics agreed for the next meeting"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Guests to invite"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        validators=[refuse_invisible],
    )
    venue = forms.CharField(label=_("Venue"), max_length=250, required=False, validators=[refuse_invisible])
    notes = forms.CharField(
        label=_("Other agreements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[refuse_invisible],
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = (
            Topic.objects.filter(working_group=meeting.working_group, status=Topic.Status.OPEN)
            | meeting.next_topics.all()
        )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=250, validators=[refuse_invisible])
    description = forms.CharField(
        label=_("Why it matters to members"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        validators=[refuse_invisible],
    )


class MeetingRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=250)
    reason = forms.CharField(label=_("Why a meeting is needed now"), widget=forms.Textarea(attrs={"rows": 4}))
    preferred_date = forms.DateField(label=_("Preferred date"), required=False, widget=DateInput)


class DecideRequestForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: schedule an extraordinary meeting")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the requester"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note"):
            self.add_error("note", _("Tell the requester why the request is declined."))
        return cleaned
