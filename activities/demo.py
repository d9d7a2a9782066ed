"""Demo data: the Peru group's training and dissemination activities and its outreach log.

2010–2015 reproduces the Peru document's figure exactly: 28 activities, 2,213 participants,
including the four key activities it names. A few 2026 activities are linked to work plan
tasks. Idempotent: activities are found by (title, start date), contacts by (name, date).
"""

from datetime import date, timedelta

from django.db import transaction

from members.models import Institution, Representative, WorkingGroup
from workplan.models import Task

from . import services
from .models import Activity, OutreachContact, Sector

T = Activity.Type
SEC = Sector

# Shares of the participants by sector, per kind of audience; the rest goes to the first sector.
MIXED = {
    SEC.CIVIL_SERVANTS: 25,
    SEC.POLICE: 10,
    SEC.BUSINESS: 20,
    SEC.PRIVATE_SECURITY: 10,
    SEC.UNIONS: 5,
    SEC.NGOS: 15,
    SEC.INTERNATIONAL: 5,
    SEC.COMMUNITY_LEADERS: 5,
    SEC.OTHER: 5,
}
POLICE = {SEC.POLICE: 80, SEC.CIVIL_SERVANTS: 10, SEC.BUSINESS: 5, SEC.NGOS: 5}
SECURITY = {SEC.PRIVATE_SECURITY: 60, SEC.BUSINESS: 25, SEC.CIVIL_SERVANTS: 15}
EXECUTIVES = {SEC.BUSINESS: 70, SEC.INTERNATIONAL: 15, SEC.CIVIL_SERVANTS: 15}
COMMUNITY = {SEC.COMMUNITY_LEADERS: 40, SEC.NGOS: 20, SEC.CIVIL_SERVANTS: 20, SEC.BUSINESS: 10, SEC.UNIONS: 10}

KEY = {
    "breakfast": (
        T.BREAKFAST,
        'Breakfast for executives: "Business and Human Rights, Introduction to the United Nations Guiding '
        'Principles on Business and Human Rights and the Voluntary Principles"',
    ),
    "forum": (
        T.FORUM,
        'International forum: "Best Practices for Dialogue on Governance in Latin America: the UN Guiding '
        'Principles and the Voluntary Principles on Security and Human Rights"',
    ),
    "seminar": (
        T.SEMINAR,
        'International seminar: "Voluntary Principles on Security and Human Rights: Current Perspectives"',
    ),
    "police": (T.COURSE, "Training course for the National Police of Peru"),
}

