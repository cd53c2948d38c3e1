"""Claim-matching speed: `claims.matching.suggest` against a naive baseline (rapidfuzz over every claim).

Run against a generated corpus (bench/README.md), e.g.:
    DATABASE_URL=sqlite:///bench/data/bench100k.sqlite3 python bench/matching.py --queries 100
It picks claims of the corpus, rewrites each a little (drops a word, changes case), asks for
suggestions and prints p50/p95 in milliseconds for both, and whether the source claim came first.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from rapidfuzz import fuzz, process  # noqa: E402

from claims.matching import NameTable, Query, suggest  # noqa: E402
from claims.models import Claim  # noqa: E402


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def variant(text, rng):
    words = text.split()
    if len(words) > 4:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    return text[: max(2, len(text) - 3)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--baseline-queries", type=int, default=10, help="the naive scan is slow: fewer of them")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    total = Claim.objects.count()
    ids = list(Claim.objects.values_list("pk", flat=True))
    sample = Claim.objects.filter(pk__in=rng.sample(ids, min(args.queries, len(ids))))
    names = NameTable.load()
    timings, first = [], 0
    for claim in sample:
        query = Query(variant(claim.statement, rng), variant(claim.translation, rng) if claim.translation else "")
        start = time.perf_counter()
        found = suggest(query, Claim.objects.all(), names=names)
        timings.append((time.perf_counter() - start) * 1000)
        first += bool(found) and found[0].claim.pk == claim.pk
    print(f"claims: {total}  backend: {Claim.objects.db} {django.db.connection.vendor}")
    print(f"suggest: p50 {percentile(timings, 0.5):.1f} ms  p95 {percentile(timings, 0.95):.1f} ms  source claim first: {first}/{len(timings)}")
    # Naive baseline: every statement in memory (loading them is not counted), rapidfuzz over all of them.
    corpus = dict(Claim.objects.values_list("pk", "statement"))
    base = []
    for claim in list(sample)[: args.baseline_queries]:
        text = variant(claim.statement, rng)
        start = time.perf_counter()
        process.extract(text, corpus, scorer=fuzz.token_set_ratio, limit=5)
        base.append((time.perf_counter() - start) * 1000)
    print(f"naive rapidfuzz over every claim: p50 {percentile(base, 0.5):.1f} ms  p95 {percentile(base, 0.95):.1f} ms")


if __name__ == "__main__":
    main()
