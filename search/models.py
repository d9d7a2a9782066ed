"""The search index: one row per thing a person can find, per audience that may read it.

Rows are derived data (`manage.py search_reindex` rebuilds them all from the apps' tables); see
search/index.py for how they are kept current and search/visibility.py for who reads which row.
The full-text part is the database's own: on PostgreSQL a `tsvector` column filled by a trigger
(the group's language configuration, unaccented), on SQLite an FTS5 table kept by triggers; both
are created by migration 0002 for their vendor only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a result is; the results page groups by it, in this order."""

    INSTITUTION = "institution", _("Institutions")
    REPRESENTATIVE = "representative", _("Representatives")
    MEETING = "meeting", _("Meetings")
    AGENDA_ITEM = "agenda_item", _("Agenda items")
    TOPIC = "topic", _("Topics")
    MINUTES = "minutes", _("Minutes")
    DECISION = "decision", _("Decisions")
    TASK = "task", _("Work plan tasks")
    ACTIVITY = "activity", _("Activities")
    OUTREACH = "outreach", _("Outreach")
    DOCUMENT = "document", _("Documents")


# Kinds whose title is a name: matched by trigram similarity as well (a misspelt or unaccented name).
NAME_KINDS = (Kind.INSTITUTION, Kind.REPRESENTATIVE)

# A group's language -> the PostgreSQL text search configuration that stems it.
TEXT_SEARCH_CONFIG = {"es": "spanish", "en": "english", "fr": "french"}


class SearchEntry(models.Model):
    """One findable text. `audience` says who may read it (search/visibility.py resolves it per person);
    the same object may have several rows, one per audience (the minutes' draft, the version under
    review, the circulated version), so that each person finds only the text they may read."""

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The model the row was built from ("activities.activityattachment"): one kind may gather several.
    source = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.CharField(max_length=300)
    # The title lower-cased and without accents, for trigram similarity on names (PostgreSQL).
    title_folded = models.CharField(max_length=300, blank=True)
    # The PostgreSQL text search configuration of the group's language; the trigger reads it.
    config = models.CharField(max_length=20, default="simple")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id", "audience"], name="search_entry_unique_audience"),
        ]
        indexes = [
            models.Index(fields=["working_group", "kind", "year"], name="search_entry_group_kind_idx"),
            models.Index(fields=["source", "object_id"], name="search_entry_object_idx"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} ({self.audience}) {self.title[:40]}"
