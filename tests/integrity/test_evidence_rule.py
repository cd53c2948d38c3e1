"""Who may change a claim's evidence (README "Roles"): the assigned reviewer while it is in review.

Issue #11: any reviewer could change evidence on a claim assigned to another
reviewer. One rule, `claims.access.edit_refusal(…, PERM_EVIDENCE)`, shared by the
desk, the admin, the API and the services.
"""

import pytest

from claims import services
from claims.access import edit_refusal
from claims.permissions import PERM_EVIDENCE
from factcheck.errors import NotAllowed


def _add(claim, user, source):
    claim.refresh_from_db()
    return services.add_evidence(
        claim=claim, user=user, expected_version=claim.version, source=source, relation="context", excerpt="found it"
    )


@pytest.fixture
def in_review(make_claim, advance):
    return advance(make_claim(with_refutation=True), "in_review")  # assigned to `reviewer`


def test_it_lets_the_assigned_reviewer_research(in_review, reviewer, make_source):
    assert _add(in_review, reviewer, make_source()).added_by == reviewer


@pytest.mark.parametrize("who", ["other_reviewer", "editor"])
def test_it_refuses_anyone_else_while_the_claim_is_in_review(request, in_review, make_source, who):
    user = request.getfixturevalue(who)
    before = in_review.evidence.count()
    with pytest.raises(NotAllowed) as refused:
        _add(in_review, user, make_source())
    assert refused.value.rule == "not_assigned_reviewer"
    item = in_review.evidence.first()
    in_review.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.update_evidence(evidence=item, user=user, expected_version=in_review.version, excerpt="changed")
    with pytest.raises(NotAllowed):
        services.remove_evidence(evidence=item, user=user, expected_version=in_review.version)
    assert in_review.evidence.count() == before


def test_it_lets_an_admin_through(in_review, admin_user, make_source):
    assert edit_refusal(admin_user, in_review, PERM_EVIDENCE) is None


def test_it_leaves_a_draft_to_its_editors(make_claim, editor, reviewer, make_source):
    draft = make_claim()
    assert _add(draft, editor, make_source()).added_by == editor
    with pytest.raises(NotAllowed):
        _add(draft, reviewer, make_source())


def test_it_lets_editor_and_assigned_reviewer_work_on_requested_changes(make_claim, advance, editor, reviewer, other_reviewer, make_source):
    claim = advance(make_claim(with_refutation=True), "changes_requested")
    _add(claim, editor, make_source())
    _add(claim, reviewer, make_source())
    with pytest.raises(NotAllowed):
        _add(claim, other_reviewer, make_source())


def test_it_refuses_another_reviewer_through_the_api(token_client, in_review, other_reviewer, make_source):
    response = token_client(other_reviewer).post(
        f"/api/v1/claims/{in_review.pk}/evidence/",
        {"source": make_source().pk, "relation": "context", "excerpt": "x", "version": in_review.version},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["rule"] == "not_assigned_reviewer"


def test_it_refuses_another_reviewer_the_desk_form(client, in_review, other_reviewer, reviewer):
    client.force_login(other_reviewer)
    assert client.get(f"/desk/claims/{in_review.pk}/edit/").status_code == 403
    client.force_login(reviewer)
    assert client.get(f"/desk/claims/{in_review.pk}/edit/").status_code == 200


def test_it_refuses_another_reviewer_in_the_admin(client, in_review, other_reviewer):
    item = in_review.evidence.first()
    client.force_login(other_reviewer)
    response = client.post(
        f"/admin/claims/evidence/{item.pk}/change/",
        {"claim": in_review.pk, "source": item.source_id, "relation": item.relation, "excerpt": "rewritten",
         "locator": "", "claim_version": in_review.version},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.excerpt != "rewritten"
