"""Embed every claim whose stored vector is missing or stale; resumes after an interruption.

Each batch commits on its own and records the run's progress (`matching.VectorRebuild`), so running it
again after Ctrl-C or a crash continues after the last claim it checked. `--queue` runs it as a background
task (django-tasks) instead; `--status` shows how far the latest run got.
"""

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from matching import embedding, index, services, tasks


class Command(BaseCommand):
    help = "Embed the claims whose matching vector is missing or stale (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Embed every claim again.")
        parser.add_argument("--queue", action="store_true", help="Queue it as a background task.")
        parser.add_argument("--batch", type=int, default=256)
        parser.add_argument("--status", action="store_true", help="Show the progress of the latest rebuild and stop.")

    def handle(self, *args, force, queue, batch, status, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        if status:
            run = services.rebuild_status()
            if run is None:
                self.stdout.write("no rebuild has run yet")
            else:
                state = f"finished {run.finished_at:%Y-%m-%d %H:%M:%S}" if run.finished_at else f"not finished, last progress {run.updated_at:%Y-%m-%d %H:%M:%S}"
                self.stdout.write(f"latest rebuild: {run.checked}/{run.total} claims checked, {run.embedded} embedded, {state}")
            return
        if queue:
            result = tasks.rebuild_vectors.enqueue(force)
            self.stdout.write(f"queued the rebuild as task {result.id}; follow it with --status")
            return
        stats = embedding.load_stats()
        self.stdout.write(f"model {stats.model}: loaded in {stats.seconds:.2f} s, RSS +{stats.rss_delta_mb:.0f} MB")
        count = services.rebuild_vectors(
            force=force, batch=batch, progress=lambda done, total, embedded: self.stdout.write(f"{done}/{total} claims checked, {embedded} embedded")
        )
        index.forget()
        first = Claim.objects.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            seconds = services.measure_index_one(first)
            self.stdout.write(f"indexing one claim: {seconds * 1000:.1f} ms")
        self.stdout.write(f"matching vectors current: {count} embedded")
