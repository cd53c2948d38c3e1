"""Intake is honest about languages: it detects any language, says when it has no rules for it or cannot tell,
lets the editor correct a source's language, and never stores the same article twice."""

from django.urls import reverse

from claims.models import Source
from intake.sentences import detect_language

from .test_intake_pages import ARTICLE, take_in

DUTCH = (
    "Gesprekken in Minsk, geen doorbraak\n"
    "De minister zei maandag dat er bij de gesprekken in Minsk niets belangrijks is besloten. "
    "Hij voegde eraan toe dat Oekraïne klaar is voor alles wat de twee leiders overeenkomen, wat het ook mag zijn.\n"
)


def language_url(source):
    return reverse("intake_language", args=[source.pk])


def test_a_dutch_article_is_stored_as_dutch_and_intake_says_it_has_no_rules_for_dutch_and_its_general_path_found_nothing(client, editor):
    client.force_login(editor)
    response = take_in(client, text=DUTCH)
    source = Source.objects.get()
    assert source.language == "nl"
    page = client.get(response["Location"]).content.decode()
    assert "No candidates found: intake has no extraction rules for Dutch yet (only for " in page
    assert "and its general path found no sentence that reports what someone said" in page  # no named speaker in it
    assert "Add claims by hand" in page


def test_a_text_too_short_or_unclear_to_tell_is_stored_undetermined_and_intake_says_so(client, editor):
    assert detect_language("Kuleba Lukashenko Putin Zelensky Minsk Kyiv Moscow") == ""
    client.force_login(editor)
    response = take_in(client, text="Kuleba Lukashenko Putin Zelensky Minsk Kyiv Moscow")
    source = Source.objects.get()
    assert source.language == "und"
    page = client.get(response["Location"]).content.decode()
    assert "No candidates found: intake could not tell this article's language." in page


def test_the_same_text_taken_in_again_with_its_language_updates_the_same_source(client, editor):
    client.force_login(editor)
    first = take_in(client, text=ARTICLE)
    second = take_in(client, text=ARTICLE, language="it")
    assert first["Location"] == second["Location"]
    assert Source.objects.count() == 1 and Source.objects.get().language == "it"
    third = take_in(client, text=ARTICLE)  # detected again, no language given: the editor's choice stays
    assert third["Location"] == first["Location"] and Source.objects.get().language == "it"


def test_the_same_address_taken_in_again_with_its_language_updates_the_same_source(client, editor, httpserver, fetch_at_once):
    html = f"<html><head><title>Minsk</title></head><body><article><p>{DUTCH}</p></article></body></html>"
    httpserver.expect_request("/minsk").respond_with_data(html, content_type="text/html; charset=utf-8")
    client.force_login(editor)
    first = fetch_at_once(client, url=httpserver.url_for("/minsk"))
    second = fetch_at_once(client, url=httpserver.url_for("/minsk"), language="en")
    assert first["Location"] == second["Location"]
    assert Source.objects.count() == 1 and Source.objects.get().language == "en"


def test_the_editor_corrects_a_sources_language_from_the_review_page_and_candidates_appear(client, editor, make_speaker):
    make_speaker("Dmytro Kuleba", aliases=["Kuleba"])
    client.force_login(editor)
    review = take_in(client, text=ARTICLE, language="nl")["Location"]
    source = Source.objects.get()
    assert "no extraction rules for Dutch" in client.get(review).content.decode()

    response = client.post(language_url(source), {"language": "English (en)"})
    assert response.status_code == 302 and response["Location"] == review
    source.refresh_from_db()
    assert source.language == "en"
    assert len(client.get(review).context["rows"]) == 2

    response = client.post(language_url(source), {"language": "Elvish tongue"})
    assert response.status_code == 400 and "is not a language the desk knows" in response.content.decode()
    source.refresh_from_db()
    assert source.language == "en"


def test_reviewers_cannot_change_a_sources_language(client, reviewer, make_source):
    source = make_source(text=ARTICLE, language="it")
    client.force_login(reviewer)
    assert client.post(language_url(source), {"language": "en"}).status_code == 403
    source.refresh_from_db()
    assert source.language == "it"
