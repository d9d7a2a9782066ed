import re
from datetime import datetime, time

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.models import Membership, Pillar, Representative
from vpwg.validators import refuse_invisible

from .models import DOCUMENT_VALIDATORS, AgendaItem, Attendance, Guest, Meeting, MeetingInvitation, Topic


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


_Answer, _Mode = MeetingInvitation.Answer, MeetingInvitation.Mode
# The answer buttons (AnswerForm.buttons), in the order shown: the most common first, which is also what
# Enter in one of the form's fields sends. A hybrid meeting asks how one comes in the same click.
ANSWER_LABELS = {
    _Answer.ATTENDING.value: _("I will attend"),
    _Answer.ALTERNATE.value: _("I will send my alternate"),
    _Answer.NOT_ATTENDING.value: _("I will not attend"),
    f"{_Answer.ATTENDING.value}:{_Mode.IN_PERSON.value}": _("I will attend in person"),
    f"{_Answer.ATTENDING.value}:{_Mode.ONLINE.value}": _("I will attend online"),
    f"{_Answer.ALTERNATE.value}:{_Mode.IN_PERSON.value}": _("My alternate will attend in person"),
    f"{_Answer.ALTERNATE.value}:{_Mode.ONLINE.value}": _("My alternate will attend online"),
}
PLAIN_ANSWERS = [_Answer.ATTENDING.value, _Answer.ALTERNATE.value, _Answer.NOT_ATTENDING.value]
HYBRID_ANSWERS = [
    f"{_Answer.ATTENDING.value}:{_Mode.IN_PERSON.value}",
    f"{_Answer.ATTENDING.value}:{_Mode.ONLINE.value}",
    f"{_Answer.ALTERNATE.value}:{_Mode.IN_PERSON.value}",
    f"{_Answer.ALTERNATE.value}:{_Mode.ONLINE.value}",
    _Answer.NOT_ATTENDING.value,
]


