"""Followed feeds served by a local HTTP server (pytest-httpserver): tests never touch the internet."""

import pytest

from claims.models import Outlet
from monitoring.models import Feed

ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>“Nothing important was decided in {place},” Kuleba said on Monday.</p>"
    "<p>He added that Ukraine was ready for whatever the two leaders agreed, whatever it was.</p></article></body></html>"
)


def rss(*items, base):
    body = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid><pubDate>Mon, 19 Dec 2022 10:00:00 GMT</pubDate></item>"
        for path, title in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kyiv Daily</title><link>{base}/</link>{body}</channel></rss>'


def atom(*items, base):
    body = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>urn:x:{path}</id><updated>2022-12-19T10:00:00Z</updated></entry>'
        for path, title in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Minsk Wire</title><id>urn:x</id><updated>2022-12-19T10:00:00Z</updated>{body}</feed>'


def json_feed(*items, base):
    import json

    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Vilnius Notes",
            "items": [{"id": path, "url": f"{base}{path}", "title": title, "date_published": "2022-12-19T10:00:00Z"} for path, title in items],
        }
    )


@pytest.fixture
def monitoring_env(settings, local_fetch):
    """The fetcher may reach 127.0.0.1 only; robots.txt is not asked; no politeness wait, no matching (fast)."""
    settings.CAPTURE_ROBOTS = "ignore"
    settings.CAPTURE_ON_SAVE = False
    settings.MONITORING_HOST_INTERVAL = 0
    settings.MONITORING_SUGGESTIONS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


@pytest.fixture
def kuleba(make_speaker):
    return make_speaker("Dmytro Kuleba", aliases=["Kuleba"])


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(name="Kyiv Daily", kind=Outlet.Kind.NEWSPAPER)


@pytest.fixture
def serve_article(httpserver):
    def serve(path, title="Minsk talks", place="Minsk"):
        httpserver.expect_request(path).respond_with_data(ARTICLE.format(title=title, place=place), content_type="text/html; charset=utf-8")
        return httpserver.url_for(path)

    return serve


@pytest.fixture
def follow(monitoring_env, editor, outlet):
    """A feed of the outlet, followed by Eddie (the editor its articles are taken in as)."""

    def make(url, **fields):
        from monitoring.polling import host_of

        return Feed.objects.create(outlet=fields.pop("outlet", outlet), url=url, host=host_of(url), followed_by=editor, **fields)

    return make


TEXT = "“Nothing important was decided in Minsk,” Kuleba said on Monday.\nLukashenko said that the harvest was a record."


@pytest.fixture
def make_candidate(follow, outlet, kuleba):
    """A candidate as polling leaves it: a feed article taken in as a Source, the statement at its place in the text."""
    import datetime

    from claims.models import Source
    from monitoring.models import Candidate, FeedArticle

    feed = follow("https://kyiv.example/rss")

    def make(excerpt="Nothing important was decided in Minsk", *, url=None, speaker=kuleba, language="en", said_on=datetime.date(2022, 12, 19), **fields):
        url = url or f"https://kyiv.example/{Source.objects.count() + 1}"
        source = Source.objects.create(title="Minsk talks", url=url, kind=Source.Kind.ARTICLE, language="en", text=TEXT, outlet=fields.get("outlet", outlet), published_on=datetime.date(2022, 12, 19))
        article = FeedArticle.objects.create(url=url, feed=feed, title="Minsk talks", status="taken", source=source)
        start = TEXT.index(excerpt)
        fields.setdefault("outlet", outlet)
        return Candidate.objects.create(
            article=article, source=source, statement=excerpt, excerpt=excerpt, start=start, end=start + len(excerpt),
            language=language, form="quote", speaker=speaker, said_on=said_on, said_on_precision="day" if said_on else "unknown", **fields
        )

    return make
