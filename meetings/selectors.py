"""Reads for the meetings pages; each returns what one page needs in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership, Pillar, Representative, WorkingGroup
from vpwg import permissions
from vpwg.charts import Chart
from vpwg.dates import day_text
from vpwg.listing import choose_year
from vpwg.models import OutboxMessage

from .guest_links import guest_link_expired, guest_token_read
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Guest,
    GuestInvitation,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    MeetingRequest,
    Topic,
    TopicSupport,
)


def meetings_list_for(working_group: WorkingGroup, *, year: int | None = None) -> dict:
    """Every upcoming meeting, then the past folded by year (issue 18): how many past meetings each year
    has and the meetings of one year, `year` if it has any, else the most recent. Each with its agenda
    length; two queries whatever the group's size. Years are the group's calendar years."""
    now = timezone.now()
    meetings = Meeting.objects.filter(working_group=working_group)
    tz = working_group.tzinfo
    counts = {
        row["year"]: row["n"]
        for row in meetings.filter(ends_at__lt=now)
        .annotate(year=ExtractYear("starts_at", tzinfo=tz))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    }
    year = choose_year(year, counts)
    shown = Q(ends_at__gte=now)
    if year is not None:
        shown |= Q(
            ends_at__lt=now,
            starts_at__gte=datetime(year, 1, 1, tzinfo=tz),
            starts_at__lt=datetime(year + 1, 1, 1, tzinfo=tz),
        )
    rows = list(
        meetings.filter(shown)
        .select_related("working_group")
        .annotate(agenda_count=Count("agenda_items", distinct=True))
        .order_by("starts_at")
    )
    return {
        "upcoming": [m for m in rows if m.ends_at >= now],
        "past": [m for m in reversed(rows) if m.ends_at < now],
        "year": year,
        "year_counts": counts,
    }


def meeting_for(working_group: WorkingGroup, meeting_id: int) -> Meeting:
    """A meeting of this group with its agenda, presenters and guests; 404 if none. `minutes_pk`: its
    minutes' id, or None (the minutes app's row, read by its key in the same query: the page offers to
    start the draft or opens it)."""
    meeting = (
        Meeting.objects.filter(working_group=working_group, pk=meeting_id)
        .select_related("working_group", "follows")
        .annotate(minutes_pk=F("minutes__pk"))
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("topic").prefetch_related(
                    Prefetch(
                        "presenters",
                        queryset=Representative.objects.select_related("user", "membership__institution"),
                    ),
                    "guests",
                ),
            ),
            "next_topics",
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def invitation_of(meeting: Meeting, user) -> MeetingInvitation | None:
    if not user.is_authenticated:
        return None
    invitation = MeetingInvitation.objects.filter(meeting=meeting, user=user).first()
    if invitation is not None:
        invitation.meeting = meeting  # the rules read it: no second query for the meeting row
    return invitation


def invitation_for_answer(working_group: WorkingGroup, meeting_id: int, user) -> MeetingInvitation | None:
    return (
        MeetingInvitation.objects.filter(meeting__working_group=working_group, meeting_id=meeting_id, user=user)
        .select_related("meeting")
        .first()
    )


def invitation_counts(meeting: Meeting) -> list[dict]:
    """How many invitations have each answer (one query). Counts only: who answered is confidential."""
    counts = dict(meeting.invitations.values_list("answer").annotate(n=Count("pk")).values_list("answer", "n"))
    return [
        {"answer": value, "label": label, "count": counts.get(value, 0)}
        for value, label in MeetingInvitation.Answer.choices
    ]


def attendance_by_pillar(meeting: Meeting) -> list[dict]:
    """Present / excused / absent per pillar for one meeting, observers in a row of their own (one query).

    Observers take part without the obligations of members: their row is shown apart and never counts
    in a pillar's rate.
    """
    rows = meeting.attendances.values("observer", "pillar", "status").annotate(n=Count("pk"))
    table = {
        value: {"pillar": value, "label": label, "observer": False, "present": 0, "excused": 0, "absent": 0}
        for value, label in Pillar.choices
    }
    observers = {"pillar": "", "label": _("Observers"), "observer": True, "present": 0, "excused": 0, "absent": 0}
    for row in rows:
        entry = observers if row["observer"] else table[row["pillar"]]
        entry[row["status"]] += row["n"]
    result = list(table.values()) + ([observers] if any(observers[k] for k in ("present", "excused", "absent")) else [])
    for entry in result:
        total = entry["present"] + entry["excused"] + entry["absent"]
        entry["total"] = total
        entry["rate"] = round(100 * entry["present"] / total) if total else None
    return result


def meeting_plain_for(working_group: WorkingGroup, meeting_id: int) -> Meeting:
    """A meeting of this group with its group and nothing prefetched (one query); 404 if none."""
    meeting = Meeting.objects.filter(working_group=working_group, pk=meeting_id).select_related("working_group").first()
    if meeting is None:
        raise Http404
    return meeting


# Which answer of an institution's representatives tells the register most (the best one wins).
_ANSWER_RANK = {
    MeetingInvitation.Answer.ATTENDING: 3,
    MeetingInvitation.Answer.ALTERNATE: 2,
    MeetingInvitation.Answer.NOT_ATTENDING: 1,
    MeetingInvitation.Answer.PENDING: 0,
}


def _alternate_named(representatives: list, name: str):
    """The active alternate an answer "sending the alternate" points at: the one named, else the only one."""
    alternates = [r for r in representatives if r.role == Representative.Role.ALTERNATE]
    wanted = " ".join(name.split()).casefold()
    for representative in alternates:
        if wanted and wanted == " ".join(representative.user.get_full_name().split()).casefold():
            return representative
    return alternates[0] if len(alternates) == 1 else None


def attendance_suggestion(invitations: list[MeetingInvitation], representatives: list) -> dict | None:
    """What an institution's answers suggest for its line of the register, or None (nobody answered).

    Attending: present, through the person who answered (the principal when both did); sending the
    alternate: present through the alternate (the one named in the answer, else the only one);
    not attending: excused (they sent their apologies).
    """
    answered = [i for i in invitations if i.answer != MeetingInvitation.Answer.PENDING]
    if not answered:
        return None
    best = max(
        answered,
        key=lambda i: (_ANSWER_RANK[i.answer], i.representative.role == Representative.Role.PRINCIPAL),
    )
    if best.answer == MeetingInvitation.Answer.ATTENDING:
        active = {r.pk for r in representatives}
        through = best.representative if best.representative_id in active else None
        return {"status": Attendance.Status.PRESENT, "representative": through, "invitation": best}
    if best.answer == MeetingInvitation.Answer.ALTERNATE:
        through = _alternate_named(representatives, best.attendee_name)
        return {"status": Attendance.Status.PRESENT, "representative": through, "invitation": best}
    return {"status": Attendance.Status.EXCUSED, "representative": None, "invitation": best}


def meeting_guests(meeting: Meeting):
    """The guests a meeting expects: its agenda's guest speakers (a guest invited to the meeting is on
    its agenda). The one place that says so, for the register and the door list."""
    return Guest.objects.filter(agenda_items__meeting=meeting).distinct().order_by("name")


def attendance_register(meeting: Meeting, membership_id: int | None = None, *, guests: bool = True) -> dict:
    """Every line of a meeting's register, pre-filled (six queries whatever the group's size; four
    without the guests), or only the line of `membership_id` (the door list's answer to one tap).

    `rows`: the current members, by pillar and name, then the observers, plus any institution already
    recorded (it may have left since); each with its active representatives, what is recorded and
    what the answers suggest (`attendance_suggestion`). `guests`: the expected guests with whether
    they are recorded present; `walk_ins`: guests recorded by name only.
    """
    attendances = meeting.attendances.select_related("representative__user")
    memberships = Membership.objects.filter(working_group=meeting.working_group)
    invitations_of = meeting.invitations.select_related("representative")
    if membership_id is not None:
        attendances = attendances.filter(membership_id=membership_id)
        memberships = memberships.filter(pk=membership_id)
        invitations_of = invitations_of.filter(membership_id=membership_id)
    recorded = {a.membership_id: a for a in attendances}
    memberships = list(
        memberships.filter(Q(status__in=Membership.PARTICIPATING) | Q(pk__in=list(recorded)))
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.active().select_related("user").order_by("role"),
                to_attr="active_representatives",
            )
        )
        .order_by("pillar", "institution__name")
    )
    invitations: dict[int, list] = {}
    for invitation in invitations_of:
        invitations.setdefault(invitation.membership_id, []).append(invitation)
    rows = []
    for membership in memberships:
        attendance = recorded.get(membership.pk)
        observer = attendance.observer if attendance else membership.status == Membership.Status.OBSERVER
        answers = invitations.get(membership.pk, [])
        rows.append(
            {
                "membership": membership,
                "attendance": attendance,
                "observer": observer,
                "representatives": membership.active_representatives,
                "suggestion": attendance_suggestion(answers, membership.active_representatives),
            }
        )
    # Members by pillar in the pillars' own order, then the observers; by name within each (stable sort).
    pillar_order = {value: index for index, value in enumerate(Pillar.values)}
    rows.sort(key=lambda row: (row["observer"], pillar_order.get(row["membership"].pillar, 99)))
    if membership_id is not None or not guests:
        return {"rows": rows, "guests": [], "walk_ins": []}
    recorded_guests = list(meeting.guest_attendances.select_related("guest"))
    by_guest = {g.guest_id: g for g in recorded_guests if g.guest_id is not None}
    guests = [{"guest": guest, "attendance": by_guest.pop(guest.pk, None)} for guest in meeting_guests(meeting)]
    # A guest speaker recorded present and since removed from the agenda stays on the register.
    guests += [{"guest": g.guest, "attendance": g} for g in by_guest.values()]
    walk_ins = [g for g in recorded_guests if g.guest_id is None]
    return {"rows": rows, "guests": guests, "walk_ins": walk_ins}


def answers_for(meeting: Meeting) -> dict:
    """Every answer to a meeting's invitations, by pillar with the observers apart, for the Secretariat
    (two queries): who answered what, how they come, who will come, their comment, and whether a
    reminder went to those who have not answered (the outbox holds one per person)."""
    invitations = list(
        meeting.invitations.select_related("user", "representative", "membership__institution").order_by(
            "membership__pillar", "membership__institution__name", "representative__role"
        )
    )
    pending = [i for i in invitations if i.answer == MeetingInvitation.Answer.PENDING]
    reminder_keys = {reminder_key(meeting, i.user_id): i.user_id for i in pending}
    reminded = set()
    if reminder_keys:
        queued = OutboxMessage.objects.filter(dedupe_key__in=list(reminder_keys)).values_list("dedupe_key", flat=True)
        reminded = {reminder_keys[key] for key in queued}
    groups = {value: {"label": label, "observer": False, "invitations": []} for value, label in Pillar.choices}
    observers = {"label": _("Observers"), "observer": True, "invitations": []}
    counts = {value: 0 for value in MeetingInvitation.Answer.values}
    modes = {value: 0 for value in MeetingInvitation.Mode.values}
    for invitation in invitations:
        invitation.meeting = meeting
        invitation.reminded = invitation.user_id in reminded
        is_observer = invitation.membership.status == Membership.Status.OBSERVER
        (observers if is_observer else groups[invitation.membership.pillar])["invitations"].append(invitation)
        counts[invitation.answer] += 1
        if invitation.mode and invitation.answer != MeetingInvitation.Answer.NOT_ATTENDING:
            modes[invitation.mode] += 1
    return {
        "groups": [g for g in [*groups.values(), observers] if g["invitations"]],
        "counts": [
            {"answer": value, "label": label, "count": counts[value]}
            for value, label in MeetingInvitation.Answer.choices
        ],
        "modes": [{"label": label, "count": modes[value]} for value, label in MeetingInvitation.Mode.choices],
        "total": len(invitations),
        "pending": len(pending),
        "to_remind": len(pending) - len(reminded),
    }


def reminder_key(meeting: Meeting, user_id: int) -> str:
    """The outbox key of "please answer" to one person: the sweep's chaser and the Secretariat's reminder
    share it, so each person is reminded once, whichever comes first."""
    return f"meeting:{meeting.pk}:chaser:{user_id}"


@dataclass
class Period:
    start: date
    end: date  # exclusive

    @property
    def label(self) -> str:
        """ "Q1 2027", or its first and last days, in the language active where it is shown: the sweep
        builds the period once and each e-mail is written in its reader's language."""
        if (self.end.year * 12 + self.end.month) - (self.start.year * 12 + self.start.month) == 3:
            return _("Q%(quarter)s %(year)s") % {"quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        last = self.end - timedelta(days=1)
        return f"{day_text(self.start, short=True)} – {day_text(last, short=True)}"


def next_period(working_group: WorkingGroup, today: date | None = None) -> Period:
    """The planning period after the current one: the next quarter for a quarterly group.

    Periods are blocks of `meeting_cadence_months` months counted from January.
    """
    today = today or working_group.today()
    months = max(working_group.meeting_cadence_months, 1)
    index = (today.month - 1) // months + 1
    start_month0 = index * months  # months since January of this year
    start = date(today.year + start_month0 // 12, start_month0 % 12 + 1, 1)
    end_month0 = start_month0 + months
    end = date(today.year + end_month0 // 12, end_month0 % 12 + 1, 1)
    return Period(start=start, end=end)


def plenary_in_period(working_group: WorkingGroup, period: Period) -> Meeting | None:
    tz = working_group.tzinfo
    return (
        Meeting.objects.plenaries()
        .not_cancelled()
        .filter(
            working_group=working_group,
            starts_at__gte=datetime.combine(period.start, time.min, tzinfo=tz),
            starts_at__lt=datetime.combine(period.end, time.min, tzinfo=tz),
        )
        .order_by("starts_at")
        .first()
    )


def plenary_among(meetings: list[Meeting], period: Period) -> Meeting | None:
    """plenary_in_period without a query, from the upcoming meetings: the next period starts after today,
    so its plenary, if any, is one of them."""
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        local = timezone.localtime(meeting.starts_at, meeting.working_group.tzinfo).date()
        if (
            meeting.kind == Meeting.Kind.PLENARY
            and meeting.status != Meeting.Status.CANCELLED
            and period.start <= local < period.end
        ):
            return meeting
    return None


def last_agreement(working_group: WorkingGroup) -> Meeting | None:
    """The latest held plenary whose agreement for the next meeting has not been used yet."""
    return (
        Meeting.objects.plenaries()
        .filter(working_group=working_group, status=Meeting.Status.HELD, next_agreed_at__isnull=False)
        .exclude(followed_by__status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED, Meeting.Status.HELD])
        .prefetch_related("next_topics")
        .order_by("-starts_at")
        .first()
    )


def attendance_over_time(working_group: WorkingGroup, limit: int = 8) -> dict:
    """Share of member institutions present per pillar at the last `limit` held plenaries (two queries);
    observers are left out.

    Returns {"chart": Chart | None, "government": avg %, "others": avg %, "weak": bool}.
    """
    meetings = list(
        Meeting.objects.plenaries()
        .filter(working_group=working_group, status=Meeting.Status.HELD, attendances__isnull=False)
        .distinct()
        .order_by("-starts_at")[:limit]
    )[::-1]
    if not meetings:
        return {"chart": None}
    rows = (
        Attendance.objects.filter(meeting__in=meetings, observer=False)  # observers are in no pillar's rate
        .values("meeting_id", "pillar")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
    )
    table = {(row["meeting_id"], row["pillar"]): row for row in rows}
    series = {}
    for value, label in Pillar.choices:
        values = []
        for meeting in meetings:
            row = table.get((meeting.pk, value))
            values.append(round(100 * row["present"] / row["total"]) if row and row["total"] else 0)
        series[str(label)] = values
    tz = working_group.tzinfo
    chart = Chart(
        title=_("Institutions present at plenaries, by pillar (%)"),
        categories=[day_text(m.starts_at, short=True, tz=tz) for m in meetings],
        series=series,
        value_label="%",
    )

    def average(pillars):
        present = sum(r["present"] for (mid, p), r in table.items() if p in pillars)
        total = sum(r["total"] for (mid, p), r in table.items() if p in pillars)
        return round(100 * present / total) if total else None

    government = average({Pillar.GOVERNMENT})
    others = average({Pillar.COMPANIES, Pillar.CIVIL_SOCIETY})
    return {
        "chart": chart,
        "meetings": meetings,
        "government": government,
        "others": others,
        "weak": government is not None and others is not None and government < others,
    }


def compliance_flags(working_group: WorkingGroup, lookback: int = 12) -> list[dict]:
    """Current members that missed the last `max_unexcused_absences` recorded plenaries in a row without excuse.

    Only held plenaries with an attendance register count; an institution with no entry on a
    plenary held after it joined counts as absent. Returns [{"membership", "streak", "last_meeting"}].
    """
    limit = working_group.max_unexcused_absences
    if not limit:
        return []
    meetings = list(
        Meeting.objects.plenaries()
        .filter(working_group=working_group, status=Meeting.Status.HELD, attendances__isnull=False)
        .distinct()
        .order_by("-starts_at")[:lookback]
    )
    memberships = (
        Membership.objects.current()
        .filter(working_group=working_group)
        .select_related("institution")
        .order_by("institution__name")
    )
    flags = []
    tz = working_group.tzinfo
    # Each register as {membership id: status}, read as tuples in one query (the reminder sweep calls
    # this for every group every hour; model instances and per-entry scans made it the sweep's cost).
    registers = {meeting.pk: {} for meeting in meetings}
    for meeting_id, membership_id, status in Attendance.objects.filter(meeting__in=list(registers)).values_list(
        "meeting_id", "membership_id", "status"
    ):
        registers[meeting_id][membership_id] = status
    for membership in memberships:
        streak = 0
        for meeting in meetings:  # newest first
            if timezone.localtime(meeting.starts_at, tz).date() < membership.joined_on:
                break
            entry = registers[meeting.pk].get(membership.pk)
            if entry is not None and entry != Attendance.Status.ABSENT:
                break
            streak += 1
        if streak >= limit:
            flags.append({"membership": membership, "streak": streak, "last_meeting": meetings[0]})
    return flags


def topic_backlog(working_group: WorkingGroup, user) -> list[Topic]:
    """Open topics by support (most supported first), with whether the user's institution supports each."""
    representative = (
        Representative.objects.active().filter(user=user, working_group=working_group).values("membership_id")[:1]
    )
    return list(
        Topic.objects.filter(working_group=working_group, status=Topic.Status.OPEN)
        .select_related("membership__institution")
        .annotate(
            support_count=Count("supports", distinct=True),
            supported_by_me=Exists(TopicSupport.objects.filter(topic=OuterRef("pk"), membership_id__in=representative)),
        )
        .order_by("-support_count", "created_at")
    )


def topics_scheduled(working_group: WorkingGroup) -> list[Topic]:
    return list(
        Topic.objects.filter(working_group=working_group, status=Topic.Status.SCHEDULED)
        .select_related("membership__institution")
        .order_by("-updated_at")[:20]
    )


def meeting_requests_for(working_group: WorkingGroup, user, *, manage: bool) -> list[MeetingRequest]:
    """All pending requests for those who decide; one's own requests for everyone else."""
    requests = MeetingRequest.objects.filter(working_group=working_group).select_related(
        "membership__institution", "requested_by", "meeting"
    )
    if manage:
        return list(requests.filter(status=MeetingRequest.Status.PENDING))
    return list(requests.filter(requested_by=user)[:10])


def meeting_request_for(working_group: WorkingGroup, request_id: int) -> MeetingRequest:
    meeting_request = (
        MeetingRequest.objects.filter(working_group=working_group, pk=request_id)
        .select_related("membership__institution", "requested_by")
        .first()
    )
    if meeting_request is None:
        raise Http404
    return meeting_request


def agenda_item_for(meeting: Meeting, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404
    return item


def topic_for(working_group: WorkingGroup, topic_id: int) -> Topic:
    topic = Topic.objects.filter(working_group=working_group, pk=topic_id).first()
    if topic is None:
        raise Http404
    return topic


def calendar_feed_get(group_slug: str, token: str) -> tuple:
    """(feed owner, group) for a private calendar address.

    404 unless the token is current and its owner may see the group.
    """
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    group = WorkingGroup.objects.filter(slug=group_slug).first()
    if feed is None or group is None or not permissions.access_for(feed.user, group).can("view_group"):
        raise Http404
    return feed.user, group


def feed_meetings(user, working_group: WorkingGroup) -> list[Meeting]:
    """The group's meetings for a person's calendar: the last year and everything ahead."""
    since = timezone.now() - timedelta(days=366)
    return list(
        Meeting.objects.filter(working_group=working_group, starts_at__gte=since)
        .select_related("working_group")
        .order_by("starts_at")
    )


# --- the person's one calendar of all their groups (issue 19) -------------------------------------


def person_feed_owner(token: str):
    """The owner of the private address of the calendar of all their groups (the same secret as each
    group's feed: one per person, `CalendarFeed`). 404 unless the token is current and its owner active."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user


def person_feed_groups(user) -> list[WorkingGroup]:
    """The groups whose meetings go into the person's calendar: each group they hold a role in today
    and whose own feed they may read (the rule of calendar_feed_get: view_group), by name."""
    slugs = permissions.group_slugs_of(user)
    if not slugs:
        return []
    groups = WorkingGroup.objects.filter(slug__in=slugs).order_by("name")
    return [group for group in groups if permissions.access_for(user, group).can("view_group")]


def person_feed_meetings(user) -> list[Meeting]:
    """The meetings of all the person's groups, each group's as its own feed has them (feed_meetings:
    the last year and everything ahead), soonest first. Two queries after the person's access rows
    (their groups, the meetings), whatever the number of groups; none of a group they left."""
    groups = person_feed_groups(user)
    if not groups:
        return []
    since = timezone.now() - timedelta(days=366)
    by_pk = {group.pk: group for group in groups}
    meetings = list(Meeting.objects.filter(working_group__in=groups, starts_at__gte=since).order_by("starts_at", "pk"))
    for meeting in meetings:
        meeting.working_group = by_pk[meeting.working_group_id]  # the groups just read: no join
    return meetings


# --- agenda documents and guests' links (issue 16) -----------------------------------------------


def meeting_documents_visible(access, meeting: Meeting) -> list:
    """The documents of `meeting` this person may read, in upload order (one query; a second, the
    circulation grant, for a member once the meeting is over). Each comes with its meeting."""
    from .permissions import DOCUMENT_VIEW_PERMISSION, documents_circulated

    documents = list(MeetingDocument.objects.filter(meeting=meeting).order_by("created_at", "pk"))
    for document in documents:
        document.meeting = meeting
    if not documents:
        return []
    if not documents_circulated(meeting) or meeting.kind == Meeting.Kind.COORDINATION or access.can("manage_meetings"):
        # One rule covers them all (no query): the audience before the meeting is over, the Coordination
        # Group for its own meetings, the Secretariat always.
        return documents if access.level(documents[0]) is not None else []
    # Circulated: the grant of each document to the reader's role groups, read in one query.
    of_meeting = MeetingDocument.objects.filter(meeting=meeting)
    granted = set(
        permissions.circulated_to(access.user, of_meeting, DOCUMENT_VIEW_PERMISSION, meeting.working_group).values_list(
            "pk", flat=True
        )
    )
    return [document for document in documents if document.pk in granted]


def meeting_document_for(access, working_group: WorkingGroup, meeting_id: int, document_id: int) -> MeetingDocument:
    """A document of this group's meeting `meeting_id`, with its meeting, that this person may read (one
    query); 404 otherwise (another group's, another meeting's, or one they may not read: never confirm
    it exists)."""
    document = (
        MeetingDocument.objects.filter(
            working_group=working_group, meeting__working_group=working_group, meeting_id=meeting_id, pk=document_id
        )
        .select_related("meeting")
        .first()
    )
    if document is None:
        raise Http404
    document.working_group = document.meeting.working_group = working_group  # the request's: no second read
    if access.level(document) is None:
        raise Http404
    return document


def meeting_for_documents(working_group: WorkingGroup, meeting_id: int) -> Meeting:
    """A meeting of this group with its group, nothing prefetched (one query); 404 if none."""
    meeting = Meeting.objects.filter(working_group=working_group, pk=meeting_id).select_related("working_group").first()
    if meeting is None:
        raise Http404
    return meeting


def guest_invitations_of(meeting: Meeting) -> dict:
    """{guest id: GuestInvitation} of `meeting` (one query), for the Secretariat's agenda."""
    return {invitation.guest_id: invitation for invitation in GuestInvitation.objects.filter(meeting=meeting)}


def guest_for(meeting: Meeting, guest_id: int):
    """A guest of an item on `meeting`'s agenda; 404 otherwise."""
    guest = Guest.objects.filter(
        working_group=meeting.working_group, pk=guest_id, agenda_items__meeting=meeting
    ).first()
    if guest is None:
        raise Http404
    return guest


def guest_page_for(group_slug: str, meeting_id: int, token: str) -> dict:
    """What a guest's link shows: the meeting, its agenda (titles and times) and the guest's own items.

    404 unless the token is ours and names this meeting of this group, the invitation is current (not
    replaced by a newer link), the guest is still on the agenda, and the link has not expired.
    """
    data = guest_token_read(token)
    if data is None or data.get("m") != meeting_id:
        raise Http404
    invitation = (
        GuestInvitation.objects.filter(
            meeting_id=meeting_id,
            meeting__working_group__slug=group_slug,
            guest_id=data["g"],
            nonce=data["n"],
        )
        .select_related("meeting__working_group", "guest")
        .first()
    )
    if invitation is None or guest_link_expired(invitation.meeting):
        raise Http404
    meeting = invitation.meeting
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position").prefetch_related("guests"))
    own = [item for item in items if any(g.pk == invitation.guest_id for g in item.guests.all())]
    if not own:
        raise Http404
    return {"meeting": meeting, "guest": invitation.guest, "items": items, "own_ids": {item.pk for item in own}}
