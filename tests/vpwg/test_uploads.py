import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vpwg.uploads import FileContentValidator

PDF = b"%PDF-1.7\n..."
ZIP = b"PK\x03\x04rest-of-zip"
PNG = b"\x89PNG\r\n\x1a\n...."


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.pdf", PDF),
        ("report.DOCX", ZIP),
        ("figures.xlsx", ZIP),
        ("photo.png", PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0...."),
    ],
)
def test_real_documents_pass(name, content):
    FileContentValidator()(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.exe", ZIP),
        ("page.html", ZIP),
        ("noextension", ZIP),
        ("letter.pdf", b"MZ\x90\x00"),
        ("letter.pdf", ZIP),
        ("photo.png", PDF),
        ("script.pdf", b"<script>alert(1)</script>"),
    ],
)
def test_disguised_or_unknown_files_are_refused(name, content):
    with pytest.raises(ValidationError, match="not accepted"):
        FileContentValidator()(SimpleUploadedFile(name, content))


def test_a_field_for_spreadsheets_accepts_xlsx_but_not_docx():
    validator = FileContentValidator(kinds=("xlsx",))
    validator(SimpleUploadedFile("a.xlsx", ZIP))
    with pytest.raises(ValidationError):
        validator(SimpleUploadedFile("a.docx", ZIP))


def test_size_limit():
    with pytest.raises(ValidationError, match="too large"):
        FileContentValidator(kinds=("pdf",), max_mb=1)(SimpleUploadedFile("a.pdf", PDF + b"0" * 1024 * 1024))
