"""The monitoring queue page at scale: 100k waiting candidates on PostgreSQL, p50/p95 per page.

    python bench/monitoring_queue.py [--candidates 100000] [--requests 50] [--pg-url postgres://postgres@127.0.0.1:5432]
                                     [--keep]

Builds (or reuses, with --keep) the database `bench_monitoring_queue`: migrated, 100 outlets, 2,000 speakers,
5,000 sources/articles and --candidates candidates (every 10th decided, the rest waiting; four languages;
scores spread 0–1) written with bulk_create, then VACUUM (ANALYZE) as autovacuum would after a bulk load.
Then, in-process through Django's test Client and the real URL resolver (DEBUG off), as an editor: the queue
page in its default order, filtered by language, ordered newest first, and a deep page (?page=2000), each
--requests timed requests after 5 warm ones: p50/p95 and queries per request. Beside each, in the same run, the
baseline: the plain `Candidate.objects.filter(status=waiting).order_by(...)[offset:offset+25]` rows alone
(no related rows, no template, no count) — what the page costs beyond fetching its rows.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "bench_monitoring_queue"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="reuse the database when it already holds the candidates")
    options = parser.parse_args()
    if options.candidates < 1000 or options.requests < 5:
        parser.error("--candidates ≥ 1000, --requests ≥ 5")

    os.environ.update(DATABASE_URL=f"{options.pg_url}/{DB}", DJANGO_SETTINGS_MODULE="factcheck.settings", DEBUG="0")
    exists = subprocess.run(["psql", f"{options.pg_url}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],
                            capture_output=True, text=True, check=True).stdout.strip() == "1"
    if not (options.keep and exists):
        for sql in (f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}"):
            subprocess.run(["psql", f"{options.pg_url}/postgres", "-qc", sql], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, env=dict(os.environ))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from monitoring.models import Candidate

    settings.ALLOWED_HOSTS = ["*"]
    if Candidate.objects.count() < options.candidates:
        generate(options.candidates)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")

    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="bench-editor")
    client = Client()
    client.force_login(editor)
    waiting = Candidate.objects.filter(status=Candidate.Status.WAITING)
    pages = [
        ("default order", "", waiting.order_by("-checkworthiness", "-found_at", "-id"), 0),
        ("language=ru", "?language=ru", waiting.filter(language="ru").order_by("-checkworthiness", "-found_at", "-id"), 0),
        ("newest first", "?order=newest", waiting.order_by("-found_at", "-id"), 0),
        ("deep page 2000", "?page=2000", waiting.order_by("-checkworthiness", "-found_at", "-id"), 1999 * 25),
    ]
    print(f"{Candidate.objects.count()} candidates ({waiting.count()} waiting), PostgreSQL, {options.requests} requests each")
    print(f"{'page':<16} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} | {'rows p50':>8} {'rows p95':>8} {'×rows p95':>9}")
    for name, query, plain, offset in pages:
        url = "/desk/monitoring/" + query
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(options.requests):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        base = []
        for _ in range(options.requests):
            start = time.perf_counter()
            list(plain[offset:offset + 25])
            base.append((time.perf_counter() - start) * 1000)
        p95, base95 = percentile(times, 95), percentile(base, 95)
        print(f"{name:<16} {statistics.median(times):>7.1f} {p95:>7.1f} {len(queries):>7} | {statistics.median(base):>8.1f} {base95:>8.1f} {p95 / base95:>8.1f}×")


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def generate(count: int) -> None:
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from claims.models import Outlet, Source, Speaker
    from monitoring.models import Candidate, Feed, FeedArticle
    from reviews.roles import EDITOR

    rng = random.Random(29)
    started = time.perf_counter()
    editor = get_user_model().objects.create_user("bench-editor", password="bench-password-1", is_staff=True)
    editor.groups.add(*Group.objects.filter(name=EDITOR))
    # One by one: their save() derives the folded name the unique constraints use.
    outlets = [Outlet.objects.create(name=f"Outlet {n}", kind=Outlet.Kind.NEWSPAPER) for n in range(100)]
    speakers = [Speaker.objects.create(name=f"Speaker {n}") for n in range(2000)]
    feeds = Feed.objects.bulk_create(
        Feed(outlet=outlet, url=f"https://outlet{n}.example/rss", host=f"outlet{n}.example", followed_by=editor) for n, outlet in enumerate(outlets)
    )
    sources = Source.objects.bulk_create(
        (Source(title=f"Article {n}", url=f"https://outlet{n % 100}.example/{n}", kind=Source.Kind.ARTICLE, language="en",
                outlet=outlets[n % 100], text="…") for n in range(5000)), batch_size=1000,
    )
    articles = FeedArticle.objects.bulk_create(
        (FeedArticle(url=source.url, feed=feeds[n % 100], title=source.title, status="taken", source=source) for n, source in enumerate(sources)),
        batch_size=1000,
    )
    now = timezone.now()
    languages = ["en", "ru", "uk", "ja"]
    for chunk in range(0, count, 5000):
        Candidate.objects.bulk_create(
            (
                Candidate(
                    article=articles[n % 5000], source=sources[n % 5000], outlet=outlets[n % 100], speaker=speakers[n % 2000],
                    statement=f"Exports rose by {n % 97} percent in {2000 + n % 25}", excerpt=f"Exports rose by {n % 97} percent",
                    language=languages[n % 4], form="quote", said_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=n % 1000),
                    found_at=now - datetime.timedelta(minutes=n), checkworthiness=round(rng.random(), 4), checkworthiness_why="number",
                    **({"status": "dismissed", "dismiss_reason": "opinion", "decided_at": now, "decided_by": editor} if n % 10 == 0 else {}),
                )
                for n in range(chunk, min(count, chunk + 5000))
            ),
            batch_size=5000,
        )
    print(f"generated {count} candidates in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
