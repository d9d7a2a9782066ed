from vpwg.errors import DomainError, StaleEdit, TransitionNotAllowed  # noqa: F401 - raised by workplan services


class WorkplanError(DomainError):
    """A work plan rule refused the change; the message is for the user."""
