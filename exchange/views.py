from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.views import group_view

from . import selectors, services
from .exports import EXPORTS
from .forms import ConfirmForm, UploadForm
from .kinds import registry
from .models import ImportBatch
from .reading import FORMATS, MAX_BYTES, MAX_ROWS
from .writing import download


def _access(request):
    return permissions.access_for(request.user, request.working_group)


def _kinds(access) -> list[str]:
    return [kind for kind in registry() if access.allows("exchange.import", kind)]


def _batch(request, batch_id: int) -> ImportBatch:
    """The group's batch (404 otherwise) if this person may import its kind (403 otherwise)."""
    batch = selectors.batch_for(request.working_group, batch_id)
    if not _access(request).allows("exchange.import", batch.kind):
        raise PermissionDenied
    return batch


def _to_batch(batch):
    return redirect("exchange:batch-detail", group_slug=batch.working_group.slug, batch_id=batch.pk)


@group_view()
@require_http_methods(["GET", "POST"])
def index(request):
    """The import and export page: upload a file, the templates, the exports, the recent imports."""
    group, access = request.working_group, _access(request)
    kinds = _kinds(access)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(
                working_group=group,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return _to_batch(batch)
    context = {
        "form": form,
        "kinds": selectors.kind_guides(group, kinds),
        "exports": [export for export in EXPORTS.values() if access.allows(export.rule)],
        "batches": selectors.recent_batches(group, kinds),
        "max_rows": MAX_ROWS,
        "max_mb": MAX_BYTES // 1024 // 1024,
    }
    return render(request, "exchange/exchange_index.html", context, status=400 if form.errors else 200)


@group_view()
@require_GET
def batch_detail(request, batch_id: int):
    """The preview (each row's outcome, errors by row and column) or the record of an import."""
    batch = _batch(request, batch_id)
    return render(request, "exchange/batch_detail.html", selectors.batch_page(batch))


@group_view()
@require_POST
def batch_confirm(request, batch_id: int):
    batch = _batch(request, batch_id)
    form = ConfirmForm(request.POST)
    only_valid = form.is_valid() and form.cleaned_data["only_valid"]
    try:
        batch = services.import_request(batch=batch, actor=request.user, only_valid=only_valid)
    except DomainError as error:
        messages.error(request, str(error))
        return _to_batch(batch)
    if batch.running:
        messages.success(request, _("The import has started. This page shows what each row did once it is done."))
    elif batch.status == ImportBatch.Status.IMPORTED:
        messages.success(request, _("Imported. It can be undone from this page while nothing depends on it."))
    else:
        messages.error(
            request,
            _(
                "Nothing was imported: %(count)d rows have errors. Correct the file and upload it again, "
                "or import the valid rows only."
            )
            % {"count": batch.failed_count},
        )
    return _to_batch(batch)


@group_view()
@require_POST
def batch_discard(request, batch_id: int):
    batch = _batch(request, batch_id)
    try:
        services.import_discard(batch=batch, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return _to_batch(batch)
    messages.success(request, _("The file was discarded; nothing was imported."))
    return redirect("exchange:index", group_slug=request.working_group.slug)


@group_view()
@require_http_methods(["GET", "POST"])
def batch_undo(request, batch_id: int):
    """GET: what undoing would delete, or what stands in the way; POST: undo."""
    batch = _batch(request, batch_id)
    if request.method == "POST":
        try:
            services.import_undo(batch=batch, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The import was undone: what it created has been deleted."))
        return _to_batch(batch)
    return render(request, "exchange/batch_undo.html", selectors.undo_page(batch))


@group_view()
@require_GET
def template_download(request, kind: str, file_format: str):
    """An empty file to fill in: the header row and an example row, in the group's language."""
    group = request.working_group
    spec = registry().get(kind)
    if spec is None or file_format not in FORMATS:
        raise Http404
    if not _access(request).allows("exchange.import", kind):
        raise PermissionDenied
    with translation.override(group.language):
        headers = [str(column.label) for column in spec.columns]
        example = spec.examples(group)
    return download(
        headers=headers,
        rows=[example],
        file_format=file_format,
        filename=f"{group.slug}-{kind}-template",
        language=group.language,
        sheet_title=kind,
    )


@group_view()
@require_GET
def export_download(request, name: str, file_format: str):
    """The directory, the attendance register, the activities or the decision register, as CSV or XLSX, in the
    group's language."""
    group = request.working_group
    export = EXPORTS.get(name)
    if export is None or file_format not in FORMATS:
        raise Http404
    access = _access(request)
    if not access.allows(export.rule):
        raise PermissionDenied
    with translation.override(group.language):
        headers, rows = export.build(access)
        headers = [str(header) for header in headers]
    return download(
        headers=headers,
        rows=rows,
        file_format=file_format,
        filename=f"{group.slug}-{name}-{group.today().isoformat()}",
        language=group.language,
        sheet_title=name,
    )
