"""Two-factor enforcement for privileged roles, where the group's setting asks for it."""

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


def two_factor_required(user, working_group) -> bool:
    """True when `user` holds a privileged role in a group that requires two-factor sign-in."""
    if not working_group.require_mfa_for_privileged:
        return False
    return bool(permissions.roles_of(user, working_group) & permissions.PRIVILEGED_ROLES)


class TwoFactorEnforcementMiddleware:
    """Sends privileged users without TOTP to set it up before they open their group's pages.

    Group pages are checked against that group's setting; the Django admin is checked for
    superusers and staff when VPWG_ADMIN_REQUIRES_MFA is on (the default).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        needs_2fa = False
        slug = view_kwargs.get("group_slug")
        if slug:
            from .models import WorkingGroup

            working_group = WorkingGroup.objects.filter(slug=slug).first()
            needs_2fa = working_group is not None and two_factor_required(user, working_group)
        elif request.path.startswith("/admin/") and user.is_staff:
            needs_2fa = getattr(settings, "VPWG_ADMIN_REQUIRES_MFA", True)
        if needs_2fa and not user_has_two_factor(user):
            messages.warning(request, _("Your role requires two-factor sign-in. Set up an authenticator app first."))
            return redirect("mfa_activate_totp")
        return None
