"""Polling followed feeds: RSS, Atom and JSON Feed are read; each new article is taken in once (a Source with
its text, intake's candidates queued); a 304 fetches nothing; a failing feed backs off and is shown."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from claims.models import Source
from monitoring import polling, tasks
from monitoring.models import Candidate, Feed, FeedArticle, HostVisit

from .conftest import atom, json_feed, rss

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("build", "content_type", "title"),
    [(rss, "application/rss+xml", "Kyiv Daily"), (atom, "application/atom+xml", "Minsk Wire"), (json_feed, "application/feed+json", "Vilnius Notes")],
    ids=["rss", "atom", "json-feed"],
)
def test_each_kind_of_feed_brings_its_new_articles_as_sources_with_their_candidates_queued(
    httpserver, follow, serve_article, kuleba, outlet, build, content_type, title
):
    base = httpserver.url_for("")[:-1] if httpserver.url_for("").endswith("/") else httpserver.url_for("")
    serve_article("/minsk", place="Minsk")
    serve_article("/vilnius", title="Vilnius talks", place="Vilnius")
    httpserver.expect_request("/feed").respond_with_data(build(("/minsk", "Minsk talks"), ("/vilnius", "Vilnius talks"), base=base), content_type=content_type)
    feed = follow(httpserver.url_for("/feed"))

    [result] = polling.poll_due()

    assert (result.status, result.articles) == ("new", 2)
    feed.refresh_from_db()
    assert feed.title == title and feed.failures == 0 and feed.checked_at is not None
    assert feed.next_check_at > timezone.now() + datetime.timedelta(minutes=29)
    sources = Source.objects.order_by("url")
    assert [source.url for source in sources] == [httpserver.url_for("/minsk"), httpserver.url_for("/vilnius")]
    assert all(source.outlet == outlet and "Kuleba said on Monday" in source.text for source in sources)
    assert set(FeedArticle.objects.values_list("status", flat=True)) == {"taken"}
    candidates = Candidate.objects.filter(statement__contains="Nothing important was decided")
    assert candidates.count() == 2 and {c.speaker for c in candidates} == {kuleba}
    assert all(c.status == "waiting" and c.outlet == outlet and c.language == "en" for c in candidates)
    assert not polling.poll_due()  # not due again until its interval has passed


def test_a_304_on_the_second_poll_fetches_no_article(httpserver, follow, serve_article, kuleba):
    base = httpserver.url_for("")[:-1]
    serve_article("/minsk")
    asked = []

    def feed_handler(request):
        asked.append((request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(rss(("/minsk", "Minsk talks"), base=base), content_type="application/rss+xml",
                        headers={"ETag": '"v1"', "Last-Modified": "Mon, 19 Dec 2022 10:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(feed_handler)
    feed = follow(httpserver.url_for("/feed"))
    polling.poll_due()
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ('"v1"', "Mon, 19 Dec 2022 10:00:00 GMT")
    fetched = len(httpserver.log)

    Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
    [result] = polling.poll_due()

    assert result.status == "unchanged" and result.articles == 0
    assert asked[-1] == ('"v1"', "Mon, 19 Dec 2022 10:00:00 GMT")
    assert len(httpserver.log) == fetched + 1  # the feed only: no article fetched again
    assert Source.objects.count() == 1 and FeedArticle.objects.count() == 1


def test_the_same_article_in_two_feeds_is_stored_once(httpserver, follow, serve_article, kuleba):
    base = httpserver.url_for("")[:-1]
    serve_article("/minsk")
    httpserver.expect_request("/rss").respond_with_data(rss(("/minsk", "Minsk talks"), base=base), content_type="application/rss+xml")
    httpserver.expect_request("/atom").respond_with_data(atom(("/minsk", "Minsk talks"), base=base), content_type="application/atom+xml")
    follow(httpserver.url_for("/rss"))
    follow(httpserver.url_for("/atom"))

    results = polling.poll_due()

    assert sorted(result.articles for result in results) == [0, 1]
    assert Source.objects.count() == 1 and FeedArticle.objects.count() == 1
    assert sum(1 for entry in httpserver.log if entry[0].path == "/minsk") == 1
    assert Candidate.objects.filter(statement__contains="Nothing important").count() == 1


def test_a_failing_feed_backs_off_keeps_its_error_and_is_shown_on_the_desk(httpserver, follow, client, editor):
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    feed = follow(httpserver.url_for("/broken"), interval_minutes=30)

    [first] = polling.poll_due()
    feed.refresh_from_db()
    assert first.status == "failed" and feed.failures == 1 and "500" in feed.last_error
    wait = feed.next_check_at - timezone.now()
    assert datetime.timedelta(minutes=59) < wait <= datetime.timedelta(minutes=60)
    assert not polling.poll_due()  # never retried in a tight loop
    assert len(httpserver.log) == 1

    Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
    polling.poll_due()
    feed.refresh_from_db()
    assert feed.failures == 2 and feed.next_check_at - timezone.now() > datetime.timedelta(minutes=119)

    client.force_login(editor)
    for page in (reverse("monitoring_feeds"), reverse("monitoring_queue")):
        html = client.get(page).content.decode()
        assert feed.url in html and "HTTP 500" in html


def test_a_page_that_is_not_a_feed_and_a_refused_address_are_failures_not_errors(httpserver, follow, monitoring_env):
    httpserver.expect_request("/page").respond_with_data("<html><body>Hello</body></html>", content_type="text/html")
    page = follow(httpserver.url_for("/page"))
    private = follow("http://10.0.0.1/feed")

    polling.poll_due()

    page.refresh_from_db()
    private.refresh_from_db()
    assert page.failures == 1 and "RSS, Atom or JSON" in page.last_error
    assert private.failures == 1 and "private" in private.last_error


def test_no_two_fetches_to_one_host_within_the_politeness_interval(monitoring_env, db):
    monitoring_env.MONITORING_HOST_INTERVAL = 5
    assert polling.book_host("news.example")
    assert not polling.book_host("news.example")  # not due yet: refused at once, never waited for
    assert polling.book_host("other.example")
    assert HostVisit.objects.count() == 2
    HostVisit.objects.filter(host="news.example").update(fetched_at=timezone.now() - datetime.timedelta(seconds=5))
    assert polling.book_host("news.example")


def test_poll_feeds_runs_by_hand_with_progress_lines_and_the_task_polls_too(httpserver, follow, serve_article, kuleba):
    base = httpserver.url_for("")[:-1]
    serve_article("/minsk")
    httpserver.expect_request("/feed").respond_with_data(rss(("/minsk", "Minsk talks"), base=base), content_type="application/rss+xml")
    feed = follow(httpserver.url_for("/feed"))
    out = io.StringIO()
    call_command("poll_feeds", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[####################] 1/1 ") and "1 new article(s)" in lines[0]
    assert lines[-1] == "1 feed(s) polled, 1 new article(s), 0 failed."

    Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
    assert tasks.poll_feeds.call() == 0  # the article is not taken in twice
    assert Source.objects.count() == 1


def test_following_a_feed_checks_role_and_address(monitoring_env, editor, reviewer, outlet, client):
    with pytest.raises(Exception) as refused:
        polling.add_feed(user=reviewer, outlet=outlet, url="https://kyiv.example/rss")
    assert "Your role does not allow" in str(refused.value.message)
    client.force_login(editor)
    response = client.post(reverse("monitoring_feeds"), {"outlet": outlet.pk, "url": "http://10.1.2.3/x", "interval_minutes": 30})
    assert response.status_code == 400 and "private, local or reserved" in response.content.decode()
    response = client.post(reverse("monitoring_feeds"), {"outlet_text": "Kyiv Daily", "url": "https://kyiv.example/rss", "interval_minutes": 30})
    assert response.status_code == 302  # the outlet typed by name (the type-ahead without JavaScript)
    feed = Feed.objects.get()
    assert (feed.host, feed.followed_by, feed.outlet) == ("kyiv.example", editor, outlet)


def test_the_fetcher_adds_only_conditional_and_accept_headers(monitoring_env):
    from factcheck.fetch import fetch

    for name in ("Host", "Cookie", "Authorization"):
        with pytest.raises(ValueError):
            fetch("https://kyiv.example/rss", headers={name: "x"})


def test_a_feed_that_redirects_to_a_private_address_or_serves_a_gzip_bomb_fails_and_fetches_nothing_else(httpserver, follow, monitoring_env):
    import gzip

    monitoring_env.MONITORING_FEED_MAX_BYTES = 64 * 1024
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "http://10.0.0.1/feed"})
    bomb = gzip.compress(b"<rss>" + b" " * (10 * 1024 * 1024))
    httpserver.expect_request("/bomb").respond_with_data(bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    moved = follow(httpserver.url_for("/moved"))
    exploded = follow(httpserver.url_for("/bomb"))

    polling.poll_due()

    moved.refresh_from_db()
    exploded.refresh_from_db()
    assert moved.failures == 1 and "private" in moved.last_error
    assert exploded.failures == 1 and "size limit" in exploded.last_error
    assert not FeedArticle.objects.exists()


def test_an_article_that_cannot_be_taken_in_is_recorded_once_and_the_feeds_other_articles_still_come(
    httpserver, follow, serve_article, kuleba, editor
):
    base = httpserver.url_for("")[:-1]
    serve_article("/minsk")
    httpserver.expect_request("/gone").respond_with_data("missing", status=404)
    httpserver.expect_request("/feed").respond_with_data(rss(("/gone", "Gone"), ("/minsk", "Minsk talks"), base=base), content_type="application/rss+xml")
    feed = follow(httpserver.url_for("/feed"))

    [result] = polling.poll_due()

    feed.refresh_from_db()
    assert result.status == "new" and feed.failures == 0
    gone = FeedArticle.objects.get(url=httpserver.url_for("/gone"))
    assert gone.status == "failed" and "404" in gone.failure and gone.source is None
    assert FeedArticle.objects.get(url=httpserver.url_for("/minsk")).status == "taken"
    Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
    polling.poll_due()
    assert sum(1 for entry in httpserver.log if entry[0].path == "/gone") == 1  # never fetched twice


def test_a_news_sitemap_stands_in_for_a_site_without_a_feed_newest_pages_first(httpserver, follow, serve_article, kuleba, monitoring_env):
    monitoring_env.MONITORING_ARTICLES_PER_POLL = 1
    serve_article("/old")
    serve_article("/new", title="Vilnius talks", place="Vilnius")
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f'<url><loc>{httpserver.url_for("/old")}</loc><lastmod>2022-12-01</lastmod></url>'
        f'<url><loc>{httpserver.url_for("/new")}</loc><news:news><news:publication_date>2022-12-19T10:00:00Z</news:publication_date>'
        "<news:title>Vilnius talks</news:title></news:news></url></urlset>"
    )
    httpserver.expect_request("/sitemap.xml").respond_with_data(sitemap, content_type="application/xml")
    feed = follow(httpserver.url_for("/sitemap.xml"))

    [result] = polling.poll_due()

    assert result.articles == 1  # the newest page first; the other waits for the next poll
    assert FeedArticle.objects.get().url == httpserver.url_for("/new") and FeedArticle.objects.get().title == "Vilnius talks"
    Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
    polling.poll_due()
    assert FeedArticle.objects.count() == 2 and Source.objects.count() == 2
