"""The person's preferences and the weekly digest's "stop these e-mails" link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import PreferencesForm
from .models import UserProfile
from .services.digest import user_for_unsubscribe_token, weekly_digest_set


@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in person's own settings."""
    current = UserProfile.objects.filter(user=request.user).values_list("weekly_digest", flat=True).first()
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, initial={"weekly_digest": current is not False}
    )
    if request.method == "POST" and form.is_valid():
        weekly_digest_set(user=request.user, enabled=form.cleaned_data["weekly_digest"])
        messages.success(request, _("Your preferences are saved."))
        return redirect("profile:preferences")
    return render(request, "members/profile_preferences.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token: str):
    """The link in the weekly digest: a button (GET only shows it, so that a mail scanner that follows
    links turns nothing off), then the digest is off for that person. No sign-in needed."""
    user = user_for_unsubscribe_token(token)
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        weekly_digest_set(user=user, enabled=False)
        done = True
    return render(request, "members/digest_unsubscribe.html", {"done": done, "email": user.email})
