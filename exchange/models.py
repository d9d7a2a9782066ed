"""An import of a spreadsheet: the rows read from the file, what each row did (or would do), and the
objects it created, so that the import can be undone as a whole while nothing depends on them."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel

STUCK = timedelta(minutes=15)


class ImportKind(models.TextChoices):
    INSTITUTIONS = "institutions", _("Institutions and representatives")
    ACTIVITIES = "activities", _("Activities and participants")
    MEETINGS = "meetings", _("Past meetings and attendance")


class ImportBatch(TimeStampedModel):
    """One uploaded file: previewed, then imported (or discarded), and perhaps undone."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")
        UNDONE = "undone", _("Undone")

    ALLOWED = {
        Status.PREVIEWED: {Status.IMPORTED, Status.DISCARDED},
        Status.IMPORTED: {Status.UNDONE},
        Status.DISCARDED: set(),
        Status.UNDONE: set(),
    }

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="import_batches")
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    file_name = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(max_length=8)  # csv | xlsx
    encoding = models.CharField(max_length=20, blank=True)  # what a CSV was read as
    # [{"row": file row number, "values": {column key: text}}]: what the file said, read once.
    rows = models.JSONField(default=list)
    # [{"row", "outcome", "errors": [[column label, message]], "notes": [message]}] of the last run.
    results = models.JSONField(default=list)
    warnings = models.JSONField(default=list)  # file-level: unknown columns
    only_valid = models.BooleanField(_("imported the valid rows only"), default=False)
    # A large file is previewed and imported by a worker (exchange/tasks.py): what it is doing, since when.
    running = models.CharField(max_length=10, blank=True, choices=[("preview", "preview"), ("import", "import")])
    running_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result["outcome"] == outcome)

    @property
    def failed_count(self) -> int:
        return self.count("error")

    @property
    def is_stuck(self) -> bool:
        """Running for far longer than the largest file takes: the worker or the broker was lost."""
        return bool(self.running) and self.running_since is not None and timezone.now() - self.running_since > STUCK


class ImportedObject(models.Model):
    """One row an import created (an institution, a membership, an invitation, an activity, an attendance
    entry...), in creation order: undoing deletes them newest first."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="created_objects")
    position = models.PositiveIntegerField()
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    label = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="imported_object_unique_position")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"
