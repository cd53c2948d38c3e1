"""Re-render cached comment HTML made under an older sanitiser policy (after SANITIZER_VERSION changes).

Pages already render stale comments afresh on every view (see `Comment.html`);
this refreshes the cache so they stop paying for it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from comments.models import Comment
from factcheck.markup import SANITIZER_VERSION


class Command(BaseCommand):
    help = "Re-render comments whose cached HTML predates the current sanitiser version."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="Comments per transaction.")

    def handle(self, *args, batch, **options):
        total = 0
        while True:
            with transaction.atomic():
                stale = list(Comment.objects.exclude(sanitizer_version=SANITIZER_VERSION).order_by("pk")[:batch])
                if not stale:
                    break
                for comment in stale:
                    comment.render()
                Comment.objects.bulk_update(stale, ["body_html", "sanitizer_version"])
                total += len(stale)
        self.stdout.write(f"Re-rendered {total} comments with sanitiser version {SANITIZER_VERSION}.")
