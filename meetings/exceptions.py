from vpwg.errors import DomainError, TransitionNotAllowed  # noqa: F401 - raised by meetings services


class MeetingsError(DomainError):
    """A rule of the meetings domain refused the change; the message is for the user."""
