"""The demo network: the Voluntary Principles Initiative holding the Peru and South Kivu groups, both
sharing their figures (each group's recorded charter decision), and a third small group, Ghana, that does
not share (its pages answer 404 to the network's staff); one network staff login; and the Netherlands'
embassies in Peru and South Kivu belonging to the Government of the Netherlands. Idempotent."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from members import services as member_services
from members.demo import ADMIN, DEMO_PASSWORD, _load_group
from members.models import Institution, WorkingGroup

from . import services
from .models import Network

NETWORK = {"slug": "vpi", "name": "Iniciativa de los Principios Voluntarios"}
GROUPS = ["peru", "south-kivu"]
# The third group, in the network without sharing: seven member institutions, three pillars (loaded as
# members/demo.py loads the others: one representative each, a Secretariat, a seat per pillar).
QUIET_GROUP = Path(__file__).parent / "demo_data" / "ghana.json"
STAFF = ("red@vpi.example.org", "Rosa", "Redes")
NETWORK_LOGINS = [
    ("Network staff (Iniciativa de los Principios Voluntarios)", STAFF[0]),
    ("Ghana Secretariat (CEDAF), a group not sharing", "ghana.cedaf@ghana.example.org"),
]
EMBASSIES = ["Embassy of the Netherlands", "Embassy of the Netherlands in Kinshasa"]
DECIDED_ON = date(2026, 3, 10)


@transaction.atomic
def load_networks_demo() -> list[tuple[str, str]]:
    User = get_user_model()
    admin = User.objects.get(email=f"{ADMIN[0]}@{ADMIN[2]}")  # a platform administrator, and of both groups
    network, _created = Network.objects.get_or_create(slug=NETWORK["slug"], defaults={"name": NETWORK["name"]})
    for group in WorkingGroup.objects.filter(slug__in=GROUPS):
        row = services.network_group_add(network=network, working_group=group, actor=admin)
        services.network_sharing_change(
            row=row,
            shares_figures=True,
            actor=admin,
            reason="Plenaria: la red de la Iniciativa recibe las cifras del grupo por pilar (nunca quién asistió).",
            decided_on=DECIDED_ON,
        )
    quiet = json.loads(QUIET_GROUP.read_text(encoding="utf-8"))
    _load_group(quiet)  # members' own loader of one demo group (idempotent)
    quiet_group = WorkingGroup.objects.get(slug=quiet["slug"])
    services.network_group_add(network=network, working_group=quiet_group, actor=admin)  # shares nothing
    staff, created = User.objects.get_or_create(
        email=STAFF[0], defaults={"username": STAFF[0], "first_name": STAFF[1], "last_name": STAFF[2]}
    )
    if created:
        staff.set_password(DEMO_PASSWORD)
        staff.save(update_fields=["password"])
    services.network_staff_set(network=network, user=staff, staff=True, actor=admin)
    government = member_services.institution_find_or_create(
        name="Government of the Netherlands", kind=Institution.Kind.FOREIGN_GOVERNMENT
    )
    for embassy in Institution.objects.filter(name__in=EMBASSIES):
        member_services.institution_set_parent(institution=embassy, parent=government, actor=admin)
    return NETWORK_LOGINS
