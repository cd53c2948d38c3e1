"""A local HTTP server (pytest-httpserver) on 127.0.0.1 serves every fixture page: tests never touch the internet."""

import pytest


@pytest.fixture
def capture_env(db, settings, tmp_path, local_fetch):
    """Tasks run at once (immediate backend), files go to a temporary MEDIA_ROOT, robots.txt is reported."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.CAPTURE_ROBOTS = "report"
    return settings


def article(title, body, *, lang="en", date="2024-03-05"):
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}T10:00:00Z"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in body)
        + "</article><footer>News</footer></body></html>"
    )


@pytest.fixture
def capture_now(capture_env, django_capture_on_commit_callbacks):
    """Save a source with a URL and let its capture run (after commit, as in production)."""
    from claims.models import Source

    def run(url, **fields):
        fields.setdefault("title", "A page")
        with django_capture_on_commit_callbacks(execute=True):
            source = Source.objects.create(url=url, **fields)
        return source, source.captures.get()

    return run
