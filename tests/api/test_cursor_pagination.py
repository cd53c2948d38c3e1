"""Paging the API: `next` is a keyset cursor that never skips or repeats a row; bad paging input is a clear 400."""

from datetime import date

import pytest

from api import pagination
from claims.models import Claim


@pytest.fixture
def desk_api(token_client, editor, make_claim):
    # Dates with ties and gaps (NULL): the cursor must order them the same way page after page.
    for i in range(7):
        unknown = i % 3 == 0
        make_claim(statement=f"Claim {i}", said_on=None if unknown else date(2022, 1, 1 + i % 2), said_on_precision="unknown" if unknown else "day")
    return token_client(editor)


def walk(client, url):
    seen, pages = [], 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
        assert pages < 20
    return seen, pages


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "-said_on", "said_on", "created_at"])
def test_following_next_lists_every_claim_once(desk_api, ordering):
    everything, _ = walk(desk_api, f"/api/v1/claims/?limit=100&ordering={ordering}")
    paged, pages = walk(desk_api, f"/api/v1/claims/?limit=2&ordering={ordering}")
    assert pages == 4 and "cursor=" in desk_api.get(f"/api/v1/claims/?limit=2&ordering={ordering}").json()["next"]
    assert paged == everything and sorted(paged) == sorted(Claim.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_tampered_or_foreign_cursor_is_refused_with_what_to_do(desk_api):
    from urllib.parse import parse_qs, quote, urlsplit

    cursor = parse_qs(urlsplit(desk_api.get("/api/v1/claims/?limit=2").json()["next"]).query)["cursor"][0]
    assert desk_api.get(f"/api/v1/claims/?limit=2&cursor={quote(cursor)}").status_code == 200
    cursor = quote(cursor)
    tampered = desk_api.get(f"/api/v1/claims/?cursor={cursor[:-3]}xyz")
    assert tampered.status_code == 400 and "start again from the first page" in tampered.json()["cursor"][0]
    other_order = desk_api.get(f"/api/v1/claims/?cursor={cursor}&ordering=said_on")
    assert other_order.status_code == 400 and "another list or ordering" in other_order.json()["cursor"][0]
    both = desk_api.get(f"/api/v1/claims/?cursor={cursor}&offset=2")
    assert both.status_code == 400 and "not both" in both.json()["cursor"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("query, param", [("limit=0", "limit"), ("limit=1000000000", "limit"), ("offset=1000000000", "offset")])
def test_out_of_range_paging_is_a_400_naming_the_parameter(desk_api, query, param):
    answer = desk_api.get(f"/api/v1/claims/?{query}")
    assert answer.status_code == 400 and list(answer.json()) == [param]


@pytest.mark.django_db
def test_counts_stop_at_the_limit_and_say_so(desk_api, monkeypatch):
    assert desk_api.get("/api/v1/claims/").json()["count"] == 7
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    body = desk_api.get("/api/v1/claims/").json()
    assert body["count"] == 5 and body["count_capped"] is True
    assert desk_api.get("/api/v1/claims/?offset=9000").json()["results"] == []  # past the end: empty, not an error


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()
    counted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    return body["count"], len(counted)


@pytest.mark.django_db
def test_a_public_readers_count_is_kept_until_the_next_publication(api, published_claim, make_claim, advance):
    """A popular public search is counted once per public change; a publication is counted at once."""
    published_claim(statement="Iskander missiles arrived in Belarus")
    published_claim(statement="Iskander systems were moved")
    waiting = make_claim(statement="Iskander claim still in review", with_refutation=True)
    url = "/api/v1/claims/?q=Iskander"
    assert _count_queries(api, url) == (2, 1)
    assert _count_queries(api, url) == (2, 0), "the second reader's count comes from the cache"
    assert _count_queries(api, url + "&limit=1")[0] == 2
    advance(waiting, "published", explanation="Checked against the minutes.")
    assert _count_queries(api, url) == (3, 1), "a publication moves the count at once"
    # A word no document holds (on PostgreSQL a filter on an empty list of ids): a count of 0, not an error.
    answer = api.get("/api/v1/claims/?q=鳩山")
    assert answer.status_code == 200 and answer.json()["count"] == 0


@pytest.mark.django_db
def test_the_desks_counts_are_never_kept(desk_api, make_claim):
    assert _count_queries(desk_api, "/api/v1/claims/") == (7, 1)
    make_claim(statement="A new draft")
    assert _count_queries(desk_api, "/api/v1/claims/") == (8, 1)
