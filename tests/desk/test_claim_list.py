"""The claim list: filters in the URL, one search box for every script, pages that stay cheap."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Evidence, Event, Tag
from desk.views import PAGE_SIZE


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def statements(response):
    return [claim.statement for claim in response.context["page"]["items"]]


def test_it_lists_claims_for_every_desk_role(client, make_claim, editor, reviewer, chief, admin_user):
    make_claim(statement="Minsk talks were cancelled")
    for user in (editor, reviewer, chief, admin_user):
        client.force_login(user)
        response = client.get("/desk/claims/")
        assert response.status_code == 200
        assert "Minsk talks were cancelled" in response.content.decode()


def test_it_refuses_outsiders_and_sends_anonymous_users_to_login(client, outsider):
    assert client.get("/desk/claims/").status_code == 302
    assert "/accounts/login/" in client.get("/desk/claims/")["Location"]
    client.force_login(outsider)
    assert client.get("/desk/claims/").status_code == 403


@pytest.mark.parametrize("text", ["ルカシェンコ", "Лукашенко", "lukashenko", "イスカンデル", "S-400", "Кулеба"])
def test_it_finds_claims_in_any_script(desk, make_claim, make_speaker, make_source, text):
    speaker = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ", "Лукашенко"])
    claim = make_claim(speaker=speaker, statement="ベラルーシにイスカンデルとS-400を配備した", language="ja")
    Evidence.objects.create(claim=claim, source=make_source(), relation="context", excerpt="Кулеба said so")
    make_claim(statement="Unrelated weather report")
    response = desk.get("/desk/claims/", {"q": text})
    assert statements(response) == ["ベラルーシにイスカンデルとS-400を配備した"]


def test_it_filters_by_speaker_alias_organisation_event_tag_kind_and_language(desk, make_claim, make_speaker):
    ministry = make_speaker("Ministry of Foreign Affairs of Ukraine", kind="organisation")
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"], affiliation=ministry)
    talks = Event.objects.create(name="Minsk talks", date=date(2022, 12, 19))
    tag = Tag.objects.create(name="Air defence", slug="air-defence")
    wanted = make_claim(speaker=kuleba, statement="Wanted claim", kind="prediction", language="uk", event=talks)
    wanted.tags.add(tag)
    make_claim(statement="Other claim")

    for params in (
        {"speaker": "クレーバ"},
        {"organisation": ministry.pk},
        {"event": talks.pk},
        {"tag": "air-defence"},
        {"kind": "prediction"},
        {"language": "uk"},
    ):
        assert statements(desk.get("/desk/claims/", params)) == ["Wanted claim"], params


def test_it_filters_by_source_kind_without_listing_a_claim_twice(desk, make_claim, make_source):
    claim = make_claim(statement="Seen on video twice")
    Evidence.objects.create(claim=claim, source=make_source(kind="video"), relation="supports", excerpt="one")
    Evidence.objects.create(claim=claim, source=make_source(kind="video"), relation="refutes", excerpt="two")
    make_claim(statement="Only articles")
    assert statements(desk.get("/desk/claims/", {"source_kind": "video"})) == ["Seen on video twice"]


def test_it_filters_by_state_reviewer_and_date_ranges(desk, make_claim, editor, reviewer, advance):
    submitted = make_claim(statement="Submitted and taken", said_on=date(2022, 12, 19), said_on_precision="day",
                           first_reported_on=date(2022, 12, 21))
    advance(submitted, "in_review")
    make_claim(statement="Old draft", said_on=date(2020, 1, 5), said_on_precision="day")

    assert statements(desk.get("/desk/claims/", {"state": "in_review"})) == ["Submitted and taken"]
    assert statements(desk.get("/desk/claims/", {"reviewer": reviewer.pk})) == ["Submitted and taken"]
    assert statements(desk.get("/desk/claims/", {"said_from": "2022-01-01", "said_to": "2022-12-31"})) == [
        "Submitted and taken"
    ]
    assert statements(desk.get("/desk/claims/", {"reported_from": "2022-12-20"})) == ["Submitted and taken"]


def test_it_sorts_by_date_said(desk, make_claim):
    make_claim(statement="Middle", said_on=date(2021, 6, 1), said_on_precision="day")
    make_claim(statement="Latest", said_on=date(2022, 6, 1), said_on_precision="day")
    make_claim(statement="Earliest", said_on=date(2020, 6, 1), said_on_precision="day")
    assert statements(desk.get("/desk/claims/", {"sort": "said"})) == ["Earliest", "Middle", "Latest"]
    assert statements(desk.get("/desk/claims/", {"sort": "-said"})) == ["Latest", "Middle", "Earliest"]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "bogus"},
        {"event": "999999"},
        {"event": "not-a-number"},
        {"said_from": "yesterday"},
        {"tag": "no-such-tag"},
        {"reviewer": "-1"},
        {"sort": "DROP TABLE"},
        {"page": "9" * 40},
        {"rating": "1 OR 1=1"},
    ],
)
def test_it_ignores_unknown_filter_values_with_a_message(desk, make_claim, params):
    make_claim(statement="Still listed")
    response = desk.get("/desk/claims/", params)
    assert response.status_code == 200
    if "page" in params:
        assert statements(response) == [] and "No more claims on this page" in response.content.decode()
    else:
        assert statements(response) == ["Still listed"]
    if "page" not in params:
        warnings = [str(m) for m in response.context["messages"]]
        assert any("was ignored" in w for w in warnings), warnings


def test_it_keeps_filters_in_the_pagination_links(desk, make_claim):
    for n in range(27):
        make_claim(statement=f"Claim about drones {n}", kind="prediction")
    response = desk.get("/desk/claims/", {"kind": "prediction", "q": "drones"})
    page = response.context["page"]
    assert len(page["items"]) == 25
    assert "kind=prediction" in page["next_url"] and "q=drones" in page["next_url"]
    second = desk.get("/desk/claims/" + page["next_url"])
    assert len(second.context["page"]["items"]) == 2
    assert second.context["page"]["next_url"] == ""
    assert "page=1" in second.context["page"]["previous_url"]


def test_it_explains_an_empty_result_and_offers_to_clear_the_filters(desk, make_claim):
    make_claim(statement="Something else")
    response = desk.get("/desk/claims/", {"q": "nothing like this", "kind": "promise"})
    body = response.content.decode()
    assert "No claims match" in body
    assert "nothing like this" in body and "Promise" in body
    assert 'href="/desk/claims/">clear all filters' in body


def test_it_escapes_script_laden_statements(desk, make_claim):
    make_claim(statement="<script>alert('x')</script>" + "long " * 500)
    body = desk.get("/desk/claims/").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def _queries(client, url):
    """(queries, claims shown) for `url`, its filter panel rendered afresh (not from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page"]["items"])


def test_it_makes_the_same_number_of_queries_for_5_and_30_claims(desk, make_claim, make_speaker):
    tag = Tag.objects.create(name="Missiles", slug="missiles")

    def build(n):
        for _ in range(n):
            claim = make_claim(speaker=make_speaker(aliases=[]))
            claim.tags.add(tag)

    build(5)
    few, shown = _queries(desk, "/desk/claims/")
    few_filtered, shown_filtered = _queries(desk, "/desk/claims/?q=Statement&source_kind=article&sort=-said")
    assert shown == shown_filtered == 5
    build(25)
    assert _queries(desk, "/desk/claims/") == (few, PAGE_SIZE)
    assert _queries(desk, "/desk/claims/?q=Statement&source_kind=article&sort=-said") == (few_filtered, PAGE_SIZE)


def _widget_renders(client, url):
    """The page, and how many form widget templates it rendered."""
    from django.test.signals import template_rendered

    rendered = []

    def seen(sender, template, **kwargs):
        if (template.name or "").startswith("django/forms/widgets/"):
            rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        page = client.get(url).content.decode()
    finally:
        template_rendered.disconnect(seen)
    return page, len(rendered)


def test_the_filter_panel_is_rendered_once_and_shows_a_new_rating_at_once(desk, make_claim, rating):
    """The same panel on every page of the list comes from the cache; what it lists from the database is its key."""
    from reviews.models import Rating

    cache.clear()
    make_claim()
    first, widgets = _widget_renders(desk, "/desk/claims/")
    assert widgets > 10
    again, widgets = _widget_renders(desk, "/desk/claims/?page=2")
    assert widgets <= 3, "the second page's panel came from the cache (only the search box is rendered)"
    assert 'name="rating"' in again and 'name="tag"' in again and 'name="sort"' in again
    Rating.objects.create(scale=rating["False"].scale, label="Needs context", value=99)
    fresh, widgets = _widget_renders(desk, "/desk/claims/")
    assert widgets > 10 and "Needs context" in fresh


def test_a_chosen_record_is_shown_by_its_current_name(desk, make_claim, make_speaker):
    """A type-ahead shows the chosen record's name, read live: a renamed event is never shown by its old name."""
    event = Event.objects.create(name="Minsk talks", date=date(2022, 12, 19))
    make_claim(event=event)
    assert "Minsk talks" in _widget_renders(desk, f"/desk/claims/?event={event.pk}")[0]
    Event.objects.filter(pk=event.pk).update(name="Talks in Minsk")
    page, widgets = _widget_renders(desk, f"/desk/claims/?event={event.pk}")
    assert widgets > 10 and "Talks in Minsk" in page
