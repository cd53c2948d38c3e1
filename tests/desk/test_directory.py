"""Speaker, source and event pages: every claim by a speaker, citing a source, or made at an event."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Evidence, Event, SpeakerIdentifier, SpeakerRole


def test_a_speaker_page_lists_aliases_roles_identifiers_and_claims(client, editor, make_speaker, make_claim):
    ministry = make_speaker("Ministry of Foreign Affairs of Ukraine", kind="organisation")
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"], affiliation=ministry)
    SpeakerRole.objects.create(speaker=kuleba, title="Foreign Minister", organisation=ministry, start_date=date(2020, 3, 4))
    SpeakerIdentifier.objects.create(speaker=kuleba, scheme="wikidata", value="Q2354404")
    make_claim(speaker=kuleba, statement="Belarus is not neutral")
    make_claim(statement="Someone else speaking")
    client.force_login(editor)
    body = client.get(f"/desk/speakers/{kuleba.pk}/").content.decode()
    assert "Кулеба" in body and "クレーバ" in body
    assert "Foreign Minister" in body and "2020-03-04" in body
    assert "https://www.wikidata.org/wiki/Q2354404" in body
    assert "Belarus is not neutral" in body and "Someone else speaking" not in body
    assert f'href="/desk/speakers/{ministry.pk}/"' in body


def test_the_speaker_list_finds_speakers_by_any_alias(client, editor, make_speaker):
    make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    client.force_login(editor)
    body = client.get("/desk/speakers/", {"q": "кулеба"}).content.decode()
    assert "Dmytro Kuleba" in body and "Alexander Lukashenko" not in body
    body = client.get("/desk/speakers/", {"q": "ルカシェンコ"}).content.decode()
    assert "Alexander Lukashenko" in body and "Dmytro Kuleba" not in body


def test_a_source_page_lists_every_claim_that_cites_it_once(client, editor, make_claim, make_source):
    blog = make_source(title="北の国から猫と二人で想う事", publisher="livedoor blog", archive_url="https://archive.example/b")
    cited = make_claim(statement="Cited twice")
    Evidence.objects.create(claim=cited, source=blog, relation="attribution", excerpt="ミンスク会談で")
    Evidence.objects.create(claim=cited, source=blog, relation="context", excerpt="参照記事")
    make_claim(statement="Reported by the blog", reported_by=blog)
    make_claim(statement="Not related")
    client.force_login(editor)
    response = client.get(f"/desk/sources/{blog.pk}/")
    claims = [c.statement for c in response.context["page"]["items"]]
    assert sorted(claims) == ["Cited twice", "Reported by the blog"]
    body = response.content.decode()
    assert "ミンスク会談で" in body and "参照記事" in body and "https://archive.example/b" in body


def test_event_pages_list_events_and_their_claims(client, editor, make_claim):
    talks = Event.objects.create(name="Minsk talks", date=date(2022, 12, 19), place="Minsk")
    make_claim(statement="Said at the talks", event=talks)
    make_claim(statement="Said elsewhere")
    client.force_login(editor)
    listing = client.get("/desk/events/").content.decode()
    assert f'href="/desk/events/{talks.pk}/"' in listing
    body = client.get(f"/desk/events/{talks.pk}/").content.decode()
    assert "Said at the talks" in body and "Said elsewhere" not in body and "Minsk" in body


@pytest.mark.parametrize("url", ["/desk/speakers/", "/desk/sources/", "/desk/events/"])
def test_lists_refuse_outsiders_and_send_anonymous_users_to_login(client, outsider, url):
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_detail_pages_refuse_outsiders_and_answer_404_for_unknown_ids(client, outsider, editor, make_claim):
    claim = make_claim(event=Event.objects.create(name="Talks", date=date(2022, 1, 1)))
    urls = [f"/desk/speakers/{claim.speaker_id}/", f"/desk/sources/{claim.evidence.get().source_id}/",
            f"/desk/events/{claim.event_id}/"]
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(editor)
    for url in urls:
        assert client.get(url).status_code == 200
    for url in ("/desk/speakers/99999/", "/desk/sources/99999/", "/desk/events/99999/"):
        assert client.get(url).status_code == 404


def test_pages_render_for_every_desk_role(client, editor, reviewer, chief, admin_user, make_claim):
    claim = make_claim(event=Event.objects.create(name="Talks", date=date(2022, 1, 1)))
    urls = ["/desk/speakers/", f"/desk/speakers/{claim.speaker_id}/", "/desk/sources/",
            f"/desk/sources/{claim.evidence.get().source_id}/", "/desk/events/", f"/desk/events/{claim.event_id}/"]
    for user in (editor, reviewer, chief, admin_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def _queries(client, url):
    """(queries, rows shown) for `url`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page"]["items"])


def test_pages_make_the_same_number_of_queries_for_5_and_30_claims(client, editor, make_claim, make_speaker, make_source):
    speaker = make_speaker("Prolific", aliases=["Плодовитый"])
    source = make_source(title="Shared source")
    event = Event.objects.create(name="Big event", date=date(2022, 1, 1))

    def build(n):
        for _ in range(n):
            claim = make_claim(speaker=speaker, event=event)
            Evidence.objects.create(claim=claim, source=source, relation="context", excerpt="shared")
            make_speaker(aliases=["x%s" % make_source().pk])

    urls = ["/desk/speakers/", f"/desk/speakers/{speaker.pk}/", "/desk/sources/", f"/desk/sources/{source.pk}/",
            "/desk/events/", f"/desk/events/{event.pk}/"]
    build(5)
    client.force_login(editor)
    few = {url: _queries(client, url) for url in urls}
    build(25)
    many = {url: _queries(client, url) for url in urls}

    assert all(rows for _, rows in few.values()), few
    assert {url: queries for url, (queries, _) in many.items()} == {url: queries for url, (queries, _) in few.items()}
    assert sum(rows for _, rows in many.values()) > sum(rows for _, rows in few.values())
