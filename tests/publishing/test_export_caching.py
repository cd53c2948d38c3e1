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

    with django_assert_num_queries(1):  # "has anything been published since?"
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
