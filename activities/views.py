import csv

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.kept import kept, query_key
from vpwg.listing import choose_year, int_param, page_of, query_with, year_fold
from vpwg.views import group_view
from workplan.selectors import completion_for

from . import selectors, services
from .charts import CHART_NAMES, chart_svg, statistics_charts
from .forms import ActivityForm, AttachmentForm, OutreachForm, PeriodForm
from .models import Activity


def _fields(cleaned: dict) -> dict:
    fields = dict(cleaned)
    fields.pop("version", None)
    return fields


# Activities on one page of the list (issue 18: a page stays well under 20 KB).
ACTIVITIES_PER_PAGE = 25


@group_view()
@require_GET
def index(request):
    """One year of activities (?year=, default the most recent; issue 18) or all years (?year=all),
    filtered by ?type=, newest first, in pages of ACTIVITIES_PER_PAGE. Bad values show the default.
    The listing is the same for every reader: kept between writes in the group (vpwg.kept), per
    language and query."""
    group = request.working_group
    key = f"activities:{translation.get_language()}:{query_key(request.GET)}"
    return render(
        request,
        "activities/activity_list.html",
        {
            "listing_html": kept(group, key, lambda: _listing_html(request)),
            "can_manage": permissions.access_for(request.user, group).can("manage_activities"),
        },
    )


def _listing_html(request) -> str:
    group = request.working_group
    type_ = request.GET.get("type", "")
    type_ = type_ if type_ in Activity.Type.values else ""
    counts = selectors.activity_year_counts(group, type=type_)
    all_years = request.GET.get("year") == "all"
    year = None if all_years else choose_year(int_param(request.GET, "year"), counts)
    activities, pager = [], None
    if all_years or year is not None:
        # The counts per year are the paginator's total: no COUNT query of its own.
        params = request.GET.copy()  # the page links name the year shown, even when it was the default
        params["year"] = "all" if all_years else str(year)
        activities, pager = page_of(
            params,
            selectors.activities_for(group, year=year, type=type_),
            ACTIVITIES_PER_PAGE,
            count=sum(counts.values()) if all_years else counts[year],
        )
    context = {
        "activities": activities,
        "pager": pager,
        "years": year_fold(request.GET, counts, year),
        "all_years": all_years,
        "all_years_query": query_with(request.GET, year="all"),
        "total": sum(counts.values()),
        "types": Activity.Type.choices,
        "year": year,
        "type": type_,
    }
    return render_to_string("activities/activity_list.html#listing", context, request)


@group_view("manage_activities")
@require_http_methods(["GET", "POST"])
@once_per_submit
def activity_create(request):
    group = request.working_group
    form = ActivityForm(request.POST if request.method == "POST" else None, working_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(working_group=group, actor=request.user, **_fields(form.cleaned_data))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Activity recorded. You can now attach its agenda, photos and materials."))
            return redirect("activities:activity-detail", group_slug=group.slug, activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form})


@group_view("manage_activities")
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id: int):
    group = request.working_group
    activity = selectors.activity_get(group, activity_id)
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity, working_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity,
                actor=request.user,
                version=form.cleaned_data.get("version") or 0,
                **_fields(form.cleaned_data),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Activity saved."))
            return redirect("activities:activity-detail", group_slug=group.slug, activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@group_view()
@require_GET
def activity_detail(request, activity_id: int):
    group = request.working_group
    can_manage = permissions.access_for(request.user, group).can("manage_activities")
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": selectors.activity_get(group, activity_id),
            "can_manage": can_manage,
            "attachment_form": AttachmentForm() if can_manage else None,
        },
    )


@group_view("manage_activities")
@require_http_methods(["GET", "POST"])
@once_per_submit
def attachment_add(request, activity_id: int):
    group = request.working_group
    activity = selectors.activity_get(group, activity_id)
    form = AttachmentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_attachment_add(activity=activity, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("File attached."))
            return redirect("activities:activity-detail", group_slug=group.slug, activity_id=activity.pk)
    return render(request, "activities/attachment_form.html", {"activity": activity, "form": form})


