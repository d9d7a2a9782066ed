"""A guest's own link to a meeting's agenda: the signed token and how long it works.

Pure functions over the models, so both the services (which send links) and the selectors (which
open them) use them without depending on each other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from .models import GuestInvitation, Meeting

GUEST_LINK_SALT = "meetings.guest-link"
GUEST_LINK_DAYS_AFTER = 7


def guest_token(invitation: GuestInvitation) -> str:
    """The signed key of a guest's link: which meeting, which guest, and the invitation's nonce."""
    # No timestamp in it: the same link every time it is shown (a new nonce, not time, replaces it).
    return signing.Signer(salt=GUEST_LINK_SALT).sign_object(
        {"m": invitation.meeting_id, "g": invitation.guest_id, "n": invitation.nonce}
    )


def guest_token_read(token: str) -> dict | None:
    """{"m": meeting id, "g": guest id, "n": nonce} from a link's token, or None if it was not ours."""
    try:
        data = signing.Signer(salt=GUEST_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not {"m", "g", "n"} <= set(data):
        return None
    return data


def guest_link_expired(meeting: Meeting, now: datetime | None = None) -> bool:
    return meeting.ends_at + timedelta(days=GUEST_LINK_DAYS_AFTER) <= (now or timezone.now())
