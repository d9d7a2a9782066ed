"""The person's preferences (one profile across groups) and the weekly digest's "stop these e-mails" link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vpwg.i18n import SESSION_KEY as LANGUAGE_SESSION_KEY

from .forms import PreferencesForm
from .models import UserProfile
from .services.digest import user_for_unsubscribe_token, weekly_digest_set
from .services.profile import profile_update


@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in person's own settings, the same in every group: name, language, weekly digest.
    A new language applies at once (this session, and the language cookie for after signing out) and at
    every later sign-in (vpwg.i18n restores it from the profile)."""
    user = request.user
    profile = UserProfile.objects.filter(user=user).values("language", "weekly_digest").first() or {}
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": profile.get("language") or translation.get_language(),
        "weekly_digest": profile.get("weekly_digest") is not False,
    }
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile_update(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
            weekly_digest=data["weekly_digest"],
        )
        request.session[LANGUAGE_SESSION_KEY] = data["language"]
        translation.activate(data["language"])  # the message below is in the language just chosen
        messages.success(request, _("Your preferences are saved."))
        response = redirect("profile:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
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
