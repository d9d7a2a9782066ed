"""Circulating confidential documents to members: one mechanism for minutes and reports.

- Access: `circulate(obj)` grants the built-in `view_<model>` permission on `obj` to the group's
  member and observer role groups (vpwg/permissions.py does the guardian work and reads it back with
  `circulated_to` / `is_circulated_to`). A membership that ends loses access to everything at once.
- Marking: `stamped_copy(pdf, user=..., working_group=...)` prints the recipient's name, institution,
  date and the Chatham House line on every page (vpwg/pdf.py `stamp_pdf`, no re-render).
- Log: `log_download` / `log_view` write the shared DocumentAccess log (vpwg/documents.py).
- Recipients: `circulation_recipients(working_group)` — active representatives of current members
  and observers.

Who those representatives are, and whom a person represents, is the members app's knowledge: it
registers both lookups in its `AppConfig.ready()`, so this module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from . import permissions
from .dates import day_text
from .documents import document_access_log
from .i18n import language_of
from .models import DocumentAccess
from .pdf import stamp_pdf

CONFIDENTIAL_LINE = gettext_lazy("Confidential — Chatham House Rule, do not attribute")

_RECIPIENTS_LOOKUP: list[Callable] = []  # fn(working_group) -> queryset of representatives (with .user)
_AFFILIATION_LOOKUP: list[Callable] = []  # fn(user, working_group) -> str | None, in the active language


def register_recipients_lookup(lookup: Callable) -> None:
    """members tells who receives a circulated document: `lookup(working_group)` returns a queryset of
    the active representatives of current members and observers (each with `.user`)."""
    _RECIPIENTS_LOOKUP[:] = [lookup]


def register_affiliation_lookup(lookup: Callable) -> None:
    """members tells what a copy's band names as the recipient's institution: `lookup(user, working_group)`
    returns it in the active language, or None (the band then names the group)."""
    _AFFILIATION_LOOKUP[:] = [lookup]


def _registered(registry: list[Callable], name: str) -> Callable:
    if not registry:  # fail loudly: circulating to nobody must never pass silently
        raise ImproperlyConfigured(f"No {name} registered (members registers it in MembersConfig.ready()).")
    return registry[0]


def view_permission(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.view_{meta.model_name}"


def circulate(obj: models.Model) -> None:
    """Let current members' and observers' representatives read `obj` (idempotent)."""
    permissions.circulation_grant(obj, view_permission(obj))


def circulation_recipients(working_group):
    """Active representatives of the group's current members and observers, with their user."""
    return _registered(_RECIPIENTS_LOOKUP, "circulation recipients lookup")(working_group)


def stamp_lines(user, working_group, on: date | None = None) -> list[str]:
    """The recipient band of a downloaded copy: name, institution, date, and the Rule, in the
    recipient's language (their choice, else the group's)."""
    affiliation_of = _registered(_AFFILIATION_LOOKUP, "affiliation lookup")
    name = user.get_full_name() or user.email
    with translation.override(language_of(user, default=working_group.language)):
        institution = affiliation_of(user, working_group) or working_group.name
        copy = gettext("Copy for %(name)s — %(institution)s — %(date)s") % {
            "name": name,
            "institution": institution,
            "date": day_text(on or working_group.today()),  # "4 de junio de 2026", never 2026-06-04
        }
        return [copy, str(CONFIDENTIAL_LINE)]


def stamped_copy(pdf_bytes: bytes, *, user, working_group) -> bytes:
    return stamp_pdf(pdf_bytes, stamp_lines(user, working_group))


def log_download(*, document: models.Model, user, working_group, version: int | None = None):
    return document_access_log(
        working_group=working_group,
        document=document,
        user=user,
        action=DocumentAccess.Action.DOWNLOAD,
        version=version,
    )


def log_view(*, document: models.Model, user, working_group, version: int | None = None):
    return document_access_log(
        working_group=working_group, document=document, user=user, action=DocumentAccess.Action.VIEW, version=version
    )
