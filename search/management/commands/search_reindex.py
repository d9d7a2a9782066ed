from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from members.models import WorkingGroup
from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the tables (all groups, or one with --group SLUG)."

    def add_arguments(self, parser):
        parser.add_argument("--group", help="only this working group (its slug)")

    def handle(self, *args, group=None, **options):
        working_group = None
        if group:
            working_group = WorkingGroup.objects.filter(slug=group).first()
            if working_group is None:
                raise CommandError(f"No working group with the slug {group!r}.")
        log = self.stdout.write if options["verbosity"] > 1 else None
        total = rebuild(working_group, log=log)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The rows just replaced leave dead index entries behind, and the planner needs the new size.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_searchentry")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total:,} entries."))
