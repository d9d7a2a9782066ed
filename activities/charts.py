"""The statistics charts, built once from the selectors' numbers.

Pages, CSV exports and (later) PDF reports all take their charts from `statistics_charts`, so
the numbers and labels cannot drift apart.
"""

from django.utils.translation import gettext as _

from vpwg.charts import Chart, bar_chart_svg

CHART_NAMES = (
    "activities-by-year",
    "participants-by-year",
    "activities-by-type",
    "participants-by-type",
    "participants-by-sector",
    "activities-by-region",
    "participants-by-region",
    "tasks-by-category",
    "tasks-by-pillar",
)


def statistics_charts(stats: dict, completion: dict) -> dict[str, Chart]:
    """{name: Chart} in CHART_NAMES order."""
    period = stats["period"].label
    by_year, by_type, by_region = stats["by_year"], stats["by_type"], stats["by_region"]
    return {
        "activities-by-year": Chart(
            title=_("Activities by year, %(period)s") % {"period": period},
            categories=[row[0] for row in by_year],
            series={_("Activities"): [row[1] for row in by_year]},
        ),
        "participants-by-year": Chart(
            title=_("Participants by year, %(period)s") % {"period": period},
            categories=[row[0] for row in by_year],
            series={_("Participants"): [row[2] for row in by_year]},
        ),
        # Counts and participants differ by two orders of magnitude: one chart each keeps both readable.
        "activities-by-type": _single(_("Activities by type, %(period)s") % {"period": period}, by_type, 1),
        "participants-by-type": _single(_("Participants by type, %(period)s") % {"period": period}, by_type, 2),
        "participants-by-sector": Chart(
            title=_("Participants by sector, %(period)s") % {"period": period},
            categories=[str(row[0]) for row in stats["by_sector"]],
            series={_("Participants"): [row[1] for row in stats["by_sector"]]},
        ),
        "activities-by-region": _single(_("Activities by region, %(period)s") % {"period": period}, by_region, 1),
        "participants-by-region": _single(_("Participants by region, %(period)s") % {"period": period}, by_region, 2),
        "tasks-by-category": _completion_chart(
            _("Work plan tasks by category, %(period)s") % {"period": period}, completion["by_category"]
        ),
        "tasks-by-pillar": _completion_chart(
            _("Work plan tasks by lead pillar, %(period)s") % {"period": period}, completion["by_pillar"]
        ),
    }


def _single(title: str, rows, column: int) -> Chart:
    """One series from (label, activities, participants) rows: column 1 or 2."""
    label = _("Activities") if column == 1 else _("Participants")
    return Chart(title=title, categories=[str(row[0]) for row in rows], series={label: [row[column] for row in rows]})


def _completion_chart(title: str, rows) -> Chart:
    return Chart(
        title=title,
        categories=[str(row[0]) for row in rows],
        series={_("Done"): [row[1] for row in rows], _("Planned or under way"): [row[2] - row[1] for row in rows]},
    )


def chart_svg(name: str, chart: Chart) -> str:
    return bar_chart_svg(chart, chart_id=f"chart-{name}")
