import os
import runpy
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_under(monkeypatch, **env):
    """The settings module as a fresh process would read it with `env`, without starting one.

    Returns (settings as a dict, warnings raised while reading them).
    """
    for name in ("TRUSTED_PROXY_COUNT", "API_NUM_PROXIES", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = runpy.run_path(str(ROOT / "factcheck" / "settings.py"))
    return values, [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "SECRET_KEY", "DEBUG", "DESK_URL"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deploy_check_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FACTCHECK_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-that-is-not-the-default-0123456789",
        ALLOWED_HOSTS="factcheck.example",
        DESK_URL="https://factcheck.example/",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("desk_url", [None, "http://127.0.0.1:8000/"])
def test_the_deploy_check_warns_when_public_links_would_point_at_this_machine(desk_url):
    """ClaimReview `url`, the logo and canonical links are built on DESK_URL: its default is localhost."""
    env = {"DESK_URL": desk_url} if desk_url else {}
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FACTCHECK_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="factcheck.example",
        **env,
    )
    assert result.returncode != 0
    assert "publishing.W001" in result.stderr and "DESK_URL" in result.stderr, result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _manage("check", FACTCHECK_ENV="production", ALLOWED_HOSTS="factcheck.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_demo_logins_in_production():
    result = _manage(
        "quickstart",
        "--no-serve",
        FACTCHECK_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-that-is-not-the-default-0123456789",
        ALLOWED_HOSTS="factcheck.example",
        DATABASE_URL="sqlite:////tmp/never-created.sqlite3",
    )
    assert result.returncode != 0
    assert "development only" in result.stderr


@pytest.mark.parametrize(
    "env, count",
    [({}, 0), ({"TRUSTED_PROXY_COUNT": "2"}, 2)],
)
def test_it_counts_trusted_proxies_once_for_logins_and_the_api(monkeypatch, env, count):
    values, warned = settings_under(monkeypatch, **env)

    assert values["TRUSTED_PROXY_COUNT"] == count
    assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == count
    assert warned == []


def test_it_still_reads_the_old_api_proxy_setting_and_says_it_is_deprecated(monkeypatch):
    values, warned = settings_under(monkeypatch, API_NUM_PROXIES="1")

    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == 1
    assert len(warned) == 1 and "API_NUM_PROXIES is deprecated: set TRUSTED_PROXY_COUNT" in warned[0]


def test_it_prefers_the_new_proxy_setting_when_both_are_set(monkeypatch):
    values, warned = settings_under(monkeypatch, API_NUM_PROXIES="3", TRUSTED_PROXY_COUNT="1")

    assert values["TRUSTED_PROXY_COUNT"] == values["REST_FRAMEWORK"]["NUM_PROXIES"] == 1
    assert len(warned) == 1 and "TRUSTED_PROXY_COUNT is set and wins" in warned[0]


def test_it_warns_about_the_old_proxy_setting_when_the_app_starts():
    """The warning reaches an operator's terminal (FutureWarning is shown by default, DeprecationWarning is not)."""
    env = {**os.environ, "API_NUM_PROXIES": "1"}
    env.pop("PYTHONWARNINGS", None)
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.settings"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert "API_NUM_PROXIES is deprecated" in result.stderr


STRONG_KEY = "a-long-random-production-secret-key-that-is-not-the-default-0123456789"


@pytest.mark.parametrize(
    "key, reason",
    [
        ("x", "published default"),
        ("dev-only-insecure-key-do-not-use-in-production-0123456789abcdef", "published default"),
        ("django-insecure-" + "k3j5h6g7f8d9s0a1q2w3e4r5t6y7u8i9o0p" * 2, "published default"),
        ("short-but-random-Z8q", "use at least 50"),
        ("ab" * 40, "different characters"),
    ],
)
def test_it_refuses_a_weak_secret_key_in_production(key, reason):
    from factcheck.secret_key import weak_secret_key_reason

    assert reason in weak_secret_key_reason(key)


def test_it_accepts_a_generated_secret_key():
    import secrets

    from django.core.management.utils import get_random_secret_key

    from factcheck.secret_key import weak_secret_key_reason

    assert weak_secret_key_reason(secrets.token_urlsafe(64)) is None
    assert weak_secret_key_reason(get_random_secret_key()) is None
    assert weak_secret_key_reason(STRONG_KEY) is None


def test_it_will_not_start_in_production_with_secret_key_x():
    result = _manage("check", FACTCHECK_ENV="production", SECRET_KEY="x", ALLOWED_HOSTS="factcheck.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is too weak for production" in result.stderr
