"""Poll the partners that are due, by hand or from cron, with a progress line per partner."""

from django.core.management.base import BaseCommand

from partners import services


class Command(BaseCommand):
    help = "Poll the partners that are due: import their new and changed ClaimReview."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the poll as a background task (for the worker) instead of running it here.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from partners import tasks

            tasks.poll_partners.enqueue()
            self.stdout.write("Poll of the due partners queued.")
            return

        def progress(result, index, total):
            detail = {
                "new": f"{result.imported} fact-check(s) imported",
                "unchanged": "nothing new",
                "failed": f"FAILED: {result.error}",
                "busy": "polled by another worker",
            }[result.status]
            self.stdout.write(f"{index}/{total} {result.partner.url}: {detail}")

        results = services.poll_due(progress=progress)
        imported = sum(result.imported for result in results)
        failed = sum(result.status == "failed" for result in results)
        self.stdout.write(f"{len(results)} partner(s) polled, {imported} fact-check(s) imported, {failed} failed.")
