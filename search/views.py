from django.shortcuts import render
from django.views.decorators.http import require_GET

from vpwg import permissions
from vpwg.views import group_view

from .forms import SearchForm
from .query import search

PER_KIND = 5  # on the overview; a kind filter shows up to ALL_OF_KIND
ALL_OF_KIND = 50


@group_view()
@require_GET
def search_results(request):
    """Everything in the group that matches and that this person may read, grouped by kind."""
    group = request.working_group
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search(
            permissions.access_for(request.user, group),
            data["q"],
            kind=data["kind"],
            year=data["year"],
            per_kind=ALL_OF_KIND if data["kind"] else PER_KIND,
        )
    counts = results.kind_counts if results else {}
    kind_options = [
        (value, label, counts.get(value, 0) if results and value else None)
        for value, label in form.fields["kind"].choices
    ]
    context = {"form": form, "results": results, "kind_options": kind_options}
    return render(request, "search/search_results.html", context)
