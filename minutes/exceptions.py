from vpwg.errors import DomainError, TransitionNotAllowed  # noqa: F401 - raised by minutes services


class MinutesError(DomainError):
    """A rule of the minutes workflow refused the change; the message is for the user."""


class StaleRevision(MinutesError):
    """Someone else saved the draft since this person opened it."""


class StaleSuggestion(MinutesError):
    """The mention a suggested wording was to replace is not where the check found it any more."""


class AttributionUnresolved(MinutesError):
    """The non-attribution check still lists hits that are neither fixed nor accepted."""
