"""The desk's benchmark: server time and SQL per page at 10k and 100k claims, on SQLite and PostgreSQL.

Usage (from the repository root; see README "Performance and benchmark"):

    python bench/run.py generate --backends sqlite,postgresql --sizes 10k,100k   # once, takes minutes
    python bench/run.py pages    --backends sqlite,postgresql --sizes 10k,100k   # the table
    python bench/run.py load     --backends postgresql --sizes 100k              # gunicorn + wrk

Databases: SQLite files bench/data/bench<size>.sqlite3 (git-ignored), PostgreSQL databases
bench<size> on postgres://postgres@127.0.0.1:5432 (override with --pg-url).

`pages` runs each page in-process through Django's test Client and the real URL
resolver (DEBUG off, warm, ≥ 50 timed requests) and, in the same run, two baselines:
(a) the page's own SELECTs replayed raw on the same connection (the floor: no ORM, no
templates); (b) a plain, untuned ModelAdmin changelist over the same model and search
(bench/plain_admin.py). Not a test: numbers depend on the machine.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
BACKENDS = ("sqlite", "postgresql")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"


def parse_size(text):
    match = re.fullmatch(r"\s*(\d+)\s*([kK]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 10k or 5000)")
    value = int(match.group(1)) * (1000 if match.group(2) else 1)
    if value < 1:
        raise argparse.ArgumentTypeError(f"a size must be at least 1 (got {text!r})")
    return value


def parse_list(kind):
    def parse(text):
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items:
            raise argparse.ArgumentTypeError(f"give at least one {kind}")
        if kind == "backend":
            unknown = [b for b in items if b not in BACKENDS]
            if unknown:
                raise argparse.ArgumentTypeError(f"unknown backend {', '.join(unknown)} (choose from {', '.join(BACKENDS)})")
            return items
        return [parse_size(item) for item in items]

    return parse


def positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


PREFIX = os.environ.get("BENCH_PREFIX", "bench")  # database (and SQLite file) names: <prefix><size>


def database_url(backend, size, pg_url):
    if backend == "sqlite":
        return f"sqlite:///{DATA / f'{PREFIX}{label(size)}.sqlite3'}"
    return f"{pg_url.rstrip('/')}/{PREFIX}{label(size)}"


def django_env(url):
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DEBUG="0", DJANGO_SETTINGS_MODULE="factcheck.settings", PYTHONPATH=str(ROOT))
    env.pop("REDIS_URL", None)  # measure the database work, not a shared cache
    env.setdefault("PUBLIC_EXPORT_RATE", "1000000/minute")  # measure the server, not the feed throttle
    return env


# --- generate ------------------------------------------------------------------------


def cmd_generate(args):
    DATA.mkdir(parents=True, exist_ok=True)
    for backend in args.backends:
        for size in args.sizes:
            url = database_url(backend, size, args.pg_url)
            if backend == "postgresql":
                name = url.rsplit("/", 1)[1]
                subprocess.run(["psql", args.pg_url + "/postgres", "-qc", f"CREATE DATABASE {name}"], capture_output=True)
            env = django_env(url)
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            print(f"== {backend} {label(size)}: {url}", flush=True)
            done = subprocess.run(
                [sys.executable, "manage.py", "generate_corpus", "--claims", str(size), "--seed", str(args.seed)],
                cwd=ROOT,
                env=env,
            )
            if done.returncode:
                print("   (not generated: see the message above; existing corpora are kept)", flush=True)


# --- pages: in-process measurement (runs in a child process per database) -------------


def percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def worker(args):
    import django

    # Run as a script, this file's folder comes first on sys.path, where a script named like an app would shadow
    # the `intake` app: look modules up from the repository root only.
    here = Path(__file__).resolve().parent
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != here]
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from claims.models import Claim, Speaker
    from claims.states import State

    # No setup_test_environment(): its template/context capture keeps every response's objects alive,
    # and the garbage collector's passes over them would be counted as server time.
    User = get_user_model()
    chief = User.objects.filter(username__startswith="corpus-chief").order_by("username").first()
    if chief is None:
        raise SystemExit("This database holds no corpus: run `python bench/run.py generate` first.")
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    published = list(Claim.objects.filter(state=State.PUBLISHED).order_by("pk").values_list("pk", flat=True)[:1000])
    claim_pk = published[len(published) // 2]
    kuleba = Speaker.objects.filter(name="Dmytro Kuleba").order_by("pk").first()
    n_claims = Claim.objects.count()

    desk = Client()
    desk.force_login(chief)
    superuser = Client()
    superuser.force_login(admin)
    anonymous = Client()
    cursor_url = "/api/v1/claims/"
    for _ in range(3):  # three pages deep along `next` (a keyset cursor)
        answer = superuser.get(cursor_url, HTTP_ACCEPT="application/json")  # the client that measures it: a cursor is per list
        link = answer.json().get("next") if answer.status_code == 200 else None
        if not link:
            break
        cursor_url = "/api/v1/claims/?" + link.split("?", 1)[1]

    plain = "/bench-plain-admin/claims/claim/"
    pages = [
        # name, client, url, untuned-admin equivalent (b) or None
        ("dashboard", desk, "/desk/", None),
        ("claim list, page 1", desk, "/desk/claims/", plain),
        ("claim list, page 200", desk, "/desk/claims/?page=200", plain + "?p=49"),
        ("list: state + speaker", desk, "/desk/claims/?state=published&speaker=Kuleba&sort=-said", plain + "?state__exact=published&q=Kuleba"),
        ("list: sorted by date said", desk, "/desk/claims/?sort=-said", plain + "?o=-5"),
        ("search: 会談 (ja, 2 chars)", desk, "/desk/claims/?q=会談", plain + "?q=会談"),
        ("search: イスカンデル (ja)", desk, "/desk/claims/?q=イスカンデル", plain + "?q=イスカンデル"),
        ("search: Iskander (Latin)", desk, "/desk/claims/?q=Iskander", plain + "?q=Iskander"),
        ("search: クレーバ (alias)", desk, "/desk/claims/?q=クレーバ", plain + "?q=クレーバ"),
        ("claim page", desk, f"/desk/claims/{claim_pk}/", None),
        ("speaker page (Kuleba)", desk, f"/desk/speakers/{kuleba.pk}/" if kuleba else "/desk/speakers/1/", None),
        ("admin changelist ?q=Iskander", superuser, "/admin/claims/claim/?q=Iskander", plain + "?q=Iskander"),
        ("public index", anonymous, "/", None),
        ("public fact-check page", anonymous, f"/fact-checks/{claim_pk}/", None),
        ("public RSS feed", anonymous, "/feeds/fact-checks.rss", None),
        ("API claim list", superuser, "/api/v1/claims/", None),
        ("API claim list offset=9000", superuser, "/api/v1/claims/?offset=9000", None),
        ("API cursor page", superuser, cursor_url, None),
        ("API search Iskander", anonymous, "/api/v1/claims/?q=Iskander", None),
        ("API search 会談", anonymous, "/api/v1/claims/?q=%E4%BC%9A%E8%AB%87", None),
        ("search: 併合 (rare 2 chars)", desk, "/desk/claims/?q=併合", plain + "?q=併合"),
        ("search: 鳩山 (absent 2 chars)", desk, "/desk/claims/?q=鳩山", plain + "?q=鳩山"),
        ("desk speaker list", desk, "/desk/speakers/", None),
        ("admin changelist", superuser, "/admin/claims/claim/", plain),
        ("admin changelist page 200", superuser, "/admin/claims/claim/?p=199", plain + "?p=199"),
        ("public index: speaker filter", anonymous, f"/?speaker={kuleba.pk if kuleba else 1}", None),
    ]

    cpu = []
    sql_ms = []
    in_sql = [0.0]

    def sql_clock(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - start

    def timed(client, url, n):
        """Wall-clock ms per request; CPU ms of this process go to `cpu`, ms inside the database driver to `sql_ms`."""
        times = []
        status = None
        cpu.clear()
        sql_ms.clear()
        with connection.execute_wrapper(sql_clock):
            for _ in range(n):
                in_sql[0] = 0.0
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                sql_ms.append(in_sql[0] * 1000)
                status = response.status_code
        return times, status

    def replay_timings(queries, n):
        """Baseline (a): the page's own SELECTs, raw on the same connection."""
        selects = [(sql, params) for sql, params in queries if sql.lstrip().upper().startswith(("SELECT", "WITH", "EXPLAIN"))]
        times, rows = [], 0
        with connection.cursor() as cursor:
            for _ in range(n):
                start = time.perf_counter()
                for sql, params in selects:
                    cursor.execute(sql, params)
                    fetched = cursor.fetchall()
                    rows = max(rows, len(fetched))
                times.append((time.perf_counter() - start) * 1000)
        return times, rows

    if args.only:
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        pages = [p for p in pages if any(w in p[0].lower() for w in wanted)]
    results = []
    with override_settings(ROOT_URLCONF="bench.plain_admin"):
        for name, client, url, baseline in pages:
            row = {"page": name, "url": url, "claims": n_claims}
            try:
                first = client.get(url)
            except Exception as error:  # another team's page may be broken mid-work: report, carry on
                row["error"] = f"{type(error).__name__}: {str(error)[:80]}"
                results.append(row)
                print(f"  {name}: {row['error']}", file=sys.stderr, flush=True)
                continue
            row["status"] = first.status_code
            if first.status_code != 200:
                row["error"] = f"HTTP {first.status_code}"
                results.append(row)
                print(f"  {name}: HTTP {first.status_code} — skipped", file=sys.stderr, flush=True)
                continue
            timed(client, url, args.warmup)
            times, _ = timed(client, url, args.requests)
            cpu_times = list(cpu)
            sql_times = list(sql_ms)
            recorded = []

            def record(execute, sql, params, many, context):
                recorded.append((sql, params))
                return execute(sql, params, many, context)

            with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(record):
                client.get(url)
            raw_times, rows = replay_timings(recorded, args.requests)
            row.update(
                p50=percentile(times, 50),
                p95=percentile(times, 95),
                cpu_p50=percentile(cpu_times, 50),
                cpu_p95=percentile(cpu_times, 95),
                sql_p50=percentile(sql_times, 50),
                py_p50=percentile([t - q for t, q in zip(times, sql_times)], 50),
                queries=len(ctx.captured_queries),
                rows=rows,
                raw_p50=percentile(raw_times, 50),
                raw_p95=percentile(raw_times, 95),
            )
            if baseline:
                timed(superuser, baseline, 1)
                n = min(args.requests, args.baseline_requests)
                plain_times, plain_status = timed(superuser, baseline, n)
                row.update(plain_url=baseline, plain_p50=percentile(plain_times, 50), plain_p95=percentile(plain_times, 95), plain_n=n)
                if plain_status != 200:
                    row["plain_error"] = f"HTTP {plain_status}"
            results.append(row)
            print(f"  {name}: p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, {row['queries']} queries", file=sys.stderr, flush=True)
    json.dump(results, sys.stdout)


