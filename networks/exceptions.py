from vpwg.errors import DomainError


class NetworksError(DomainError):
    """A rule of the networks refused the change; the message is for the user."""
