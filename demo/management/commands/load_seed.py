from django.core.management.base import BaseCommand, CommandError

from demo.seed.loader import SeedError, load_seed


class Command(BaseCommand):
    help = "Load the Minsk-talks blog post (Dec 2022) and its attributed claims. Running it again adds nothing twice."

    def handle(self, *args, **options):
        try:
            created = load_seed()
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Seed loaded: {created} new claims."))
