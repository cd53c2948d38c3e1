"""Feeds and exports rebuild every fact-check, so they are throttled per address, cached on the
last publication change (also without Redis) and revalidated with a 304."""

import pytest

EXPORTS = ["/exports/claimreview.jsonl", "/exports/claimreview-markup-pages.json", "/feeds/fact-checks.rss", "/feeds/fact-checks.atom"]


@pytest.fixture
def published(make_claim, advance):
    return advance(make_claim(with_refutation=True), "published")


@pytest.mark.parametrize("path", EXPORTS)
def test_it_answers_a_repeat_fetch_with_304_until_a_publication_changes(client, published, make_claim, advance, path):
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    advance(make_claim(with_refutation=True), "published")
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("path", EXPORTS)
def test_it_serves_a_repeat_fetch_from_the_cache_with_one_query(client, published, django_assert_num_queries, settings, path):
    assert "locmem" in settings.CACHES["default"]["BACKEND"].lower()  # no Redis in this run
    built = client.get(path).content

    # The address's count (one UPDATE … RETURNING, shared by every worker), then "has anything been published since?"
    with django_assert_num_queries(2):
        again = client.get(path)

    assert again.content == built


def test_it_throttles_each_client_address_separately(client, published, settings):
    settings.PUBLIC_EXPORT_RATE = "3/minute"

    answers = [client.get("/exports/claimreview.jsonl").status_code for _ in range(4)]
    refused = client.get("/feeds/fact-checks.rss")
    elsewhere = client.get("/exports/claimreview.jsonl", REMOTE_ADDR="192.0.2.7")

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.content.decode()
    assert elsewhere.status_code == 200


def test_the_limit_is_shared_by_every_worker_not_kept_in_one_process_memory(client, published, settings):
    """Without Redis the cache is each worker's own memory: a request that lands on another worker (here: the
    local-memory cache emptied before each one) still counts against the address's limit."""
    from django.core.cache import cache

    settings.PUBLIC_EXPORT_RATE = "3/minute"
    answers = []
    for path in ["/exports/claimreview.jsonl", "/feeds/fact-checks.rss", "/exports/claimreview.jsonl", "/feeds/fact-checks.atom"]:
        cache.clear()  # a fresh worker: nothing of the others' memory
        answers.append(client.get(path).status_code)
    assert answers == [200, 200, 200, 429]
    cache.clear()
    assert client.get("/exports/claimreview.jsonl", REMOTE_ADDR="192.0.2.7").status_code == 200
