"""List endpoints cost the same number of queries for 5 rows as for 50."""

import pytest

from tests.conftest import revise
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Tag
from reviews import services


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()["count"]


@pytest.fixture
def publish_more(make_claim, advance, make_speaker):
    tag = Tag.objects.create(name="Energy", slug="energy")

    def add(n):
        for _ in range(n):
            speaker = make_speaker()
            speaker.roles.create(title="Minister")
            claim = advance(make_claim(with_refutation=True, speaker=speaker), "published")
            claim.tags.add(tag)

    return add


PUBLIC_LISTS = ["/api/v1/claims/?limit=100", "/api/v1/verdicts/?limit=100", "/api/v1/speakers/?limit=100", "/api/v1/sources/?limit=100"]


def test_it_lists_in_a_constant_number_of_queries_for_the_public(api, publish_more):
    publish_more(5)
    few = {url: count_queries(api, url) for url in PUBLIC_LISTS}
    publish_more(45)
    many = {url: count_queries(api, url) for url in PUBLIC_LISTS}

    for url in PUBLIC_LISTS:
        (few_queries, few_rows), (many_queries, many_rows) = few[url], many[url]
        assert many_rows == 10 * few_rows, url
        assert many_queries == few_queries, url


def test_it_lists_claims_for_the_desk_in_a_constant_number_of_queries(token_client, editor, reviewer, make_claim, advance):
    client = token_client(editor)
    tag = Tag.objects.create(name="Energy", slug="energy")

    def draft(n):
        for _ in range(n):
            make_claim().tags.add(tag)

    advance(make_claim(with_refutation=True), "in_review")  # one with an assigned reviewer
    draft(4)
    few, _ = count_queries(client, "/api/v1/claims/?limit=100")
    draft(45)
    many, rows = count_queries(client, "/api/v1/claims/?limit=100")

    assert rows == 50
    assert many == few


def test_it_corrects_without_changing_the_query_count_of_the_corrections_list(api, publish_more, reviewer, chief, rating):
    publish_more(3)

    def correct(claim):
        revise(claim, preparer=reviewer, approver=chief, note="Corrected.", rating=rating["Misleading"], summary="Partly so.")

    correct(Claim.objects.first())
    few, _ = count_queries(api, "/api/v1/corrections/")
    for claim in Claim.objects.all()[1:]:
        correct(claim)
    many, rows = count_queries(api, "/api/v1/corrections/")

    assert rows == 3
    assert many == few
