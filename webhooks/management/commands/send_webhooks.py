"""Send the webhook deliveries that are due (cron, e.g. every minute; or `--enqueue` for a worker)."""

from django.core.management.base import BaseCommand

from webhooks import services


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (first attempts and retries)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for a task worker instead.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from webhooks.tasks import send_due

            send_due.enqueue()
            self.stdout.write("queued")
            return
        self.stdout.write(f"{services.send_due()} sent")
