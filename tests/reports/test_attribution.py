"""The annual report's texts go through the non-attribution check: submission and approval are refused
while a mention is neither fixed nor accepted; invisible characters are refused by the form."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Membership
from reports import selectors, services
from reports.exceptions import ReportError
from reports.models import AnnualReport
from tests.factories.decisions import adopt
from tests.factories.reports import AnnualReportFactory

pytestmark = pytest.mark.django_db


def _save(annual, actor, foreword):
    annual.refresh_from_db()
    return services.annual_report_save(
        annual=annual,
        actor=actor,
        revision=annual.revision,
        foreword=foreword,
        lessons_learned=annual.lessons_learned,
        challenges=annual.challenges,
    )


def test_submission_waits_until_each_mention_is_fixed_or_accepted(world):
    a = world["a"]
    secretariat = a.users["secretariat"]
    surname = a.users["member"].last_name
    annual = AnnualReportFactory(a, 2023)
    annual = _save(annual, secretariat, f"We thank Mr {surname} and Mining Co alpha for their work.")
    with pytest.raises(ReportError, match="2 mentions"):
        services.annual_report_submit(annual=annual, actor=secretariat)
    assert AnnualReport.objects.get(pk=annual.pk).status == AnnualReport.Status.DRAFT
    for result in services.annual_report_check(annual):
        hit = result["hit"]
        services.annual_report_accept(
            annual=annual, actor=secretariat, term=hit.term, reason="Thanked by agreement", field=hit.field,
            occurrence=hit.occurrence,
        )  # fmt: skip
    services.annual_report_submit(annual=annual, actor=secretariat)


def test_approval_is_refused_when_a_name_became_known_after_submission(world):
    a = world["a"]
    annual = AnnualReportFactory(a, 2023, foreword="Minera Andina hosted the field visit.", status="submitted")
    company = a.objects["company"].institution
    company.aliases = ["Minera Andina"]
    company.save(update_fields=["aliases"])
    with pytest.raises(ReportError, match="1 mention"):  # the Coordination Group cannot even propose it
        adopt(a.group, "annual_report", annual)
    services.annual_report_accept(
        annual=annual, actor=a.users["secretariat"], term="Mining Co alpha", reason="The host is named in the report"
    )
    adopt(a.group, "annual_report", annual)


def test_the_names_are_those_who_took_part_that_year(world):
    a = world["a"]
    ended = a.objects["observer"]
    Membership.objects.filter(pk=ended.pk).update(ended_on=date(2022, 6, 30))
    annual = AnnualReportFactory(a, 2023)
    terms = {name.term for name in selectors.annual_report_names(annual)}
    assert "Mining Co alpha" in terms and "Observer Org alpha" not in terms
    assert a.users["member"].get_full_name() in terms


def test_the_form_refuses_invisible_characters_and_the_check_page_marks_the_name(world, client_as):
    a = world["a"]
    annual = AnnualReportFactory(a, 2023)
    client = client_as(a.users["secretariat"])
    edit = reverse("reports:annual-edit", args=[a.group.slug, 2023])
    response = client.post(
        edit,
        {"revision": annual.revision, "foreword": "Mining\u202e Co", "lessons_learned": "", "challenges": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "invisible or text-direction character (U+202E" in body
    annual.refresh_from_db()
    assert annual.foreword == "Our year."
    _save(annual, a.users["secretariat"], "This year Mining Co alpha hosted the plenary.")
    page = client.get(reverse("reports:annual-check", args=[a.group.slug, 2023])).content.decode()
    assert "This year <mark>Mining Co alpha</mark> hosted the plenary." in page
    assert f"{edit}?field=id_foreword&amp;start=10&amp;end=25" in page and "a company" in page
    detail = client.get(reverse("reports:annual-detail", args=[a.group.slug, 2023])).content.decode()
    assert "found 1 mention of a participant" in detail
