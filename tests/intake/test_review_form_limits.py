"""The review form takes only what intake proposed: a bounded number of rows, and offsets that hold the excerpt."""

import time

import pytest
from django.urls import reverse

from claims.models import Claim, Source
from intake.forms import MAX_CANDIDATE_ROWS

from .test_intake_pages import ARTICLE, review_data, take_in


@pytest.fixture
def reviewed(client, editor, make_speaker):
    """The test article taken in, and its review page as the editor sees it."""
    make_speaker("Dmytro Kuleba", aliases=["Kuleba"])
    client.force_login(editor)
    response = take_in(client, text=ARTICLE)
    return Source.objects.get(), client.get(response["Location"])


def test_a_forged_form_count_is_refused_without_building_its_forms(client, reviewed):
    source, page = reviewed
    data = review_data(page, accept=[0])
    data["c-TOTAL_FORMS"] = "100000"
    started = time.process_time()
    response = client.post(reverse("intake_review", args=[source.pk]), data)
    spent = time.process_time() - started
    assert response.status_code == 400
    assert len(response.context["formset"].forms) <= MAX_CANDIDATE_ROWS
    assert f"at most {MAX_CANDIDATE_ROWS} candidates" in response.content.decode()
    assert spent < 3, f"{spent:.1f} s of CPU for one forged request"
    assert not Claim.objects.exists()


def test_offsets_that_do_not_hold_the_excerpt_are_refused_and_nothing_is_saved(client, reviewed):
    source, page = reviewed
    data = review_data(page, accept=[0, 1])
    excerpt = data["c-0-excerpt"]
    start = source.text.index(excerpt)
    assert (data["c-0-start"], data["c-0-end"]) == (start, start + len(excerpt))
    data["c-0-start"], data["c-0-end"] = 0, len(excerpt)  # the headline's place, sent with the quote's words
    response = client.post(reverse("intake_review", args=[source.pk]), data)
    assert response.status_code == 400
    errors = response.context["formset"].forms[0].errors
    assert "excerpt" in errors and "characters 0–" in errors["excerpt"][0]
    assert not Claim.objects.exists()

    data["c-0-start"], data["c-0-end"] = start, len(source.text) + 50  # past the end of the article
    response = client.post(reverse("intake_review", args=[source.pk]), data)
    assert response.status_code == 400 and "excerpt" in response.context["formset"].forms[0].errors
    assert not Claim.objects.exists()


def test_an_edited_excerpt_sent_without_offsets_is_checked_against_the_text_and_saved(client, reviewed):
    source, page = reviewed
    data = review_data(page, accept=[0])
    data["c-0-excerpt"] = "Nothing important was decided in Minsk"
    data["c-0-start"] = data["c-0-end"] = ""  # what the page's script sends once the excerpt is edited
    response = client.post(reverse("intake_review", args=[source.pk]), data)
    assert response.status_code == 302
    evidence = Claim.objects.get().evidence.get()
    assert evidence.excerpt == "Nothing important was decided in Minsk" and evidence.locator == ""


def test_offsets_that_hold_the_excerpt_are_kept_as_its_locator(client, reviewed):
    source, page = reviewed
    data = review_data(page, accept=[0])
    response = client.post(reverse("intake_review", args=[source.pk]), data)
    assert response.status_code == 302
    evidence = Claim.objects.get().evidence.get()
    assert source.text[data["c-0-start"] : data["c-0-end"]] == evidence.excerpt
    assert evidence.locator == f"characters {data['c-0-start']}–{data['c-0-end']}"
