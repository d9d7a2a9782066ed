"""What the platform (vpwg) asks of members, registered in `MembersConfig.ready()`.

vpwg is the infrastructure below every app and imports none of them; where it needs to know who
represents whom or where a person's language is kept, it calls the lookups registered here.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.utils.translation import gettext

from . import roles
from .models import Representative, UserProfile
from .two_factor import two_factor_missing


class ProfileLanguageStore:
    """A person's chosen language, kept on their profile (vpwg.i18n.LanguageStore)."""

    def chosen_by(self, user) -> str | None:
        return UserProfile.objects.filter(user=user).values_list("language", flat=True).first()

    def chosen_for_address(self, email: str) -> str | None:
        return (
            UserProfile.objects.filter(user__email__iexact=email)
            .exclude(language="")
            .values_list("language", flat=True)
            .first()
        )

    def chosen_for_addresses(self, emails) -> dict[str, str]:
        """The same as chosen_for_address for many addresses, in one query (the sweeps' batches)."""
        wanted = {email.lower(): email for email in emails}
        rows = (
            UserProfile.objects.annotate(address=Lower("user__email"))
            .filter(address__in=list(wanted))
            .exclude(language="")
            .values_list("address", "language")
        )
        return {wanted[address]: language for address, language in rows}

    def remember(self, user, code: str) -> None:
        UserProfile.objects.update_or_create(user=user, defaults={"language": code})


def represented_membership_ids(user, working_group) -> set[int]:
    """The memberships `user` actively represents in `working_group` (for `GroupAccess.institution_ids`)."""
    return set(
        Representative.objects.active()
        .filter(user=user, working_group=working_group)
        .values_list("membership_id", flat=True)
    )


def circulation_recipients(working_group):
    """Who receives a circulated document (vpwg.circulation): the group's participating representatives."""
    return roles.participating_representatives(working_group)


def affiliation_of(user, working_group) -> str | None:
    """The institution a marked copy names for `user`, in the active language: the one they represent,
    else the Secretariat institution whose staff they are today, else None."""
    representation = roles.representation_of(user, working_group, participating=False)
    if representation is not None:
        return representation.membership.institution.name
    term = roles.secretariat_term(working_group)
    if term is not None and user in term.staff.all():
        return gettext("%(institution)s (Secretariat)") % {"institution": term.institution.name}
    return None


def two_factor_guard(request, working_group):
    """Before any group page (vpwg.views.group_view): a privileged role in a group that requires
    two-factor, without an authenticator, is sent to set one up."""
    if two_factor_missing(request.user, working_group):
        messages.warning(request, gettext("Your role requires two-factor sign-in. Set up an authenticator app."))
        return redirect("mfa_activate_totp")
    return None