class AnswerForm(forms.Form):
    """One's answer to an invitation, in one click: one submit button per answer (`buttons`), and for a
    hybrid meeting per way of coming ("attending:online"); who will come and a comment for the Secretariat
    go with whichever button is pressed.

    A post may also name the answer and the mode apart (answer=attending&mode=online), as the API does.
    """

    answer = forms.CharField(max_length=40)  # the pressed button's value: "<answer>" or "<answer>:<mode>"
    mode = forms.ChoiceField(choices=MeetingInvitation.Mode.choices, required=False)
    attendee_name = forms.CharField(
        label=_("Who will come"),
        max_length=200,
        required=False,
        help_text=_("The name of whoever comes for your institution, if not you (the alternate, a colleague)."),
        validators=[refuse_invisible],
    )
    comment = forms.CharField(
        label=_("Comment for the Secretariat"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        validators=[refuse_invisible],
    )

    def __init__(self, *args, meeting: Meeting, current: MeetingInvitation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hybrid = meeting.format == Meeting.Format.HYBRID
        self.current = current
        if not self.hybrid:
            del self.fields["mode"]

    @classmethod
    def for_invitation(cls, invitation: MeetingInvitation, data=None) -> "AnswerForm":
        initial = {"attendee_name": invitation.attendee_name, "comment": invitation.comment}
        return cls(data, meeting=invitation.meeting, current=invitation, initial=initial)

    def buttons(self) -> list[dict]:
        """[{"value", "label", "current"}]: one submit button per answer; `current` marks the answer given."""
        given = ""
        if self.current is not None and self.current.answer != MeetingInvitation.Answer.PENDING:
            given = self.current.answer
            if self.hybrid and self.current.mode:
                given = f"{given}:{self.current.mode}"
        return [
            {"value": value, "label": ANSWER_LABELS[value], "current": value == given}
            for value in (HYBRID_ANSWERS if self.hybrid else PLAIN_ANSWERS)
        ]

    def clean(self):
        cleaned = super().clean()
        answer, _sep, mode = (cleaned.get("answer") or "").partition(":")
        mode = mode or cleaned.get("mode") or ""
        choices = {value for value, _label in MeetingInvitation.Answer.choices} - {MeetingInvitation.Answer.PENDING}
        if answer not in choices or (mode and mode not in MeetingInvitation.Mode.values):
            self.add_error("answer", _("Choose an answer."))
            return cleaned
        coming = answer != MeetingInvitation.Answer.NOT_ATTENDING
        if self.hybrid and coming and not mode:
            self.add_error("mode", _("Say whether you come in person or online."))
        cleaned["answer"], cleaned["mode"] = answer, mode if self.hybrid and coming else ""
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "answer": data["answer"],
            "mode": data["mode"],
            "attendee_name": data["attendee_name"],
            "comment": data["comment"],
        }


class InviteForm(forms.Form):
    """Who receives the invitation (everyone not invited yet, ticked), the guest speakers of the agenda who
    are sent their own link with it (those with an e-mail whose link has not gone yet, ticked) and the
    Secretariat's message."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=Representative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # a post may send the guests' links alone (clean: at least one of the two)
    )
    guests = forms.TypedMultipleChoiceField(label=_("Guest speakers"), coerce=int, choices=(), required=False)
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("Shown at the top of the e-mail, above the meeting's details."),
        validators=[refuse_invisible],
    )

    def __init__(self, *args, candidates: list, guests: list = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["recipients"].queryset = Representative.objects.filter(pk__in=[c.pk for c in candidates])
        # The guests on the agenda (services.invitation_guests); only those with an e-mail and no link yet
        # can be ticked.
        self.guest_rows = list(guests)
        self.fields["guests"].choices = [(g.pk, g.name) for g in self.guest_rows if self.guest_open(g)]

    @staticmethod
    def guest_open(guest) -> bool:
        return bool(guest.email) and not getattr(guest, "link_sent", False)

    def _ticked(self, name: str) -> set[int] | None:
        """The ids ticked in field `name`, or None until the form is sent back (then all are ticked)."""
        if not self.is_bound:
            return None
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return {int(value) for value in values if str(value).isdigit()}

    def selected(self) -> set[int]:
        """The recipients' ids ticked: all of them until the form is sent back."""
        ticked = self._ticked("recipients")
        return {c.pk for c in self.candidates} if ticked is None else ticked

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("recipients") and not cleaned.get("guests") and "recipients" not in self.errors:
            self.add_error("recipients", _("Choose at least one recipient."))
        return cleaned

    def groups(self) -> list[dict]:
        """The candidates by pillar, observers apart, each with whether it is ticked."""
        selected = self.selected()
        pillars = {value: {"label": label, "observer": False, "rows": []} for value, label in Pillar.choices}
        observers = {"label": _("Observers"), "observer": True, "rows": []}
        for representative in self.candidates:
            membership = representative.membership
            target = observers if membership.status == Membership.Status.OBSERVER else pillars[membership.pillar]
            target["rows"].append({"representative": representative, "checked": representative.pk in selected})
        return [group for group in [*pillars.values(), observers] if group["rows"]]

    def guest_list(self) -> list[dict]:
        """The agenda's guests: each with whether it can be ticked (`open`) and is ticked (`checked`)."""
        ticked = self._ticked("guests")
        rows = []
        for guest in self.guest_rows:
            open_ = self.guest_open(guest)
            rows.append({"guest": guest, "open": open_, "checked": open_ and (ticked is None or guest.pk in ticked)})
        return rows

    def chosen(self) -> list:
        ids = {r.pk for r in self.cleaned_data["recipients"]}
        return [c for c in self.candidates if c.pk in ids]

    def chosen_guests(self) -> list:
        ids = set(self.cleaned_data["guests"])
        return [g for g in self.guest_rows if g.pk in ids]

    def preview_recipient(self):
        """Whose e-mail the preview shows: the first ticked recipient, as the list shows them."""
        rows = (row for group in self.groups() for row in group["rows"])
        return next((row["representative"] for row in rows if row["checked"]), None)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in groups (one fieldset-like list per institution); works without JavaScript."""

    template_name = "meetings/includes/_grouped_checkboxes.html"

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (not the form renderer's, which sees only the apps' own folders).
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


def presenter_choices(representatives) -> list:
    """[(institution, [(representative id, "Name (alternate)"), ...]), ...] in the queryset's order."""
    groups: dict[str, list] = {}
    for representative in representatives:
        name = representative.user.get_full_name() or representative.user.email
        if representative.role == Representative.Role.ALTERNATE:
            name = _("%(name)s (alternate)") % {"name": name}
        groups.setdefault(str(representative.membership.institution), []).append((representative.pk, name))
    return list(groups.items())


class AgendaItemForm(forms.Form):
    """Add an item, or (with `item`) change one in place: the topic is chosen only when adding."""

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
    start_time = forms.TimeField(
        label=_("Fixed start time"),
        required=False,
        widget=TimeInput,
        help_text=_("Leave empty: the item starts when the one before it ends."),
    )
    length_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480, initial=20)
    presenters = forms.ModelMultipleChoiceField(
        label=_("Presenters from member institutions"),
        queryset=Representative.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
    )
    guests = forms.ModelMultipleChoiceField(
        label=_("Guest speakers"),
        queryset=Guest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
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
    guest_email = forms.EmailField(
        label=_("New guest: e-mail"),
        required=False,
        help_text=_("Their own link to the agenda and their item goes there."),
    )
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting: Meeting, item: AgendaItem | None = None, **kwargs):
        self.item = item
        if item is not None:
            kwargs.setdefault("initial", self.initial_for(item))
        super().__init__(*args, **kwargs)
        group = meeting.working_group
        if item is None:
            self.fields["topic"].queryset = Topic.objects.filter(working_group=group, status=Topic.Status.OPEN)
            del self.fields["revision"]
        else:
            del self.fields["topic"]
            self.fields["title"].required = True
            self.fields["title"].help_text = ""
        presenters = (
            Representative.objects.active()
            .filter(working_group=group)
            .select_related("user", "membership__institution")
            .order_by("membership__institution__name", "role", "user__last_name")
        )
        self.fields["presenters"].queryset = presenters
        self.fields["presenters"].choices = presenter_choices(presenters)
        self.fields["guests"].queryset = Guest.objects.filter(working_group=group)
        if item is not None:  # one form per item on the page: ids must not repeat
            self.auto_id = f"id_item{item.pk}_%s"

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        from .services.agenda import item_revision

        return {
            "title": item.title,
            "format": item.format,
            "start_time": item.start_time,
            "length_minutes": item.length_minutes,
            "presenters": [p.pk for p in item.presenters.all()],
            "guests": [g.pk for g in item.guests.all()],
            "revision": item_revision(item),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and not cleaned.get("topic") and "title" not in self.errors:
            self.add_error("title", _("Give the item a title or choose a topic."))
        new_guest = any(cleaned.get(f"guest_{key}") for key in ("affiliation", "expertise", "email"))
        if new_guest and not cleaned.get("guest_name"):
            self.add_error("guest_name", _("Give the new guest's name."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "title": data["title"],
            "format": data["format"],
            "start_time": data["start_time"],
            "length_minutes": data["length_minutes"],
            "presenters": list(data["presenters"]),
            "guests": list(data["guests"]),
            "new_guest": {
                "name": data["guest_name"],
                "affiliation": data["guest_affiliation"],
                "expertise": data["guest_expertise"],
                "email": data["guest_email"],
            }
            if data["guest_name"]
            else None,
        }
        if self.item is None:
            kwargs["topic"] = data["topic"]
        else:
            kwargs["revision"] = data.get("revision") or None
        return kwargs


# A line of "Add several items": an optional list marker ("-", "•", "3.", "3)"), the title, and an optional
# length at the end in brackets, with its unit: "(20 min)", "(20 minutos)", "(20')", "(1 h)", "(1 hora)". A bare
# number in brackets stays in the title ("Artículo (12)").
_LINE_MARKER = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_LINE_LENGTH = re.compile(
    r"\s*[(\[]\s*(?P<n>\d{1,3})\s*"
    r"(?P<unit>min(?:utos?|utes?|s)?\.?|mn|m|[’']|h|hr?s?|horas?|hours?|heures?)"
    r"\s*[)\]]\s*$",
    re.IGNORECASE,
)
AGENDA_LINES_MAX = 40


def agenda_lines(text: str) -> list[dict]:
    """The items of a pasted agenda, one per non-blank line: [{"title", "length_minutes" or None}, ...].

    A trailing length in brackets becomes the item's length (hours in minutes); a leading bullet or number
    is dropped (the agenda numbers its items itself). Pure parsing: the form checks the values.
    """
    items = []
    for line in text.splitlines():
        title = _LINE_MARKER.sub("", line, count=1).strip()
        if not title:
            continue
        length = None
        match = _LINE_LENGTH.search(title)
        if match and match.start() > 0:  # "(20 min)" alone is a title, not a length without one
            length = int(match.group("n"))
            if (match.group("unit") or "").lower().startswith("h"):
                length *= 60
            title = title[: match.start()].strip()
        items.append({"title": " ".join(title.split()), "length_minutes": length})
    return items


class AgendaLinesForm(forms.Form):
    """Several items at once, one per line, appended in order (each with its length, else the default)."""

    DEFAULT_LENGTH = 20  # AgendaItem.length_minutes' default

    lines = forms.CharField(
        label=_("Agenda items, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        validators=[refuse_invisible],
        help_text=_(
            "A length in brackets at the end of a line sets the item's length, as in “Scope study (30 min)”; "
            "otherwise it takes 20 minutes. Blank lines are skipped."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_several_%s")  # the single-item form may share the page
        super().__init__(*args, **kwargs)

    def clean_lines(self):
        items = agenda_lines(self.cleaned_data["lines"])
        if not items:
            raise forms.ValidationError(_("Write at least one item."))
        if len(items) > AGENDA_LINES_MAX:
            raise forms.ValidationError(_("At most %(count)s items at once.") % {"count": AGENDA_LINES_MAX})
        problems = []
        for number, item in enumerate(items, start=1):
            if len(item["title"]) > 250:
                problems.append(_("Item %(number)s: the title is longer than 250 characters.") % {"number": number})
            length = item["length_minutes"]
            if length is not None and not 5 <= length <= 480:
                problems.append(
                    _("Item %(number)s (“%(title)s”): a length of %(minutes)s minutes; it must be 5 to 480.")
                    % {"number": number, "title": item["title"], "minutes": length}
                )
            if length is None:
                item["length_minutes"] = self.DEFAULT_LENGTH
        if problems:
            raise forms.ValidationError(problems)
        return items

    def items(self) -> list[dict]:
        return self.cleaned_data["lines"]


class AgendaOrderForm(forms.Form):
    """The agenda's new order, as a drag and drop leaves it: every item's id once."""

    order = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [(item.pk, item.pk) for item in meeting.agenda_items.all()]


class GuestEmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class MeetingDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        validators=DOCUMENT_VALIDATORS,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG; at most 20 MB. "
            "Each reader's PDF copy is marked with their name."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        validators=[refuse_invisible],
        help_text=_("Leave empty to use the file's name."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Document of"), queryset=AgendaItem.objects.none(), required=False, empty_label=_("The whole meeting")
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by("position")


class AttendanceForm(forms.Form):
    """The register: per institution a radio group (present / excused / absent) and who was present for
    it, then the guests present.

    Lines open with what is recorded, else with what the answers suggest (`selectors.attendance_register`);
    a line left unmarked is refused, unless the Secretariat chose "mark the rest absent" or "excused".
    """

    REST = {"absent": Attendance.Status.ABSENT, "excused": Attendance.Status.EXCUSED}

    rest = forms.ChoiceField(
        label=_("The institutions not marked"),
        choices=[("", "—"), ("absent", _("Absent")), ("excused", _("Excused"))],
        required=False,
    )
    other_guests = forms.CharField(
        label=_("Other guests present"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("One per line: the name, then a comma and the affiliation."),
        validators=[refuse_invisible],
    )

    def __init__(self, *args, register: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = register["rows"]
        self.guest_rows = register["guests"]
        for row in self.rows:
            membership, attendance, suggestion = row["membership"], row["attendance"], row["suggestion"]
            if attendance is not None:
                status, through = attendance.status, attendance.representative_id
            elif suggestion is not None:
                status = suggestion["status"]
                through = suggestion["representative"].pk if suggestion["representative"] else None
            else:
                status, through = None, None
            row["from_answer"] = attendance is None and suggestion is not None
            row["status_field"], row["rep_field"] = f"status_{membership.pk}", f"rep_{membership.pk}"
            self.fields[row["status_field"]] = forms.ChoiceField(
                label=str(membership.institution),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=status,
            )
            self.fields[row["rep_field"]] = forms.TypedChoiceField(
                label=_("Present through"),
                choices=[("", "—")] + [(r.pk, r.user.get_full_name() or r.user.email) for r in row["representatives"]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=through,
            )
        for row in self.guest_rows:
            row["field"] = f"guest_{row['guest'].pk}"
            self.fields[row["field"]] = forms.BooleanField(
                label=str(row["guest"]), required=False, initial=row["attendance"] is not None
            )
        self.fields["other_guests"].initial = "\n".join(
            f"{g.name}, {g.affiliation}" if g.affiliation else g.name for g in register["walk_ins"]
        )

    def clean(self):
        cleaned = super().clean()
        rest = self.REST.get(cleaned.get("rest") or "")
        missing = 0
        for row in self.rows:
            if cleaned.get(row["status_field"]):
                continue
            if rest is not None:
                cleaned[row["status_field"]] = rest
            elif row["status_field"] not in self.errors:
                missing += 1
                self.add_error(row["status_field"], _("Mark present, excused or absent."))
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "%(count)s institution is not marked: mark it, or use “Mark the rest absent” or “Mark the "
                    "rest excused”.",
                    "%(count)s institutions are not marked: mark them, or use “Mark the rest absent” or “Mark "
                    "the rest excused”.",
                    missing,
                )
                % {"count": missing}
            )
        lines = [line for line in (cleaned.get("other_guests") or "").splitlines() if line.strip()]
        if len(lines) > 100:
            self.add_error("other_guests", _("At most 100 other guests."))
        return cleaned

    def entries(self) -> list[dict]:
        entries = []
        for row in self.rows:
            status = self.cleaned_data[row["status_field"]]
            representatives = {r.pk: r for r in row["representatives"]}
            through = self.cleaned_data.get(row["rep_field"]) if status == Attendance.Status.PRESENT else None
            entries.append(
                {"membership": row["membership"], "status": status, "representative": representatives.get(through)}
            )
        return entries

    def guests(self) -> list[dict]:
        guests = [{"guest": row["guest"]} for row in self.guest_rows if self.cleaned_data.get(row["field"])]
        for line in (self.cleaned_data.get("other_guests") or "").splitlines():
            name, _comma, affiliation = line.partition(",")
            if name.strip():
                guests.append({"guest": None, "name": name.strip()[:200], "affiliation": affiliation.strip()[:200]})
        return guests

    def bound_rows(self) -> list[dict]:
        """The register's lines with their fields, the observers' last (`observer` tells them apart)."""
        return [{**row, "status": self[row["status_field"]], "rep": self[row["rep_field"]]} for row in self.rows]

    def member_rows(self) -> list[dict]:
        return [row for row in self.bound_rows() if not row["observer"]]

    def observer_rows(self) -> list[dict]:
        return [row for row in self.bound_rows() if row["observer"]]

    def bound_guests(self) -> list[dict]:
        return [{**row, "present": self[row["field"]]} for row in self.guest_rows]


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
