"""Upload checks by content, not by name: form fields use these validators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Leading bytes of the formats the platform accepts.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],  # also xlsx/pptx/odt: zip containers
    "xlsx": [b"PK\x03\x04"],
    "pptx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
}
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt", "png", "jpeg")


def sniff(uploaded) -> str | None:
    """The format the file's first bytes show, or None."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


class FileContentValidator:
    """Refuses files larger than `max_mb` or whose content is not one of `kinds`."""

    def __init__(self, kinds=DOCUMENTS, max_mb: int = 10):
        self.kinds, self.max_mb = tuple(kinds), max_mb

    def __call__(self, uploaded):
        if uploaded.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large (%(size).1f MB); the limit is %(limit)d MB."),
                params={"size": uploaded.size / 1024 / 1024, "limit": self.max_mb},
                code="file_too_large",
            )
        kind = sniff(uploaded)
        extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        extension = "jpeg" if extension == "jpg" else extension
        if kind is None or kind not in self.kinds or (extension and extension != kind and kind != "docx"):
            raise ValidationError(
                _("This file type is not accepted. Accepted: %(kinds)s."),
                params={"kinds": ", ".join(k.upper() for k in self.kinds)},
                code="file_type",
            )

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)

    def deconstruct(self):
        return ("vpwg.uploads.FileContentValidator", (), {"kinds": self.kinds, "max_mb": self.max_mb})
