"""Importing partners' ClaimReview: a sitemap of JSON-LD and microdata pages, a DataFeed, JSON Lines; each review
stored once per URL; a changed page re-imported; a 304 fetches nothing more; a failing partner backs off; a
redirect to a private address is refused (every fetch through factcheck.fetch)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from werkzeug import Response

from partners import services
from partners.models import ExternalFactCheck, Partner

from .conftest import claim_review, json_ld_page, microdata_page, sitemap

pytestmark = pytest.mark.django_db


def _due(partner):
    Partner.objects.filter(pk=partner.pk).update(next_check_at=timezone.now())


def test_a_sitemap_of_json_ld_and_microdata_pages_imports_every_claim_review(httpserver, partner):
    a, b = httpserver.url_for("/checks/a"), httpserver.url_for("/checks/b")
    httpserver.expect_request("/sitemap.xml").respond_with_data(sitemap((a, "2024-03-01"), (b, "2024-04-02")), content_type="application/xml")
    httpserver.expect_request("/checks/a").respond_with_data(
        json_ld_page(claim_review(a, "Unemployment fell by half last year.", rating="False", value=1)), content_type="text/html"
    )
    httpserver.expect_request("/checks/b").respond_with_data(microdata_page(b, "The bridge cost 3 billion.", "Misleading"), content_type="text/html")
    desk = partner(httpserver.url_for("/sitemap.xml"))

    [result] = services.poll_due()

    assert (result.status, result.imported) == ("new", 2)
    by_url = {row.url: row for row in ExternalFactCheck.objects.all()}
    first = by_url[a]
    assert (first.claim_reviewed, first.claimant, first.rating_text, first.rating_value, first.best_rating) == (
        "Unemployment fell by half last year.", "Jane Minister", "False", 1.0, 5.0)
    assert (first.publisher, first.date_published, first.language, first.partner) == ("Lie Detectors", datetime.date(2024, 3, 1), "en", desk)
    second = by_url[b]
    assert (second.claim_reviewed, second.rating_text, second.claimant, second.date_published) == (
        "The bridge cost 3 billion.", "Misleading", "Jane Minister", datetime.date(2024, 4, 2))
    assert first.embedding and len(bytes(first.embedding)) == 384 * 4
    desk.refresh_from_db()
    assert desk.failures == 0 and desk.next_check_at > timezone.now() + datetime.timedelta(minutes=300)


def test_a_changed_page_is_imported_again_and_an_unchanged_one_is_not_fetched(httpserver, partner):
    a = httpserver.url_for("/checks/a")
    state = {"lastmod": "2024-03-01", "rating": "False"}
    httpserver.expect_request("/sitemap.xml").respond_with_handler(
        lambda request: Response(sitemap((a, state["lastmod"])), content_type="application/xml")
    )
    httpserver.expect_request("/checks/a").respond_with_handler(
        lambda request: Response(json_ld_page(claim_review(a, "Unemployment fell by half.", rating=state["rating"])), content_type="text/html")
    )
    desk = partner(httpserver.url_for("/sitemap.xml"))
    services.poll_due()
    page_fetches = lambda: sum(1 for request, _response in httpserver.log if request.path == "/checks/a")  # noqa: E731

    _due(desk)
    [unchanged] = services.poll_due()
    assert unchanged.status == "unchanged" and page_fetches() == 1  # same lastmod: the page is not asked again

    state.update(lastmod="2024-05-01", rating="Half true")
    _due(desk)
    [changed] = services.poll_due()

    assert (changed.status, changed.imported) == ("new", 1) and page_fetches() == 2
    assert list(ExternalFactCheck.objects.values_list("rating_text", flat=True)) == ["Half true"]


def test_a_datafeed_and_json_lines_are_read_and_a_304_imports_nothing(httpserver, partner):
    base = httpserver.url_for("/")
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        claim_review(base + "c/1", "Crime doubled in 2023."),
        {"@type": "DataFeedItem", "item": claim_review(base + "c/2", "Taxes were never raised.", rating="Mostly false")},
    ]}
    asked = []

    def feed_handler(request):
        asked.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(json.dumps(feed), content_type="application/ld+json", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed.json").respond_with_handler(feed_handler)
    lines = "\n".join(json.dumps(claim_review(base + f"l/{n}", f"Claim line {n}.")) for n in range(3))
    httpserver.expect_request("/feed.jsonl").respond_with_data(lines, content_type="application/jsonl")
    datafeed = partner(httpserver.url_for("/feed.json"))
    partner(httpserver.url_for("/feed.jsonl"), name="Line Desk")

    results = services.poll_due()

    assert sorted(r.imported for r in results) == [2, 3]
    assert ExternalFactCheck.objects.get(url=base + "c/2").rating_text == "Mostly false"
    _due(datafeed)
    [again] = services.poll_due()
    assert again.status == "unchanged" and asked == [None, '"v1"']
    assert ExternalFactCheck.objects.count() == 5


def test_the_same_review_url_is_stored_once_and_updated_in_place(httpserver, partner):
    url = httpserver.url_for("/c/1")
    body = {"value": [claim_review(url, "Crime doubled."), claim_review(url, "Crime doubled.")]}
    httpserver.expect_request("/feed.json").respond_with_handler(lambda request: Response(json.dumps(body["value"]), content_type="application/json"))
    desk = partner(httpserver.url_for("/feed.json"))
    services.poll_due()
    assert ExternalFactCheck.objects.count() == 1
    first = ExternalFactCheck.objects.get()

    body["value"] = [claim_review(url, "Crime doubled.", rating="True", modified="2024-06-01")]
    _due(desk)
    services.poll_due()

    [row] = ExternalFactCheck.objects.all()
    assert row.pk == first.pk and row.rating_text == "True" and row.date_modified == datetime.date(2024, 6, 1)
    # An unchanged review is not written (nor embedded) again.
    _due(desk)
    assert services.poll_due()[0].imported == 0


def test_a_500_backs_off_doubling_and_is_shown_to_the_desk(httpserver, partner, client, editor):
    httpserver.expect_request("/feed.json").respond_with_data("boom", status=500)
    desk = partner(httpserver.url_for("/feed.json"), interval_minutes=60)

    [result] = services.poll_due()
    desk.refresh_from_db()
    assert result.status == "failed" and desk.failures == 1 and "500" in desk.last_error
    assert desk.next_check_at > timezone.now() + datetime.timedelta(minutes=119)
    assert not services.poll_due()  # not due again before its back-off

    _due(desk)
    services.poll_due()
    desk.refresh_from_db()
    assert desk.failures == 2 and desk.next_check_at > timezone.now() + datetime.timedelta(minutes=239)
    client.force_login(editor)
    assert "failing" in client.get("/desk/partners/").content.decode()


def test_a_redirect_to_a_private_address_is_refused(httpserver, partner):
    httpserver.expect_request("/feed.json").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data"})
    desk = partner(httpserver.url_for("/feed.json"))

    [result] = services.poll_due()

    desk.refresh_from_db()
    assert result.status == "failed" and "private" in desk.last_error
    assert ExternalFactCheck.objects.count() == 0


def test_a_page_with_no_claim_review_markup_imports_nothing_and_broken_json_is_a_recorded_failure(httpserver, partner):
    httpserver.expect_request("/plain").respond_with_data("<html><body>No markup</body></html>", content_type="text/html")
    httpserver.expect_request("/broken.json").respond_with_data("{not json", content_type="application/json")
    plain = partner(httpserver.url_for("/plain"))
    broken = partner(httpserver.url_for("/broken.json"), name="Broken")

    results = {r.partner.pk: r for r in services.poll_due()}

    assert results[plain.pk].status == "unchanged"
    assert results[broken.pk].status == "failed" and "JSON" in results[broken.pk].error


def test_the_command_polls_the_due_partners_and_can_queue_the_task(httpserver, partner):
    httpserver.expect_request("/feed.json").respond_with_data(json.dumps(claim_review(httpserver.url_for("/c/9"), "A claim.")), content_type="application/json")
    partner(httpserver.url_for("/feed.json"))
    out = io.StringIO()

    call_command("poll_partners", stdout=out)
    assert "1 partner(s) polled, 1 fact-check(s) imported, 0 failed." in out.getvalue()
    call_command("poll_partners", "--enqueue", stdout=io.StringIO())  # the immediate backend runs it: nothing due
    assert ExternalFactCheck.objects.count() == 1


def test_a_sitemap_index_is_followed_one_level_and_pages_over_the_budget_wait_for_the_next_poll(httpserver, partner, settings):
    settings.PARTNERS_PAGES_PER_POLL = 3  # the inner sitemap and two pages
    pages = [httpserver.url_for(f"/checks/{n}") for n in range(3)]
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{httpserver.url_for("/sitemap-checks.xml")}</loc></sitemap></sitemapindex>')

    def index_handler(request):
        if request.headers.get("If-None-Match") == '"i1"':
            return Response(status=304)
        return Response(index, content_type="application/xml", headers={"ETag": '"i1"'})

    httpserver.expect_request("/sitemap.xml").respond_with_handler(index_handler)
    httpserver.expect_request("/sitemap-checks.xml").respond_with_data(sitemap(*((p, "2024-03-01") for p in pages)), content_type="application/xml")
    for n, page in enumerate(pages):
        httpserver.expect_request(f"/checks/{n}").respond_with_data(json_ld_page(claim_review(page, f"Claim number {n}.")), content_type="text/html")
    desk = partner(httpserver.url_for("/sitemap.xml"))

    [first] = services.poll_due()
    desk.refresh_from_db()
    assert first.imported == 2 and desk.etag == ""  # unfinished: the index is asked for in full next time

    _due(desk)
    [second] = services.poll_due()
    desk.refresh_from_db()
    assert second.imported == 1 and ExternalFactCheck.objects.count() == 3 and desk.etag == '"i1"'
