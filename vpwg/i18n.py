"""The user's language: chosen with the switcher, remembered on their profile, used for their pages,
e-mails and PDFs. The session carries it so no request pays a query for it.

Where the choice is kept (members' UserProfile) is the members app's business: it registers a
`LanguageStore` in its `AppConfig.ready()`, so this module imports no app."""

from typing import Protocol

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

SESSION_KEY = "vpwg_language"

# Django 6.1's blank choice of a select ("- Select an option -", django.db.models.fields.BLANK_CHOICE_LABEL)
# has no Spanish in Django's own catalog. Marked here, it is in ours (LOCALE_PATHS come first).
gettext_noop("- Select an option -")


class LanguageStore(Protocol):
    """Where each person's chosen language is kept. Empty or None: no choice made."""

    def chosen_by(self, user) -> str | None: ...

    def chosen_for_address(self, email: str) -> str | None: ...

    def remember(self, user, code: str) -> None: ...


_STORE: list[LanguageStore] = []


def register_language_store(store: LanguageStore) -> None:
    """members keeps the choice on the person's profile and registers that store here."""
    _STORE[:] = [store]


def _store() -> LanguageStore:
    if not _STORE:
        raise ImproperlyConfigured("No language store registered (members registers it in MembersConfig.ready()).")
    return _STORE[0]


def language_of(user, default: str | None = None) -> str:
    """The language to write to `user` in: their choice, else `default`, else the site's."""
    return _store().chosen_by(user) or default or settings.LANGUAGE_CODE


def language_for_address(email: str, default: str | None = None) -> str:
    """The language of whoever owns this address (their choice), else `default`."""
    return _store().chosen_for_address(email) or default or settings.LANGUAGE_CODE


def languages_for_addresses(emails) -> dict[str, str]:
    """{address: chosen language} for those of `emails` whose owner chose one: one query when the
    store can answer for many at once (`chosen_for_addresses`), as members' store does."""
    store = _store()
    many = getattr(store, "chosen_for_addresses", None)
    if many is not None:
        return many(emails)
    return {email: code for email in emails if (code := store.chosen_for_address(email))}


def remember_language(user, code: str) -> None:
    _store().remember(user, code)


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
    """The saved language wins over the browser's and over a choice made before signing in (Spanish on
    the profile, an English browser: Spanish). With nothing saved yet, a language chosen on the sign-in
    page becomes the person's choice."""
    if request is not None and hasattr(request, "session"):
        code = _store().chosen_by(user)
        if code:
            request.session[SESSION_KEY] = code
            # And for the rest of the sign-in request: its "signed in" message is written now (issue 19).
            translation.activate(code)
            request.LANGUAGE_CODE = code
        elif request.session.get(SESSION_KEY) in dict(settings.LANGUAGES):
            remember_language(user, request.session[SESSION_KEY])


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
