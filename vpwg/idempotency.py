"""Forms that append (a warning, a comment, a topic, a support, a progress report, an action, a vote)
append once per submit, however often the browser sends it: a double click, a resend after a timeout,
eight tabs posting at once.

Each such form carries a one-time token (`{% submit_token %}`, a random value written into the page).
The view, wrapped in `@once_per_submit`, runs in one transaction that first writes the token
(`SubmitToken`, unique) and then appends: a second submit of the same form either waits for the first
and finds the token taken, or finds it at once; it appends nothing, and is sent where the first one
went, with "already submitted". A submit that appended nothing (the form re-rendered with errors, or
refused with an error message) rolls back with its token, so the person can correct and send again.

Posts without a token (scripts, tests) are not protected; every form in our templates sends one.
"""

import functools
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import SubmitToken

FIELD = "submit_token"


def new_submit_token() -> str:
    return secrets.token_urlsafe(24)


def _errors_queued(request) -> int:
    """Error messages the view has queued so far (a refusal redirects with one)."""
    storage = getattr(request, "_messages", None)
    return sum(1 for message in getattr(storage, "_queued_messages", ()) if message.level >= messages.ERROR)


def once_per_submit(view):
    """Let each submitted form through once; answer a repeat with the first one's redirect."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        if len(token) > SubmitToken._meta.get_field("token").max_length:
            return HttpResponseBadRequest()
        user = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            try:
                with transaction.atomic():  # its own savepoint: a taken token must not spoil the transaction
                    claim = SubmitToken.objects.create(token=token, user=user, path=request.path[:300])
            except IntegrityError:
                claim = None
            if claim is not None:
                errors_before = _errors_queued(request)
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and _errors_queued(request) == errors_before:
                    claim.redirect_to = response["Location"][:500]
                    claim.save(update_fields=["redirect_to"])
                else:  # nothing appended: the token stays free for a corrected submit
                    transaction.set_rollback(True)
                return response
        first = SubmitToken.objects.filter(token=token).first()
        messages.info(request, _("This form was already submitted; nothing was saved twice."))
        return redirect(first.redirect_to if first is not None and first.redirect_to else request.path)

    return wrapper


def submit_tokens_prune(*, days: int = 30) -> int:
    """Forget tokens older than `days`: no page stays open that long. Returns how many went."""
    from datetime import timedelta

    from django.utils import timezone

    deleted, _by_model = SubmitToken.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