@group_view()
@require_GET
def attachment_download(request, attachment_id: int):
    """Downloads go through here (never a public media URL): only the group's people get the file."""
    attachment = selectors.attachment_get(request.working_group, attachment_id)
    name = (attachment.original_name or attachment.file.name).rsplit("/", 1)[-1]
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name)


@group_view()
@require_GET
def outreach_list(request):
    group = request.working_group
    return render(
        request,
        "activities/outreach_list.html",
        {
            "contacts": selectors.outreach_for(group),
            "today": group.today(),
            "can_manage": permissions.access_for(request.user, group).can("manage_activities"),
        },
    )


@group_view("manage_activities")
@require_http_methods(["GET", "POST"])
@once_per_submit
def outreach_create(request):
    group = request.working_group
    form = OutreachForm(request.POST if request.method == "POST" else None, working_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_create(working_group=group, actor=request.user, **_fields(form.cleaned_data))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Contact logged."))
            return redirect("activities:outreach", group_slug=group.slug)
    return render(request, "activities/outreach_form.html", {"form": form})


@group_view("manage_activities")
@require_http_methods(["GET", "POST"])
def outreach_edit(request, contact_id: int):
    group = request.working_group
    contact = selectors.outreach_get(group, contact_id)
    form = OutreachForm(request.POST if request.method == "POST" else None, instance=contact, working_group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_update(
                contact=contact,
                actor=request.user,
                version=form.cleaned_data.get("version") or 0,
                **_fields(form.cleaned_data),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Contact saved."))
            return redirect("activities:outreach", group_slug=group.slug)
    return render(request, "activities/outreach_form.html", {"form": form, "contact": contact})


def _statistics(request):
    group = request.working_group
    period_form = PeriodForm(request.GET or None)
    period = period_form.period(selectors.default_period(group))
    stats = selectors.activity_statistics(group, period)
    completion = completion_for(group, period.starts_on, period.ends_on)
    return period_form, stats, completion, statistics_charts(stats, completion)


@group_view()
@require_GET
def statistics(request):
    group = request.working_group
    period_form = PeriodForm(request.GET or None)
    asked = period_form.cleaned_data if period_form.is_valid() else {}
    asked = {name: asked[name] for name in ("start", "end") if asked.get(name)}
    # The charts and their tables depend only on the group's rows, the years asked for and the language:
    # kept between writes in the group (vpwg.kept), they are one cache read instead of a dozen queries.
    key = f"statistics:{translation.get_language()}:{asked.get('start', '')}-{asked.get('end', '')}"
    charts = kept(group, key, lambda: _statistics_charts_html(request, asked))
    return render(request, "activities/statistics.html", {"period_form": period_form, "charts_html": charts})


def _statistics_charts_html(request, asked: dict) -> str:
    _form, stats, _completion, charts = _statistics(request)
    context = {
        "stats": stats,
        # chart_svg escapes every label and title it writes.
        "charts": [(name, chart, mark_safe(chart_svg(name, chart))) for name, chart in charts.items()],  # noqa: S308
        "csv_query": urlencode(asked),  # the years asked for, as the CSV links pass them on
    }
    return render_to_string("activities/statistics.html#charts", context, request)


@group_view()
@require_GET
def statistics_csv(request, chart: str):
    if chart not in CHART_NAMES:
        raise Http404
    _form, stats, _completion, charts = _statistics(request)
    data = charts[chart]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    slug = request.working_group.slug
    response["Content-Disposition"] = f'attachment; filename="{slug}-{chart}-{stats["period"].label}.csv"'
    writer = csv.writer(response)
    writer.writerow([data.title])
    writer.writerow([_("Category") if not data.header[0] else data.header[0], *data.header[1:]])
    writer.writerows(data.rows)
    return response