# (start, days, type, title, place, region, participants, shares, organiser logins, topics, partners, funders)
ACTIVITIES_2010_2015 = [
    (
        date(2010, 4, 20),
        1,
        T.WORKSHOP,
        "Presentation of the scoping study on VPs implementation in Peru",
        "Lima",
        "Lima",
        85,
        MIXED,
        ["socios"],
        ["voluntary_principles", "social_conflicts"],
        "",
        "",
    ),
    (
        date(2010, 6, 9),
        1,
        T.ROUND_TABLE,
        "Round table: security and human rights in extractive regions",
        "Lima",
        "Lima",
        40,
        MIXED,
        ["socios"],
        ["human_rights", "social_conflicts"],
        "",
        "",
    ),
    (
        date(2010, 9, 14),
        1,
        T.WORKSHOP,
        "Workshop on the Voluntary Principles for companies and authorities",
        "Cusco",
        "Cusco",
        60,
        MIXED,
        ["socios"],
        ["voluntary_principles"],
        "",
        "",
    ),
    (
        date(2011, 3, 22),
        3,
        T.COURSE,
        "Course on human rights and the use of force for police officers",
        "Cajamarca",
        "Cajamarca",
        55,
        POLICE,
        ["mininter"],
        ["use_of_force", "human_rights"],
        "ICRC",
        "",
    ),
    (
        date(2011, 5, 17),
        1,
        T.WORKSHOP,
        "Workshop on social conflicts and security",
        "Arequipa",
        "Arequipa",
        70,
        COMMUNITY,
        ["ser"],
        ["social_conflicts"],
        "",
        "",
    ),
    (
        date(2011, 8, 30),
        1,
        T.SEMINAR,
        "Seminar on security, investment and development",
        "Lima",
        "Lima",
        160,
        MIXED,
        ["socios", "canada"],
        ["investment_development"],
        "",
        "",
    ),
    (
        date(2011, 11, 8),
        1,
        T.PANEL,
        "Panel on agreements between the police and extractive companies",
        "Lima",
        "Lima",
        65,
        MIXED,
        ["idl"],
        ["police_agreements"],
        "",
        "",
    ),
    (
        date(2012, 2, 15),
        1,
        T.WORKSHOP,
        "Workshop on human rights in mining areas",
        "Piura",
        "Piura",
        50,
        COMMUNITY,
        ["aprodeh"],
        ["human_rights"],
        "",
        "",
    ),
    (
        date(2012, 4, 24),
        2,
        T.COURSE,
        "Course for private security companies on the VPs",
        "Lima",
        "Lima",
        45,
        SECURITY,
        ["sucamec"],
        ["private_security"],
        "",
        "",
    ),
    (
        date(2012, 6, 12),
        1,
        T.ROUND_TABLE,
        "Round table on free, prior and informed consent",
        "Huaraz",
        "Áncash",
        35,
        COMMUNITY,
        ["ser"],
        ["indigenous_consent"],
        "",
        "",
    ),
    (
        date(2012, 9, 26),
        2,
        T.FORUM,
        "Forum on dialogue and social conflict prevention",
        "Lima",
        "Lima",
        200,
        MIXED,
        ["onds", "socios"],
        ["social_conflicts"],
        "UNDP",
        "",
    ),
    (
        date(2012, 11, 20),
        1,
        T.VISIT,
        "Visit to a mining project in Apurímac",
        "Challhuahuacho",
        "Apurímac",
        20,
        MIXED,
        ["lasbambas"],
        ["voluntary_principles"],
        "",
        "",
    ),
    (
        date(2013, 3, 19),
        1,
        T.WORKSHOP,
        "Workshop on security and human rights for local authorities",
        "Cajamarca",
        "Cajamarca",
        75,
        COMMUNITY,
        ["socios"],
        ["human_rights"],
        "",
        "",
    ),
    (
        date(2013, 5, 21),
        3,
        T.COURSE,
        "Course on the use of force for police officers",
        "Puno",
        "Puno",
        60,
        POLICE,
        ["mininter"],
        ["use_of_force"],
        "ICRC",
        "",
    ),
    (
        date(2013, 8, 13),
        1,
        T.PANEL,
        "Panel on the draft law on private security companies",
        "Lima",
        "Lima",
        90,
        SECURITY,
        ["idl", "sucamec"],
        ["private_security"],
        "",
        "",
    ),
    (
        date(2013, 10, 2),
        1,
        T.SEMINAR,
        "Seminar on business and human rights in the north",
        "Trujillo",
        "La Libertad",
        158,
        MIXED,
        ["socios"],
        ["business_human_rights"],
        "",
        "",
    ),
    (
        date(2014, 3, 11),
        1,
        T.WORKSHOP,
        "Workshop on the VPs for community leaders",
        "Cusco",
        "Cusco",
        65,
        COMMUNITY,
        ["ser"],
        ["voluntary_principles", "indigenous_consent"],
        "",
        "",
    ),
    (
        date(2014, 5, 6),
        1,
        T.ROUND_TABLE,
        "Round table on the UN Guiding Principles",
        "Lima",
        "Lima",
        38,
        MIXED,
        ["minjusdh"],
        ["business_human_rights"],
        "UNDP",
        "",
    ),
    (
        date(2014, 7, 15),
        2,
        T.COURSE,
        "Course on human rights for security managers",
        "Huancayo",
        "Junín",
        52,
        SECURITY,
        ["antamina"],
        ["private_security"],
        "",
        "",
    ),
    (
        date(2014, 11, 18),
        1,
        T.WORKSHOP,
        "Workshop on social conflicts and the VPs",
        "Ica",
        "Ica",
        48,
        COMMUNITY,
        ["aprodeh"],
        ["social_conflicts"],
        "",
        "",
    ),
    (
        date(2015, 2, 24),
        1,
        T.WORKSHOP,
        "Workshop on security and human rights in the south",
        "Moquegua",
        "Moquegua",
        57,
        MIXED,
        ["socios"],
        ["human_rights"],
        "",
        "",
    ),
    (
        date(2015, 5, 12),
        1,
        T.PANEL,
        "Panel on the regulation of the use of force",
        "Lima",
        "Lima",
        80,
        MIXED,
        ["mininter", "idl"],
        ["use_of_force"],
        "",
        "",
    ),
    (
        date(2015, 6, 23),
        2,
        T.COURSE,
        "Course on the VPs for private security guards",
        "Arequipa",
        "Arequipa",
        70,
        SECURITY,
        ["sucamec"],
        ["private_security"],
        "",
        "",
    ),
    (
        date(2015, 10, 6),
        1,
        T.SEMINAR,
        "Seminar on the VPs and the ICoC",
        "Lima",
        "Lima",
        100,
        SECURITY,
        ["socios", "switzerland"],
        ["private_security", "voluntary_principles"],
        "",
        "",
    ),
    # The four key activities of the Peru document.
    (
        date(2013, 11, 7),
        1,
        *KEY["seminar"],
        "Lima",
        "Lima",
        150,
        MIXED,
        ["socios", "canada", "switzerland"],
        ["voluntary_principles"],
        "",
        "",
    ),
    (
        date(2014, 9, 25),
        2,
        *KEY["forum"],
        "Lima",
        "Lima",
        180,
        MIXED,
        ["socios"],
        ["business_human_rights", "voluntary_principles"],
        "Project Weaving Bridges",
        "Bureau of Democracy, Human Rights and Labor (DRL), US State Department",
    ),
    (
        date(2015, 3, 18),
        1,
        *KEY["breakfast"],
        "Lima",
        "Lima",
        45,
        EXECUTIVES,
        ["socios", "canada", "switzerland"],
        ["business_human_rights", "voluntary_principles"],
        "United Nations Development Programme (UNDP)",
        "",
    ),
    (
        date(2015, 8, 10),
        5,
        *KEY["police"],
        "Cusco",
        "Cusco",
        60,
        POLICE,
        ["mininter", "icrc"],
        ["use_of_force", "human_rights"],
        "Companies of the Cusco region",
        "Embassy of Switzerland",
    ),
]

