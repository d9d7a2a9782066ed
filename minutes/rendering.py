"""Markdown to safe HTML, section diffs, and the headings of the fixed sections in the reader's language."""

from __future__ import annotations

import difflib
import functools

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

# Minutes are text: no images (nothing to fetch, in the browser or the PDF renderer), no raw HTML.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
    "code", "pre", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    """Render Markdown, then sanitise: scripts, event handlers and javascript: links never survive."""
    return mark_safe(_sanitised_html(text or ""))  # noqa: S308 - sanitised by nh3 in _sanitised_html


@functools.lru_cache(maxsize=4096)
def _sanitised_html(text: str) -> str:
    # The same text always gives the same HTML, and a page shows the same sections on every view (a
    # circulated version never changes): rendering them was a third of the minutes page (~1 ms each).
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


FIELDS = ("summary", "agreements")

# The sections every draft has besides the agenda items, by key. Their headings are fixed text, shown
# in the reader's language (the page's, the PDF's), whatever language the draft was started in; the
# agenda items' headings and all the texts are the group's own words and stay as written.
OPENING = ("opening", gettext_noop("Opening and context"))
CLOSING = [("other", gettext_noop("Other business")), ("next", gettext_noop("Next meeting"))]
FIXED_TITLES = dict([OPENING, *CLOSING])


def section_title(section: dict) -> str:
    """A section's heading in the active language: a fixed section's is translated, any other as written."""
    msgid = FIXED_TITLES.get(section.get("key"))
    return gettext(msgid) if msgid else section.get("title", "")


def localised(sections: list[dict]) -> list[dict]:
    """Copies of `sections` whose fixed headings are in the active language (for display and diffs)."""
    return [{**section, "title": section_title(section)} for section in sections]


def section_text(section: dict) -> str:
    return "\n".join(section.get(field, "") or "" for field in FIELDS)


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Per section: its title, whether it changed, and diff lines (kind " ", "+", "-"). Text is not
    marked safe: templates escape it."""
    old, new = localised(old), localised(new)
    old_by_key = {s["key"]: s for s in old}
    new_keys = {s["key"] for s in new}
    result = []
    for section in new:
        before = old_by_key.get(section["key"])
        result.append(_diff_one(section["title"], before, section))
    for section in old:
        if section["key"] not in new_keys:
            result.append(_diff_one(section["title"], section, None))
    return result


def _diff_one(title: str, before: dict | None, after: dict | None) -> dict:
    old_lines = section_text(before).splitlines() if before else []
    new_lines = section_text(after).splitlines() if after else []
    lines = []
    for line in difflib.ndiff(old_lines, new_lines):
        kind = line[:1]
        if kind in (" ", "+", "-"):
            lines.append({"kind": kind, "text": line[2:]})
    changed = old_lines != new_lines
    return {"title": title, "changed": changed, "added": before is None, "removed": after is None, "lines": lines}


def change_summary(old: list[dict], new: list[dict]) -> str:
    """A short, plain-language list of the sections that changed between two versions."""
    changed = [d["title"] for d in diff_sections(old, new) if d["changed"]]
    return "\n".join(f"- {title}" for title in changed)
