"""Queue a re-check of every due source of an open or published claim (run from cron, e.g. hourly)."""

from django.core.management.base import BaseCommand

from capture import services


class Command(BaseCommand):
    help = "Queue re-checks of the sources of open and published claims that are due (backing off for stable pages)."

    def handle(self, *args, **options):
        queued = services.enqueue_due_rechecks()
        self.stdout.write(f"{queued} source(s) queued for a re-check.")
