"""Every write of the exchange app: imports (upload and preview, confirm, discard) and their undoing."""

from .imports import SYNC_ROWS, import_confirm, import_discard, import_preview, import_request, import_upload, kind_for
from .undo import import_dependents, import_undo

__all__ = [
    "SYNC_ROWS",
    "import_request",
    "import_confirm",
    "import_dependents",
    "import_discard",
    "import_preview",
    "import_undo",
    "import_upload",
    "kind_for",
]
