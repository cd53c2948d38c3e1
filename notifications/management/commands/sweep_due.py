"""The daily sweep for cron: tell people of re-checks and promises that fell due (running it twice tells nobody twice)."""

from django.core.management.base import BaseCommand

from notifications import services, tasks


class Command(BaseCommand):
    help = (
        "Tell the reviewer of the verdict in force and the chief editors of every fact-check due for its re-check and "
        "every prediction or promise due for its resolution: an inbox entry and an email, once per due date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep as a background task (TASKS_BACKEND) instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.daily_sweep.enqueue()
            self.stdout.write(f"Sweep queued as task {result.id}.")
            return
        told = services.sweep_due()
        self.stdout.write(f"{told} notice(s) sent for re-checks and resolutions due.")
