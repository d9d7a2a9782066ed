"""Import and export URLs. Batches are made afresh for each case in the target group (A), by its
Secretariat; the actor of the case then opens, confirms, discards or undoes it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from exchange import services

from . import Row, everyone, only

RUNNERS = {"secretariat", "admin"}
CSV = "Institución,Tipo de institución,Pilar\nMinera Andina,Empresa,Empresas\n".encode()


def _upload():
    return SimpleUploadedFile("miembros.csv", CSV, content_type="text/csv")


def _batch(world):
    return services.import_upload(
        working_group=world.group, kind="institutions", uploaded=_upload(), actor=world.users["secretariat"]
    )


def _previewed(world):
    return {"batch_id": _batch(world).pk}


def _imported(world):
    batch = services.import_confirm(batch=_batch(world), actor=world.users["secretariat"])
    return {"batch_id": batch.pk}


ROWS = [
    Row("exchange:index", only(RUNNERS)),
    Row(
        "exchange:index",
        only(RUNNERS, 302),
        method="post",
        data=lambda world: {"kind": "institutions", "file": _upload()},
    ),
    Row("exchange:batch-detail", only(RUNNERS), kwargs=_previewed),
    Row("exchange:batch-confirm", only(RUNNERS, 302), kwargs=_previewed, method="post", data=lambda world: {}),
    Row("exchange:batch-discard", only(RUNNERS, 302), kwargs=_previewed, method="post", data=lambda world: {}),
    Row("exchange:batch-undo", only(RUNNERS), kwargs=_imported),
    Row("exchange:batch-undo", only(RUNNERS, 302), kwargs=_imported, method="post", data=lambda world: {}),
    *[
        Row(
            "exchange:template",
            only(RUNNERS),
            kwargs=lambda world, k=kind: {"kind": k, "file_format": "xlsx"},
            label=kind,
        )
        for kind in ("institutions", "activities", "meetings")
    ],
    Row(
        "exchange:template", only(RUNNERS), kwargs=lambda world: {"kind": "meetings", "file_format": "csv"}, label="csv"
    ),
    # Exports mirror the pages: the directory, activities and the decision register (filtered per person)
    # for the whole group, the attendance register (who attended) for the Secretariat only, as its page.
    Row(
        "exchange:export", everyone(200), kwargs=lambda world: {"name": "directory", "file_format": "csv"}, label="dir"
    ),
    Row(
        "exchange:export",
        everyone(200),
        kwargs=lambda world: {"name": "activities", "file_format": "xlsx"},
        label="act",
    ),
    Row(
        "exchange:export",
        everyone(200),
        kwargs=lambda world: {"name": "decisions", "file_format": "csv"},
        label="decisions",
    ),
    Row(
        "exchange:export",
        only(RUNNERS),
        kwargs=lambda world: {"name": "attendance", "file_format": "csv"},
        label="attendance",
    ),
    Row(
        "exchange:export",
        only(RUNNERS),
        kwargs=lambda world: {"name": "attendance", "file_format": "xlsx"},
        label="attendance-xlsx",
    ),
]
