"""PDF rendering and per-recipient stamping, shared by minutes and reports ("one mechanism for both").

- `render_pdf(html)` turns HTML into PDF bytes with WeasyPrint. It runs in Celery tasks, never in a
  request. Its URL fetcher serves only the project's own static files (found through
  django.contrib.staticfiles finders, addressed as `{% static %}` URLs) and `data:` URLs; everything
  else (other `file://` paths, `http(s)://`, ...) is refused, so user text can never make the renderer
  read local files or call the network.
- `stamp_pdf(pdf, lines)` overlays a small text band on every page of an already-rendered PDF (the
  recipient's name, institution, date and the confidentiality line). It edits the page content streams
  with pypdf and a standard Helvetica font (WinAnsi encoding, so accents survive): no re-rendering,
  a few milliseconds per copy.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

# Relative and root-relative URLs in the HTML resolve against this base; only its static path is served.
PDF_BASE_URL = "https://vpwg-pdf.invalid/"


_HASHED = re.compile(r"^(.+)\.[0-9a-f]{12}(\.[A-Za-z0-9]+)$")


def _static_path(url: str) -> str | None:
    """The local file behind `url` if it is one of the project's static files, else None."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    static_url = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not path.startswith(static_url):
        return None
    relative = path[len(static_url) :]
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        return None
    for candidate in (relative, _HASHED.sub(r"\1\2", relative)):
        # Production's manifest storage links hashed names (print.3f2a…c1.css): map back to the source.
        try:
            found = finders.find(candidate)
        except SuspiciousFileOperation:
            return None
        if isinstance(found, str):
            return found
    return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Serves `data:` URLs and the project's static files; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                logger.warning("PDF rendering refused to fetch %s", url[:200])
                raise ValueError(f"PDF rendering fetches only the project's static files, not {url[:200]}")
            mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as handle:
                body = handle.read()
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return StaticOnlyURLFetcher


def render_pdf(html: str) -> bytes:
    """Render `html` (a complete document; link stylesheets with `{% static %}`) to PDF bytes."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(allowed_protocols=("data",))
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf()


# --- stamping ------------------------------------------------------------------------------------

STAMP_FONT_NAME = "/VPWGStamp"
STAMP_FONT_SIZE = 7.5
STAMP_LEADING = 9.5
STAMP_MARGIN = 28  # points from the left and bottom edges of the page


def _pdf_string(text: str) -> bytes:
    """`text` as a PDF literal string in WinAnsi (cp1252) encoding; characters it lacks become '?'."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stamp_stream(lines: list[str], width: float, left: float, bottom: float) -> bytes:
    height = STAMP_LEADING * len(lines) + 6
    ops = [
        b"Q q",  # close the page's own graphics state, then isolate ours
        b"1 0 0 1 %.2f %.2f cm" % (left, bottom),
        b"0.96 g 0 0 %.2f %.2f re f" % (width - 2 * STAMP_MARGIN, height),  # a light band behind the text
        b"0.25 g BT %s %.1f Tf %.1f TL 4 %.2f Td"
        % (STAMP_FONT_NAME.encode(), STAMP_FONT_SIZE, STAMP_LEADING, height - STAMP_LEADING),
    ]
    for index, line in enumerate(lines):
        ops.append((b"" if index == 0 else b"T* ") + _pdf_string(line) + b" Tj")
    ops.append(b"ET Q")
    return b"\n".join(ops)


def stamp_pdf(pdf_bytes: bytes, lines: list[str]) -> bytes:
    """Return a copy of `pdf_bytes` with `lines` printed in a band at the bottom of every page.

    The page's own content is wrapped in q/Q so its graphics state cannot leak into the band.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    reader = PdfReader(io.BytesIO(pdf_bytes))
    writer = PdfWriter(clone_from=reader)
    font = writer._add_object(  # one shared font object for every page
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    opening = DecodedStreamObject()
    opening.set_data(b"q")
    opening_ref = writer._add_object(opening)
    for page in writer.pages:
        box = page.mediabox
        stream = DecodedStreamObject()
        stream.set_data(
            _stamp_stream(lines, float(box.width), float(box.left) + STAMP_MARGIN, float(box.bottom) + STAMP_MARGIN / 2)
        )
        stamp_ref = writer._add_object(stream)
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else None
        if isinstance(existing, ArrayObject):
            parts = list(existing)
        elif contents is not None:
            parts = [contents]
        else:
            parts = []
        page[NameObject("/Contents")] = ArrayObject([opening_ref, *parts, stamp_ref])
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        page[NameObject("/Resources")] = resources
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[NameObject(STAMP_FONT_NAME)] = font
        resources[NameObject("/Font")] = fonts
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- copies in the readers' languages ------------------------------------------------------------------
# A document's fixed text (headings, tables of contents, chart labels, dates) is in the reader's language;
# its body stays in the group's words. So a rendered document is stored in the group's language and, beside
# it, one copy per other interface language: minutes v1.pdf and v1.fr.pdf, a report's file and file.es.pdf.


def language_copy_name(stored_name: str, language: str) -> str:
    """Where the copy of `stored_name` in `language` is kept: beside it, v1.fr.pdf."""
    base, _dot, extension = stored_name.rpartition(".")
    return f"{base}.{language}.{extension}"


def other_languages(group_language: str) -> list[str]:
    return [code for code, _label in settings.LANGUAGES if code != group_language]


def read_in_language(field_file, language: str, group_language: str) -> bytes:
    """The stored copy in `language`, or the group's when that language has none (rendered before the
    copies existed, or the group's own language)."""
    if language != group_language:
        copy = language_copy_name(field_file.name, language)
        if field_file.storage.exists(copy):
            with field_file.storage.open(copy, "rb") as handle:
                return handle.read()
    with field_file.open("rb") as handle:
        return handle.read()
