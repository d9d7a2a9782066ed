"""Upload checks by content, not by name: form fields use these validators.

A file passes when its name's extension belongs to an accepted kind AND its first bytes are
what that kind starts with. Office documents are ZIP containers, so for them the extension
decides which kind it claims to be and the bytes must be a ZIP.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Leading bytes of each container format.
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "zip": (b"PK\x03\x04",),
}
# kind -> (accepted extensions, container whose bytes it must start with)
KINDS = {
    "pdf": ({"pdf"}, "pdf"),
    "png": ({"png"}, "png"),
    "jpeg": ({"jpg", "jpeg"}, "jpeg"),
    "docx": ({"docx"}, "zip"),
    "xlsx": ({"xlsx"}, "zip"),
    "pptx": ({"pptx"}, "zip"),
    "odt": ({"odt"}, "zip"),
}
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt", "png", "jpeg")


def sniff(uploaded) -> str | None:
    """The container format the file's first bytes show (pdf, png, jpeg, zip), or None."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    for container, signatures in MAGIC.items():
        if any(head.startswith(signature) for signature in signatures):
            return container
    return None


def kind_of(uploaded, accepted=DOCUMENTS) -> str | None:
    """The accepted kind this file really is (name and content agree), or None."""
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    container = sniff(uploaded)
    for kind in accepted:
        extensions, expected = KINDS[kind]
        if extension in extensions and container == expected:
            return kind
    return None


class FileContentValidator:
    """Refuses files larger than `max_mb` or that are not truly one of `kinds` (by name and content)."""

    def __init__(self, kinds=DOCUMENTS, max_mb: int = 10):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
        self.kinds, self.max_mb = tuple(kinds), max_mb

    def __call__(self, uploaded):
        if uploaded.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large (%(size).1f MB); the limit is %(limit)d MB."),
                params={"size": uploaded.size / 1024 / 1024, "limit": self.max_mb},
                code="file_too_large",
            )
        if kind_of(uploaded, self.kinds) is None:
            raise ValidationError(
                _("This file type is not accepted. Accepted: %(kinds)s."),
                params={"kinds": ", ".join(k.upper() for k in self.kinds)},
                code="file_type",
            )

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)

    def deconstruct(self):
        return ("vpwg.uploads.FileContentValidator", (), {"kinds": self.kinds, "max_mb": self.max_mb})
