from vpwg.errors import DomainError


class ReportError(DomainError):
    """A report request or transition that cannot happen now; the message is for the user."""
