"""Circulating confidential documents to members: one mechanism for minutes and reports.

- Access: `circulate(obj)` grants the built-in `view_<model>` permission on `obj` to the group's
  member and observer role groups (vpwg/permissions.py does the guardian work); `circulated_to` /
  `is_circulated_to` read it back. A membership that ends loses access to everything at once.
- Marking: `stamped_copy(pdf, user=..., working_group=...)` prints the recipient's name, institution,
  date and the Chatham House line on every page (vpwg/pdf.py `stamp_pdf`, no re-render).
- Log: `log_download` / `log_view` write the shared DocumentAccess log (vpwg/documents.py).
- Recipients: `circulation_recipients(working_group)` — active representatives of current members
  and observers.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from . import permissions
from .documents import document_access_log
from .i18n import language_of
from .models import DocumentAccess
from .pdf import stamp_pdf

CONFIDENTIAL_LINE = gettext_lazy("Confidential — Chatham House Rule, do not attribute")


def view_permission(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.view_{meta.model_name}"


def circulate(obj: models.Model) -> None:
    """Let current members' and observers' representatives read `obj` (idempotent)."""
    permissions.circulation_grant(obj, view_permission(obj))


def circulated_to(user, queryset, working_group):
    return permissions.circulated_to(user, queryset, view_permission(queryset.model), working_group)


def is_circulated_to(user, obj: models.Model) -> bool:
    return permissions.is_circulated_to(user, obj, view_permission(obj))


def circulation_recipients(working_group):
    """Active representatives of the group's current members and observers, with their user."""
    from members.models import Membership, Representative

    return (
        Representative.objects.active()
        .filter(working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("user")
    )


def stamp_lines(user, working_group, on: date | None = None) -> list[str]:
    """The recipient band of a downloaded copy: name, institution, date, and the Rule, in the
    recipient's language (their choice, else the group's)."""
    from members.models import Representative

    representation = (
        Representative.objects.active()
        .filter(user=user, working_group=working_group)
        .select_related("membership__institution")
        .first()
    )
    term = None
    if representation is None:
        term = working_group.secretariat_terms.current(working_group.today()).filter(staff=user).first()
    name = user.get_full_name() or user.email
    day = (on or working_group.today()).isoformat()
    with translation.override(language_of(user, default=working_group.language)):
        if representation is not None:
            institution = representation.membership.institution.name
        elif term is not None:
            institution = gettext("%(institution)s (Secretariat)") % {"institution": term.institution.name}
        else:
            institution = working_group.name
        copy = gettext("Copy for %(name)s — %(institution)s — %(date)s") % {
            "name": name,
            "institution": institution,
            "date": day,
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
