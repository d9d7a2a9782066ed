"""Networks of working groups (an initiative, a national network): figures across groups, never their content.

A group takes part through a NetworkGroup row; whether it shares its figures with the network is its
charter's decision (off by default), changed only by networks.services.network_sharing_change.
Network staff are a role at network level, the Django group `network:<slug>:staff` (vpwg/permissions.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import WorkingGroup
from vpwg.models import TimeStampedModel


class Network(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=40, unique=True, help_text=_("Used in every address: /n/<slug>/"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")

    def __str__(self):
        return self.name


class NetworkGroup(TimeStampedModel):
    """A working group in a network. `shares_figures` is a charter decision of the group."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="group_rows")
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="network_rows")
    shares_figures = models.BooleanField(_("shares its figures with the network"), default=False)

    class Meta:
        ordering = ["working_group__country", "working_group__name"]
        verbose_name = _("group in a network")
        constraints = [
            models.UniqueConstraint(fields=["network", "working_group"], name="network_group_unique"),
        ]

    def __str__(self):
        return f"{self.working_group} ({self.network.slug})"
