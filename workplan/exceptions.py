class WorkplanError(Exception):
    """A work plan rule refused the change; the message is for the user."""


class TransitionNotAllowed(WorkplanError):
    pass


class StaleEdit(WorkplanError):
    """The object changed since the form was opened; nothing was saved."""
