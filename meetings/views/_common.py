from django.shortcuts import redirect

from vpwg import permissions


def _access(request):
    return permissions.access_for(request.user, request.working_group)


def _detail(meeting) -> str:
    return redirect("meetings:meeting-detail", group_slug=meeting.working_group.slug, meeting_id=meeting.pk)


def _url(name: str, group) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"group_slug": group.slug})
