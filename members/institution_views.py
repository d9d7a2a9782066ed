"""The institution's other names (aliases) and the organisation it belongs to: the Secretariat and the
group's administrators edit them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.views import group_view

from . import selectors, services
from .exceptions import MembersError
from .forms import InstitutionAliasesForm, InstitutionParentForm


@group_view("manage_representatives")
@require_http_methods(["GET", "POST"])
def institution_aliases(request, institution_id: int):
    group = request.working_group
    membership = selectors.institution_page_for(group, institution_id)
    institution = membership.institution
    form = InstitutionAliasesForm(request.POST or None, initial={"aliases": "\n".join(institution.aliases or [])})
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.institution_set_aliases(
                institution=institution, aliases=form.cleaned_data["aliases"], actor=request.user, working_group=group
            )
        except ValidationError as error:
            form.add_error("aliases", error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("The other names of %(institution)s are saved.") % {"institution": institution})
            return redirect("members:institution-detail", group_slug=group.slug, institution_id=institution_id)
    return render(request, "members/institution_aliases.html", {"membership": membership, "form": form})


@group_view("manage_representatives")
@require_http_methods(["GET", "POST"])
def institution_parent(request, institution_id: int):
    group = request.working_group
    membership = selectors.institution_page_for(group, institution_id)
    institution = membership.institution
    form = InstitutionParentForm(
        request.POST or None,
        initial={"parent": institution.parent_id},
        choices=selectors.parent_choices_for(request.user, institution),
    )
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_set_parent(
                institution=institution,
                parent=form.cleaned_data["parent"],
                new_parent_name=form.cleaned_data["new_parent_name"],
                actor=request.user,
                working_group=group,
            )
        except MembersError as error:
            form.add_error(None, str(error))
        else:
            if institution.parent is None:
                messages.success(
                    request, _("%(institution)s belongs to no organisation.") % {"institution": institution}
                )
            else:
                messages.success(
                    request,
                    _("%(institution)s belongs to %(parent)s.")
                    % {"institution": institution, "parent": institution.parent},
                )
            return redirect("members:institution-detail", group_slug=group.slug, institution_id=institution_id)
    return render(request, "members/institution_parent.html", {"membership": membership, "form": form})
