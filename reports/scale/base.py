"""What every part of the scale data set shares: the sizes, the seeded run and its bookkeeping."""

from __future__ import annotations

import random
import time

from django.utils import timezone

from members.models import Membership

SLUG_PREFIX = "scale"
GROUPS = 20
FULL = {  # the counts at --scale 1
    "institutions": 2000,
    "users": 10000,
    "meetings": 1000,
    "attendance": 50000,
    "versions": 2000,
    "activities": 5000,
    "audit": 20000,
}
PASSWORD = "bench-pass-2026"
BATCH = 2000

WORDS = (
    "Andean Pacific Northern Southern Central Highland Coastal River Valley Summit Copper Gold Silver Iron "
    "Lithium Energy Resources Mining Rights Justice Dialogue Peace Security Development Community Institute "
    "Foundation Alliance Network Council Agency Ministry Office Centre Observatory Association"
).split()
FIRST = (
    "Ana Carlos Rosa Jorge Lucía Miguel Patricia Daniel Sofía Javier Emma Luis Gloria Iván Carmen Raúl "
    "Mariana Hannah Oliver Claire Andrés Sanne Luca Rachel Thomas Nadia Felipe Kwame Ama Chinedu Ngozi "
    "Aline Patrick Wei Priya Tomás Elena Samuel Grace Joseph"
).split()
LAST = (
    "Quispe Huamán Salazar Paredes Ríos Torres Vega Morales Castillo Ortega Clarke Chávez Cano Mendoza "
    "Figueroa Delgado Wright Bennett Tremblay Restrepo Meier Moore Weber Haddad Araya Mensah Owusu Okafor "
    "Adeyemi Bahati Mulumba Furaha Dubois Jansen Zhang Kumar Silva Santos Otieno Banda"
).split()
AGENDA_TITLES = [  # also the themes of objectives, tasks and activities
    "Opening remarks and adoption of the agenda",
    "Draft law on private security companies",
    "Use of force by police providing security to extractive operations",
    "Agreements between the police and extractive companies",
    "Social conflicts near mine sites and dialogue tables",
    "Security and human rights risk assessments",
    "Grievance mechanisms for affected communities",
    "Work plan progress and next steps",
    "Training programme for public security forces",
    "Report of the Coordination Group",
]


def bulk(model, rows, **kwargs):
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


def participating(memberships) -> list:
    """The memberships that take part today (members and observers)."""
    return [m for m in memberships if m.status in Membership.PARTICIPATING]


class ScaleRun:
    """One generation: the seeded random source, the counts, and the rows each step leaves for the next.

    Every step draws from the one `rng` in a fixed order, so the same seed gives the same data set.
    `scale` multiplies every count but the number of groups.
    """

    def __init__(self, *, scale: float, seed: int, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.n = {key: max(1, round(value * scale)) for key, value in FULL.items()}
        self.now = timezone.now().replace(microsecond=0)
        self.today = self.now.date()
        self.started = time.monotonic()
        # Filled in by the steps (members first, then meetings, minutes, ...):
        self.groups = []  # the WorkingGroups, scale-01 … scale-20
        self.role_groups = {}  # (working group pk, Role) -> its Django Group
        self.institutions = []
        self.pillar_of = {}  # institution pk -> its pillar
        self.memberships = []
        self.by_group = {}  # working group pk -> its memberships
        self.users = []
        self.staff = {}  # working group pk -> the Secretariat's two users
        self.admins = {}  # working group pk -> its administrator
        self.reps = []  # every Representative, current and former
        self.principal = {}  # membership pk -> its principal Representative
        self.active_reps = {}  # working group pk -> its current Representatives
        self.seat_holders = {}  # working group pk -> the Representatives holding a Coordination Group seat
        self.meetings = []
        self.items_by_meeting = {}  # meeting pk -> its AgendaItems in order

    def words(self, count: int) -> str:
        """`count` random words: the name of an institution or a directorate."""
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def step(self, message: str) -> None:
        self.log(f"  [{time.monotonic() - self.started:6.1f}s] {message}")
