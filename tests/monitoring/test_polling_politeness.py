"""Politeness without sleeping: hosts are taken in turn, and a feed or article whose host is not due yet is left
for the next run (a deferred task), never waited for inside the worker; nothing is fetched twice."""

import datetime
import time

import pytest
from django.utils import timezone

from claims.models import Source
from monitoring import polling, tasks
from monitoring.models import Feed, FeedArticle, HostVisit

from .conftest import rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def polite(monitoring_env, monkeypatch):
    """An hour between two fetches to one host; a worker that sleeps fails the test."""
    monitoring_env.MONITORING_HOST_INTERVAL = 3600

    def no_sleep(seconds):
        raise AssertionError(f"the worker slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleep)
    return monitoring_env


def later():
    """The politeness interval has passed for every host."""
    HostVisit.objects.update(fetched_at=timezone.now() - datetime.timedelta(hours=2))


def fetches(httpserver, path):
    return sum(request.path == path for request, _ in httpserver.log)


def test_a_feed_whose_host_is_busy_is_not_slept_on_and_its_articles_are_taken_in_on_the_next_runs(
    httpserver, follow, serve_article, kuleba, polite
):
    base = httpserver.url_for("")[:-1]
    for path in ("/a", "/b"):
        serve_article(path)
    httpserver.expect_request("/feed").respond_with_data(rss(("/a", "A"), ("/b", "B"), base=base), content_type="application/rss+xml")
    busy = follow(httpserver.url_for("/feed"))
    polling.book_host("127.0.0.1")  # another feed of this host was just fetched

    [result] = polling.poll_due()
    assert result.status == "deferred" and fetches(httpserver, "/feed") == 0
    assert Feed.objects.get(pk=busy.pk).next_check_at <= timezone.now()  # still due: the next run takes it

    later()
    [result] = polling.poll_due()
    assert result.status == "new" and fetches(httpserver, "/feed") == 1
    assert FeedArticle.objects.filter(status="pending").count() == 2 and not Source.objects.exists()  # the host was just visited

    later()
    assert tasks.take_in_pending.call() == 1  # one fetch per host per interval
    later()
    assert tasks.take_in_pending.call() == 1
    assert tasks.take_in_pending.call() == 0  # nothing left: nothing fetched twice
    assert fetches(httpserver, "/a") == fetches(httpserver, "/b") == 1
    assert Source.objects.count() == 2 and not FeedArticle.objects.filter(status="pending").exists()


def test_hosts_take_turns_so_one_host_with_many_articles_does_not_hold_up_the_others(httpserver, follow, serve_article, kuleba, polite):
    """127.0.0.1 and localhost are two hosts to the politeness rule (one server behind both, for the test)."""
    base = httpserver.url_for("")[:-1]
    other = base.replace("127.0.0.1", "localhost")
    feed = follow(httpserver.url_for("/feed"))
    for index, url in enumerate([f"{base}/a1", f"{base}/a2", f"{base}/a3", f"{other}/b1"]):
        serve_article("/" + url.rsplit("/", 1)[1])
        FeedArticle.objects.create(url=url, feed=feed, title=f"Article {index}", status="pending")

    taken = polling.take_in_pending()
    assert (taken.articles, taken.left) == (2, 2)  # one of each host, not three of the first
    assert fetches(httpserver, "/a1") == fetches(httpserver, "/b1") == 1 and fetches(httpserver, "/a2") == 0
    assert taken.free_at is not None and taken.free_at > timezone.now()


def test_a_feed_left_due_by_a_busy_host_is_polled_again_when_its_host_is_due(httpserver, follow, polite):
    polite.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    follow(httpserver.url_for("/feed"))
    polling.book_host("127.0.0.1")
    backend = tasks.poll_feeds.get_backend()
    backend.results.clear()

    assert tasks.poll_feeds.call() == 0
    [follow_up] = backend.results
    visit = HostVisit.objects.get(host="127.0.0.1")
    assert follow_up.task.name == "poll_feeds" and follow_up.task.run_after == visit.fetched_at + datetime.timedelta(hours=1)


def test_what_politeness_leaves_pending_is_enqueued_for_when_its_host_is_due(httpserver, follow, serve_article, kuleba, polite):
    polite.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    base = httpserver.url_for("")[:-1]
    feed = follow(httpserver.url_for("/feed"))
    for path in ("/a", "/b"):
        serve_article(path)
        FeedArticle.objects.create(url=f"{base}{path}", feed=feed, title=path, status="pending")
    backend = tasks.take_in_pending.get_backend()
    backend.results.clear()

    assert tasks.take_in_pending.call() == 1
    [follow_up] = backend.results
    visit = HostVisit.objects.get(host="127.0.0.1")
    assert follow_up.task.name == "poll_feeds" and follow_up.task.run_after == visit.fetched_at + datetime.timedelta(hours=1)


def test_an_article_another_worker_is_fetching_is_not_fetched_again_until_its_lease_ends(httpserver, follow, serve_article, kuleba, monitoring_env):
    base = httpserver.url_for("")[:-1]
    serve_article("/a")
    feed = follow(httpserver.url_for("/feed"))
    article = FeedArticle.objects.create(url=f"{base}/a", feed=feed, title="A", status="pending", leased_until=timezone.now() + polling.LEASE)

    assert polling.take_in_pending().articles == 0 and fetches(httpserver, "/a") == 0
    FeedArticle.objects.filter(pk=article.pk).update(leased_until=timezone.now() - datetime.timedelta(seconds=1))  # that worker died
    assert polling.take_in_pending().articles == 1 and fetches(httpserver, "/a") == 1
    assert FeedArticle.objects.get(pk=article.pk).status == "taken"