# 2026 activities that carry out work plan tasks: (start, days, type, title, region, participants, shares, organisers,
# topics, task title)
ACTIVITIES_2026 = [
    (
        date(2026, 5, 21),
        1,
        T.SEMINAR,
        "International seminar: the VPs, current perspectives (2026)",
        "Lima",
        130,
        MIXED,
        ["socios", "canada"],
        ["voluntary_principles"],
        "International seminar: the VPs, current perspectives",
    ),
    (
        date(2026, 8, 10),
        5,
        T.COURSE,
        "Training course for the National Police in Cusco (2026)",
        "Cusco",
        60,
        POLICE,
        ["mininter", "icrc"],
        ["use_of_force", "human_rights"],
        "Training course for the National Police in Cusco",
    ),
]

OUTREACH = [
    (
        date(2011, 2, 8),
        "National Police of Peru",
        "police",
        ["mininter", "socios"],
        "Introduce the VPs to the police training directorate and propose a joint course.",
        "Agreed to pilot a course on the use of force in Cajamarca.",
        date(2011, 3, 1),
    ),
    (
        date(2011, 7, 5),
        "Ministry of Interior",
        "ministry",
        ["socios", "canada"],
        "Invite the ministry to join the working group as a member.",
        "The ministry named a focal point and joined the following year.",
        None,
    ),
    (
        date(2013, 4, 16),
        "SUCAMEC (regulator of private security companies)",
        "regulator",
        ["idl", "socios"],
        "Discuss the draft law on private security companies and the role of the VPs.",
        "SUCAMEC agreed to present the draft at a plenary.",
        date(2013, 6, 1),
    ),
    (
        date(2014, 10, 14),
        "International Code of Conduct Association (ICoC)",
        "initiative",
        ["switzerland"],
        "Explore joint work on private security standards.",
        "Joint seminar proposed for 2015.",
        date(2015, 2, 1),
    ),
    (
        date(2026, 9, 9),
        "United Nations Development Programme (UNDP)",
        "international",
        ["socios", "minjusdh"],
        "Partner on the National Action Plan on business and human rights.",
        "",
        date(2026, 12, 1),
    ),
]


def split(total: int, shares: dict) -> dict:
    """Participants by sector field, summing exactly to `total`."""
    weight = sum(shares.values())
    counts = {f"participants_{sector}": total * share // weight for sector, share in shares.items()}
    first = f"participants_{next(iter(shares))}"
    counts[first] += total - sum(counts.values())
    return counts


@transaction.atomic
def load_activities_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    reps = {
        rep.user.email.split("@")[0]: rep
        for rep in Representative.objects.active().filter(working_group=group).select_related("user", "membership")
    }
    secretariat = reps["socios"].user
    existing = set(Activity.objects.filter(working_group=group).values_list("title", "starts_on"))
    embassies = {i.name: i for i in Institution.objects.filter(memberships__working_group=group)}
    for (
        start,
        days,
        type_,
        title,
        place,
        region,
        total,
        shares,
        organisers,
        topics,
        partners,
        funders,
    ) in ACTIVITIES_2010_2015:
        if (title, start) in existing:
            continue
        funder_institutions = [embassies[funders]] if funders in embassies else []
        services.activity_create(
            working_group=group,
            actor=secretariat,
            type=type_,
            title=title,
            starts_on=start,
            ends_on=start + timedelta(days=days - 1),
            place=place,
            region=region,
            organisers=[reps[login].membership for login in organisers],
            partners_other=partners,
            funder_institutions=funder_institutions,
            funders_other="" if funder_institutions else funders,
            topics=topics,
            **split(total, shares),
        )
    tasks = {t.title: t for t in Task.objects.filter(work_plan__working_group=group)}
    for start, days, type_, title, region, total, shares, organisers, topics, task_title in ACTIVITIES_2026:
        if (title, start) in existing:
            continue
        services.activity_create(
            working_group=group,
            actor=secretariat,
            type=type_,
            title=title,
            starts_on=start,
            ends_on=start + timedelta(days=days - 1),
            place=region,
            region=region,
            organisers=[reps[login].membership for login in organisers],
            topics=topics,
            task=tasks.get(task_title),
            **split(total, shares),
        )
    logged = set(OutreachContact.objects.filter(working_group=group).values_list("institution_name", "contacted_on"))
    for contacted_on, name, kind, members, purpose, outcome, follow_up_on in OUTREACH:
        if (name, contacted_on) in logged:
            continue
        services.outreach_create(
            working_group=group,
            actor=secretariat,
            contacted_on=contacted_on,
            institution_name=name,
            kind=kind,
            members_involved=[reps[login].membership for login in members],
            purpose=purpose,
            outcome=outcome,
            follow_up_on=follow_up_on,
        )
