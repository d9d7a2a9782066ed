from vpwg.errors import DomainError


class MembersError(DomainError):
    """A rule of the members domain refused the change; the message is for the user."""


class InvitationUnavailable(MembersError):
    pass
