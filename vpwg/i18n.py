"""The user's language: chosen with the switcher, remembered on their profile, used for their pages,
e-mails and PDFs. The session carries it so no request pays a query for it."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

SESSION_KEY = "vpwg_language"


def language_of(user, default: str | None = None) -> str:
    """The language to write to `user` in: their choice, else `default`, else the site's."""
    from members.models import UserProfile

    chosen = UserProfile.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or default or settings.LANGUAGE_CODE


def language_for_address(email: str, default: str | None = None) -> str:
    """The language of whoever owns this address (their choice), else `default`."""
    from members.models import UserProfile

    chosen = (
        UserProfile.objects.filter(user__email__iexact=email)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    return chosen or default or settings.LANGUAGE_CODE


def remember_language(user, code: str) -> None:
    from members.models import UserProfile

    UserProfile.objects.update_or_create(user=user, defaults={"language": code})


@login_not_required
@require_POST
def set_language(request):
    """Django's switcher, plus: a signed-in person's choice is kept on their profile."""
    response = django_set_language(request)
    code = request.POST.get("language")
    if code in dict(settings.LANGUAGES):
        request.session[SESSION_KEY] = code
        if request.user.is_authenticated:
            remember_language(request.user, code)
    return response


@receiver(user_logged_in)
def _restore_language_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from members.models import UserProfile

        code = UserProfile.objects.filter(user=user).values_list("language", flat=True).first()
        if code:
            request.session[SESSION_KEY] = code


class UserLanguageMiddleware:
    """After authentication: activate the language kept in the session (set at sign-in or by the switcher)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if code and code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
