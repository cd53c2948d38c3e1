"""Time every analytics view on a corpus: p50/p95 server time and SQL queries per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench100k python bench/analytics.py [--requests 30]

The corpus comes from `manage.py generate_corpus --claims N` (its audit entries carry the snapshots the
workflow writes); run `manage.py rebuild_analytics` once after generating it, as after any bulk import.
In-process through Django's test Client (DEBUG off, warm), like `bench/run.py pages`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parents[1])  # BENCH_ROOT: time another checkout


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per view (default 30)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="only the views whose name contains this text")
    parser.add_argument("--cold", action="store_true",
                        help="clear the cache before every request: every figure is aggregated again (no reuse)")
    args = parser.parse_args()
    if args.requests < 1:
        raise SystemExit("--requests must be at least 1")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from analytics.models import StepFact
    from claims.models import Claim, ReportingHop, Source
    from claims.states import PUBLIC_STATES

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    if not StepFact.objects.exists():
        raise SystemExit("No rollups: run `python manage.py rebuild_analytics` on this database first.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE analytics_stepfact, analytics_claimflow, analytics_durationhistogram, "
                           "analytics_stepday, analytics_stepmonth")
    speaker = (
        Claim.objects.filter(state__in=PUBLIC_STATES, speaker__isnull=False).values("speaker")
        .annotate(n=Count("pk")).order_by("-n").first()
    )
    organisation = (
        Claim.objects.filter(speaker__affiliation__isnull=False).values("speaker__affiliation")
        .annotate(n=Count("pk")).order_by("-n").first()
    )
    event = Claim.objects.filter(event__isnull=False).values("event").annotate(n=Count("pk")).order_by("-n").first()
    tag = Claim.tags.through.objects.values("tag__slug").annotate(n=Count("pk")).order_by("-n").first()
    outlet = (
        Source.objects.filter(outlet__isnull=False).values("outlet").annotate(n=Count("pk")).order_by("-n").first()
        or {"outlet": ReportingHop.objects.filter(outlet__isnull=False).values_list("outlet", flat=True).first()}
    )
    speaker_name = Claim.objects.filter(speaker=speaker["speaker"]).values_list("speaker__name", flat=True).first()
    today = timezone.localdate()
    year = (today - datetime.timedelta(days=365)).isoformat()
    decade = (today - datetime.timedelta(days=3652)).isoformat()
    desk = Client()
    desk.force_login(admin)
    anonymous = Client()
    views = [
        ("analytics page, last 90 days", desk, "/desk/analytics/"),
        ("analytics page, 1 year", desk, f"/desk/analytics/?period_from={year}"),
        ("analytics page, 10 years", desk, f"/desk/analytics/?period_from={decade}"),
        ("analytics page, 1 year, language=ja", desk, f"/desk/analytics/?period_from={year}&language=ja"),
        ("analytics page, 10 years, language=ja", desk, f"/desk/analytics/?period_from={decade}&language=ja"),
        ("analytics page, 1 year, speaker=", desk, f"/desk/analytics/?period_from={year}&speaker={quote(speaker_name)}"),
        ("analytics page, 1 year, organisation=", desk,
         f"/desk/analytics/?period_from={year}&organisation={organisation and organisation['speaker__affiliation']}"),
        # generate_corpus makes no outlets: the row is left out rather than timing an ignored filter.
        *([("analytics page, 1 year, via= (outlet)", desk, f"/desk/analytics/?period_from={year}&via={outlet['outlet']}")]
          if outlet and outlet["outlet"] else []),
        ("analytics page, 1 year, tag=", desk, f"/desk/analytics/?period_from={year}&tag={tag and tag['tag__slug']}"),
        ("analytics page, 1 year, event=", desk, f"/desk/analytics/?period_from={year}&event={event and event['event']}"),
        ("analytics page, 10 years, tz=Asia/Tokyo", desk, f"/desk/analytics/?period_from={decade}&tz=Asia/Tokyo"),
        ("CSV durations_by_month, 10 years", desk, f"/desk/analytics/durations_by_month.csv?period_from={decade}"),
        ("CSV durations_by_reviewer, 10 years", desk, f"/desk/analytics/durations_by_reviewer.csv?period_from={decade}"),
        ("CSV throughput_by_week, 10 years", desk, f"/desk/analytics/throughput_by_week.csv?period_from={decade}"),
        ("CSV reviewer_rates, 10 years", desk, f"/desk/analytics/reviewer_rates.csv?period_from={decade}"),
        ("CSV open_by_age", desk, "/desk/analytics/open_by_age.csv"),
        ("CSV rating_mix_speaker, 10 years", desk, f"/desk/analytics/rating_mix_speaker.csv?period_from={decade}"),
        ("CSV rating_mix_organisation, 10 years", desk,
         f"/desk/analytics/rating_mix_organisation.csv?period_from={decade}"),
        ("CSV rating_mix_outlet, 10 years", desk, f"/desk/analytics/rating_mix_outlet.csv?period_from={decade}"),
        ("API /api/v1/analytics/, 1 year", desk, f"/api/v1/analytics/?period_from={year}"),
        ("API /api/v1/analytics/, 10 years", desk, f"/api/v1/analytics/?period_from={decade}"),
        (f"public speaker page ({speaker['n']} public claims)", anonymous, f"/speakers/{speaker['speaker']}/"),
    ]
    print(f"{Claim.objects.count()} claims, {StepFact.objects.count()} step rows, {connection.vendor}, "
          f"{'cold (cache cleared before each request)' if args.cold else 'warm (figures reused until the next step)'}")
    print(f"{'view':<46} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} status")
    for name, client, url in views:
        if args.only not in name:
            continue
        for _ in range(args.warmup):
            client.get(url)
        times = []
        for _ in range(args.requests):
            if args.cold:
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{name:<46} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} {len(queries):8d} {response.status_code}")


if __name__ == "__main__":
    main()
