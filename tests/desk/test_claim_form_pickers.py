"""The claim form's Event and Tags are type-aheads over /desk/filters/<name>/suggest/, like the claim list's
filters: the form renders only the chosen values (a desk with 3,000 events rendered 3,110 <option>s), and
without JavaScript an editor types names."""

import re
from datetime import date, timedelta

import pytest

from claims.models import Claim, Event, Tag
from tests.desk.test_claim_form import claim_data, management


def _grow(events, tags):
    start_e, start_t = Event.objects.count(), Tag.objects.count()
    Event.objects.bulk_create(
        Event(name=f"Briefing {i}", date=date(2020, 1, 1) + timedelta(days=i)) for i in range(start_e, start_e + events)
    )
    Tag.objects.bulk_create(Tag(name=f"topic {i}", slug=f"topic-{i}") for i in range(start_t, start_t + tags))


@pytest.mark.django_db
def test_the_form_lists_no_events_or_tags_however_many_there_are(client, editor, make_claim):
    """The form's menus are fixed vocabularies (kinds, precisions, relations per evidence and hop row): their
    <option>s stay the same from 10 events and tags to 3,000 events and 500 tags."""
    _grow(10, 10)
    claim = make_claim(event=Event.objects.get(name="Briefing 7"))
    claim.tags.add(Tag.objects.get(slug="topic-3"), Tag.objects.get(slug="topic-9"))
    client.force_login(editor)
    urls = ("/desk/claims/new/", f"/desk/claims/{claim.pk}/edit/")
    small = {url: len(re.findall(r"<option\b", client.get(url).content.decode())) for url in urls}
    _grow(3000, 500)
    for url in urls:
        page = client.get(url).content.decode()
        assert len(re.findall(r"<option\b", page)) == small[url], url
        assert 'type="checkbox" name="tags"' not in page, url
        assert 'data-combobox-url="/desk/filters/event/suggest/"' in page, url
        assert 'data-combobox-url="/desk/filters/tag/suggest/"' in page, url
    # The edit page shows the chosen event and tags, and only them.
    assert 'value="Briefing 7 (2020-01-08)"' in page and "Briefing 8 " not in page
    assert 'value="topic 3, topic 9"' in page


@pytest.mark.django_db
def test_without_javascript_an_editor_types_an_event_and_tags_by_name(client, editor, make_source):
    summit = Event.objects.create(name="Minsk summit", date=date(2022, 12, 19))
    Event.objects.create(name="Other summit", date=date(2022, 12, 20))
    Tag.objects.create(name="Military", slug="military")
    Tag.objects.create(name="Belarus", slug="belarus")
    Tag.objects.create(name="Economy", slug="economy")
    client.force_login(editor)
    source = make_source(title="Belta report", url="https://belta.example/1")
    rows = {**management(1), "evidence-0-source": source.pk, "evidence-0-relation": "attribution",
            "evidence-0-excerpt": "Iskanders are ready"}

    # A tag nobody has made is refused next to the field; nothing is saved.
    data = claim_data(speaker_description="A Belarusian official", event_text="minsk", tags="military, Atlantis", **rows)
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert "No tag is called “Atlantis”" in response.content.decode()
    assert not Claim.objects.exists()

    data["tags"] = "military, belarus"  # by name (any case) or slug
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get()
    assert claim.event == summit
    assert sorted(claim.tags.values_list("slug", flat=True)) == ["belarus", "military"]
