"""Personal access tokens: a person lets a program act as them through the API (api/auth.py).

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created. A token
reads (scope `read`) or also writes (`write`, e.g. answering an invitation), until it expires or
its owner revokes it. What it may see and do is what its owner may: the API asks the same access
object as the pages (`vpwg.permissions.access_for`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel


class ApiToken(TimeStampedModel):
    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “website calendar”."))
    prefix = models.CharField(max_length=16)  # the token's first characters, shown in the list to tell tokens apart
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        """A write token may read too."""
        return scope == self.Scope.READ or self.scope == self.Scope.WRITE
