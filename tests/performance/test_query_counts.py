"""Search pages cost the same number of queries whether 5 or 50 claims match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Evidence
from desk.views import PAGE_SIZE


def queries_for(client, url, **params):
    """(queries, response) for a warm request to `url`."""
    client.get(url, params)  # process-wide caches (content types, permissions) filled once, not counted
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def shown(response):
    """The claims the desk list shows on this page (statements, so a failure names them)."""
    return [claim.statement for claim in response.context["page"]["items"]]


@pytest.fixture
def add_matching_claims(make_claim, make_speaker, make_source, editor):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"])

    def add(n):
        for i in range(n):
            claim = make_claim(statement=f"会談で戦車について話した {i}", language="ja", speaker=kuleba, created_by=editor)
            claim.tags.create(name=f"tag {claim.pk}", slug=f"tag-{claim.pk}")
            Evidence.objects.create(claim=claim, source=make_source(), relation="supports", excerpt=f"S-400 Iskander {i}")

    return add


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["会談", "Iskander", "クレーバ"])
def test_it_searches_the_desk_list_in_constant_queries(client, editor, add_matching_claims, text):
    client.force_login(editor)
    add_matching_claims(5)
    few, response = queries_for(client, "/desk/claims/", q=text)
    assert len(shown(response)) == 5, "the search found all 5 matching claims"
    add_matching_claims(45)
    many, response = queries_for(client, "/desk/claims/", q=text)
    assert len(shown(response)) == PAGE_SIZE and response.context["page"]["next_url"], "a full page of the 50 matches"
    assert few == many, f"{few} queries for 5 matches, {many} for 50"


@pytest.mark.django_db
def test_it_searches_the_admin_changelist_in_constant_queries(client, admin_user, add_matching_claims):
    client.force_login(admin_user)
    add_matching_claims(5)
    few, response = queries_for(client, "/admin/claims/claim/", q="会談")
    assert response.context["cl"].result_count == 5
    add_matching_claims(45)
    many, response = queries_for(client, "/admin/claims/claim/", q="会談")
    assert response.context["cl"].result_count == 50
    assert few == many, f"{few} queries for 5 matches, {many} for 50"


@pytest.mark.django_db
def test_it_finds_claims_in_the_admin_changelist_through_the_search_index(client, admin_user, add_matching_claims):
    client.force_login(admin_user)
    add_matching_claims(3)
    response = client.get("/admin/claims/claim/", {"q": "クレーバ"})
    assert response.context["cl"].result_count == 3
    assert "会談で戦車について話した" in response.content.decode()


def test_list_menus_are_read_without_server_side_cursors(client, editor):
    """The rating and reviewer menus are a dozen rows: one plain query each (factcheck.choices.ListedModelChoices),
    not QuerySet.iterator()'s DECLARE/FETCH/CLOSE on PostgreSQL."""
    client.force_login(editor)
    for url in ("/desk/claims/", "/"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200 and b'name="rating"' in page.content
        assert not [q["sql"][:60] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("DECLARE")]
