"""Charts as SVG, drawn on the server: the same markup goes into pages and into PDFs.

Readable without colour: every series has its own fill pattern as well as its colour, each
bar carries its value as text, and the SVG has a <title>, a <desc> and a data table fallback
(`chart.rows`) for screen readers and CSV export.

Labels come translated from the caller (built in the active language); numbers are written in the
active language's way (`_format`), so a chart in a Spanish report reads like Spanish.
"""

from dataclasses import dataclass, field
from html import escape

from django.utils import formats

# Colour-blind-safe palette (Okabe–Ito) and one pattern per series.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PATTERNS = ["solid", "diagonal", "dots", "cross", "horizontal", "vertical", "grid", "solid"]


@dataclass
class Chart:
    title: str
    categories: list[str]
    # series label -> one value per category; a text instead of a number (a suppressed figure, "fewer
    # than 3") is written where the bar would be, with no bar
    series: dict[str, list[float | str]]
    value_label: str = ""
    rows: list[list] = field(init=False)

    def __post_init__(self):
        for label, values in self.series.items():
            if len(values) != len(self.categories):
                raise ValueError(f"Series {label!r} has {len(values)} values for {len(self.categories)} categories")
        self.rows = [
            [category, *(values[i] for values in self.series.values())] for i, category in enumerate(self.categories)
        ]

    @property
    def header(self) -> list[str]:
        return ["", *self.series]


def _pattern_defs(chart_id: str) -> str:
    defs = []
    for index, (colour, kind) in enumerate(zip(PALETTE, PATTERNS, strict=True)):
        pid = f"{chart_id}-p{index}"
        marks = {
            "solid": "",
            "diagonal": '<path d="M0,8 L8,0" stroke="#fff" stroke-width="1.5"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "cross": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.2"/>',
            "horizontal": '<path d="M0,4 L8,4" stroke="#fff" stroke-width="1.5"/>',
            "vertical": '<path d="M4,0 L4,8" stroke="#fff" stroke-width="1.5"/>',
            "grid": '<path d="M0,4 L8,4 M4,0 L4,8" stroke="#fff" stroke-width="1"/>',
        }[kind]
        defs.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def bar_chart_svg(chart: Chart, *, chart_id: str = "chart", width: int = 640, bar_height: int = 18) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, values written out."""
    label_width, right_pad, top = 170, 60, 10
    n_series = max(len(chart.series), 1)
    group_height = n_series * bar_height + 10
    legend_height = 24 if n_series > 1 else 0
    height = top + legend_height + group_height * max(len(chart.categories), 1) + 10
    maximum = max([v for values in chart.series.values() for v in values if not isinstance(v, str)] + [0]) or 1
    scale = (width - label_width - right_pad) / maximum
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(chart))}</desc>',
        _pattern_defs(chart_id),
    ]
    if n_series > 1:
        x = label_width
        for index, label in enumerate(chart.series):
            parts.append(
                f'<rect x="{x}" y="{top}" width="14" height="14" fill="url(#{chart_id}-p{index % 8})" stroke="#333"/>'
                f'<text x="{x + 18}" y="{top + 11}">{escape(label)}</text>'
            )
            x += 26 + 7 * len(label)
    y = top + legend_height
    for cat_index, category in enumerate(chart.categories):
        parts.append(_category_label(str(category), x=label_width - 8, y=y + group_height / 2, room=group_height))
        for s_index, values in enumerate(chart.series.values()):
            value = values[cat_index]
            bar_y = y + s_index * bar_height
            bar_w = 0 if isinstance(value, str) else max(value * scale, 0)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{bar_w:.1f}" height="{bar_height - 3}" '
                f'fill="url(#{chart_id}-p{s_index % 8})" stroke="#333" stroke-width="0.5"/>'
                f'<text x="{label_width + bar_w + 4:.1f}" y="{bar_y + bar_height / 2}" '
                f'dominant-baseline="middle">{_format(value)}</text>'
            )
        y += group_height
    parts.append(f'<line x1="{label_width}" y1="{top + legend_height}" x2="{label_width}" y2="{y}" stroke="#333"/>')
    parts.append("</svg>")
    return "".join(parts)


# Per line at 12px in the 170px label column (162px of text): DejaVu Sans averages 7px a letter, and the
# Spanish labels are the long ones ("Organismos internacionales" was cut at 26).
LABEL_CHARS = 22
LINE_HEIGHT = 14.4  # 1.2em at 12px


def _wrap(label: str, max_lines: int = 2) -> list[str]:
    """At most `max_lines` lines of LABEL_CHARS, broken at spaces; an ellipsis marks a cut."""
    lines, current = [], ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= LABEL_CHARS or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    lines = [line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: LABEL_CHARS - 1].rstrip() + "…"]
    return lines


def _category_label(label: str, *, x: float, y: float, room: float = 28) -> str:
    """A category name, wrapped to the lines its group's `room` (px) holds (two, or three beside two
    bars); the full text is its tooltip (and in the data table)."""
    lines = _wrap(label, max_lines=3 if room >= 3 * LINE_HEIGHT else 2)
    if len(lines) == 1:
        return f'<text x="{x}" y="{y}" text-anchor="end" dominant-baseline="middle">{escape(lines[0])}</text>'
    shifts = [f"{-0.6 * (len(lines) - 1):.1f}em", *["1.2em"] * (len(lines) - 1)]
    spans = "".join(f'<tspan x="{x}" dy="{dy}">{escape(line)}</tspan>' for line, dy in zip(lines, shifts, strict=True))
    return (
        f'<text x="{x}" y="{y}" text-anchor="end" dominant-baseline="middle">'
        f"<title>{escape(label)}</title>{spans}</text>"
    )


def _format(value) -> str:
    """A value as the reader writes numbers: 2,213 in English, 2 213 in Spanish and French, 12,5 %."""
    if isinstance(value, str):  # a figure given as words ("fewer than 3")
        return value
    decimals = 0 if float(value).is_integer() else 1
    return formats.number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


def _describe(chart: Chart) -> str:
    lines = []
    for row in chart.rows:
        values = ", ".join(f"{label}: {_format(v)}" for label, v in zip(chart.series, row[1:], strict=True))
        lines.append(f"{row[0]} — {values}")
    return "; ".join(lines)
