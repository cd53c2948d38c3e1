"""Workflow steps over the API: the same rules as the desk, refusals that name the rule."""

from claims.models import Claim
from claims.models import AuditEntry
from reviews.roles import CHIEF_EDITOR, EDITOR, REVIEWER
from tests.conftest import make_user


def step(client, claim, name, **data):
    claim.refresh_from_db()
    return client.post(f"/api/v1/claims/{claim.pk}/transitions/{name}/", {"version": claim.version, **data}, format="json")


def test_it_takes_a_claim_from_draft_to_published(api, token_client, editor, reviewer, chief, make_claim, rating):
    claim = make_claim(with_refutation=True)
    eddie, rita, chloe = token_client(editor), token_client(reviewer), token_client(chief)

    assert step(eddie, claim, "submit").status_code == 200
    assert step(rita, claim, "take").status_code == 200
    proposed = step(
        rita,
        claim,
        "propose",
        attribution="correct",
        rating=rating["False"].pk,
        summary="The minutes say otherwise.",
        evidence=list(claim.evidence.values_list("pk", flat=True)),
    )
    assert proposed.status_code == 200, proposed.json()
    assert step(chloe, claim, "approve").status_code == 200
    published = step(chloe, claim, "publish")

    assert published.status_code == 200
    assert published.json()["state"] == "published"
    assert list(claim.audit_entries.values_list("action", flat=True)) == ["submit", "take", "propose", "approve", "publish"]
    public = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert public["current_verdict"]["summary"] == "The minutes say otherwise."


def test_it_names_the_four_eyes_rule_when_the_proposer_tries_to_approve(token_client, make_claim, rating, advance):
    # One person who both reviews and approves: the rule, not the role, must stop them.
    both = make_user("pat", REVIEWER, CHIEF_EDITOR)
    claim = advance(make_claim(with_refutation=True), "submitted")
    client = token_client(both)
    assert step(client, claim, "take").status_code == 200
    assert step(
        client,
        claim,
        "propose",
        attribution="correct",
        rating=rating["False"].pk,
        summary="Not so.",
        evidence=list(claim.evidence.values_list("pk", flat=True)),
    ).status_code == 200

    response = step(client, claim, "approve")

    assert response.status_code == 403
    assert response.json()["rule"] == "not_proposer"
    assert "Four-eyes" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.state == "verdict_proposed"


def test_it_names_the_four_eyes_rule_when_the_author_tries_to_review(db, token_client):
    author = make_user("sam", EDITOR, REVIEWER)
    claim = Claim.objects.create(created_by=author, speaker_description="A blogger", statement="x", language="en", said_on_precision="unknown")
    client = token_client(author)
    assert step(client, claim, "submit").status_code == 200

    response = step(client, claim, "take")

    assert response.status_code == 403
    assert response.json()["rule"] == "not_author"


def test_it_refuses_a_step_the_role_does_not_hold(token_client, editor, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "approved")

    response = step(token_client(editor), claim, "publish")

    assert response.status_code == 403
    assert "role" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.state == "approved"


def test_it_answers_409_for_a_step_the_state_does_not_allow(token_client, chief, make_claim):
    claim = make_claim()

    response = step(token_client(chief), claim, "publish")

    assert response.status_code == 409
    assert "not possible" in response.json()["detail"]


def test_it_answers_409_when_the_claim_moved_on(token_client, editor, make_claim):
    claim = make_claim()
    client = token_client(editor)

    response = client.post(f"/api/v1/claims/{claim.pk}/transitions/submit/", {"version": claim.version + 5}, format="json")

    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.state == "draft"


def test_it_says_which_input_a_step_lacks(token_client, reviewer, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "in_review")
    client = token_client(reviewer)

    no_reason = step(client, claim, "request_changes")
    no_summary = step(client, claim, "propose", attribution="correct", rating=1)
    foreign_field = step(client, claim, "request_changes", note="Add the date.", rating=1)

    assert no_reason.status_code == 400 and no_reason.json()["field"] == "note"
    assert no_summary.status_code == 400 and "summary" in no_summary.json()
    assert foreign_field.status_code == 400 and "rating" in foreign_field.json()
    claim.refresh_from_db()
    assert claim.state == "in_review"
    assert not AuditEntry.objects.filter(claim=claim, action__in=["request_changes", "propose"]).exists()


def test_it_answers_404_for_an_unknown_step(token_client, editor, make_claim):
    claim = make_claim()

    response = token_client(editor).post(f"/api/v1/claims/{claim.pk}/transitions/teleport/", {"version": 0}, format="json")

    assert response.status_code == 404


def test_it_lists_the_steps_a_desk_member_may_take_now(token_client, editor, reviewer, make_claim):
    claim = make_claim()

    mine = token_client(editor).get(f"/api/v1/claims/{claim.pk}/transitions/").json()
    theirs = token_client(reviewer).get(f"/api/v1/claims/{claim.pk}/transitions/").json()

    assert [t["name"] for t in mine] == ["submit"]
    assert theirs == []


def test_it_shows_the_desk_the_audit_trail(token_client, editor, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "in_review")

    entries = token_client(editor).get(f"/api/v1/claims/{claim.pk}/audit/").json()

    assert [(e["action"], e["actor"]) for e in entries] == [("submit", "eddie"), ("take", "rita")]


def test_it_hides_the_audit_trail_from_the_public(api, published_claim):
    claim = published_claim()

    response = api.get(f"/api/v1/claims/{claim.pk}/audit/")

    assert response.status_code == 401
    assert "submit" not in response.content.decode()
