from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg.charts import bar_chart_svg
from vpwg.errors import DomainError
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AttendanceForm,
)
from ..models import Attendance
from ._common import _access, _detail


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def attendance_record(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_plain_for(group, meeting_id)
    if not meeting.has_started:
        messages.error(request, _("Attendance can only be recorded once the meeting has started."))
        return _detail(meeting)
    form = AttendanceForm(request.POST or None, register=selectors.attendance_register(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting, actor=request.user, entries=form.entries(), guests=form.guests()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance recorded."))
            return _detail(meeting)
    context = {
        "meeting": meeting,
        "form": form,
        "can_use_door": _access(request).allows("meetings.mark_at_door", meeting),
    }
    return render(request, "meetings/attendance_form.html", context)


@group_view("manage_meetings")
@require_GET
def attendance_door(request, meeting_id: int):
    """The door list: every institution with one button to mark it present, for a phone."""
    meeting = selectors.meeting_plain_for(request.working_group, meeting_id)
    if not _access(request).allows("meetings.mark_at_door", meeting):
        messages.error(request, _("The door list opens two hours before the meeting starts."))
        return _detail(meeting)
    rows = selectors.attendance_register(meeting, guests=False)["rows"]
    return render(request, "meetings/attendance_door.html", {"meeting": meeting, "rows": rows, "total": len(rows)})


@group_view("manage_meetings")
@require_POST
def attendance_door_mark(request, meeting_id: int, membership_id: int):
    """One tap at the door (an htmx POST from the row; a plain POST without JavaScript): present, or undo."""
    meeting = selectors.meeting_plain_for(request.working_group, meeting_id)
    rows = selectors.attendance_register(meeting, membership_id=membership_id)["rows"]
    if not rows:
        raise Http404
    row, present = rows[0], request.POST.get("present") != "0"
    suggestion = row["suggestion"]
    through = suggestion["representative"] if suggestion and suggestion["status"] == Attendance.Status.PRESENT else None
    error = None
    try:
        services.attendance_mark(
            meeting=meeting, actor=request.user, membership=row["membership"], present=present, representative=through
        )
    except DomainError as exc:
        error = str(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        door = reverse(
            "meetings:attendance-door", kwargs={"group_slug": meeting.working_group.slug, "meeting_id": meeting.pk}
        )
        return redirect(f"{door}#door-{membership_id}")
    row = selectors.attendance_register(meeting, membership_id=membership_id)["rows"][0]
    return render(request, "meetings/attendance_door.html#door_row", {"meeting": meeting, "row": row, "error": error})


@group_view()
def attendance_overview(request):
    group = request.working_group
    data = selectors.attendance_over_time(group)
    chart_svg = mark_safe(bar_chart_svg(data["chart"], chart_id="attendance-chart")) if data["chart"] else ""  # noqa: S308 - escaped by charts.py
    return render(request, "meetings/attendance_overview.html", {"data": data, "chart_svg": chart_svg})


@group_view("view_compliance")
def compliance(request):
    group = request.working_group
    return render(request, "meetings/compliance_list.html", {"flags": selectors.compliance_flags(group)})
