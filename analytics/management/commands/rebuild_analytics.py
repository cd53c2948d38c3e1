from django.core.management.base import BaseCommand

from analytics.rollups import rebuild


class Command(BaseCommand):
    help = "Rebuild the analytics rollups from the audit log (the same rows the workflow steps write one by one)."

    def handle(self, *args, **options):
        result = rebuild()
        self.stdout.write(f"Rebuilt the analytics rollups: {result.steps} steps of {result.claims} claims.")
