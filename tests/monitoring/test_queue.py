"""The monitoring queue: candidates wait (not claims); an editor accepts one as a draft claim (intake's own
service: attribution evidence, reporting chain), adds one to an existing claim as a new appearance (that
claim's edit rules apply), or dismisses one or many with a reason; filters by speaker, outlet, language, date."""

import datetime

import pytest
from django.urls import reverse

from claims.models import AuditEntry, Claim, Outlet
from monitoring.models import Candidate

pytestmark = pytest.mark.django_db

QUEUE = reverse("monitoring_queue")


def test_candidates_wait_in_the_queue_with_speaker_statement_article_outlet_date_and_language(client, editor, make_candidate):
    candidate = make_candidate()
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert not Claim.objects.exists()
    for shown in ("Dmytro Kuleba", "Nothing important was decided in Minsk", "Minsk talks", "Kyiv Daily", "2022-12-19", candidate.article.url):
        assert shown in html
    assert 'lang="en"' in html
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "1 candidate statement waiting" in dashboard and reverse("monitoring_queue") in dashboard


def test_accepting_creates_a_draft_claim_with_attribution_evidence_as_intake_does(client, editor, make_candidate):
    candidate = make_candidate()
    client.force_login(editor)
    response = client.post(reverse("monitoring_accept", args=[candidate.pk]))
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert claim.state == "draft" and claim.speaker.name == "Dmytro Kuleba" and claim.said_on == datetime.date(2022, 12, 19)
    assert claim.reported_by == candidate.source and claim.reporting == Claim.Reporting.SECOND_HAND
    [evidence] = claim.evidence.all()
    assert (evidence.relation, evidence.excerpt, evidence.source) == ("attribution", candidate.excerpt, candidate.source)
    assert AuditEntry.objects.get(claim=claim).note == "from intake"
    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim, candidate.decided_by) == ("accepted", claim, editor)

    again = client.post(reverse("monitoring_accept", args=[candidate.pk]), follow=True)
    assert Claim.objects.count() == 1 and "already decided" in again.content.decode()


def test_merging_adds_the_article_as_a_new_appearance_of_an_existing_claim(client, editor, make_candidate, make_claim):
    claim = make_claim(created_by=editor)
    version = claim.version
    candidate = make_candidate()
    client.force_login(editor)
    response = client.post(reverse("monitoring_merge", args=[candidate.pk]), {"claim": claim.pk})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    claim.refresh_from_db()
    assert claim.version == version + 1 and Claim.objects.count() == 1
    appearance = claim.evidence.get(source=candidate.source)
    assert appearance.relation == "attribution" and appearance.excerpt == candidate.excerpt
    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim) == ("merged", claim)


def test_merging_respects_the_claims_edit_rules(client, editor, make_candidate, make_claim, advance):
    published = make_claim(created_by=editor, with_refutation=True)
    advance(published, "published")
    candidate = make_candidate()
    client.force_login(editor)
    before = published.evidence.count()
    page = client.post(reverse("monitoring_merge", args=[candidate.pk]), {"claim": published.pk}, follow=True)
    assert published.evidence.count() == before
    candidate.refresh_from_db()
    assert candidate.status == "waiting" and page.status_code == 200
    assert any(m.level_tag == "error" for m in page.context["messages"])
    assert client.post(reverse("monitoring_merge", args=[candidate.pk]), {"claim": 999999}).status_code == 404


def test_dismissing_needs_a_reason_and_bulk_dismiss_leaves_decided_ones_alone(client, editor, make_candidate):
    first, second, third = make_candidate(), make_candidate(), make_candidate()
    client.force_login(editor)
    client.post(reverse("monitoring_accept", args=[third.pk]))
    dismiss = reverse("monitoring_dismiss")

    page = client.post(dismiss, {"candidate": [first.pk], "reason": ""}, follow=True)
    assert "Say why" in page.content.decode() and Candidate.objects.filter(status="waiting").count() == 2

    page = client.post(dismiss, {"candidate": [first.pk, second.pk, third.pk], "reason": "not news"}, follow=True)
    assert "2 candidates dismissed." in page.content.decode()
    statuses = dict(Candidate.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "dismissed", second.pk: "dismissed", third.pk: "accepted"}
    assert set(Candidate.objects.filter(status="dismissed").values_list("dismiss_reason", "decided_by")) == {("not news", editor.pk)}
    assert "No candidate is waiting." in client.get(QUEUE).content.decode()


def test_the_queue_filters_by_speaker_outlet_language_and_date(client, editor, make_candidate, make_speaker):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["Lukashenko"])
    minsk_wire = Outlet.objects.create(name="Minsk Wire")
    kuleba_row = make_candidate()
    lukashenko_row = make_candidate("Lukashenko said that the harvest was a record", speaker=lukashenko, outlet=minsk_wire, language="ru", said_on=datetime.date(2023, 1, 5))
    client.force_login(editor)

    def shown(**params):
        return {row["candidate"].pk for row in client.get(QUEUE, params).context["rows"]}

    assert shown() == {kuleba_row.pk, lukashenko_row.pk}
    assert shown(speaker=lukashenko.pk) == {lukashenko_row.pk}
    assert shown(speaker=kuleba_row.speaker_id) == {kuleba_row.pk}
    assert shown(outlet=minsk_wire.pk) == {lukashenko_row.pk}
    assert shown(language="ru") == {lukashenko_row.pk}
    assert shown(said_from="2023-01-01") == {lukashenko_row.pk}
    assert shown(said_until="2022-12-31") == {kuleba_row.pk}
    assert client.get(QUEUE, {"said_from": "not a date"}).status_code == 400

    suggest = client.get(reverse("monitoring_filter_suggest", args=["outlet"]), {"q": "Minsk"}).json()
    assert suggest == {"results": [{"id": minsk_wire.pk, "label": "Minsk Wire"}]}
    assert client.get(reverse("monitoring_filter_suggest", args=["language"])).status_code == 404


def test_each_candidate_shows_the_closest_claims_on_record_and_one_click_adds_it_as_an_appearance(client, editor, make_candidate, make_claim, settings):
    settings.MONITORING_SUGGESTIONS = True
    recorded = make_claim(created_by=editor, statement="Nothing important was decided in Minsk", speaker=None)
    candidate = make_candidate()
    client.force_login(editor)
    [row] = client.get(QUEUE).context["rows"]
    assert recorded in [suggestion.claim for suggestion in row["suggestions"]]
    html = client.get(QUEUE).content.decode()
    assert f"Add as an appearance of #{recorded.pk}" in html
    client.post(reverse("monitoring_merge", args=[candidate.pk]), {"claim": recorded.pk})
    assert recorded.evidence.filter(source=candidate.source).exists()


def test_the_filters_stay_folded_until_one_is_set_and_the_language_is_named(client, editor, make_candidate):
    """The candidates show above the fold (the panel is nine controls tall); a set filter or another order opens it."""
    from bs4 import BeautifulSoup

    make_candidate()
    client.force_login(editor)

    def panel(query=""):
        page = BeautifulSoup(client.get(QUEUE + query).content, "html.parser")
        return page.select_one("details.more-filters"), page

    folded, page = panel()
    assert folded is not None and not folded.has_attr("open")
    assert page.select_one(".monitoring-candidate .meta span[title=en]").text == "English"
    assert panel("?order=worthy")[0].has_attr("open") is False  # the default order is no filter
    assert panel("?order=newest")[0].has_attr("open")
    assert panel("?language=en")[0].has_attr("open")
    assert panel("?min_score=7")[0].has_attr("open")  # an error shows next to its field
