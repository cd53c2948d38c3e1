"""Capture sources in bulk, here and now (not through the queue), with a progress line.

Without a flag: every source with a URL that has no successful capture yet, so a run that was
interrupted simply resumes where it stopped. `--stale`: also those whose latest capture is older than
`--days`. `--all`: every source with a URL (resume an interrupted `--all` with `--from-id`).
Offline sources (no URL) are counted and left alone.
"""

import datetime
import sys

from django.core.management.base import BaseCommand
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from capture import services
from capture.models import Capture
from claims.models import Source


class Command(BaseCommand):
    help = "Capture sources now: those never captured (default), stale ones (--stale) or all (--all)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--all", action="store_true", help="every source with a URL")
        group.add_argument("--stale", action="store_true", help="also sources whose latest capture is older than --days")
        parser.add_argument("--days", type=int, default=30, help="age that makes a capture stale (default 30)")
        parser.add_argument("--from-id", type=int, default=0, help="start at this source id (resume --all)")

    def handle(self, *args, **options):
        offline = Source.objects.filter(url="").count()
        sources = Source.objects.exclude(url="").filter(pk__gte=options["from_id"]).order_by("pk")
        if not options["all"]:
            done = Capture.objects.filter(source=OuterRef("pk"), status=Capture.Status.DONE)
            condition = ~Exists(done)
            if options["stale"]:
                cutoff = timezone.now() - datetime.timedelta(days=options["days"])
                sources = sources.annotate(latest=Max("captures__captured_at", filter=Q(captures__status="done")))
                condition = condition | Q(latest__lt=cutoff)
            sources = sources.filter(condition)
        ids = list(sources.values_list("pk", flat=True))
        total = len(ids)
        failed = 0
        for number, source_id in enumerate(ids, 1):
            source = Source.objects.get(pk=source_id)
            capture = services.request_capture(source, trigger=Capture.Trigger.BULK, enqueue=False)
            capture = services.run_capture(capture.pk)
            if capture.status == Capture.Status.FAILED:
                failed += 1
            self._progress(number, total, source_id, capture)
        if total:
            self.stderr.write("")
        self.stdout.write(
            f"{total - failed} captured, {failed} failed, {offline} offline source(s) without a URL left as they are."
        )

    def _progress(self, number, total, source_id, capture):
        width = 30
        filled = width * number // total
        bar = "#" * filled + "-" * (width - filled)
        line = f"\r[{bar}] {number}/{total} source #{source_id}: {capture.get_status_display()}"
        self.stderr.write(line, ending="")
        sys.stderr.flush()
