"""Old and new claim matching side by side on the frozen evaluation set (matching/eval/queries.jsonl).

Everything is written inside a transaction that is rolled back (the seed, if missing; distractors): the
desk's data is untouched.
"""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Claim
from matching import embedding, evaluation, scoring, services


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure claim matching (old wording engine and new hybrid engine) on the frozen evaluation set."

    def add_arguments(self, parser):
        parser.add_argument("--split", default="test", choices=["dev", "test", "all"])
        parser.add_argument("--distractors", type=int, default=0, help="Add N synthetic same-beat claims first (~25–60 ms each to embed on one core; see --vector-cache).")
        parser.add_argument("--failures", action="store_true", help="List what the new engine still gets wrong.")
        parser.add_argument("--fit", action="store_true", help="Fit the score's weights and thresholds on these queries (use --split dev): at the seed's size, and with the distractors too when given.")
        parser.add_argument("--vector-cache", default="", help="An .npz file (e.g. bench/data/matching-distractors.npz) keeping the distractors' vectors between runs.")

    def handle(self, *args, split, distractors, failures, fit, vector_cache, **options):
        out = self.stdout
        if distractors < 0:
            raise CommandError("--distractors must be 0 or more.")
        try:
            with transaction.atomic():
                self._run(out, split, distractors, failures, fit, Path(vector_cache) if vector_cache else None)
                raise _Rollback
        except _Rollback:
            pass

    def _run(self, out, split, distractors, failures, fit, vector_cache):
        keys = evaluation.seed_claims()
        if len(keys) < 17:
            call_command("load_seed", verbosity=0)
            keys = evaluation.seed_claims()
        stats = embedding.load_stats()
        out.write(f"model: {stats.model} (MIT), loaded in {stats.seconds:.2f} s, RSS +{stats.rss_delta_mb:.0f} MB, {stats.threads} thread(s)")
        started = time.perf_counter()
        embedded = services.embed_claims(claim_ids=keys.values())
        if embedded:
            out.write(f"embedded {embedded} seed claims in {(time.perf_counter() - started) * 1000 / embedded:.1f} ms each")
        if distractors:
            started = time.perf_counter()
            ids = evaluation.make_distractors(distractors, vector_cache=vector_cache)
            out.write(f"distractors: {len(ids)} synthetic claims, indexed and embedded in {time.perf_counter() - started:.1f} s")
            visible = Claim.objects.filter(pk__in=[*keys.values(), *ids])
        else:
            visible = Claim.objects.filter(pk__in=keys.values())
        rows = evaluation.load_queries(split)
        if fit:
            sizes = [Claim.objects.filter(pk__in=keys.values()), *([visible] if distractors else [])]
            weights = scoring.fit([row for claims in sizes for row in evaluation.training_rows(rows, keys, claims)])
            out.write(f"fitted weights ({', '.join(scoring.FEATURES)}, intercept): {weights}")
            found = [evaluation.candidates(rows, claims, weights) for claims in sizes]
            same_at, related_at = evaluation.choose_thresholds(rows, keys, found)
            out.write(f"thresholds: same claim ≥ {same_at}, related ≥ {related_at}")
            for claims, candidates in zip(sizes, found):
                t = evaluation.with_thresholds(rows, keys, candidates, same_at, related_at).total
                out.write(f"  {claims.count()} claims: P@1 {t.p1:.3f}, R@5 {t.r5:.3f}, negatives first {t.negatives_rate:.1%}, "
                          f"changed first {t.changed_first}, targets labelled same claim {t.same_label_rate:.0%}")
            return
        old = evaluation.run_old(rows, keys, visible)
        new = evaluation.run_new(rows, keys, visible)
        out.write(f"split: {split}, {len(rows)} queries, {len(visible)} claims searched")
        out.write(f"{'':<8}{'P@1':>14}{'R@5':>14}{'neg first':>16}{'changed first':>16}")
        out.write(f"{'':<8}{'old':>7}{'new':>7}{'old':>7}{'new':>7}{'old':>8}{'new':>8}{'old':>8}{'new':>8}")
        for language in [*evaluation.LANGUAGES, "all"]:
            a = old.total if language == "all" else old.by_language.get(language)
            b = new.total if language == "all" else new.by_language.get(language)
            if a is None:
                continue
            out.write(
                f"{language:<8}{a.p1:>7.2f}{b.p1:>7.2f}{a.r5:>7.2f}{b.r5:>7.2f}"
                f"{a.negatives_rate:>7.0%} {b.negatives_rate:>7.0%} {a.changed_first:>7} {b.changed_first:>7}"
            )
        out.write(f"P@1 old {old.total.p1:.3f} new {new.total.p1:.3f}; R@5 old {old.total.r5:.3f} new {new.total.r5:.3f}")
        out.write(f"negatives first old {old.total.negatives_rate:.1%} new {new.total.negatives_rate:.1%} (of {new.total.negatives})")
        out.write(
            f"changed-number first old {old.total.changed_first} new {new.total.changed_first} of {new.total.changed}"
            f" (new: shown first as related {new.total.changed_shown_first})"
        )
        out.write(f"targets shown first labelled \"same claim\": new {new.total.same_label_rate:.1%}")
        out.write(f"ms per query: old {old.ms_per_query:.1f}, new {new.ms_per_query:.1f}")
        if failures:
            for miss in new.failures:
                out.write(f"  {miss['id']} {miss['kind']}: {miss['query'][:80]} → {miss.get('target') or miss.get('near')}, got {miss['got']}")
