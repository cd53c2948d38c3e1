"""Claim-matching speed: `claims.matching.suggest` against a naive baseline (rapidfuzz over every claim).

    # once per database: a fast claims-only corpus (bulk inserts, then the matching index)
    DATABASE_URL=sqlite:////tmp/match100k.sqlite3 python bench/matching.py --build 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/match100k python bench/matching.py --build 100000
    # measure (adds a row to the table it prints; --queries timed suggestions, fewer naive scans)
    DATABASE_URL=... python bench/matching.py --queries 200

`--build N` migrates the database, then adds claims until it holds N: multilingual statements
(Japanese, English, Russian, Ukrainian, from the corpus vocabulary in bench/corpus.py) by a few
hundred speakers with aliases in three scripts, most with an English translation, each with its own
numbers. It writes claims only (no evidence, audit or search documents: the suggestions read none of
them), then builds the matching index (`rebuild_matching_index`). A database made by
`manage.py generate_corpus` works too: the index is rebuilt when it is missing.

Each query is a claim of the corpus rewritten a little (a word dropped; for a translated claim, the
translation too); the table reports p50/p95 in ms for ours and for the naive scan (statements held in
memory, loading them not counted), the ratio, and how often the source claim came first.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from bench import corpus as V  # noqa: E402
from claims.matching import NameTable, Query, rebuild_matching_index, suggest  # noqa: E402
from claims.models import Claim, ClaimMatchKey, Speaker, SpeakerAlias  # noqa: E402

LANGS = V.LANGS  # ja en ru uk


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def variant(text, rng):
    words = text.split()
    if len(words) > 4:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    return text[: max(2, len(text) - 3)]


def _speakers(rng, count):
    """FAMOUS speakers with their aliases, then generated names written in Latin, katakana and Cyrillic."""
    made = []
    for name, aliases in V.FAMOUS:
        speaker, created = Speaker.objects.get_or_create(name=name)
        if created:
            SpeakerAlias.objects.bulk_create([SpeakerAlias(speaker=speaker, name=a) for a in aliases], ignore_conflicts=True)
        made.append((speaker.pk, {"en": name, "ja": aliases[-1], "ru": aliases[0], "uk": aliases[0]}))
    existing = Speaker.objects.count()
    for i in range(max(0, count - existing)):
        given = rng.choice(V.GIVEN_NAMES)
        parts = [rng.choice(V.SYLLABLES) for _ in range(2)] + [rng.choice(V.SURNAME_ENDINGS)]
        latin = f"{given[0]} {''.join(p[0] for p in parts).capitalize()} {i}"
        kana = f"{given[1]}・{''.join(p[1] for p in parts)}{i}"
        cyr = f"{given[2]} {''.join(p[2] for p in parts).capitalize()} {i}"
        speaker = Speaker.objects.create(name=latin)
        SpeakerAlias.objects.bulk_create([SpeakerAlias(speaker=speaker, name=kana), SpeakerAlias(speaker=speaker, name=cyr)], ignore_conflicts=True)
        made.append((speaker.pk, {"en": latin, "ja": kana, "ru": cyr, "uk": cyr}))
    return made


def _fill(template, slots, lang):
    index = LANGS.index(lang)
    return template[index].format(**{k: (v[index] if isinstance(v, tuple) else v) for k, v in slots.items()})


def build(size, seed=11, speakers=400, chunk=5000):
    """Add claims until the database holds `size`, then (re)build the matching index."""
    from django.contrib.auth import get_user_model

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    clerk, _ = get_user_model().objects.get_or_create(username="matching-bench", defaults={"is_active": False})
    people = _speakers(rng, speakers)
    have = Claim.objects.count()
    started = time.perf_counter()
    while have < size:
        batch = []
        for _ in range(min(chunk, size - have)):
            speaker_id, names = rng.choice(people)
            lang = rng.choices(LANGS, weights=(40, 30, 15, 15))[0]
            slots = V.slots(rng, tuple(names[l] for l in LANGS), most=4000, last_year=2031)
            template = rng.choice(V.TEMPLATES)
            statement = _fill(template, slots, lang)
            # A second sentence on most claims, so statements are as long as real ones (one to three sentences).
            if rng.random() < 0.6:
                statement += " " + _fill(rng.choice(V.EXCERPTS), slots, lang)
            translation = _fill(template, slots, "en") if lang != "en" and rng.random() < 0.7 else ""
            batch.append(
                Claim(speaker_id=speaker_id, statement=statement, language=lang, translation=translation,
                      translation_language="en" if translation else "", said_on_precision="unknown", created_by=clerk)
            )
        with transaction.atomic():
            Claim.objects.bulk_create(batch, batch_size=1000)
        have += len(batch)
        print(f"  {have} claims ({time.perf_counter() - started:.0f} s)", flush=True)
    if ClaimMatchKey.objects.count() != Claim.objects.count():
        started = time.perf_counter()
        rebuild_matching_index(progress=lambda done, total: done % 20000 == 0 and print(f"  indexed {done}/{total}", flush=True))
        print(f"  matching index built in {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the visibility map lets the posting scans be index-only


def measure(queries, baseline_queries, seed):
    rng = random.Random(seed)
    if ClaimMatchKey.objects.count() != Claim.objects.count():
        print("  the matching index is incomplete: rebuilding it first", flush=True)
        rebuild_matching_index()
    total = Claim.objects.count()
    ids = list(Claim.objects.values_list("pk", flat=True))
    sample = list(Claim.objects.filter(pk__in=rng.sample(ids, min(queries, len(ids)))))
    names = NameTable.load()
    asks = [(c.pk, Query(variant(c.statement, rng), variant(c.translation, rng) if c.translation else "")) for c in sample]
    for _, query in asks[:5]:  # warm the connection and the caches
        suggest(query, Claim.objects.all(), names=names)
    timings, cpu, first = [], [], 0
    for pk, query in asks:
        start, start_cpu = time.perf_counter(), time.process_time()
        found = suggest(query, Claim.objects.all(), names=names)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        first += bool(found) and found[0].claim.pk == pk
    corpus = dict(Claim.objects.values_list("pk", "statement"))
    base, base_first = [], 0
    for pk, query in asks[:baseline_queries]:
        start = time.perf_counter()
        found = process.extract(query.statement, corpus, scorer=fuzz.token_set_ratio, limit=5)
        base.append((time.perf_counter() - start) * 1000)
        base_first += bool(found) and found[0][2] == pk
    return {
        "backend": connection.vendor,
        "size": total,
        "ours": (percentile(timings, 0.5), percentile(timings, 0.95)),
        "cpu": percentile(cpu, 0.95),
        "load": os.getloadavg()[0],
        "naive": (percentile(base, 0.5), percentile(base, 0.95)),
        "first": f"{first}/{len(timings)}",
        "naive_first": f"{base_first}/{len(base)}",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=int, metavar="N", help="first fill the database to N claims (claims only, fast)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-queries", type=int, default=10, help="the naive scan is slow: fewer of them")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget", type=int, help="try another posting budget (claims.matching.POSTING_BUDGET)")
    args = parser.parse_args(argv)
    if args.budget:
        import claims.matching

        claims.matching.POSTING_BUDGET = args.budget
    if args.build:
        build(args.build)
    row = measure(args.queries, args.baseline_queries, args.seed)
    # "cpu p95": this process's CPU time per suggestion (all of it on SQLite, the client side on PostgreSQL):
    # what the wall clock shows on a machine nobody else is using. "load": the 1-minute load average.
    print(f"{'backend':<11} {'claims':>8} {'ours p50':>9} {'ours p95':>9} {'cpu p95':>8} {'naive p50':>10} {'naive p95':>10} {'p95 ratio':>10} {'first (ours)':>13} {'first (naive)':>14} {'load':>5}")
    print(
        f"{row['backend']:<11} {row['size']:>8} {row['ours'][0]:>9.1f} {row['ours'][1]:>9.1f} {row['cpu']:>8.1f} {row['naive'][0]:>10.1f} "
        f"{row['naive'][1]:>10.1f} {row['naive'][1] / max(row['ours'][1], 0.001):>9.1f}x {row['first']:>13} {row['naive_first']:>14} {row['load']:>5.1f}"
    )


if __name__ == "__main__":
    main()
