from vpwg import permissions


def _access(request):
    return permissions.access_for(request.user, request.working_group)
