from django.core.management.base import BaseCommand, CommandError

from reports.scale import PASSWORD, already_generated, generate


class Command(BaseCommand):
    help = "Generate the benchmark's platform-sized data set (issue 8), reproducibly from --seed."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the full set; 0.1 = ten times smaller")
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, scale, seed, **options):
        if already_generated():
            raise CommandError("This database already holds a scale data set (groups scale-01…); use a fresh database.")
        self.stdout.write(f"Generating the scale data set (scale {scale}, seed {seed}):")
        counts = generate(scale=scale, seed=seed, log=self.stdout.write)
        for name, count in counts.items():
            self.stdout.write(f"  {name:<18} {count:>7,}")
        self.stdout.write(self.style.SUCCESS(f"Done. Every user's password is {PASSWORD!r}."))
