"""The intake review page with the seed post loaded: time and queries, and the claim matching alone.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
    DATABASE_URL=… python manage.py load_seed && DATABASE_URL=… python manage.py generate_corpus --claims 10000
    DATABASE_URL=… python bench/intake_review.py [--runs 10] [--per-candidate]

Takes the seed post in once (a Source with its text, as the intake page does), then GETs
/desk/intake/<id>/ --runs times through the test Client and prints p50/max milliseconds and the
queries per request; then times `intake.selectors.closest_claims` alone. `--per-candidate` times the
old way too (one `claims.matching.suggest` per candidate) for a before/after on the same data.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


class CaptureQueriesContext:
    """Counts the statements run on the connection (an execute wrapper survives the reconnects after each request)."""

    def __init__(self, connection):
        self.connection, self.statements = connection, []

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def __len__(self):
        return len(self.statements)

from claims import matching  # noqa: E402
from claims.models import Source  # noqa: E402
from intake import selectors  # noqa: E402


def timed(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--per-candidate", action="store_true")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    text = (Path(__file__).resolve().parent.parent / "demo" / "seed" / "blog_5397281.txt").read_text(encoding="utf-8")
    source = Source.objects.filter(title="bench: intake review").first() or Source.objects.create(
        title="bench: intake review", text=text, language="ja", kind="article"
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-intake-editor")
    group = Group.objects.filter(name__iexact="editor").first() or Group.objects.filter(name__icontains="editor").first()
    if group is not None:
        user.groups.add(group)
    client = Client()
    client.force_login(user)
    url = f"/desk/intake/{source.pk}/"
    assert client.get(url).status_code == 200, client.get(url).status_code
    candidates = selectors.candidates_for(source)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p50, worst = timed(lambda: client.get(url), options.runs)
    print(f"{Source.objects.count()} sources; {len(candidates)} candidates; claims: {matching.Claim.objects.count()}")
    print(f"review page: p50 {p50:.1f} ms, max {worst:.1f} ms, {len(queries)} queries")
    with CaptureQueriesContext(connection) as queries:
        selectors.closest_claims(user, candidates)
    p50, worst = timed(lambda: selectors.closest_claims(user, candidates), options.runs)
    print(f"closest_claims (batched): p50 {p50:.1f} ms, max {worst:.1f} ms, {len(queries)} queries")
    if options.per_candidate:
        visible, names = matching.visible_claims(user), matching.cached_names()
        queries_ = [matching.Query(c.statement, "", c.speaker.id if c.speaker else None, None) for c in candidates]

        def one_by_one():
            return [matching.suggest(q, visible, limit=selectors.SUGGESTIONS_PER_CANDIDATE, names=names) for q in queries_]

        with CaptureQueriesContext(connection) as queries:
            old = one_by_one()
        p50, worst = timed(one_by_one, options.runs)
        print(f"per-candidate suggest (before): p50 {p50:.1f} ms, max {worst:.1f} ms, {len(queries)} queries")
        new = selectors.closest_claims(user, candidates)
        same = [[(s.claim.pk, s.score) for s in found] for found in old] == [[(s.claim.pk, s.score) for s in found] for found in new]
        print(f"same suggestions as before: {same}")


if __name__ == "__main__":
    main()
