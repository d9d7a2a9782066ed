"""What networks read of the group's annual reports (networks sits below reports: this reader is
registered with networks.selectors in ReportsConfig.ready): when each one was circulated, never its text."""

from .models import AnnualReport


def annual_reports_circulated(group_ids: list[int], years: list[int]) -> dict:
    """{(group id, year): circulated_at, None while not circulated} for the reports that exist (one query)."""
    rows = AnnualReport.objects.filter(working_group_id__in=group_ids, year__in=years).values_list(
        "working_group_id", "year", "circulated_at"
    )
    return {(group_id, year): circulated_at for group_id, year, circulated_at in rows}


def register() -> None:
    from networks.selectors import register_annual_reports

    register_annual_reports(annual_reports_circulated)
