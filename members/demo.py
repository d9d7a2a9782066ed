"""Demo data: the Peru working group as of August 2016 (footnote 2 of the Peru document) and a
small South Kivu technical working group (Netherlands report 2018) to show separation.

Idempotent: every object is looked up by a natural key first. Other apps add their demo
data through `DEMO_LOADERS` in the load_demo command.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from vpwg.permissions import sync_group_capabilities

from . import services
from .models import CoordinationSeat, GroupAdministrator, Institution, Membership, Pillar, Representative, WorkingGroup

User = get_user_model()
DEMO_PASSWORD = "demo-pass-2026"
K = Institution.Kind
G, C, S = Pillar.GOVERNMENT, Pillar.COMPANIES, Pillar.CIVIL_SOCIETY
MEMBER, OBSERVER = Membership.Status.MEMBER, Membership.Status.OBSERVER

# (name, acronym, kind, pillar, status, login, representative's name)
PERU_INSTITUTIONS = [
    ("Ministry of Interior", "MININTER", K.HOST_STATE_AGENCY, G, MEMBER, "mininter", "Carlos Quispe"),
    ("Ministry of Energy and Mines", "MINEM", K.HOST_STATE_AGENCY, G, MEMBER, "minem", "Rosa Huamán"),
    ("Ministry of Foreign Affairs", "RREE", K.HOST_STATE_AGENCY, G, MEMBER, "rree", "Jorge Salazar"),
    ("Ministry of Justice and Human Rights", "MINJUSDH", K.HOST_STATE_AGENCY, G, MEMBER, "minjusdh", "Lucía Paredes"),
    ("Dialogue and Sustainability Office-PCM", "ONDS-PCM", K.HOST_STATE_AGENCY, G, MEMBER, "onds", "Miguel Ríos"),
    ("SUCAMEC", "SUCAMEC", K.HOST_STATE_AGENCY, G, MEMBER, "sucamec", "Ana Torres"),
    ("Anglo American", "", K.COMPANY, C, MEMBER, "angloamerican", "Peter Lindqvist"),
    ("Antamina", "", K.COMPANY, C, MEMBER, "antamina", "Patricia Vega"),
    ("Barrick", "", K.COMPANY, C, MEMBER, "barrick", "Daniel Morales"),
    ("Glencore", "", K.COMPANY, C, MEMBER, "glencore", "Sofía Castillo"),
    ("Las Bambas-MMG", "MMG", K.COMPANY, C, MEMBER, "lasbambas", "Wei Zhang"),
    ("Repsol", "", K.COMPANY, C, MEMBER, "repsol", "Javier Ortega"),
    ("Rio Tinto", "", K.COMPANY, C, MEMBER, "riotinto", "Emma Clarke"),
    ("Yanacocha-Newmont", "", K.COMPANY, C, MEMBER, "yanacocha", "Luis Chávez"),
    ("APRODEH", "APRODEH", K.NGO, S, MEMBER, "aprodeh", "Gloria Cano"),
    ("IDEH-PUCP", "IDEH-PUCP", K.ACADEMIC, S, MEMBER, "idehpucp", "Iván Lanegra"),
    ("IDL", "IDL", K.NGO, S, MEMBER, "idl", "Carmen Mendoza"),
    ("SER", "SER", K.NGO, S, MEMBER, "ser", "Raúl Figueroa"),
    ("Socios Perú", "", K.NGO, S, MEMBER, "socios", "Mariana Delgado"),
    # Embassies of VPs member governments and the EU sit in the government pillar.
    ("Embassy of Australia", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "australia", "Hannah Wright"),
    ("British Embassy", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "uk", "Oliver Bennett"),
    ("Embassy of Canada", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "canada", "Claire Tremblay"),
    ("Embassy of Colombia", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "colombia", "Andrés Restrepo"),
    ("Embassy of the Netherlands", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "netherlands", "Sanne de Vries"),
    ("Embassy of Switzerland", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "switzerland", "Luca Meier"),
    ("Embassy of the United States", "", K.FOREIGN_GOVERNMENT, G, MEMBER, "usa", "Rachel Moore"),
    ("European Union", "EU", K.INTERNATIONAL_ORGANISATION, G, MEMBER, "eu", "Thomas Weber"),
    # The two international organisations are observers: the ICRC as an independent
    # humanitarian body sits with civil society, UNLIREC (a UN centre) with governments.
    (
        "International Committee of the Red Cross",
        "ICRC",
        K.INTERNATIONAL_ORGANISATION,
        S,
        OBSERVER,
        "icrc",
        "Nadia Haddad",
    ),
    (
        "UN Regional Centre for Peace, Disarmament and Development in Latin America and the Caribbean",
        "UNLIREC",
        K.INTERNATIONAL_ORGANISATION,
        G,
        OBSERVER,
        "unlirec",
        "Felipe Araya",
    ),
]
PERU_COORDINATION = ["minem", "antamina", "idl"]  # one seat per pillar

KIVU_INSTITUTIONS = [
    (
        "Provincial Ministry of Mines of South Kivu",
        "",
        K.HOST_STATE_AGENCY,
        G,
        MEMBER,
        "kivu.mines",
        "Espérance Bahati",
    ),
    ("Mining Police of South Kivu", "", K.HOST_STATE_AGENCY, G, MEMBER, "kivu.police", "Jean-Pierre Mulumba"),
    (
        "Embassy of the Netherlands in Kinshasa",
        "",
        K.FOREIGN_GOVERNMENT,
        G,
        MEMBER,
        "kivu.netherlands",
        "Pieter Jansen",
    ),
    ("Twangiza Mining", "", K.COMPANY, C, MEMBER, "kivu.twangiza", "Patrick Kabila"),
    ("Observatoire pour la Gouvernance et la Paix", "OGP", K.NGO, S, MEMBER, "kivu.ogp", "Aline Furaha"),
    (
        "Geneva Centre for Security Sector Governance",
        "DCAF",
        K.INTERNATIONAL_ORGANISATION,
        S,
        MEMBER,
        "kivu.dcaf",
        "Claire Dubois",
    ),
]


def _user(login: str, full_name: str, domain: str):
    email = f"{login}@{domain}"
    first, _sep, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(
        email=email, defaults={"username": email, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _group(slug, **fields) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        return services.working_group_create(slug=slug, **fields)
    sync_group_capabilities(group)
    return group


def _populate(group: WorkingGroup, rows, country: str, domain: str, joined_on: date) -> dict:
    """Institutions, memberships and one principal representative each. Returns {login: Representative}."""
    reps = {}
    for name, acronym, kind, pillar, status, login, person in rows:
        institution = services.institution_find_or_create(name=name, kind=kind, country=country, acronym=acronym)
        membership = Membership.objects.filter(working_group=group, institution=institution).first()
        if membership is None:
            membership = services.membership_admit(
                working_group=group,
                institution=institution,
                pillar=pillar,
                status=status,
                joined_on=joined_on,
                reason="Founding member",
            )
        user = _user(login, person, domain)
        representative = Representative.objects.active().filter(user=user, working_group=group).first()
        if representative is None:
            representative = services.representative_add(
                membership=membership,
                user=user,
                role=Representative.Role.PRINCIPAL,
                job_title="Focal point for security and human rights",
                started_on=joined_on,
            )
        reps[login] = representative
    return reps


@transaction.atomic
def load_members_demo() -> list[tuple[str, str]]:
    """Create or complete the two demo groups. Returns the demo logins as (role, e-mail)."""
    peru = _group(
        "peru",
        name="Voluntary Principles Working Group Peru",
        short_name="VPs-WG Peru",
        country="Peru",
        time_zone="America/Lima",
        language="es",
        require_mfa_for_privileged=False,
        objectives=(
            "A trusted space for dialogue between companies, governments and civil society on security and "
            "human rights, and more effective implementation of the Voluntary Principles in Peru."
        ),
    )
    founded = date(2010, 11, 15)
    reps = _populate(peru, PERU_INSTITUTIONS, "Peru", "peru.example.org", founded)

    socios = reps["socios"]
    secretariat_user = socios.user
    if not peru.secretariat_terms.exists():
        services.secretariat_term_start(
            working_group=peru, institution=socios.membership.institution, staff=[secretariat_user], started_on=founded
        )
    for login in PERU_COORDINATION:
        if not CoordinationSeat.objects.filter(working_group=peru, representative=reps[login]).exists():
            services.coordination_seat_assign(
                working_group=peru, representative=reps[login], started_on=date(2024, 1, 1)
            )
    admin_user = _user("admin", "Ada Admin", "peru.example.org")
    if not GroupAdministrator.objects.filter(working_group=peru, user=admin_user).exists():
        services.group_administrator_add(working_group=peru, user=admin_user)
    if not admin_user.is_superuser:
        admin_user.is_staff = admin_user.is_superuser = True
        admin_user.save(update_fields=["is_staff", "is_superuser"])

    kivu = _group(
        "south-kivu",
        name="South Kivu Technical Working Group on the VPs",
        short_name="SK-TWG",
        country="Democratic Republic of the Congo",
        time_zone="Africa/Lubumbashi",
        language="fr",
        meeting_cadence_months=1,
        require_mfa_for_privileged=False,
        objectives="Regular dialogue and concrete recommendations on security and human rights around mine sites.",
    )
    kivu_reps = _populate(kivu, KIVU_INSTITUTIONS, "DR Congo", "kivu.example.org", date(2018, 10, 1))
    if not kivu.secretariat_terms.exists():
        dcaf = kivu_reps["kivu.dcaf"]
        services.secretariat_term_start(
            working_group=kivu, institution=dcaf.membership.institution, staff=[dcaf.user], started_on=date(2018, 10, 1)
        )
    if not GroupAdministrator.objects.filter(working_group=kivu, user=admin_user).exists():
        services.group_administrator_add(working_group=kivu, user=admin_user)  # shows the group switcher
    for login in ("kivu.mines", "kivu.twangiza", "kivu.ogp"):
        if not CoordinationSeat.objects.filter(working_group=kivu, representative=kivu_reps[login]).exists():
            services.coordination_seat_assign(
                working_group=kivu, representative=kivu_reps[login], started_on=date(2018, 10, 1)
            )

    return [
        ("Secretariat (Socios Perú)", secretariat_user.email),
        ("Coordination Group, government (MINEM)", reps["minem"].user.email),
        ("Coordination Group, companies (Antamina)", reps["antamina"].user.email),
        ("Coordination Group, civil society (IDL)", reps["idl"].user.email),
        ("Member representative (Repsol)", reps["repsol"].user.email),
        ("Observer representative (ICRC)", reps["icrc"].user.email),
        ("Group administrator and Django admin", admin_user.email),
        ("South Kivu Secretariat (DCAF)", kivu_reps["kivu.dcaf"].user.email),
    ]
