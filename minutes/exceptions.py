class MinutesError(Exception):
    """A rule of the minutes workflow refused the change; the message is for the user."""


class TransitionNotAllowed(MinutesError):
    """The minutes are not in a state this transition starts from."""


class StaleRevision(MinutesError):
    """Someone else saved the draft since this person opened it."""


class AttributionUnresolved(MinutesError):
    """The non-attribution check still lists hits that are neither fixed nor accepted."""