def cmd_pages(args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    measured = {}
    for backend in args.backends:
        for size in args.sizes:
            url = database_url(backend, size, args.pg_url)
            print(f"== {backend} {label(size)} ({url})", file=sys.stderr, flush=True)
            # Bring the corpus's schema up to the code being measured (indexes included).
            migrated = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=django_env(url))
            if migrated.returncode:
                print(f"   cannot migrate {url}; skipped", file=sys.stderr)
                continue
            # Planner statistics for indexes the migration may just have added; on PostgreSQL also VACUUM, which
            # a live server's autovacuum does within minutes of a bulk load: without the visibility map it sets,
            # every index-only walk (ids-first pages, bounded counts) visits the table too.
            analyse = "VACUUM (ANALYZE)" if backend == "postgresql" else "ANALYZE"
            subprocess.run([sys.executable, "manage.py", "shell", "-c",
                            f"from django.db import connection; connection.cursor().execute('{analyse}')"],
                           cwd=ROOT, env=django_env(url), check=True)
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "_worker", "--requests", str(args.requests),
                 "--warmup", str(args.warmup), "--baseline-requests", str(args.baseline_requests), "--only", args.only],
                cwd=ROOT, env=django_env(url), capture_output=True, text=True,
            )
            sys.stderr.write(done.stderr[-3000:] if done.returncode else done.stderr)
            if done.returncode:
                print(f"   measurement failed for {backend} {label(size)}", file=sys.stderr)
                continue
            measured[(backend, size)] = json.loads(done.stdout)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"pages-{stamp}.json"
    out.write_text(json.dumps({f"{b}:{s}": rows for (b, s), rows in measured.items()}, ensure_ascii=False, indent=1))
    print(render_table(measured, args))
    print(f"\n(raw results: {out.relative_to(ROOT)})")


