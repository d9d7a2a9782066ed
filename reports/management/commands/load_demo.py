from django.core.management.base import BaseCommand

from activities.demo import load_activities_demo
from meetings.demo import load_meetings_demo
from members.decisions_demo import load_decisions_demo
from members.demo import DEMO_PASSWORD, load_members_demo
from minutes.demo import load_minutes_demo
from networks.demo import load_networks_demo
from workplan.demo import load_workplan_demo

from ...demo import load_member_reports_demo

# Each app that has demo data adds its loader here; loaders run in order and are idempotent.
# The command lives in reports, the top layer, because it imports every app's demo.
DEMO_LOADERS = [load_workplan_demo, load_activities_demo, load_meetings_demo, load_minutes_demo, load_decisions_demo]


class Command(BaseCommand):
    help = "Load (or complete) the demo working groups, Peru and South Kivu, and their network. Safe to run again."

    def handle(self, *args, **options):
        logins = load_members_demo()
        for loader in DEMO_LOADERS:
            loader()
        logins = [*logins, *load_networks_demo()]  # after the groups it holds
        load_member_reports_demo()  # after the network: the embassies' parent, the Government of the Netherlands
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<45} {email}")
