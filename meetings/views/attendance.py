from django.contrib import messages
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.charts import bar_chart_svg
from vpwg.errors import DomainError
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    AttendanceForm,
)
from ._common import _detail


@group_view("manage_meetings")
@require_http_methods(["GET", "POST"])
def attendance_record(request, meeting_id: int):
    group = request.working_group
    meeting = selectors.meeting_for(group, meeting_id)
    if not meeting.has_started:
        messages.error(request, _("Attendance can only be recorded once the meeting has started."))
        return _detail(meeting)
    form = AttendanceForm(request.POST or None, rows=selectors.attendance_form_rows(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, actor=request.user, entries=form.entries())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance recorded."))
            return _detail(meeting)
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "form": form})


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
