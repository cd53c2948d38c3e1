"""One filter vocabulary for the desk, the public index and the API; one answer to a bad page number."""

from datetime import date

import pytest

from api.filters import ClaimFilter as ApiClaimFilter
from claims.filters import DEPRECATED_ALIASES
from desk.filters import ClaimFilter as DeskClaimFilter
from publishing.filters import PublicClaimFilter


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def statements(response):
    assert response.status_code == 200, response.content[:500]
    return [claim.statement for claim in response.context["page"]["items"]]


def test_it_names_each_filter_the_same_on_every_surface():
    desk, public, api = (set(f.base_filters) for f in (DeskClaimFilter, PublicClaimFilter, ApiClaimFilter))

    assert {"q", "speaker", "rating", "tag", "said_from", "said_until"} <= desk & public & api
    assert {"kind", "language"} <= desk & api
    assert {"reported_from", "reported_until"} <= desk
    assert {"published_from", "published_until"} <= api
    # No surface keeps an old name as a filter of its own: old names are aliases only.
    assert not (desk | public | api) & set(DEPRECATED_ALIASES)
    assert set(DEPRECATED_ALIASES.values()) <= desk | public | api


@pytest.fixture
def two_dated(make_claim):
    make_claim(statement="December claim", said_on=date(2022, 12, 19), said_on_precision="day",
               first_reported_on=date(2022, 12, 21))
    make_claim(statement="Old claim", said_on=date(2020, 1, 5), said_on_precision="day",
               first_reported_on=date(2020, 1, 6))


def test_it_filters_by_the_canonical_date_names(desk, two_dated):
    assert statements(desk.get("/desk/claims/", {"said_from": "2022-01-01", "said_until": "2022-12-31"})) == [
        "December claim"
    ]
    assert statements(desk.get("/desk/claims/", {"reported_until": "2021-01-01"})) == ["Old claim"]


@pytest.mark.parametrize(
    "old, canonical",
    [
        ({"said_to": "2021-01-01"}, {"said_until": "2021-01-01"}),
        ({"said_before": "2021-01-01"}, {"said_until": "2021-01-01"}),
        ({"said_after": "2022-01-01"}, {"said_from": "2022-01-01"}),
        ({"reported_to": "2021-01-01"}, {"reported_until": "2021-01-01"}),
    ],
)
def test_it_keeps_old_links_working_through_deprecated_aliases(desk, two_dated, old, canonical):
    assert statements(desk.get("/desk/claims/", old)) == statements(desk.get("/desk/claims/", canonical))
    assert len(statements(desk.get("/desk/claims/", old))) == 1


def test_it_lets_the_canonical_name_win_over_an_alias(desk, two_dated):
    both = {"said_until": "2021-01-01", "said_to": "2030-01-01"}
    assert statements(desk.get("/desk/claims/", both)) == ["Old claim"]


def test_it_exports_the_csv_with_old_and_new_names_alike(desk, two_dated):
    old = b"".join(desk.get("/desk/claims/export.csv", {"said_to": "2021-01-01"}).streaming_content).decode("utf-8-sig")
    new = b"".join(desk.get("/desk/claims/export.csv", {"said_until": "2021-01-01"}).streaming_content).decode("utf-8-sig")
    assert old == new and "Old claim" in new and "December claim" not in new


@pytest.mark.parametrize("url", ["/desk/claims/", "/desk/speakers/", "/desk/sources/", "/desk/events/", "/desk/inbox/"])
@pytest.mark.parametrize("page", ["abc", "0", "-2", "1.5", "２"])
def test_it_answers_400_naming_the_page_for_a_malformed_page_number(desk, url, page):
    response = desk.get(url, {"page": page})

    assert response.status_code == 400
    assert "page: Give a whole number from 1 up." in response.content.decode()


def test_it_shows_an_empty_page_that_says_so_past_the_end(desk, make_claim):
    make_claim(statement="Only claim")

    for page in ("2", "9" * 40):
        response = desk.get("/desk/claims/", {"page": page})
        assert statements(response) == []
        assert "No more claims on this page" in response.content.decode()
        assert "Back to the first page" in response.content.decode()


@pytest.mark.parametrize("url", ["/desk/speakers/", "/desk/sources/", "/desk/events/", "speaker", "source"])
def test_it_says_a_page_past_the_end_is_past_the_end_on_every_desk_list(desk, make_claim, url):
    claim = make_claim()
    url = {"speaker": claim.speaker.get_absolute_url(), "source": claim.evidence.first().source.get_absolute_url()}.get(url, url)

    response = desk.get(url, {"page": "7"})

    assert response.status_code == 200
    assert "There is no such page of results." in response.content.decode()
    assert 'href="?page=1"' in response.content.decode()
