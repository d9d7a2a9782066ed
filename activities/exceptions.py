class ActivitiesError(Exception):
    """An activities rule refused the change; the message is for the user."""


class StaleEdit(ActivitiesError):
    """The record changed since the form was opened; nothing was saved."""
