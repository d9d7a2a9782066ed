import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from minutes.rendering import change_summary, diff_sections, render_markdown
from vpwg.pdf import render_pdf, stamp_pdf


def test_markdown_scripts_handlers_and_javascript_links_never_survive():
    html = render_markdown(
        "Hello **all**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n<a href="https://example.org" onclick="alert(1)">ok</a>'
    )
    assert "<strong>all</strong>" in html
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "<img" not in lowered


def test_diff_lists_changed_sections_escaped_by_templates():
    old = [{"key": "a", "title": "A", "summary": "one\ntwo", "agreements": ""}]
    new = [
        {"key": "a", "title": "A", "summary": "one\n<b>three</b>", "agreements": ""},
        {"key": "b", "title": "B", "summary": "new", "agreements": ""},
    ]
    diff = diff_sections(old, new)
    assert [d["title"] for d in diff if d["changed"]] == ["A", "B"]
    assert {"kind": "+", "text": "<b>three</b>"} in diff[0]["lines"]
    assert change_summary(old, new) == "- A\n- B"


class _Handler(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_http():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Handler.hits
    server.shutdown()


def test_pdf_rendering_fetches_only_static_files(local_http, monkeypatch):
    base, hits = local_http
    fetched = []
    import vpwg.pdf

    original = vpwg.pdf._static_path
    monkeypatch.setattr(vpwg.pdf, "_static_path", lambda url: fetched.append(url) or original(url))
    html = (
        "<html><head><link rel='stylesheet' href='/static/css/app.css'></head><body><p>Text</p>"
        f"<img src='file:///etc/passwd'><img src='{base}/x.png'><img src='http://127.0.0.1:9/x.png'>"
        "<img src='/static/../../../etc/passwd'></body></html>"
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert hits == []  # the local web server was never called
    assert any(url.endswith("/static/css/app.css") for url in fetched)
    assert b"root:" not in pdf


def test_stamp_prints_the_lines_on_every_page_with_accents():
    pdf = render_pdf("<html><body>" + "<p>Paragraph</p>" * 3 + "<p style='break-before: page'>Two</p></body></html>")
    lines = ["Copy for Lucía Ramírez — Asociación SER — 2026-11-23", "Confidential — do not attribute"]
    stamped = stamp_pdf(pdf, lines)
    reader = PdfReader(io.BytesIO(stamped))
    assert len(reader.pages) == 2
    for page in reader.pages:
        text = page.extract_text()
        assert "Lucía Ramírez" in text
        assert "Confidential — do not attribute" in text
        assert "Paragraph" in text or "Two" in text


@pytest.mark.django_db
def test_rendering_a_version_twice_overwrites_the_same_file(world, settings):
    from minutes.models import Minutes
    from minutes.services import minutes_render_pdf
    from tests.factories.minutes import MinutesFactory

    minutes = MinutesFactory(world["a"], status=Minutes.Status.SUBMITTED)
    version = minutes.versions.get()
    first = minutes_render_pdf(version=version).pdf.name
    second = minutes_render_pdf(version=version).pdf.name
    assert first == second and first.startswith("minutes/") and not first.startswith("minutes/minutes/")
    # One file per language (the group's, and a copy with the fixed text in each other language), still
    # after the second run.
    assert len(list((settings.MEDIA_ROOT).rglob("*.pdf"))) == len(settings.LANGUAGES)


def test_pdf_fetcher_serves_hashed_static_names_of_production(settings):
    from vpwg.pdf import PDF_BASE_URL, _static_path

    plain = _static_path(f"{PDF_BASE_URL}static/css/app.css")
    assert plain and plain.endswith("static/css/app.css")
    assert _static_path(f"{PDF_BASE_URL}static/css/app.0123456789ab.css") == plain
    assert _static_path(f"{PDF_BASE_URL}static/css/missing.0123456789ab.css") is None
    assert _static_path(f"{PDF_BASE_URL}static/../manage.py") is None
