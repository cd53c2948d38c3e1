"""Polling followed feeds at scale: N feeds × M new articles through the database task backend's workers.

    python bench/monitoring_poll.py [--backends sqlite,postgresql] [--feeds 500] [--items 50] [--hosts 50]
                                    [--workers 2] [--host-interval 1] [--baseline-feeds 10]

A threaded local HTTP server per host (127.0.0.2, 127.0.0.3, …: distinct addresses are distinct hosts to the
politeness rule; `FETCH_ALLOWED_HOSTS=127.0.0.0/8` lets the fetcher reach them, as tests allow 127.0.0.1) serves
the feeds (RSS, M items each) and their articles (~1,500 characters, a quoted speaker the desk knows, so each
article yields candidates). Per backend, on a fresh database: `poll_feeds` is enqueued once per worker and
`--workers` `manage.py db_worker` processes run it (feeds and articles are leased, so the workers share them);
the clock stops when every feed was polled and no article is pending. Printed: total seconds, articles/s,
candidates made, the workers' CPU seconds (user+sys) and, measured in the same run beforehand, the
baseline — `poll_due()` called in-line in this process (no queue, no worker) on `--baseline-feeds` other
feeds of the same server, politeness off — as articles/s and the ratio. The old sleeping politeness needs no run to compare:
it fetched one host at most every `MONITORING_HOST_INTERVAL` seconds *while holding the worker*, so 50 articles
of one host took ≥ 50 × 5 s = 250 s of a worker, whatever the other hosts.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PG_DB = "bench_monitoring_poll"

ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>“The grain corridor carried {tons} million tonnes in {month},” Kuleba said on Monday in {place}.</p>"
    "<p>He added that exports had risen by {pct} percent compared with the same month last year, and that "
    "the ministry would publish the figures for every port.</p>"
    "<p>Lukashenko said that Belarus had harvested a record {tons} million tonnes of grain this year.</p>"
    "<p>Observers in {place} noted that the talks lasted {hours} hours and ended without a joint statement; "
    "the delegations are expected to meet again next month, according to the organisers.</p>"
    "<p>The opposition called the figures a fantasy and asked the statistics office to check them.</p>"
    "</article></body></html>"
)
PLACES = ["Minsk", "Kyiv", "Vilnius", "Warsaw", "Istanbul", "Geneva", "Riga", "Chisinau"]


def env_for(backend: str, options) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DATABASE_URL=(f"sqlite:///{DATA / 'monitoring_poll.sqlite3'}" if backend == "sqlite" else f"{options.pg_url}/{PG_DB}"),
        TASKS_BACKEND="database",
        FETCH_ALLOWED_HOSTS="127.0.0.0/8",
        CAPTURE_ROBOTS="ignore",
        CAPTURE_ON_SAVE="0",
        MONITORING_HOST_INTERVAL=str(options.host_interval),
        MONITORING_ARTICLES_PER_POLL=str(options.items),
        DEBUG="0",
    )
    return env


# --- the server (in the child process, one per backend) -------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    items = 50
    ports: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        host = self.server.server_address[0]
        if parts[0] == "feed" and len(parts) == 2:
            feed = int(parts[1])
            base = f"http://{host}:{self.server.server_address[1]}"
            body = "".join(
                f"<item><title>Article {feed}-{item}</title><link>{base}/a/{feed}/{item}</link><guid>{base}/a/{feed}/{item}</guid>"
                "<pubDate>Mon, 19 Dec 2022 10:00:00 GMT</pubDate></item>"
                for item in range(self.items)
            )
            data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {feed}</title><link>{base}/</link>{body}</channel></rss>'
            kind = "application/rss+xml"
        elif parts[0] == "a" and len(parts) == 3:
            feed, item = int(parts[1]), int(parts[2])
            data = ARTICLE.format(
                title=f"Article {feed}-{item}", tons=10 + (feed * 7 + item) % 90, month=["May", "June", "July"][item % 3],
                place=PLACES[(feed + item) % len(PLACES)], pct=(feed + item) % 40, hours=1 + item % 9,
            )
            kind = "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        payload = data.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def serve(hosts: int, items: int) -> list[tuple[str, int]]:
    """One threaded server per host address; (address, port) each."""
    Handler.items = items
    bound = []
    for number in range(hosts):
        address = f"127.0.{2 + number // 250}.{2 + number % 250}"
        server = ThreadingHTTPServer((address, 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bound.append(server.server_address[:2])
    return bound


# --- one backend, in a child process with its DATABASE_URL --------------------------------------------------


def setup_desk(feed_urls: list[str]):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims.models import Outlet, Speaker
    from monitoring.models import Feed
    from monitoring.polling import host_of

    from reviews.roles import EDITOR

    user = get_user_model().objects.create_user("bench-editor", password="bench-password-1", is_staff=True)
    user.groups.add(*Group.objects.filter(name=EDITOR))
    outlet = Outlet.objects.create(name="Bench Daily", kind=Outlet.Kind.NEWSPAPER)
    for name, aliases in [("Dmytro Kuleba", ["Kuleba"]), ("Alexander Lukashenko", ["Lukashenko"])]:
        speaker = Speaker.objects.create(name=name)
        for alias in aliases:
            speaker.aliases.create(name=alias)
    return Feed.objects.bulk_create(Feed(outlet=outlet, url=url, host=host_of(url), followed_by=user, interval_minutes=60) for url in feed_urls)


def run_one(options):
    import django

    django.setup()
    from django.db import connection

    from monitoring import polling, tasks
    from monitoring.models import Candidate, Feed, FeedArticle

    hosts = serve(options.hosts, options.items)
    total = options.feeds + options.baseline_feeds
    urls = [f"http://{hosts[n % len(hosts)][0]}:{hosts[n % len(hosts)][1]}/feed/{n}" for n in range(total)]
    feeds = setup_desk(urls)
    baseline_ids = [feed.pk for feed in feeds[options.feeds:]]

    # Baseline: the same fetch + intake in-line (no queue, no worker, no politeness), on feeds the workers never see.
    from django.conf import settings

    settings.MONITORING_HOST_INTERVAL = 0
    Feed.objects.exclude(pk__in=baseline_ids).update(active=False)
    cpu0 = time.process_time()
    start = time.perf_counter()
    rounds = 0
    while FeedArticle.objects.filter(status="pending").exists() or polling.due_feeds().exists():
        polling.poll_due()
        rounds += 1
    baseline_seconds = time.perf_counter() - start
    baseline_cpu = time.process_time() - cpu0
    baseline_articles = FeedArticle.objects.filter(feed_id__in=baseline_ids).count()
    Feed.objects.filter(pk__in=baseline_ids).update(active=False)
    Feed.objects.exclude(pk__in=baseline_ids).update(active=True)
    candidates_before = Candidate.objects.count()
    settings.MONITORING_HOST_INTERVAL = options.host_interval
    connection.close()

    env = dict(os.environ)
    start = time.perf_counter()
    for _ in range(options.workers):
        tasks.poll_feeds.enqueue()
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay", "-v0"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        for _ in range(options.workers)
    ]
    polled = Feed.objects.filter(active=True, checked_at__isnull=False)
    while True:
        time.sleep(0.5)
        if polled.count() == options.feeds and not FeedArticle.objects.filter(status="pending").exists():
            break
        if time.perf_counter() - start > options.timeout or any(worker.poll() is not None for worker in workers):
            break
    seconds = time.perf_counter() - start
    cpu_before = os.times()
    for worker in workers:
        worker.terminate()  # the worker finishes its task first; its stderr is read meanwhile
    errors = ""
    for worker in workers:
        try:
            errors += (worker.communicate(timeout=20)[1] or b"").decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            errors += (worker.communicate()[1] or b"").decode(errors="replace")
    cpu_after = os.times()
    worker_cpu = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system - cpu_before.children_system)
    articles = FeedArticle.objects.exclude(feed_id__in=baseline_ids)
    taken = articles.filter(status="taken").count()
    result = {
        "backend": connection.vendor,
        "feeds": options.feeds, "items": options.items, "hosts": options.hosts, "workers": options.workers,
        "host_interval": options.host_interval,
        "seconds": round(seconds, 1),
        "articles": articles.count(), "taken": taken, "failed": articles.filter(status="failed").count(),
        "pending": articles.filter(status="pending").count(),
        "articles_per_s": round(taken / seconds, 1),
        "candidates": Candidate.objects.count() - candidates_before,
        "worker_cpu_s": round(worker_cpu, 1),
        "baseline_articles": baseline_articles, "baseline_seconds": round(baseline_seconds, 1), "baseline_cpu_s": round(baseline_cpu, 1),
        "baseline_articles_per_s": round(baseline_articles / baseline_seconds, 1) if baseline_seconds else 0,
        "baseline_rounds": rounds,
        "timed_out": seconds > options.timeout,
        "worker_errors": errors[-2000:],
    }
    print("RESULT " + json.dumps(result))


def fresh_database(backend: str, options, env: dict) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATA / 'monitoring_poll.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        psql = shutil.which("psql") or "psql"
        for sql in (f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)", f"CREATE DATABASE {PG_DB}"):
            subprocess.run([psql, f"{options.pg_url}/postgres", "-qc", sql], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--host-interval", type=float, default=1.0, help="MONITORING_HOST_INTERVAL for the run (seconds)")
    parser.add_argument("--baseline-feeds", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    backends = [name.strip() for name in options.backends.split(",") if name.strip()]
    if any(name not in ("sqlite", "postgresql") for name in backends):
        parser.error("--backends: sqlite and/or postgresql")
    if min(options.feeds, options.items, options.hosts, options.workers) < 1 or options.baseline_feeds < 1 or options.hosts > 5000:
        parser.error("--feeds, --items, --hosts (≤ 5000), --workers and --baseline-feeds are at least 1")
    if options.host_interval < 0:
        parser.error("--host-interval ≥ 0")
    if options.one:
        run_one(options)
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for backend in backends:
        env = env_for(backend, options)
        fresh_database(backend, options, env)
        child = subprocess.run(
            [sys.executable, __file__, *sys.argv[1:], "--one", backend], cwd=ROOT, env=env, capture_output=True, text=True
        )
        line = next((line for line in child.stdout.splitlines() if line.startswith("RESULT ")), None)
        if line is None:
            print(child.stdout[-3000:], child.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{backend}: the run failed")
        rows.append(json.loads(line[len("RESULT "):]))
    (RESULTS / f"monitoring_poll_{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(rows, indent=1))
    print(f"{'backend':<11} {'feeds×items':>11} {'hosts':>5} {'taken':>6} {'failed':>6} {'left':>5} {'seconds':>8} {'art/s':>6} "
          f"{'cands':>6} {'wCPU s':>7} | {'base art/s':>10} {'ratio':>6}")
    for row in rows:
        ratio = row["articles_per_s"] / row["baseline_articles_per_s"] if row["baseline_articles_per_s"] else 0
        print(f"{row['backend']:<11} {row['feeds']:>5}×{row['items']:<5} {row['hosts']:>5} {row['taken']:>6} {row['failed']:>6} "
              f"{row['pending']:>5} {row['seconds']:>8} {row['articles_per_s']:>6} {row['candidates']:>6} {row['worker_cpu_s']:>7} | "
              f"{row['baseline_articles_per_s']:>10} {ratio:>5.2f}×")
        if row["worker_errors"].strip():
            print(f"  worker stderr (tail): {row['worker_errors'][-500:]}")
    print(f"{options.workers} db_worker process(es), MONITORING_HOST_INTERVAL={options.host_interval} s; baseline: poll_due() in-line, "
          f"{options.baseline_feeds} feeds × {options.items}, one process.")


if __name__ == "__main__":
    main()
