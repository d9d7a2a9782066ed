"""The statistics charts, built once from the selectors' numbers.

Pages, CSV exports and (later) PDF reports all take their charts from `statistics_charts`, so
the numbers and labels cannot drift apart.
"""

from django.utils.translation import gettext as _

from vpwg.charts import Chart, bar_chart_svg

CHART_NAMES = (
    "activities-by-year",
    "participants-by-year",
    "by-type",
    "participants-by-sector",
    "by-region",
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
        "by-type": Chart(
            title=_("Activities and participants by type, %(period)s") % {"period": period},
            categories=[str(row[0]) for row in by_type],
            series={_("Activities"): [row[1] for row in by_type], _("Participants"): [row[2] for row in by_type]},
        ),
        "participants-by-sector": Chart(
            title=_("Participants by sector, %(period)s") % {"period": period},
            categories=[str(row[0]) for row in stats["by_sector"]],
            series={_("Participants"): [row[1] for row in stats["by_sector"]]},
        ),
        "by-region": Chart(
            title=_("Activities and participants by region, %(period)s") % {"period": period},
            categories=[row[0] for row in by_region],
            series={_("Activities"): [row[1] for row in by_region], _("Participants"): [row[2] for row in by_region]},
        ),
        "tasks-by-category": _completion_chart(
            _("Work plan tasks by category, %(period)s") % {"period": period}, completion["by_category"]
        ),
        "tasks-by-pillar": _completion_chart(
            _("Work plan tasks by lead pillar, %(period)s") % {"period": period}, completion["by_pillar"]
        ),
    }


def _completion_chart(title: str, rows) -> Chart:
    return Chart(
        title=title,
        categories=[str(row[0]) for row in rows],
        series={_("Done"): [row[1] for row in rows], _("Planned or under way"): [row[2] - row[1] for row in rows]},
    )


def chart_svg(name: str, chart: Chart) -> str:
    return bar_chart_svg(chart, chart_id=f"chart-{name}")
