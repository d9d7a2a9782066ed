"""The access log of confidential documents: who viewed or downloaded which version, and when.

Shared by minutes and reports. `document_access_log` writes; `document_access_for` reads the log of
one document for the Secretariat's "who has read what" page.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import DocumentAccess


def document_access_log(*, working_group, document: models.Model, user, action: str, version: int | None = None):
    """Record that `user` viewed or downloaded (`action`, a DocumentAccess.Action) `document`."""
    return DocumentAccess.objects.create(
        working_group=working_group,
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=version,
        user=user,
        action=action,
    )


def document_access_for(document: models.Model):
    """Every access to `document`, newest first, with the reader (one query)."""
    return DocumentAccess.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).select_related("user")
