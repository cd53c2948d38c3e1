"""The admin runs workflow steps through the same services, and offers no way around them."""


from claims.models import Claim
from claims.states import State

CHANGELIST = "/admin/claims/claim/"


def _act(client, action, claims):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in claims], "index": 0}, follow=True
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_it_submits_selected_drafts_and_reports_each_refusal_by_rule(client, make_claim, advance, editor):
    draft, other_draft = make_claim(), make_claim()
    published = advance(make_claim(with_refutation=True), State.PUBLISHED)
    client.force_login(editor)

    response = _act(client, "workflow_submit", [draft, other_draft, published])

    assert response.status_code == 200
    for claim in (draft, other_draft):
        claim.refresh_from_db()
        assert claim.state == State.SUBMITTED
        assert claim.audit_entries.get(action="submit").actor == editor
    version = published.version
    published.refresh_from_db()
    assert published.state == State.PUBLISHED and published.version == version
    messages = _messages(response)
    assert "“Submit for review” done for 2 claim(s)." in messages
    assert f"Claim #{published.pk}: “Submit for review” is not possible while the claim is “Published”." in messages


def test_it_refuses_the_author_taking_their_claim_from_the_admin(client, make_claim, advance, editor, reviewer, admin_user):
    mine = advance(make_claim(created_by=admin_user), State.SUBMITTED)
    theirs = advance(make_claim(), State.SUBMITTED)
    client.force_login(admin_user)

    response = _act(client, "workflow_take", [mine, theirs])

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == State.SUBMITTED and mine.assigned_reviewer is None
    assert theirs.state == State.IN_REVIEW and theirs.assigned_reviewer == admin_user
    assert f"Claim #{mine.pk}: Four-eyes rule: whoever wrote a claim or its evidence cannot review it or decide on its verdict." in _messages(response)


def test_it_approves_and_publishes_from_the_admin_but_never_the_proposers_own_verdict(
    client, make_claim, advance, chief, reviewer
):
    claim = advance(make_claim(with_refutation=True), State.VERDICT_PROPOSED)
    client.force_login(reviewer)
    response = _act(client, "workflow_approve", [claim])
    assert f"Claim #{claim.pk}: Your role does not allow “Approve the verdict”." in _messages(response)

    client.force_login(chief)
    _act(client, "workflow_approve", [claim])
    response = _act(client, "workflow_publish", [claim])
    claim.refresh_from_db()
    assert claim.state == State.PUBLISHED and claim.published_at is not None
    assert "“Publish” done for 1 claim(s)." in _messages(response)


def test_it_offers_only_click_only_steps_as_actions(client, admin_user):
    client.force_login(admin_user)
    response = client.get(CHANGELIST)
    offered = {value for value, _label in response.context["action_form"].fields["action"].choices if value}
    assert {"workflow_submit", "workflow_resubmit", "workflow_take", "workflow_unassign", "workflow_approve", "workflow_publish"} <= offered
    assert not offered & {"workflow_reject", "workflow_retract", "workflow_correct", "workflow_propose", "workflow_assign"}


def test_it_offers_no_way_to_edit_the_state_or_the_history(client, admin_user, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    client.force_login(admin_user)

    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", {"statement": "Rewritten", "state": "draft"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.state == State.PUBLISHED and claim.statement != "Rewritten"
    verdict = claim.current_verdict
    entry = claim.audit_entries.first()
    for url in (
        f"/admin/reviews/verdict/{verdict.pk}/change/",
        f"/admin/claims/auditentry/{entry.pk}/change/",
    ):
        page = client.get(url)
        assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get("/admin/claims/auditentry/add/").status_code == 403
    assert client.post(f"/admin/claims/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403


def test_it_audits_evidence_changed_through_the_admin(client, make_claim, editor, make_source):
    claim = make_claim()
    client.force_login(editor)
    item = claim.evidence.get()
    source = make_source()
    data = {
        "speaker": claim.speaker_id, "statement": claim.statement, "language": "en", "form": "paraphrase",
        "kind": "fact", "said_on_precision": "unknown", "translation_language": "en", "reporting": "second_hand",
        "expected_version": claim.version,
        "evidence-TOTAL_FORMS": 2, "evidence-INITIAL_FORMS": 1, "evidence-MIN_NUM_FORMS": 0, "evidence-MAX_NUM_FORMS": 1000,
        "evidence-0-id": item.pk, "evidence-0-claim": claim.pk, "evidence-0-relation": "attribution",
        "evidence-0-source": item.source_id, "evidence-0-excerpt": "as reported, corrected", "evidence-0-locator": "",
        "evidence-1-claim": claim.pk, "evidence-1-relation": "context", "evidence-1-source": source.pk,
        "evidence-1-excerpt": "background", "evidence-1-locator": "p. 2",
    }  # fmt: skip
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(pk=claim.pk)
    assert sorted(claim.audit_entries.values_list("action", flat=True)) == ["add_evidence", "edit", "edit_evidence"]
    assert claim.evidence.get(pk=item.pk).excerpt == "as reported, corrected"
    assert claim.evidence.get(relation="context").added_by == editor

    from reviews.selectors import replay

    assert replay(claim).version == claim.version
