from vpwg import permissions, waiting


def working_group(request):
    """The current group, the user's groups for the switcher, and on group pages the person's access
    object (`access.may.view_audit`, `access.roles`): templates ask it, never a role string."""
    group = getattr(request, "working_group", None)
    user = getattr(request, "user", None)
    context = {"current_group": group}
    if user is not None and user.is_authenticated:
        from .selectors import groups_of

        if group is not None and permissions.group_slugs_of(user) == {group.slug}:
            context["my_groups"] = [group]  # in this group only (most people): no query for the switcher
        else:
            context["my_groups"] = lambda: groups_of(user)  # evaluated only if the template asks
    if group is not None and user is not None:
        context["access"] = permissions.access_for(user, group)
        if user.is_authenticated:
            # The navigation's count: one query, only when a page shows it; none on the home page, which
            # has read the list already (vpwg/waiting.py).
            context["waiting_count"] = lambda: waiting.waiting_count_for_request(request)
    return context
