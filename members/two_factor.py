"""Two-factor enforcement: privileged roles must have TOTP where their group requires it."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from vpwg import permissions


def user_has_two_factor(user) -> bool:
    cached = getattr(user, "_vpwg_has_2fa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._vpwg_has_2fa = cached
    return cached


def two_factor_missing(user, working_group) -> bool:
    """True when `user` holds a privileged role in a group that requires two-factor, and has none."""
    if not user.is_authenticated or not working_group.require_mfa_for_privileged:
        return False
    if not permissions.roles_of(user, working_group) & permissions.PRIVILEGED_ROLES:
        return False
    return not user_has_two_factor(user)


class AdminTwoFactorMiddleware:
    """Staff must have two-factor before they open the Django admin (VPWG_ADMIN_REQUIRES_MFA).

    Group pages enforce their own group's setting in `vpwg.views.group_view`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith("/admin/")
            and user.is_authenticated
            and user.is_staff
            and getattr(settings, "VPWG_ADMIN_REQUIRES_MFA", True)
            and not user_has_two_factor(user)
        ):
            messages.warning(request, _("The administration requires two-factor sign-in. Set up an authenticator app."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
