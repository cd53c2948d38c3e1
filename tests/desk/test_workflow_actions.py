"""Workflow buttons: each posts the version the user saw; forged, stale or tampered posts are refused."""

from datetime import date, timedelta


from claims import services as claim_services
from claims.models import Claim
from reviews.models import Verdict


def post(client, claim, action, **data):
    data.setdefault(f"{action}-expected_version", Claim.objects.get(pk=claim.pk).version)
    return client.post(f"/desk/claims/{claim.pk}/actions/{action}/", data)


def test_it_submits_a_draft_and_says_so(client, make_claim, editor):
    claim = make_claim()
    client.force_login(editor)
    response = post(client, claim, "submit")
    assert response.status_code == 302 and response["Location"] == f"/desk/claims/{claim.pk}/"
    claim.refresh_from_db()
    assert claim.state == "submitted"
    page = client.get(response["Location"])
    assert "Done: “Submit for review”." in [str(m) for m in page.context["messages"]]


def test_it_takes_the_whole_journey_through_the_buttons(client, make_claim, editor, reviewer, chief, rating):
    claim = make_claim(with_refutation=True)
    client.force_login(editor)
    assert post(client, claim, "submit").status_code == 302
    client.force_login(reviewer)
    assert post(client, claim, "take").status_code == 302
    evidence = list(claim.evidence.values_list("pk", flat=True))
    response = post(
        client,
        claim,
        "propose",
        **{
            "propose-attribution": "correct",
            "propose-rating": rating["False"].pk,
            "propose-summary": "The record shows otherwise.",
            "propose-explanation": "See the **refuting** source.",
            "propose-evidence": evidence,
        },
    )
    assert response.status_code == 302
    client.force_login(chief)
    assert post(client, claim, "approve").status_code == 302
    assert post(client, claim, "publish").status_code == 302
    claim.refresh_from_db()
    assert claim.state == "published"
    assert claim.current_verdict.rating == rating["False"]
    assert sorted(claim.current_verdict.evidence.values_list("pk", flat=True)) == sorted(evidence)


def test_it_assigns_a_reviewer_with_a_due_date(client, make_claim, editor, reviewer, chief, advance):
    claim = make_claim()
    advance(claim, "submitted")
    client.force_login(chief)
    due = date.today() + timedelta(days=3)
    response = post(client, claim, "assign", **{"assign-reviewer": reviewer.pk, "assign-due": due.isoformat()})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_reviewer == reviewer and claim.review_due == due


def test_it_refuses_forged_posts_for_steps_the_user_may_not_take(client, make_claim, editor, reviewer, other_reviewer, rating, advance):
    claim = make_claim(with_refutation=True)
    client.force_login(reviewer)
    assert post(client, claim, "submit").status_code == 403  # a reviewer cannot submit
    client.force_login(editor)
    assert post(client, claim, "publish").status_code == 403  # an editor cannot publish
    advance(claim, "submitted")
    assert post(client, claim, "take").status_code == 403  # four eyes: the author cannot take it
    advance(claim, "in_review")
    client.force_login(other_reviewer)
    response = post(client, claim, "propose", **{"propose-attribution": "correct", "propose-rating": rating["True"].pk,
                                                "propose-summary": "Forged"})
    assert response.status_code == 403
    assert not Verdict.objects.filter(claim=claim).exists()


def test_it_refuses_a_step_that_does_not_fit_the_state(client, make_claim, chief):
    claim = make_claim()
    client.force_login(chief)
    response = post(client, claim, "approve")
    assert response.status_code == 409
    assert "not possible while the claim is “Draft”" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == "draft"


def test_it_answers_404_for_unknown_steps_and_claims(client, make_claim, editor):
    claim = make_claim()
    client.force_login(editor)
    assert client.post(f"/desk/claims/{claim.pk}/actions/explode/", {}).status_code == 404
    assert client.post("/desk/claims/999999/actions/submit/", {"submit-expected_version": 1}).status_code == 404


def test_it_refuses_outsiders_and_get_requests(client, make_claim, outsider, editor):
    claim = make_claim()
    client.force_login(outsider)
    assert post(client, claim, "submit").status_code == 403
    client.force_login(editor)
    assert client.get(f"/desk/claims/{claim.pk}/actions/submit/").status_code == 405


def test_it_refuses_evidence_of_another_claim_in_a_verdict(client, make_claim, editor, reviewer, rating, advance):
    claim = make_claim(with_refutation=True)
    other = make_claim(with_refutation=True)
    advance(claim, "in_review")
    client.force_login(reviewer)
    response = post(client, claim, "propose", **{
        "propose-attribution": "correct",
        "propose-rating": rating["False"].pk,
        "propose-summary": "Tampered",
        "propose-evidence": [other.evidence.first().pk],
    })
    assert response.status_code == 400
    assert "propose-evidence" in response.content.decode()
    assert not Verdict.objects.filter(claim=claim).exists()


def test_it_shows_a_conflict_when_the_claim_changed_since_the_page_was_opened(client, make_claim, editor, other_editor):
    claim = make_claim()
    stale = claim.version
    claim_services.update_claim(claim=claim, user=other_editor, expected_version=stale, statement="Edited meanwhile")
    client.force_login(editor)
    response = client.post(f"/desk/claims/{claim.pk}/actions/submit/", {"submit-expected_version": stale})
    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert "Edited meanwhile" in response.content.decode()  # the page shows the current version
    assert Claim.objects.get(pk=claim.pk).state == "draft"
    response = client.post(f"/desk/claims/{claim.pk}/actions/submit/", {"submit-expected_version": "garbage"})
    assert response.status_code == 409  # an unreadable version is refused like a stale one: reload
    assert "Reload the page" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == "draft"


def test_it_keeps_a_missing_reason_next_to_the_field(client, make_claim, editor, reviewer, advance):
    claim = make_claim()
    advance(claim, "in_review")
    client.force_login(reviewer)
    response = post(client, claim, "request_changes", **{"request_changes-note": "   "})
    assert response.status_code == 400
    assert response.context["actions"][[a["transition"].name for a in response.context["actions"]].index(
        "request_changes")]["form"].errors["note"]
    assert Claim.objects.get(pk=claim.pk).state == "in_review"


def test_it_reports_a_stale_verdict_as_a_409_and_writes_nothing(client, make_claim, editor, reviewer, rating, advance):
    claim = make_claim(with_refutation=True)
    advance(claim, "in_review")
    stale = Claim.objects.get(pk=claim.pk).version
    advance(claim, "changes_requested", note="Find the video")
    advance(claim, "in_review")  # resubmitted
    client.force_login(reviewer)
    response = client.post(f"/desk/claims/{claim.pk}/actions/propose/", {
        "propose-expected_version": stale,
        "propose-attribution": "correct",
        "propose-rating": rating["False"].pk,
        "propose-summary": "Late",
        "propose-evidence": list(claim.evidence.values_list("pk", flat=True)),
    })
    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert not Verdict.objects.filter(claim=claim).exists()
