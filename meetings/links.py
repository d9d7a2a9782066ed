"""Links to meetings pages for e-mails and calendar entries (absolute: they are read outside the site)."""

from __future__ import annotations

from vpwg.outbox import absolute_url


def meeting_url(meeting) -> str:
    """The meeting's page."""
    return absolute_url("meetings:meeting-detail", meeting.working_group.slug, meeting.pk)


def meetings_index_url(working_group) -> str:
    """The group's meetings page (upcoming meetings, the topic backlog and requests)."""
    return absolute_url("meetings:index", working_group.slug)
