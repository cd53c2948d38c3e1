"""Claim matching at archive scale: the old wording engine and the new hybrid engine, in the same run.

    # once per database: claims and the wording index (bench/matching.py's corpus), then synthetic vectors
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/match1m python bench/matching_scale.py --build 1000000
    # measure both engines on the same sampled queries
    DATABASE_URL=... python bench/matching_scale.py --queries 200

Embedding a million texts takes ~8 hours on one core here (~28 ms a claim on an idle core), so the
vectors stored for the corpus are **synthetic**: unit vectors drawn around a few hundred topic centres
(seeded), one per statement and one per translation for claims that have one. They exercise the search
exactly (the same matrix, centring, HNSW index above `MATCHING_ANN_MIN`, rescoring, database reads) but
say nothing about quality (`manage.py evaluate_matching` measures that, with real vectors). Each query is a
sampled claim: its text rewritten a little for the wording engine (as bench/matching.py does), its stored
vector with noise added for the new engine; the new engine's p95 is given without the query's embedding
and with the median cost of embedding one typed statement added (measured in the same run).

`--vectors-only N` measures the semantic search alone, in-process, over N synthetic claims (no database, so
no wording engine and no claim rows): the matrix, its centring, the HNSW index (built with one thread) and
`index.nearest` — how that part grows from 100k to 1M when the full corpus cannot be built in time.

The first query loads the matrix and the HNSW index (or builds it, saved under bench/data/): that cost is
printed on its own, not counted in the percentiles.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.matching import build, percentile, variant  # noqa: E402
from claims import matching as lexical  # noqa: E402
from claims.models import Claim  # noqa: E402
from matching import embedding, index, selectors  # noqa: E402
from matching.models import ClaimVector  # noqa: E402

TOPICS = 400


def fill_vectors(seed: int = 5, chunk: int = 10_000) -> None:
    """Synthetic vectors for every claim without one (resumable: claims that have one are skipped)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((TOPICS, embedding.DIM)).astype(np.float32)
    missing = list(Claim.objects.filter(vector__isnull=True).order_by("pk").values_list("pk", "translation"))
    started = time.perf_counter()
    for start in range(0, len(missing), chunk):
        part = missing[start : start + chunk]

        def draw(n):
            v = centres[rng.integers(0, TOPICS, n)] + 1.2 * rng.standard_normal((n, embedding.DIM)).astype(np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

        statements, translations = draw(len(part)), draw(len(part))
        now = timezone.now()
        rows = [ClaimVector(claim_id=pk, model="synthetic", text_hash="synthetic", statement=ClaimVector.pack(statements[k]),
                            translation=ClaimVector.pack(translations[k] if translation else None), updated_at=now)
                for k, (pk, translation) in enumerate(part)]
        with transaction.atomic():
            ClaimVector.objects.bulk_create(rows, batch_size=2000)
        print(f"  vectors {start + len(part)}/{len(missing)} ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE matching_claimvector")


def vectors_only(size: int, queries: int, seed: int) -> None:
    settings.MATCHING_ANN_THREADS = 1
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((TOPICS, embedding.DIM)).astype(np.float32)
    started = time.perf_counter()
    statements = np.empty((size, embedding.DIM), dtype=np.float32)
    translations = np.zeros((size, embedding.DIM), dtype=np.float32)
    for start in range(0, size, 100_000):
        n = min(100_000, size - start)
        for target, share in ((statements, 1.0), (translations, 0.7)):
            v = centres[rng.integers(0, TOPICS, n)] + 1.2 * rng.standard_normal((n, embedding.DIM)).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            v[rng.random(n) >= share] = 0
            target[start : start + n] = v
    m = index.Matrix(np.arange(1, size + 1, dtype=np.int64), statements, translations, index.genericity(statements), (size, "synthetic"))
    m.centre, m.basis = index.centring(statements, translations)
    m.row_of = {int(pk): i for i, pk in enumerate(m.ids)}
    m.with_norms()
    print(f"{size} synthetic claims, centred, in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    m.ann = index.build_ann(m)
    print(f"HNSW index (int8, one thread) built in {time.perf_counter() - started:.0f} s", flush=True)
    picks = rng.integers(0, size, queries)
    timings, first = [], 0
    for at in picks:
        q = statements[at] + 0.3 * rng.standard_normal(embedding.DIM).astype(np.float32) / np.sqrt(embedding.DIM)
        q /= np.linalg.norm(q)
        start = time.perf_counter()
        found = index.nearest(q, m, selectors.SEMANTIC_CANDIDATES)
        timings.append((time.perf_counter() - start) * 1000)
        first += bool(found) and max(found, key=lambda f: max(f[1], f[2]))[0] == int(m.ids[at])
    print(f"{'claims':>8} {'nearest p50 ms':>15} {'p95 ms':>8} {'first':>9} {'load':>5}")
    print(f"{size:>8} {percentile(timings, 0.5):>15.2f} {percentile(timings, 0.95):>8.2f} {first:>4}/{len(timings):<4} {os.getloadavg()[0]:>5.1f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=int, metavar="N", help="first fill the database to N claims and give each a synthetic vector")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--vectors-only", type=int, metavar="N", help="time the semantic search alone over N synthetic claims, in-process")
    args = parser.parse_args(argv)
    if args.vectors_only:
        return vectors_only(args.vectors_only, args.queries, args.seed)
    settings.MATCHING_INDEX_PATH = Path(settings.BASE_DIR) / "bench" / "data" / f"matching-{connection.settings_dict['NAME']}.usearch"
    if args.build:
        build(args.build)
        fill_vectors()
    rng = random.Random(args.seed)
    total = Claim.objects.count()
    ids = list(Claim.objects.values_list("pk", flat=True))
    sample = list(Claim.objects.filter(pk__in=rng.sample(ids, min(args.queries, len(ids)))))
    names = lexical.NameTable.load()
    asks = [(c.pk, lexical.Query(variant(c.statement, rng), variant(c.translation, rng) if c.translation else "")) for c in sample]

    started = time.perf_counter()
    m = index.matrix()
    print(f"matrix of {len(m)} claims read in {time.perf_counter() - started:.1f} s, HNSW index: {'yes' if m.ann is not None else 'no'}", flush=True)
    noise = np.random.default_rng(args.seed)
    query_vectors = {}
    for pk, _ in asks:
        at = m.position(pk)
        v = m.statements[at] + 0.3 * noise.standard_normal(embedding.DIM).astype(np.float32) / np.sqrt(embedding.DIM)
        query_vectors[pk] = v / np.linalg.norm(v)
    current = {}
    real_embed = embedding.embed
    embedding.embed = lambda texts: np.vstack([current["vector"]] * len(texts)) if texts else real_embed(texts)

    def timed(fn):
        out, wall = [], []
        for pk, query in asks:
            current["vector"] = query_vectors[pk]
            start = time.perf_counter()
            found = fn(query)
            wall.append((time.perf_counter() - start) * 1000)
            out.append(bool(found) and found[0].claim.pk == pk)
        return wall, sum(out)

    for pk, query in asks[:5]:  # warm both
        current["vector"] = query_vectors[pk]
        lexical.suggest(query, Claim.objects.all(), names=names)
        selectors.suggest(query, Claim.objects.all(), names=names)
    old, old_first = timed(lambda q: lexical.suggest(q, Claim.objects.all(), names=names))
    new, new_first = timed(lambda q: selectors.suggest(q, Claim.objects.all(), names=names))
    embedding.embed = real_embed
    one = []
    for _, query in asks[:30]:
        start = time.perf_counter()
        embedding.embed([query.statement])
        one.append((time.perf_counter() - start) * 1000)
    cost = statistics.median(one)
    print(f"{'backend':<11} {'claims':>8} {'engine':<28} {'p50 ms':>8} {'p95 ms':>8} {'first':>9} {'load':>5}")
    print(f"{connection.vendor:<11} {total:>8} {'old (wording)':<28} {percentile(old, 0.5):>8.1f} {percentile(old, 0.95):>8.1f} {old_first:>4}/{len(old):<4} {os.getloadavg()[0]:>5.1f}")
    print(f"{connection.vendor:<11} {total:>8} {'new (search, vector given)':<28} {percentile(new, 0.5):>8.1f} {percentile(new, 0.95):>8.1f} {new_first:>4}/{len(new):<4} {os.getloadavg()[0]:>5.1f}")
    print(f"{connection.vendor:<11} {total:>8} {'new + embedding the query':<28} {percentile(new, 0.5) + cost:>8.1f} {percentile(new, 0.95) + cost:>8.1f} {'':>9} (embedding one statement: median {cost:.1f} ms)")


if __name__ == "__main__":
    main()
