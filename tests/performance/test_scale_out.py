"""Two app servers, one PostgreSQL and one Redis: the app holds no state of its own.

Starts two gunicorn processes on different loopback ports, sharing the test database
and a private Redis, then acts as a browser: signed in on one, it is signed in on the
other; a claim edited through one is seen through the other. PostgreSQL only (SQLite
is one file on one machine): on any other database this test fails and says so; the
SQLite CI run deselects it with `-m "not postgres"`.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
import requests
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection


ROOT = Path(settings.BASE_DIR)
PASSWORD = "correct-horse-battery"  # tests/conftest.make_user


@pytest.fixture
def fast_password_hashing():
    """Real password hashing here: app servers in other processes must verify these passwords."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server on port {port} did not start within {seconds}s")


@pytest.fixture
def shared_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install -y redis-server): the scale-out test needs it.")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def app_servers(shared_redis):
    if connection.vendor != "postgresql":
        pytest.fail(
            "The scale-out test needs PostgreSQL (DATABASE_URL=postgres://…): several app servers cannot share "
            "one SQLite file. Run it on PostgreSQL, or deselect it with -m 'not postgres'."
        )
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": shared_redis, "DEBUG": "0", "CONN_MAX_AGE": "0"}
    env.pop("DATABASE_REPLICA_URL", None)
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                ["gunicorn", "factcheck.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
            servers.append((port, process))
        for port, process in servers:
            wait_for(port, process)
        yield [f"http://127.0.0.1:{port}" for port, _ in servers], shared_redis
    finally:
        for _, process in servers:
            process.terminate()
            process.wait(timeout=20)


def form_data(html, selector):
    """What a browser would submit for the form: every named field with its current value."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no {selector} on the page"
    data = []
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            # A browser drops the newline that starts a textarea's content (HTML parsing rule);
            # the desk stores quotes exactly, so sending it would turn an empty row into "\n".
            text = field.text
            data.append((name, text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text))
        elif field.name == "select":
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or options[:1]
            data.extend((name, o.get("value", o.text)) for o in chosen)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.append((name, field.get("value", "on")))
        elif field.get("type") not in ("submit", "button", "file"):
            data.append((name, field.get("value", "")))
    return data


def sign_in(session, base, username):
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = BeautifulSoup(page.text, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, response.text[:500]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_shares_sessions_and_edits_between_two_app_servers(app_servers, editor, make_claim):
    (first, second), redis_url = app_servers
    claim = make_claim(statement="会談で戦車について話した", created_by=editor)
    browser = requests.Session()

    sign_in(browser, first, editor.username)
    # The same session cookie is valid on the other server: the session lives in the database.
    desk = browser.get(f"{second}/desk/", timeout=10, allow_redirects=False)
    assert desk.status_code == 200, f"signed in on one server but not on the other (HTTP {desk.status_code})"
    assert editor.username in desk.text

    # An edit saved through the second server...
    edit_url = f"{second}/desk/claims/{claim.pk}/edit/"
    data = dict(form_data(browser.get(edit_url, timeout=10).text, "form.claim-form"))
    data["statement"] = "会談で戦車とイスカンデルについて話した"
    saved = browser.post(edit_url, data=data, headers={"Referer": edit_url}, timeout=10)
    assert saved.status_code == 200 and saved.url.endswith(f"/desk/claims/{claim.pk}/"), saved.text[:800]

    # ...is what the first server shows and finds.
    page = browser.get(f"{first}/desk/claims/{claim.pk}/", timeout=10)
    assert "会談で戦車とイスカンデルについて話した" in page.text
    found = browser.get(f"{first}/desk/claims/", params={"q": "イスカンデル"}, timeout=10)
    assert "会談で戦車とイスカンデルについて話した" in found.text

    # Both servers use the one shared cache (public pages are kept there).
    browser.get(f"{first}/", timeout=10)
    assert redis.Redis.from_url(redis_url).dbsize() > 0
