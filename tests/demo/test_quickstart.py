"""`manage.py quickstart`: a fresh desk ends up with demo data and published fact-checks, set up once,
its public links pointing where it serves."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from claims.models import Claim
from claims.states import State
from demo.management.commands import quickstart

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_leaves_a_demo_with_published_fact_checks(db):
    call_command("quickstart", "--no-serve", stdout=StringIO())
    assert Claim.objects.filter(state__in=[State.PUBLISHED, State.CORRECTED]).count() == 2


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # the local quickstart server only
        return response.read().decode()


def test_quickstart_sets_up_once_and_its_public_links_point_where_it_serves(tmp_path):
    """The real command, autoreloader and all: the reloader's child used to run the set-up again and
    print the logins twice, and the public pages linked to http://localhost:8000/ whatever the port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "DESK_URL", "RUN_MAIN", "DJANGO_ALLOW"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'quickstart.sqlite3'}"
    env["CAPTURE_ON_SAVE"] = "0"  # its worker runs what is queued: the seed's pages are on the internet
    log = tmp_path / "quickstart.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "quickstart", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline, home = time.monotonic() + 150, None
        while home is None and time.monotonic() < deadline and server.poll() is None:
            try:
                home = _fetch(f"http://127.0.0.1:{port}/")
            except OSError:
                time.sleep(0.5)
        while "Starting worker" not in log.read_text() and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)  # the worker beside the server (--no-worker leaves it out)
        output = log.read_text()
        assert home is not None, output
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert output.count("Demo logins") == 1, output
    assert output.count("Database ready") == 1, output
    assert f'<link rel="canonical" href="http://127.0.0.1:{port}/">' in home
    assert output.count("A task worker (db_worker, pid") == 1 and output.count("Starting worker") == 1, output


def test_quickstart_keeps_a_desk_url_that_is_set_and_opens_any_address_through_loopback(db, monkeypatch, settings):
    from django.core.management.commands import runserver

    from demo.management.commands.quickstart import public_url

    served = []
    monkeypatch.setattr(runserver.Command, "handle", lambda self, *args, **options: served.append(settings.DESK_URL))
    monkeypatch.setattr(quickstart.subprocess, "Popen", FakeWorker)
    monkeypatch.setenv("DESK_URL", "https://desk.example/")
    settings.DESK_URL = "https://desk.example/"
    out = StringIO()
    call_command("quickstart", "0.0.0.0:8123", stdout=out)
    assert served == ["https://desk.example/"] and os.environ["DESK_URL"] == "https://desk.example/"
    assert "Open http://127.0.0.1:8123/" in out.getvalue()
    assert public_url("8000") == "http://127.0.0.1:8000/" and public_url("[::]:8000") == "http://[::1]:8000/"


class FakeWorker:
    """Stands in for the `db_worker` process quickstart starts (subprocess.Popen)."""

    started: list = []

    def __init__(self, args, **kwargs):
        self.args, self.pid, self.returncode = args, 4242, None
        FakeWorker.started.append(self)

    def poll(self):
        return self.returncode

    def terminate(self):
        self.returncode = -15

    def wait(self, timeout=None):
        return self.returncode


def test_quickstart_starts_one_task_worker_beside_the_server_and_stops_it_with_the_server(db, monkeypatch, settings):
    """With the database backend nothing runs a capture or an intake fetch until a worker runs: quickstart
    starts `db_worker` once (not again in the autoreloader's child), and stops it when the server stops."""
    from django.core.management.commands import runserver

    seen = []

    def serve(self, *args, **options):
        seen.append([worker.returncode for worker in FakeWorker.started])
        raise SystemExit(0)  # the autoreloader's parent on Ctrl+C or SIGTERM

    monkeypatch.setattr(FakeWorker, "started", [])
    monkeypatch.setattr(quickstart.subprocess, "Popen", FakeWorker)
    monkeypatch.setattr(runserver.Command, "handle", serve)
    monkeypatch.setenv("DESK_URL", settings.DESK_URL)  # kept as it is: nothing leaks into later tests
    settings.TASKS_BACKEND = "database"
    out = StringIO()
    try:
        call_command("quickstart", "127.0.0.1:8124", stdout=out)
    except SystemExit:
        pass
    [worker] = FakeWorker.started
    assert worker.args[1:] == [str(ROOT / "manage.py"), "db_worker", "--no-reload"]
    assert seen == [[None]]  # running while the server served
    assert worker.returncode == -15  # stopped with it
    assert "A task worker (db_worker, pid 4242) runs beside the server" in out.getvalue()

    monkeypatch.setenv("RUN_MAIN", "true")  # the autoreloader's child: serves only
    try:
        call_command("quickstart", "127.0.0.1:8124", stdout=StringIO())
    except SystemExit:
        pass
    monkeypatch.delenv("RUN_MAIN")
    out = StringIO()
    try:
        call_command("quickstart", "127.0.0.1:8124", "--no-worker", stdout=out)
    except SystemExit:
        pass
    assert len(FakeWorker.started) == 1 and len(seen) == 3
    assert "run `python manage.py db_worker` in a second terminal" in out.getvalue()
