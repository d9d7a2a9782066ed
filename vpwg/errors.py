"""The one base class for refusals of the domain: a rule said no, and the message is for the person.

Views catch `DomainError` and show its message (`vpwg.views_helpers.domain_error_message`); every app's
errors derive from it, so a view never needs to know which app refused.
"""


class DomainError(Exception):
    """A rule refused the change; `str(error)` is a translated message for the person."""


class TransitionNotAllowed(DomainError):
    """The object is not in a state this transition starts from (see the model's ALLOWED table)."""


class StaleEdit(DomainError):
    """The object changed since the form was opened; nothing was saved."""
