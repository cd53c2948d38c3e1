import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "SECRET_KEY", "DEBUG"))}
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
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
