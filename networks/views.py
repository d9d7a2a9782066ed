"""The network's pages: its sharing groups' figures (network staff only; everyone else 404)."""

import csv
import hashlib
import io

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vpwg.charts import bar_chart_svg
from vpwg.dates import moment_text

from . import selectors


def _charts(figures) -> list[dict]:
    """The comparisons across groups, each drawn by the chart module (patterns and values: no colour needed)."""
    charts = []
    for chart_id, build in (
        ("attendance", selectors.attendance_chart),
        ("membership", selectors.membership_chart),
        ("tasks", selectors.tasks_chart),
        ("minutes", selectors.minutes_chart),
    ):
        chart = build(figures)
        if chart is not None:
            svg = mark_safe(bar_chart_svg(chart, chart_id=chart_id))  # noqa: S308 (escaped inside)
            charts.append({"id": chart_id, "chart": chart, "svg": svg})
    return charts


def _figures_html(request, network, figures) -> str:
    """The overview's tables and charts, rendered once per computation of the figures (per language
    and time zone) and kept: drawing them for 20 groups costs more than the rest of the page. The key
    holds everything they show that is not in the figures (the groups' names, the network's slug)."""
    identity = []
    for row in figures:
        group = row.working_group
        computed = row.computed_at.isoformat() if row.computed_at else ""
        identity.append((group.pk, group.slug, group.name, group.short_name, group.country, computed))
    digest = hashlib.sha256(
        repr((network.slug, get_language(), timezone.get_current_timezone_name(), identity)).encode()
    ).hexdigest()
    key = f"networks:overview-html:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "networks/includes/_overview_figures.html",
            {"network": network, "figures": figures, "charts": _charts(figures)},
            request=request,
        )
        cache.set(key, html, selectors.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (our template's output, escaped when rendered)


def network_overview(request, network_slug: str):
    network = selectors.network_visible_to(request.user, network_slug)
    figures = selectors.figures_cached(selectors.sharing_groups(network))
    return render(
        request,
        "networks/network_overview.html",
        {
            "network": network,
            "figures": figures,
            "figures_html": _figures_html(request, network, figures),
            "computed_at": selectors.computed_at(figures),
        },
    )


class _Words:
    """Every text of the CSV translated once per download (thousands of lines would each ask gettext)."""

    def __init__(self):
        self.pillars = {value: str(label) for value, label in selectors.PILLAR_LABELS.items()}
        self.sectors = {value: str(label) for value, label in selectors.SECTOR_LABELS.items()}
        self.categories = {value: str(label) for value, label in selectors.CATEGORY_LABELS.items()}
        self.fewer = _("fewer than 3")
        self.states = {state: selectors.report_state_label(state) for state in selectors.AnnualReportFigure.STATES}
        self.last_12 = _("last 12 months")
        self.names = {
            "held": _("Plenaries held"),
            "expected": _("Plenaries expected"),
            "members": _("Member institutions"),
            "today": _("today"),
            "rate": _("Attendance rate at plenaries (%)"),
            "change": _("Attendance: change against the 12 months before (points)"),
            "activities": _("Activities"),
            "participants": _("Participants"),
            "year_members": _("Member institutions at the end of the year"),
            "joins": _("Institutions that joined"),
            "exits": _("Institutions that left"),
            "category_due": _("Work plan tasks due, by category"),
            "category_done": _("Work plan tasks done, by category"),
            "pillar_due": _("Work plan tasks due, by lead pillar"),
            "pillar_done": _("Work plan tasks done, by lead pillar"),
            "circulated": _("Minutes circulated"),
            "on_time": _("Minutes circulated on time"),
            "report": _("Annual report"),
        }

    def value(self, value) -> str:
        if value == selectors.FEWER:
            return self.fewer
        return "" if value is None else str(value)


def _csv_rows(row, w: _Words) -> list[list]:
    """One group's figures, one line each: (figure, period, pillar, sector or category, value), as the
    pages show them ("fewer than 3" where the page says so)."""
    n, v, last_12 = w.names, w.value, w.last_12
    lines = [[n["held"], last_12, "", row.plenaries_held], [n["expected"], last_12, "", row.plenaries_expected]]
    for pillar in row.pillars:
        label = w.pillars[pillar.pillar]
        lines += [
            [n["members"], n["today"], label, v(pillar.members)],
            [n["rate"], last_12, label, v(pillar.attendance_rate)],
            [n["change"], last_12, label, v(pillar.change)],
        ]
    lines += [[n["activities"], last_12, "", row.activities], [n["participants"], last_12, "", row.participants]]
    lines += [[n["participants"], last_12, w.sectors[sector], count] for sector, count in row.sector_counts]
    for entry in row.membership:
        for pillar in entry.pillars:
            label = w.pillars[pillar.pillar]
            lines += [
                [n["year_members"], entry.year, label, v(pillar.members)],
                [n["joins"], entry.year, label, v(pillar.joins)],
                [n["exits"], entry.year, label, v(pillar.exits)],
            ]
    for prefix, labels, years in (
        ("category", w.categories, row.tasks_by_category),
        ("pillar", w.pillars, row.tasks_by_pillar),
    ):
        for entry in years:
            for task in entry.rows:
                lines += [
                    [n[f"{prefix}_due"], entry.year, labels[task.key], v(task.tasks)],
                    [n[f"{prefix}_done"], entry.year, labels[task.key], v(task.done)],
                ]
    for entry in row.minutes:
        lines += [
            [n["held"], entry.year, "", entry.held],
            [n["circulated"], entry.year, "", entry.circulated],
            [n["on_time"], entry.year, "", entry.on_time],
        ]
    lines += [[n["report"], report.year, "", w.states[report.state]] for report in row.annual_reports]
    return lines


def network_overview_csv(request, network_slug: str):
    """Every figure of the pages as CSV, one per line, with the same suppression ("fewer than 3", never
    the number)."""
    network = selectors.network_visible_to(request.user, network_slug)
    figures = selectors.figures_cached(selectors.sharing_groups(network))
    words, buffer = _Words(), io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Country"), _("Working group"), _("Figure"), _("Period"), _("Pillar, sector or category"), _("Value")]
    )
    for row in figures:
        group = [row.working_group.country, row.working_group.name]
        writer.writerows([*group, *line] for line in _csv_rows(row, words))
    writer.writerow([])
    writer.writerow([_("Figures computed at %(time)s") % {"time": moment_text(selectors.computed_at(figures))}])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(network.slug)}-figures.csv"'
    return response


def _by_row(years, attribute: str = "rows") -> list[tuple]:
    """[(label, [cell of each year])] from per-year lists of cells in the same order."""
    columns = [getattr(year, attribute) for year in years]
    return [(cells[0].label, list(cells)) for cells in zip(*columns, strict=True)] if columns else []


def network_group_detail(request, network_slug: str, group_slug: str):
    network = selectors.network_visible_to(request.user, network_slug)
    group = selectors.sharing_group_or_404(network, group_slug)
    (figures,) = selectors.figures_cached([group])
    return render(
        request,
        "networks/network_group_detail.html",
        {
            "network": network,
            "group": group,
            "row": figures,
            "computed_at": figures.computed_at,
            # Row by row (a pillar or category, then its cells year by year): the template loops once.
            "membership_rows": _by_row(figures.membership, "pillars"),
            "task_tables": [
                (_("Work plan tasks due in the year and done, by category"), _by_row(figures.tasks_by_category)),
                (
                    _(
                        "Work plan tasks due in the year and done, by the lead institution's pillar; a pillar whose "
                        "tasks are led by fewer than 3 institutions is not given."
                    ),
                    _by_row(figures.tasks_by_pillar),
                ),
            ],
        },
    )
