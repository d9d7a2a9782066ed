class MeetingsError(Exception):
    """A rule of the meetings domain refused the change; the message is for the user."""


class TransitionNotAllowed(MeetingsError):
    pass
