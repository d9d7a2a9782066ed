"""The demo network: the Voluntary Principles Initiative holding the Peru and South Kivu groups, both
sharing their figures (each group's recorded charter decision), with one network staff login; and the
Netherlands' embassies in both groups belonging to the Government of the Netherlands. Idempotent."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from members import services as member_services
from members.demo import ADMIN, DEMO_PASSWORD
from members.models import Institution, WorkingGroup

from . import services
from .models import Network

NETWORK = {"slug": "vpi", "name": "Iniciativa de los Principios Voluntarios"}
GROUPS = ["peru", "south-kivu"]
STAFF = ("red@vpi.example.org", "Rosa", "Redes")
NETWORK_LOGINS = [("Network staff (Iniciativa de los Principios Voluntarios)", STAFF[0])]
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
