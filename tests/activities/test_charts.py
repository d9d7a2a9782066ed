from datetime import date

from activities.charts import CHART_NAMES, chart_svg, statistics_charts
from activities.selectors import Period
from vpwg.charts import Chart, bar_chart_svg


def _stats():
    return {
        "period": Period(date(2010, 1, 1), date(2015, 12, 31)),
        "by_year": [("2010", 3, 185), ("2011", 0, 0)],
        "by_type": [("Course", 2, 100)],
        "by_sector": [("Police", 80), ("Business", 20)],
        "by_region": [("Cusco", 2, 100)],
    }


def test_every_named_chart_is_built_from_one_source_and_renders():
    completion = {"by_category": [("Studies", 1, 2)], "by_pillar": [("Companies", 0, 1)]}
    charts = statistics_charts(_stats(), completion)
    assert tuple(charts) == CHART_NAMES
    assert charts["participants-by-year"].rows == [["2010", 185], ["2011", 0]]
    assert charts["tasks-by-category"].rows == [["Studies", 1, 1]]  # done, still open
    for name, chart in charts.items():
        svg = chart_svg(name, chart)
        assert svg.startswith("<svg") and f'id="chart-{name}-title"' in svg


def test_long_category_labels_wrap_and_keep_the_full_text_as_a_tooltip():
    label = "Indigenous peoples and free, prior and informed consent in the Andes"
    svg = bar_chart_svg(Chart(title="t", categories=[label, "<b>"], series={"n": [1, 2]}))
    assert f"<title>{label}</title>" in svg
    assert svg.count("<tspan") == 2 and "…" in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
