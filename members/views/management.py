from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vpwg.errors import DomainError
from vpwg.kept import kept, query_key
from vpwg.listing import page_of
from vpwg.views import group_view

from .. import selectors, services
from ..forms import (
    CharterForm,
    LifecycleForm,
    SeatAssignForm,
    SecretariatTermForm,
)
from ..models import (
    CoordinationSeat,
    WorkingGroup,
)
from ._common import _access

# --- management levels, audit trail, charter -----------------------------------------------------


@group_view()
@require_http_methods(["GET", "POST"])
def coordination_group(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_roles")
    form = SeatAssignForm(request.POST or None, working_group=group, initial={"started_on": group.today()})
    if request.method == "POST":
        access.require("manage_roles")
        if form.is_valid():
            try:
                services.coordination_seat_assign(working_group=group, actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The seat has been assigned."))
                return redirect("members:coordination", group_slug=group.slug)
    return render(
        request,
        "members/coordination_group.html",
        {
            "seats": selectors.coordination_seats_for(group),
            "form": form if can_manage else None,
        },
    )


@group_view("manage_roles")
@require_http_methods(["GET", "POST"])
def coordination_seat_end(request, seat_id: int):
    group = request.working_group
    seat = get_object_or_404(
        CoordinationSeat.objects.select_related("representative__user"), pk=seat_id, working_group=group
    )
    form = LifecycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordination_seat_end(
                seat=seat,
                actor=request.user,
                ended_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The term has ended."))
        return redirect("members:coordination", group_slug=group.slug)
    return render(request, "members/coordination_seat_end.html", {"seat": seat, "form": form})


@group_view()
@require_http_methods(["GET", "POST"])
def secretariat(request):
    group, access = request.working_group, _access(request)
    can_manage = access.can("manage_roles")
    form = SecretariatTermForm(request.POST or None, working_group=group, initial={"started_on": group.today()})
    if request.method == "POST":
        access.require("manage_roles")
        if form.is_valid():
            try:
                services.secretariat_term_start(
                    working_group=group,
                    institution=form.cleaned_data["membership"].institution,
                    staff=[rep.user for rep in form.cleaned_data["staff"]],
                    started_on=form.cleaned_data["started_on"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The Secretariat has been handed over."))
                return redirect("members:secretariat", group_slug=group.slug)
    return render(
        request,
        "members/secretariat_terms.html",
        {
            "terms": selectors.secretariat_terms_for(group),
            "form": form if can_manage else None,
        },
    )


# Records on one page of the audit trail (issue 18: a page stays well under 20 KB).
AUDIT_PER_PAGE = 40


@group_view("view_audit")
def audit_trail(request):
    """The group's audit trail, newest first, in pages (?page=; not a number: the first; past the end: the last)."""
    group = request.working_group
    key = f"audit:{translation.get_language()}:{query_key(request.GET)}"
    return render(request, "members/audit_trail.html", {"listing_html": kept(group, key, lambda: _audit_html(request))})


def _audit_html(request) -> str:
    page, pager = page_of(request.GET, selectors.audit_trail_for(request.working_group), AUDIT_PER_PAGE)
    return render_to_string("members/audit_trail.html#listing", {"page": page, "pager": pager}, request)


@group_view()
def charter(request):
    group = request.working_group
    return render(
        request,
        "members/charter.html",
        {
            "rules": selectors.charter_rules_for(group),
            "decision_rules": services.decision_rules_for(group),
            "changes": group.charter_changes.select_related("actor")[:50],
            "can_edit": _access(request).can("manage_settings"),
        },
    )


@group_view("manage_settings")
@require_http_methods(["GET", "POST"])
def charter_edit(request):
    group = request.working_group
    form = CharterForm(
        request.POST or None, instance=WorkingGroup.objects.get(pk=group.pk), initial={"decided_on": group.today()}
    )
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in services.CHARTER_FIELDS}
        try:
            rows = services.charter_change(
                working_group=group,
                actor=request.user,
                changes=changes,
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)d rule changed.", "%(count)d rules changed.", len(rows)) % {"count": len(rows)},
            )
            return redirect("members:charter", group_slug=group.slug)
    return render(request, "members/charter_edit.html", {"form": form})
