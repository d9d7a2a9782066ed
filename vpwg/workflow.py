"""The one transition check over a model's ALLOWED table.

Every model with a workflow declares `Status` (TextChoices) and `ALLOWED = {from: {to, ...}}`;
services call `transition(obj, to)` (or `check_transition` when they set the status themselves
after more checks). The refusal is always `vpwg.errors.TransitionNotAllowed` with a message that
names both states in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import TransitionNotAllowed


def _label(model, status: str) -> str:
    try:
        return str(model.Status(status).label)
    except ValueError:
        return status


def check_transition(obj, to_status: str, *, from_status: str | None = None, message: str | None = None) -> None:
    """Raise TransitionNotAllowed unless `obj.status` may become `to_status` (and, when given, is `from_status`).

    `message` replaces the generic one where the workflow has a better thing to say.
    """
    model = type(obj)
    current = obj.status
    allowed = model.ALLOWED.get(current, set())
    if to_status in allowed and (from_status is None or current == from_status):
        return
    if message is None:
        message = _("This is “%(status)s” and cannot become “%(to)s”.") % {
            "status": _label(model, current),
            "to": _label(model, to_status),
        }
    raise TransitionNotAllowed(message)


def transition(obj, to_status: str, *, from_status: str | None = None, message: str | None = None) -> str:
    """Check the move, set `obj.status` (not saved) and return the status it came from."""
    check_transition(obj, to_status, from_status=from_status, message=message)
    previous, obj.status = obj.status, to_status
    return previous


def allowed_next(obj) -> set[str]:
    """The statuses `obj` may move to from where it is (for offering buttons)."""
    return set(type(obj).ALLOWED.get(obj.status, set()))
