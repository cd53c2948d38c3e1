import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re

from analytics.rollups import rebuild_if_missing
from demo.seed.loader import load_seed
from reviews.roles import ADMIN, CHIEF_EDITOR, EDITOR, REVIEWER

# username, password, roles. Demo logins only: quickstart refuses to run in production.
DEMO_USERS = [
    ("editor", "editor-demo-pass", [EDITOR]),
    ("editor2", "editor2-demo-pass", [EDITOR]),
    ("reviewer", "reviewer-demo-pass", [REVIEWER]),
    ("reviewer2", "reviewer2-demo-pass", [REVIEWER]),
    ("chief", "chief-demo-pass", [CHIEF_EDITOR]),
    ("admin", "admin-demo-pass", [ADMIN]),
]


def ensure_demo_users():
    User = get_user_model()
    for username, password, roles in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@factcheck.localhost", "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.is_superuser = ADMIN in roles
            user.save()
        user.groups.add(*Group.objects.filter(name__in=roles))


# An address that listens everywhere is opened, on this machine, through its loopback address.
_OPEN_AS = {"0.0.0.0": "127.0.0.1", "::": "::1", "0": "127.0.0.1"}


def public_url(addrport: str) -> str:
    """The address `runserver addrport` serves on, as DESK_URL spells it (ClaimReview `url`, logo,
    canonical links and e-mailed links are built on it)."""
    match = re.match(naiveip_re, addrport)
    if match is None:
        raise CommandError(f'"{addrport}" is not a port number or an address:port pair.')
    addr, _ipv4, _ipv6, _fqdn, port = match.groups()
    host = (addr or "127.0.0.1").strip("[]")
    host = _OPEN_AS.get(host, host)
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


WORKER_STOP_SECONDS = 10  # a task still running when the server stops gets this long to finish


def start_worker() -> subprocess.Popen:
    """`manage.py db_worker` beside the development server: with the database backend, captures and intake by
    address wait in the database until a worker runs. It shares the terminal (its log lines appear there) and
    the process group (Ctrl+C reaches it too). `--no-reload`: one process, which SIGTERM stops after its
    task (the autoreloader's parent would kill its child mid-task); restart quickstart after editing a task."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    return subprocess.Popen([sys.executable, str(manage), "db_worker", "--no-reload"], cwd=settings.BASE_DIR)


def stop_worker(worker: subprocess.Popen | None) -> None:
    """Ask the worker to stop (it finishes the task it is running), then make sure it has."""
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "Set up a demo desk on this machine (migrate, demo logins, seed data) and start the development server."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up, print the logins, and stop.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a task worker beside the server (run `manage.py db_worker` yourself; captures and intake by address wait for it).",
        )

    def handle(self, *args, addrport, no_serve, no_worker=False, **options):
        if settings.PRODUCTION:
            raise CommandError("quickstart creates demo logins and is for development only (FACTCHECK_ENV=production).")
        if os.environ.get("RUN_MAIN") == "true":
            # The autoreloader's child runs this command again to serve: the parent set up and printed.
            call_command("runserver", addrport)
            return
        url = public_url(addrport)
        if not no_serve and "DESK_URL" not in os.environ:
            # Public links point where this server answers; the environment carries it to the
            # reloader's child, whose settings read it afresh.
            os.environ["DESK_URL"] = settings.DESK_URL = url
        call_command("migrate", interactive=False, verbosity=0)
        rebuild_if_missing()  # a database from before the analytics rollups gets them from its audit log
        ensure_demo_users()
        created = load_seed()
        # Walk the seed through the review workflow so the demo has queues and published fact-checks.
        call_command("walk_seed", stdout=self.stdout, verbosity=options.get("verbosity", 1))
        self.stdout.write(self.style.SUCCESS(f"Database ready ({created} seed claims added)."))
        self.stdout.write("\nDemo logins (username / password):")
        for username, password, roles in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {password:<20} {', '.join(roles)}")
        self.stdout.write(f"\nOpen {url} — the admin panel is at /admin/.")
        worker = None
        if settings.TASKS_BACKEND == "database" and not (no_serve or no_worker):
            # Started here, in the process that set up: the autoreloader's child (RUN_MAIN, above) only
            # serves, so there is one worker however often the server reloads; it stops with the server.
            worker = start_worker()
            self.stdout.write(
                f"A task worker (db_worker, pid {worker.pid}) runs beside the server: source captures and "
                "articles taken in by address are fetched in the background.\n"
            )
        elif settings.TASKS_BACKEND == "database":
            self.stdout.write("Source captures and intake by address wait for a worker: run `python manage.py db_worker` in a second terminal.\n")
        elif settings.TASKS_BACKEND == "rq":
            self.stdout.write("Tasks go to Redis: run `python manage.py rqworker default --job-class django_tasks_rq.Job` in a second terminal.\n")
        if no_serve:
            return
        try:
            call_command("runserver", addrport)
        finally:
            stop_worker(worker)
