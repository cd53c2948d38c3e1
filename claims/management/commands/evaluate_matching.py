"""Print precision@1, recall@5 and MRR of claim matching on the labelled set (claims/matching_eval.jsonl).

The evaluation corpus is written inside a transaction that is rolled back: the desk's data is untouched.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from claims.matching import EVAL_PATH, build_eval_corpus, evaluate, load_eval


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure claim matching on the labelled evaluation set."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(EVAL_PATH))
        parser.add_argument("--misses", action="store_true", help="List the pairs not ranked as labelled.")

    def handle(self, *args, path, misses, **options):
        from pathlib import Path

        rows = load_eval(Path(path))
        try:
            with transaction.atomic():
                speakers, claims = build_eval_corpus(rows)
                result = evaluate(rows, speakers, claims)
                raise _Rollback
        except _Rollback:
            pass
        out = self.stdout
        out.write(f"pairs: {result.pairs} ({result.positives} should match)")
        out.write(f"precision@1: {result.precision_at_1:.3f}")
        out.write(f"recall@5: {result.recall_at_5:.3f}")
        out.write(f"MRR: {result.mrr:.3f}")
        out.write(f"changed-number pairs ranked first: {result.changed_numbers_ranked_first} of {result.changed_numbers}")
        out.write(f"near-misses ranked first: {result.near_misses_ranked_first} of {result.near_misses}")
        out.write("by kind (pairs, first right, in the top five; for must-not pairs: none of them first):")
        for kind, (n, first, five) in sorted(result.by_kind.items()):
            out.write(f"  {kind:<26} {n:>4} {first / n:>6.2f} {five / n:>6.2f}")
        if misses:
            for miss in result.misses:
                out.write(f"  {miss['kind']}: {miss['statement'][:70]} → expected {miss.get('expect') or 'none of ' + str(miss.get('not'))}, got {miss['ranked']}")
