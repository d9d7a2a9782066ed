"""The institution's other names (aliases): the Secretariat and the group's administrators edit them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.views import group_view

from . import selectors, services
from .forms import InstitutionAliasesForm


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
