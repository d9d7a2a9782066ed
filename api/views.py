"""The person's API tokens page: create (the token is shown once), list with last use, revoke."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vpwg.errors import DomainError

from . import tokens
from .forms import TokenForm


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.token_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            created = {"token": token, "secret": secret}  # shown on this page only, never again
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": tokens.tokens_of(request.user),
        "docs_url": reverse("api:v1:openapi-view"),
        "api_root": request.build_absolute_uri("/api/v1/"),
    }
    response = render(request, "api/token_list.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a new token
    return response


@require_POST
def token_revoke(request, token_id: int):
    token = tokens.token_of(request.user, token_id)
    if token is None:
        raise Http404
    tokens.token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("Token “%(name)s” revoked: programs using it get 401 from now on.") % {"name": token.name}
    )
    return redirect("api:tokens")