def render_table(measured, args):
    lines = []
    sizes = sorted({s for _, s in measured})
    for backend in args.backends:
        for size in sizes:
            rows = measured.get((backend, size))
            if not rows:
                continue
            smaller = [s for s in sizes if s < size and (backend, s) in measured]
            before = {r["page"]: r for r in measured[(backend, smaller[-1])]} if smaller else {}
            growth_label = f"growth {label(smaller[-1])}→{label(size)}" if smaller else "growth"
            lines.append(f"\n### {backend}, {label(size)} claims ({args.requests} warm requests per page; times in ms)\n")
            lines.append(f"| page | rows | p50 | p95 | SQL/Python p50 | queries | ×(a) raw SQL | ×(b) untuned admin | {growth_label} (p95) |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for r in rows:
                if "p50" not in r:
                    lines.append(f"| {r['page']} | — | {r.get('error', 'failed')} | | | | | | |")
                    continue
                ratio_a = r["p50"] / r["raw_p50"] if r["raw_p50"] > 0 else float("nan")
                if "plain_p50" in r:
                    ratio_b = f"{r['plain_p50'] / r['p50']:.1f}× faster" if "plain_error" not in r else r["plain_error"]
                else:
                    ratio_b = "—"
                prev = before.get(r["page"])
                growth = f"{r['p95'] / prev['p95']:.2f}×" if prev and prev.get("p95") else "—"
                lines.append(
                    f"| {r['page']} | {r['rows']} | {r['p50']:.1f} | {r['p95']:.1f} | "
                    f"{r.get('sql_p50', float('nan')):.0f}/{r.get('py_p50', float('nan')):.0f} | {r['queries']} | "
                    f"{ratio_a:.1f}× (raw {r['raw_p50']:.1f}) | {ratio_b}"
                    f"{' (plain ' + format(r['plain_p50'], '.0f') + ')' if 'plain_p50' in r else ''} | {growth} |"
                )
    lines.append(
        "\nrows: the largest result set among the page's queries (a list page's biggest is often a filter's <select>). "
        "SQL/Python: milliseconds per request inside the database driver vs. everything else (ORM, views, templates); "
        "wall-clock p50/p95 also count waiting for a core on a shared machine. "
        "×(a): page p50 ÷ p50 of the page's own SELECTs replayed raw (Python, ORM and template overhead). "
        "×(b): p50 of the plain ModelAdmin changelist with the same search/filter ÷ page p50."
    )
    return "\n".join(lines)


# --- load: gunicorn (--workers, default 2; loopback) under wrk -------------------------------------

WRK_SCRIPT = r"""
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = "%(cookie)s"})
end
done = function(summary, latency, requests)
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "status_errors": %%d, "socket_errors": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie_and_paths(env):
    code = (
        "import json;from django.contrib.auth import get_user_model;from django.test import Client;"
        "from claims.models import Claim, Speaker;"
        "u=get_user_model().objects.filter(username__startswith='corpus-chief').order_by('username').first();"
        "c=Client();c.force_login(u);"
        "ids=list(Claim.objects.filter(state='published').order_by('pk').values_list('pk',flat=True)[:40]);"
        "k=Speaker.objects.filter(name='Dmytro Kuleba').values_list('pk',flat=True).first();"
        "print(json.dumps({'cookie':c.cookies['sessionid'].value,'claims':ids,'speaker':k}))"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cmd_load(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk).")
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = ["| backend | claims | app processes | cache | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for backend in args.backends:
        for size in args.sizes:
            url = database_url(backend, size, args.pg_url)
            env = django_env(url)
            if args.redis:  # the production shape: public pages from the shared cache, keyed on the last public change
                import redis

                redis.Redis.from_url(args.redis).flushdb()
                env["REDIS_URL"] = args.redis
            info = session_cookie_and_paths(env)
            paths = ["/desk/", "/desk/claims/", "/desk/claims/?q=%E4%BC%9A%E8%AB%87", "/desk/claims/?q=Iskander",
                     "/desk/claims/?sort=-said", f"/desk/speakers/{info['speaker']}/", "/", "/api/v1/claims/"]
            paths += [f"/desk/claims/{pk}/" for pk in info["claims"][:20]]
            paths += [f"/fact-checks/{pk}/" for pk in info["claims"][20:40]]
            ports = [free_port() for _ in range(args.servers)]
            servers = [
                subprocess.Popen(
                    ["gunicorn", "factcheck.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                    cwd=ROOT, env=env, start_new_session=True,
                )
                for port in ports
            ]
            try:
                for port in ports:
                    for _ in range(100):
                        try:
                            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                            break
                        except OSError:
                            time.sleep(0.2)
                with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                    script.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": f"sessionid={info['cookie']}"})
                # Warm the workers, then the bounded measured run: one wrk per server, the connections shared out.
                for port in ports:
                    subprocess.run(["wrk", "-t1", "-c2", "-d3s", "-s", script.name, f"http://127.0.0.1:{port}"], capture_output=True)
                per_server = max(1, args.connections // len(ports))
                runs = [
                    subprocess.Popen(
                        ["wrk", "-t1" if len(ports) > 1 else "-t2", f"-c{per_server}", f"-d{args.seconds}s", "--timeout", "10s",
                         "-s", script.name, f"http://127.0.0.1:{port}"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    )
                    for port in ports
                ]
                outputs = [run.communicate(timeout=args.seconds + 60)[0] for run in runs]
                os.unlink(script.name)
                found = [re.search(r"WRKJSON (\{.*\})", out) for out in outputs]
                if not all(found):
                    print(outputs)
                    continue
                rs = [json.loads(f.group(1)) for f in found]
                rps = sum(r["requests"] / (r["duration_us"] / 1e6) for r in rs)
                worst = lambda key: max(r[key] for r in rs) / 1000  # noqa: E731 — the slower server's percentile
                lines.append(
                    f"| {backend} | {label(size)} | {len(ports)} × {args.workers} workers | {'Redis' if args.redis else 'none'} | "
                    f"{sum(r['requests'] for r in rs)} | {rps:.1f} | "
                    f"{worst('p50_us'):.0f} | {worst('p95_us'):.0f} | {worst('p99_us'):.0f} | "
                    f"{sum(r['status_errors'] + r['socket_errors'] for r in rs)} |"
                )
            finally:
                for server in servers:
                    os.killpg(server.pid, signal.SIGTERM)
                    server.wait(timeout=30)
    print(f"\nMixed read workload: {len(paths)} desk and public URLs in rotation, {args.servers} gunicorn process(es) "
          f"with --workers {args.workers} on 127.0.0.1 sharing one database, wrk {args.connections} connections in all for {args.seconds}s.\n")
    print("\n".join(lines))


def cmd_table(args):
    """Print the table again from saved raw results (one or more files; later files win)."""
    measured = {}
    for path in args.files:
        for key, rows in json.loads(Path(path).read_text()).items():
            backend, size = key.split(":")
            known = measured.setdefault((backend, int(size)), [])
            for row in rows:  # a later file's row replaces the same page's row
                at = next((i for i, r in enumerate(known) if r["page"] == row["page"]), None)
                if at is None:
                    known.append(row)
                else:
                    known[at] = row
    args.backends = [b for b in BACKENDS if any(k[0] == b for k in measured)]
    print(render_table(measured, args))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--backends", type=parse_list("backend"), default=list(BACKENDS), help="sqlite,postgresql")
        p.add_argument("--sizes", type=parse_list("size"), default=[10_000, 100_000], help="e.g. 10k,100k")
        p.add_argument("--pg-url", default=DEFAULT_PG, help=f"PostgreSQL server (default {DEFAULT_PG})")

    p = sub.add_parser("generate", help="Create the benchmark databases (skips one that already holds claims).")
    common(p)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("pages", help="Per-page server time and queries, with baselines (a) and (b).")
    common(p)
    p.add_argument("--requests", type=positive, default=50, help="timed requests per page (default 50)")
    p.add_argument("--warmup", type=positive, default=5)
    p.add_argument("--baseline-requests", type=positive, default=20, help="timed requests per untuned-admin baseline (default 20)")
    p.add_argument("--only", default="", help="comma-separated parts of page names to measure (default: all)")
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser("load", help="gunicorn with 2 workers on loopback under a bounded wrk run.")
    common(p)
    p.add_argument("--seconds", type=positive, default=20)
    p.add_argument("--connections", type=positive, default=8)
    p.add_argument("--servers", type=positive, default=1, help="gunicorn processes sharing the database")
    p.add_argument("--workers", type=positive, default=2, help="gunicorn workers per process (default 2, the issue's shape)")
    p.add_argument("--redis", default="", help="REDIS_URL for the app servers (production shape: public pages cached); "
                   "the Redis database it names is emptied first, so give a spare one, e.g. redis://127.0.0.1:6379/9")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("table", help="Print the table from saved results in bench/results/.")
    p.add_argument("files", nargs="+")
    p.add_argument("--requests", type=positive, default=50, help="as measured (for the heading)")
    p.set_defaults(func=cmd_table)

    p = sub.add_parser("_worker", help=argparse.SUPPRESS)
    p.add_argument("--requests", type=positive, default=50)
    p.add_argument("--warmup", type=positive, default=5)
    p.add_argument("--baseline-requests", type=positive, default=20)
    p.add_argument("--only", default="", help="comma-separated parts of page names to measure (default: all)")
    p.set_defaults(func=worker)

    args = parser.parse_args(argv)
    if args.command == "load" and args.connections > 64:
        parser.error("--connections above 64 is not a bounded load for this machine")
    args.func(args)


if __name__ == "__main__":
    main()
