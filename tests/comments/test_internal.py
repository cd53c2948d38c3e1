"""Comment threads never leave the desk: not on public pages, feeds, exports or the API."""

import pytest
from django.core.cache import cache

SECRET = "Internal-only: the source is shaky, zx81-marker"


@pytest.fixture
def published_claim_with_comments(make_claim, reviewer, editor, advance, start_thread, post_reply):
    cache.clear()
    claim = make_claim(with_refutation=True)
    thread = start_thread(claim, reviewer, SECRET)
    post_reply(thread, editor, SECRET + " (reply)")
    claim = advance(claim, "verdict_proposed")
    start_thread(claim, reviewer, SECRET + " (about the verdict)", verdict=claim.verdicts.get())
    claim = advance(claim, "published", confirm_open_threads=True)
    yield claim
    cache.clear()


PUBLIC_URLS = [
    "/fact-checks/{pk}/",
    "/",
    "/feeds/fact-checks.rss",
    "/feeds/fact-checks.atom",
    "/exports/claimreview.jsonl",
    "/exports/claimreview-markup-pages.json",
    "/api/v1/claims/",
    "/api/v1/claims/{pk}/",
    "/api/v1/verdicts/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_it_keeps_comments_off_every_public_page_feed_export_and_api(url, client, published_claim_with_comments):
    response = client.get(url.format(pk=published_claim_with_comments.pk))

    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"zx81-marker" not in body


def test_it_shows_the_threads_on_the_desk_claim_page_only(client, reviewer, published_claim_with_comments):
    client.force_login(reviewer)

    desk = client.get(f"/desk/claims/{published_claim_with_comments.pk}/")

    assert SECRET.encode() in desk.content


def test_it_keeps_comments_out_of_the_api_even_for_desk_users(client, reviewer, published_claim_with_comments):
    client.force_login(reviewer)

    response = client.get(f"/api/v1/claims/{published_claim_with_comments.pk}/")

    assert response.status_code == 200
    assert b"zx81-marker" not in response.content


def test_it_keeps_comments_out_of_the_desk_csv_export(client, editor, published_claim_with_comments):
    client.force_login(editor)

    response = client.get("/desk/claims/export.csv")

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"zx81-marker" not in body

