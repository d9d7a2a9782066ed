"""The person's own settings, one profile across every group (issue 19): the name on their account,
the language of their pages and e-mails, the weekly digest. The preferences page (/me/preferences/)
is the one place they are changed."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from vpwg.audit import audit_record
from vpwg.kept import group_changed
from vpwg.permissions import group_slugs_of

from ..models import UserProfile, WorkingGroup

__all__ = ["profile_update"]


@transaction.atomic
def profile_update(*, user, first_name: str, last_name: str, language: str, weekly_digest: bool) -> UserProfile:
    """Save the person's settings (`user` acts on their own profile only).

    Requires a language of settings.LANGUAGES (ValueError otherwise). A changed name is shown on the
    pages of each of their groups (the directory, who holds which role), so what those groups keep is
    made stale (vpwg.kept); records `members.profile.updated` with the names of the fields changed.
    Saving the same values again changes and records nothing.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    first_name, last_name = first_name.strip(), last_name.strip()
    profile, _created = UserProfile.objects.select_for_update().get_or_create(user=user)
    changed = []
    if (user.first_name, user.last_name) != (first_name, last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        changed.append("name")
        for pk in WorkingGroup.objects.filter(slug__in=group_slugs_of(user)).values_list("pk", flat=True):
            group_changed(pk)
    if profile.language != language:
        profile.language = language
        changed.append("language")
    if profile.weekly_digest != weekly_digest:
        profile.weekly_digest = weekly_digest
        changed.append("weekly_digest")
    if {"language", "weekly_digest"} & set(changed):
        profile.save(update_fields=["language", "weekly_digest"])
    if changed:
        audit_record(action="members.profile.updated", actor=user, target=user, fields=changed)
    return profile
