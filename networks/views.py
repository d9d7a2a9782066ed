"""The network's pages: its sharing groups' figures (network staff only; everyone else 404)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vpwg.charts import bar_chart_svg

from . import selectors


def _text(value) -> str:
    if value == selectors.FEWER:
        return _("fewer than 3")
    return "" if value is None else str(value)


def network_overview(request, network_slug: str):
    network = selectors.network_visible_to(request.user, network_slug)
    figures = selectors.figures_for(selectors.sharing_groups(network))
    chart = selectors.attendance_chart(figures)
    svg = mark_safe(bar_chart_svg(chart, chart_id="attendance")) if chart else ""  # noqa: S308 (escaped inside)
    return render(
        request, "networks/network_overview.html", {"network": network, "figures": figures, "chart": chart, "svg": svg}
    )


def network_overview_csv(request, network_slug: str):
    """The overview's table as CSV, with the same suppression ("fewer than 3", never the number)."""
    network = selectors.network_visible_to(request.user, network_slug)
    figures = selectors.figures_for(selectors.sharing_groups(network))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(network.slug)}-figures.csv"'
    writer = csv.writer(response)
    pillars = figures[0].pillars if figures else []
    sectors = figures[0].sectors if figures else []
    header = [_("Country"), _("Working group"), _("Plenaries held in the last 12 months"), _("Plenaries expected")]
    for pillar in pillars:
        header += [
            _("%(pillar)s: member institutions") % {"pillar": pillar.label},
            _("%(pillar)s: attendance rate (%%)") % {"pillar": pillar.label},
            _("%(pillar)s: change against the 12 months before (points)") % {"pillar": pillar.label},
        ]
    header += [_("Activities"), _("Participants")]
    header += [_("Participants: %(sector)s") % {"sector": label} for label, _n in sectors]
    writer.writerow(header)
    for row in figures:
        line = [row.working_group.country, row.working_group.name, row.plenaries_held, row.plenaries_expected]
        for pillar in row.pillars:
            line += [_text(pillar.members), _text(pillar.attendance_rate), _text(pillar.change)]
        line += [row.activities, row.participants, *(n for _label, n in row.sectors)]
        writer.writerow(line)
    return response


def network_group_detail(request, network_slug: str, group_slug: str):
    network = selectors.network_visible_to(request.user, network_slug)
    group = selectors.sharing_group_or_404(network, group_slug)
    (figures,) = selectors.figures_for([group])
    return render(request, "networks/network_group_detail.html", {"network": network, "group": group, "row": figures})
