"""Poll the followed feeds that are due, by hand or from cron, with a progress line per feed."""

from django.core.management.base import BaseCommand

from monitoring import polling


class Command(BaseCommand):
    help = "Poll the followed feeds that are due: take in their new articles and queue their candidate statements."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the poll as a background task (for the worker) instead of running it here.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from monitoring import tasks

            tasks.poll_feeds.enqueue()
            self.stdout.write("Poll of the due feeds queued.")
            return

        def progress(result, index, total):
            width = 20
            done = round(width * index / total)
            bar = "#" * done + "." * (width - done)
            detail = {
                "new": f"{result.articles} new article(s), {result.candidates} candidate(s)",
                "unchanged": "nothing new",
                "failed": f"FAILED: {result.error}",
                "busy": "polled by another worker",
                "deferred": "its host is not due yet: left for the next run",
            }[result.status]
            self.stdout.write(f"[{bar}] {index}/{total} {result.feed.url}: {detail}")

        results = polling.poll_due(progress=progress)
        articles = sum(result.articles for result in results)
        failed = sum(result.status == "failed" for result in results)
        self.stdout.write(f"{len(results)} feed(s) polled, {articles} new article(s), {failed} failed.")
