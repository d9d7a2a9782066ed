from vpwg.errors import DomainError, StaleEdit  # noqa: F401 - StaleEdit is raised by activities services


class ActivitiesError(DomainError):
    """An activities rule refused the change; the message is for the user."""
