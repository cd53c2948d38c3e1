"""Recompute the matching index (match keys, postings, term counts) of every claim.

Saving a claim keeps its entry current; this is for claims written around `save()` (bulk
loads, `generate_corpus`) and as a repair step.
"""

from django.core.management.base import BaseCommand

from claims.matching import rebuild_matching_index


class Command(BaseCommand):
    help = "Rebuild the claim-matching index from the claims' text."

    def handle(self, *args, **options):
        count = rebuild_matching_index(progress=lambda done, total: self.stdout.write(f"{done}/{total}"))
        self.stdout.write(f"matching index rebuilt for {count} claims")
