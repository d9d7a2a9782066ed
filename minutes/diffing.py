"""Word-level, side-by-side differences between two versions of the minutes.

Each changed section is compared field by field (the discussion, the agreements). Lines are aligned
first (difflib on lines), then each pair of changed lines is compared word by word (difflib on word
tokens), so a one-word edit marks one word, not a paragraph. Whitespace is "junk" to the matcher: it
never anchors a match, but joins the words around it, so "<del>the old</del>" stays one deletion.

Nothing here is marked safe: the templates escape every segment and wrap the changed ones in
<del>/<ins> (struck through or underlined, not only coloured).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .rendering import FIELDS

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

SAME, DELETED, INSERTED = "same", "del", "ins"


def tokens(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; joined again they give back `text`."""
    return TOKEN.findall(text)


def _append(segments: list[dict], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1]["kind"] == kind:
        segments[-1]["text"] += text
    else:
        segments.append({"kind": kind, "text": text})


def word_diff(old: str, new: str) -> tuple[list[dict], list[dict]]:
    """The old and the new text as segments [{"kind": "same" | "del" | "ins", "text"}]: the left side
    has the deletions, the right side the insertions."""
    before, after = tokens(old), tokens(new)
    matcher = SequenceMatcher(str.isspace, before, after, autojunk=False)
    left: list[dict] = []
    right: list[dict] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(left, SAME, "".join(before[i1:i2]))
            _append(right, SAME, "".join(after[j1:j2]))
        else:
            _append(left, DELETED, "".join(before[i1:i2]))
            _append(right, INSERTED, "".join(after[j1:j2]))
    return left, right


def _row(old: str | None, new: str | None) -> dict:
    if old is not None and new is not None:
        if old == new:
            return {"changed": False, "left": [{"kind": SAME, "text": old}], "right": [{"kind": SAME, "text": new}]}
        left, right = word_diff(old, new)
        return {"changed": True, "left": left, "right": right}
    if old is not None:
        return {"changed": True, "left": [{"kind": DELETED, "text": old}], "right": []}
    return {"changed": True, "left": [], "right": [{"kind": INSERTED, "text": new}]}


def text_rows(old: str, new: str) -> list[dict]:
    """Side-by-side rows of two texts: lines aligned, changed line pairs compared word by word.
    Rows whose both sides are empty (blank lines between paragraphs) are left out."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    rows = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [_row(line, line) for line in old_lines[i1:i2]]
            continue
        removed, added = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(removed), len(added))):
            rows.append(
                _row(
                    removed[index] if index < len(removed) else None,
                    added[index] if index < len(added) else None,
                )
            )
    return [row for row in rows if any(seg["text"].strip() for seg in row["left"] + row["right"])]


def compare_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """The sections that differ between two versions' `sections`, in the new version's order (then the
    removed ones): {"key", "title", "added", "removed", "fields": [{"name", "rows"}]} with only the
    fields that changed."""
    old_by_key = {section["key"]: section for section in old}
    new_keys = {section["key"] for section in new}
    pairs = [(old_by_key.get(section["key"]), section) for section in new]
    pairs += [(section, None) for section in old if section["key"] not in new_keys]
    result = []
    for before, after in pairs:
        fields = []
        for name in FIELDS:
            old_text = (before or {}).get(name, "") or ""
            new_text = (after or {}).get(name, "") or ""
            if old_text != new_text:
                fields.append({"name": name, "rows": text_rows(old_text, new_text)})
        if fields or before is None or after is None:
            section = after or before
            result.append(
                {
                    "key": section["key"],
                    "title": section["title"],
                    "added": before is None,
                    "removed": after is None,
                    "fields": fields,
                }
            )
    return result
