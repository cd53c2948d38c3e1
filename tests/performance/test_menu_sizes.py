"""No page lists the whole archive: growing filters are type-aheads, and pages cost the same at two sizes."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Event, Speaker, Tag
from claims.states import State

MAX_OPTIONS = 60  # states, ratings, kinds, languages, sorts, reviewers: fixed vocabularies only

PAGES = ["/desk/claims/", "/desk/", "/desk/speakers/", "/", "/admin/claims/claim/", "/admin/claims/claim/?q=Claim"]


def grow(make_claim, make_speaker, n):
    """n more speakers, organisations, events and tags, each with a published claim (menus used to list them all)."""
    for _ in range(n):
        i = Speaker.objects.count()
        organisation = make_speaker(f"Ministry {i}", kind=Speaker.Kind.ORGANISATION)
        speaker = make_speaker(f"Speaker {i}", affiliation=organisation)
        event = Event.objects.create(name=f"Summit {i}", date=date(2020, 1, 1))
        claim = make_claim(statement=f"Claim {i}", speaker=speaker, event=event)
        claim.tags.add(Tag.objects.create(name=f"topic {i}", slug=f"topic-{i}"))
    Claim.objects.update(state=State.PUBLISHED)


def measure(client, url):
    client.get(url)  # warm process-wide caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), len(re.findall(r"<option\b", response.content.decode()))


@pytest.mark.django_db
def test_no_page_renders_more_options_or_queries_as_the_archive_grows(client, admin_user, make_claim, make_speaker):
    client.force_login(admin_user)
    grow(make_claim, make_speaker, 3)
    small = {url: measure(client, url) for url in PAGES}
    grow(make_claim, make_speaker, 40)
    large = {url: measure(client, url) for url in PAGES}
    for url in PAGES:
        assert large[url][1] <= MAX_OPTIONS, f"{url} renders {large[url][1]} <option>s"
        assert large[url] == small[url], f"{url}: (queries, options) {small[url]} at 3 of each, {large[url]} at 43"


@pytest.mark.django_db
def test_a_typeahead_filter_renders_only_the_chosen_value_and_reads_a_typed_name(client, editor, make_claim):
    client.force_login(editor)
    summit = Event.objects.create(name="Minsk summit", date=date(2022, 12, 19))
    Event.objects.create(name="Other summit", date=date(2022, 12, 20))
    make_claim(statement="Said at the summit", event=summit)
    make_claim(statement="Said elsewhere")
    page = client.get("/desk/claims/", {"event": summit.pk}).content.decode()
    assert 'value="Minsk summit (2022-12-19)"' in page and "Other summit" not in page
    assert 'data-combobox-url="/desk/filters/event/suggest/"' in page
    # Without JavaScript a reader types a name; the list filters by it.
    response = client.get("/desk/claims/", {"event_text": "minsk"})
    assert [c.statement for c in response.context["page"]["items"]] == ["Said at the summit"]
    # A name that matches nothing is reported next to the field, not silently ignored.
    response = client.get("/desk/claims/", {"event_text": "Atlantis"})
    assert "Nothing matches “Atlantis”" in response.content.decode()


@pytest.mark.django_db
def test_the_suggestion_endpoints_check_roles_and_offer_only_what_a_surface_may_show(client, editor, outsider, make_claim, make_speaker):
    public = make_claim(statement="Published", speaker=make_speaker("Dmytro Kuleba", aliases=["クレーバ"]))
    make_claim(statement="Draft", speaker=make_speaker("Hidden Person"))
    Claim.objects.filter(pk=public.pk).update(state=State.PUBLISHED)
    assert client.get("/filters/speaker/suggest/", {"q": "クレーバ"}).json()["results"] == [{"id": public.speaker_id, "label": "Dmytro Kuleba"}]
    assert client.get("/filters/speaker/suggest/", {"q": "Hidden"}).json()["results"] == []  # no public fact-check
    assert client.get("/filters/rating/suggest/").status_code == 404  # a menu, not a type-ahead
    assert client.get("/desk/filters/event/suggest/").status_code == 302  # signed out: to the login page
    client.force_login(outsider)
    assert client.get("/desk/filters/event/suggest/").status_code == 403
    client.force_login(editor)
    Tag.objects.create(name="military", slug="military")
    assert client.get("/desk/filters/tag/suggest/", {"q": "mili"}).json()["results"] == [{"id": "military", "label": "military"}]
