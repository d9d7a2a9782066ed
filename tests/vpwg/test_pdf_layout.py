"""How the PDFs lay out (issue 16): a heading or a table's caption never ends a page without what it
introduces, and the page number stays clear of the recipient band stamped on every copy.

Read back with poppler's `pdftotext -bbox` (word boxes, origin at the top left, in points)."""

import re
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static

from minutes.models import Minutes
from minutes.services import minutes_download, minutes_render_pdf
from reports import services as report_services
from reports.models import Report
from tests.factories.minutes import MinutesFactory
from tests.factories.reports import AnnualReportFactory
from vpwg.pdf import STAMP_LEADING, STAMP_MARGIN, render_pdf, stamp_pdf

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def needs_poppler():
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (pdftotext)")


def pages_of(pdf: bytes, tmp_path) -> list[dict]:
    """[{"height", "words": [(x0, y0, x1, y1, text)]}] per page."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [
        {
            "height": float(height),
            "words": [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(body)],
        }
        for _width, height, body in PAGE.findall(html)
    ]


def page_number_boxes(page) -> list[tuple]:
    """The words of the "n / m" page number in the bottom margin."""
    words = page["words"]
    bottom = [w for w in words if w[1] > page["height"] - 90]
    for index, word in enumerate(bottom):
        if word[4] == "/" and 0 < index < len(bottom) - 1:
            before, after = bottom[index - 1], bottom[index + 1]
            if before[4].isdigit() and after[4].isdigit():
                return [before, word, after]
    return []


BAND_LINES = 2  # vpwg.circulation.stamp_lines: the copy line and the Rule
BAND_TOP_FROM_BOTTOM = STAMP_MARGIN / 2 + STAMP_LEADING * BAND_LINES + 6  # as vpwg/pdf.py draws it


def assert_page_numbers_clear_of_the_band(pages):
    assert pages
    for number, page in enumerate(pages, start=1):
        boxes = page_number_boxes(page)
        assert boxes, f"page {number}: no page number found in the bottom margin"
        band_top = page["height"] - BAND_TOP_FROM_BOTTOM
        lowest = max(box[3] for box in boxes)
        assert lowest < band_top - 2, f"page {number}: page number down to {lowest:.1f}pt, band from {band_top:.1f}pt"
        band_words = [w for w in page["words"] if w[1] >= band_top - 1]
        assert any(w[4] in ("Copy", "Copia", "Copie") for w in band_words), f"page {number}: the band is missing"


@pytest.mark.django_db
def test_the_minutes_page_number_is_clear_of_the_copy_band(world, settings, tmp_path):
    needs_poppler()
    settings.MEDIA_ROOT = tmp_path / "media"
    text = "The group discussed the draft law. " * 60
    minutes = MinutesFactory(world["a"], status=Minutes.Status.CIRCULATED, text=text)
    minutes_render_pdf(version=minutes.circulated_version)  # the task that runs on commit
    member = world["a"].users["member"]
    pdf = minutes_download(minutes=minutes, version=minutes.circulated_version, user=member)
    assert pdf is not None
    pages = pages_of(pdf, tmp_path)
    assert len(pages) >= 2  # long enough for the numbers of several pages
    assert_page_numbers_clear_of_the_band(pages)


@pytest.mark.django_db
def test_the_annual_report_page_numbers_are_clear_of_the_copy_band(world, settings, tmp_path):
    needs_poppler()
    settings.MEDIA_ROOT = tmp_path / "media"
    annual = AnnualReportFactory(world["a"], year=2024)
    report, _queued = report_services.report_request(actor=None, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    report = report_services.report_render(report_id=report.pk)
    assert report.status == Report.Status.READY, report.error
    pdf = report_services.report_download(report=report, user=world["a"].users["member"])
    pages = pages_of(pdf, tmp_path)[1:]  # the cover has no page number
    assert_page_numbers_clear_of_the_band(pages)


def _page_with(pages, text) -> list[int]:
    return [index for index, page in enumerate(pages) if any(w[4] == text for w in page["words"])]


def test_report_headings_and_captions_stay_with_their_table(tmp_path):
    """Whatever the length of what comes before, a heading, the caption under it and the table's first
    row land on the same page (print.css: break-after: avoid on headings and captions)."""
    needs_poppler()
    css = static("css/print.css")
    rows = "".join(f"<tr><td>Rowmark{r}</td><td class='num'>{r}</td></tr>" for r in range(6))
    split = []
    for lines in range(30, 62):  # walks the heading down past the foot of the first page
        filler = "".join(f"<p>Filler paragraph {i} with a few words in it.</p>" for i in range(lines))
        html = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{css}"></head><body>'
            f"{filler}<h3>Headingmark</h3><table><caption>Captionmark</caption>"
            f"<thead><tr><th>Pillar</th><th>N</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
        )
        pages = pages_of(render_pdf(html), tmp_path)
        heading, caption, first_row = (_page_with(pages, m) for m in ("Headingmark", "Captionmark", "Rowmark0"))
        if not (heading == caption == first_row):
            split.append((lines, heading, caption, first_row))
    assert not split, f"heading, caption and first row on different pages: {split}"


@pytest.mark.django_db
def test_minutes_headings_stay_with_their_text(world, tmp_path):
    """The minutes PDF keeps a section heading with the start of its text (no heading alone at a page foot)."""
    needs_poppler()
    minutes = MinutesFactory(world["a"], status=Minutes.Status.SUBMITTED)
    from minutes import selectors

    version = minutes.versions.get()
    context = selectors.minutes_document(minutes, version)
    split = []
    for lines in range(20, 50, 3):
        sections = [dict(s) for s in context["sections"]]
        sections[0] = {**sections[0], "summary_html": "".join(f"<p>Filler paragraph {i}.</p>" for i in range(lines))}
        html = render_to_string("minutes/pdf/minutes.html", {**context, "sections": sections})
        pages = pages_of(stamp_pdf(render_pdf(html), ["Copy for test", "Confidential"]), tmp_path)
        for page_index, page in enumerate(pages[:-1]):
            body = [w for w in page["words"] if w[1] < page["height"] - 80]  # above the bottom margin
            last_line = max((w[1] for w in body), default=0)
            last_words = " ".join(w[4] for w in body if abs(w[1] - last_line) < 1)
            if any(section["title"] in last_words for section in sections[1:]):
                split.append((lines, page_index + 1, last_words))
    assert not split, split
