"""The desk's rules: four eyes, evidence behind a rating, reasons for decisions, history kept."""

import pytest

from claims import services as claim_services
from claims.models import Claim, Evidence
from reviews import services
from tests.conftest import revise
from reviews.models import Correction, Verdict
from claims.models import AuditEntry
from reviews.roles import CHIEF_EDITOR, EDITOR, REVIEWER
from reviews.selectors import awaiting_approval, awaiting_review
from reviews.workflow import TRANSITIONS, allowed_transitions
from factcheck.errors import InvalidInput, NotAllowed, WorkflowError
from claims.states import State
from tests.conftest import make_user

FOUR_EYES_AUTHOR = "Four-eyes rule: whoever wrote a claim or its evidence cannot review it or decide on its verdict."
FOUR_EYES_PROPOSER = "Four-eyes rule: the reviewer who proposed a verdict cannot decide on it."


@pytest.fixture
def editor_reviewer(db):
    """Someone who both writes claims and reviews them."""
    return make_user("dual", EDITOR, REVIEWER)


@pytest.fixture
def reviewer_chief(db):
    """A senior reviewer who also approves verdicts."""
    return make_user("senior", REVIEWER, CHIEF_EDITOR)


# --- four eyes ----------------------------------------------------------------


def test_it_refuses_the_author_taking_their_own_claim(make_claim, editor_reviewer):
    claim = make_claim(created_by=editor_reviewer)
    services.submit_claim(claim=claim, user=editor_reviewer, expected_version=claim.version)

    with pytest.raises(NotAllowed) as refused:
        services.take_claim(claim=claim, user=editor_reviewer, expected_version=claim.version)
    assert refused.value.message == FOUR_EYES_AUTHOR
    assert claim.audit_entries.filter(action="take").count() == 0
    assert "take" not in [t.name for t in allowed_transitions(claim, editor_reviewer)]
    assert claim not in awaiting_review(editor_reviewer)


def test_it_refuses_assigning_the_author_as_reviewer(make_claim, editor_reviewer, chief):
    claim = make_claim(created_by=editor_reviewer)
    services.submit_claim(claim=claim, user=editor_reviewer, expected_version=claim.version)

    with pytest.raises(NotAllowed, match="cannot review this claim"):
        services.assign_reviewer(claim=claim, user=chief, reviewer=editor_reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.assigned_reviewer is None and claim.state == State.SUBMITTED
    assert claim.audit_entries.filter(action="assign").count() == 0


def test_it_refuses_assigning_someone_without_the_reviewer_role(make_claim, advance, chief, other_editor):
    claim = advance(make_claim(), State.SUBMITTED)
    with pytest.raises(NotAllowed, match="must hold the Reviewer role"):
        services.assign_reviewer(claim=claim, user=chief, reviewer=other_editor, expected_version=claim.version)


@pytest.mark.parametrize("step", ["approve", "send_back"])
def test_it_refuses_the_proposer_deciding_on_their_own_verdict(step, make_claim, advance, reviewer_chief, rating, chief):
    claim = advance(make_claim(with_refutation=True), State.SUBMITTED)
    services.take_claim(claim=claim, user=reviewer_chief, expected_version=claim.version)
    services.propose_verdict(
        claim=claim,
        user=reviewer_chief,
        expected_version=claim.version,
        attribution="correct",
        rating=rating["False"],
        summary="Wrong.",
        evidence=claim.evidence.all(),
    )
    assert claim not in awaiting_approval(reviewer_chief)
    assert claim in awaiting_approval(chief)

    kwargs = {"note": "Again."} if step == "send_back" else {}
    with pytest.raises(NotAllowed) as refused:
        services.perform(step, claim=claim, user=reviewer_chief, expected_version=claim.version, **kwargs)
    assert refused.value.message == FOUR_EYES_PROPOSER
    claim.refresh_from_db()
    assert claim.state == State.VERDICT_PROPOSED
    assert claim.verdicts.get().status == Verdict.Status.PROPOSED

    services.perform(step, claim=claim, user=chief, expected_version=claim.version, **kwargs)
    verdict = claim.verdicts.get()
    assert verdict.decided_by == chief and verdict.proposed_by == reviewer_chief


# --- four eyes: everyone who wrote the claim is an author (claims.authorship.contributors) ---------------


def _rewrite(claim, user):
    claim_services.update_claim(claim=claim, user=user, expected_version=claim.version, statement=claim.statement + " (reworded)")
    claim.refresh_from_db()


def _add_evidence(claim, user, make_source):
    claim_services.add_evidence(
        claim=claim, user=user, expected_version=claim.version, source=make_source(), relation="context", excerpt="More."
    )
    claim.refresh_from_db()


def _hand_over(claim, user, chief):
    services.perform("hand_over", claim=claim, user=chief, expected_version=claim.version, editor=user)
    claim.refresh_from_db()


def _merge_a_draft_of(claim, user, make_claim, editor):
    from claims.relations import merge

    merge(keep=claim, drop=make_claim(created_by=user), user=editor, expected_version=claim.version)
    claim.refresh_from_db()


# How someone who did not create the claim comes to have written it.
CONTRIBUTIONS = {
    "rewrote the statement": lambda claim, user, f: _rewrite(claim, user),
    "added evidence": lambda claim, user, f: _add_evidence(claim, user, f["make_source"]),
    "was handed the draft": lambda claim, user, f: _hand_over(claim, user, f["chief"]),
    "wrote a merged duplicate": lambda claim, user, f: _merge_a_draft_of(claim, user, f["make_claim"], f["editor"]),
}


@pytest.fixture
def contributed(request, make_claim, make_source, chief, editor):
    """A draft by `editor` that `user` then contributed to in the way named."""

    def build(user, how):
        claim = make_claim(with_refutation=True)
        CONTRIBUTIONS[how](claim, user, {"make_source": make_source, "chief": chief, "make_claim": make_claim, "editor": editor})
        return claim

    return build


@pytest.mark.parametrize("how", list(CONTRIBUTIONS))
def test_it_refuses_a_contributor_taking_or_being_assigned_the_claim(how, contributed, advance, editor_reviewer, chief, editor):
    claim = advance(contributed(editor_reviewer, how), State.SUBMITTED, by={"submit": editor})
    before = (claim.version, AuditEntry.objects.count())

    with pytest.raises(NotAllowed) as refused:
        services.take_claim(claim=claim, user=editor_reviewer, expected_version=claim.version)
    assert (refused.value.message, refused.value.rule) == (FOUR_EYES_AUTHOR, "not_author")
    assert "take" not in [t.name for t in allowed_transitions(claim, editor_reviewer)]
    with pytest.raises(NotAllowed, match="cannot review this claim"):
        services.assign_reviewer(claim=claim, user=chief, reviewer=editor_reviewer, expected_version=claim.version)
    from reviews.forms import action_form

    assert editor_reviewer not in action_form("assign", claim).fields["reviewer"].queryset
    claim.refresh_from_db()
    assert (claim.version, AuditEntry.objects.count()) == before and claim.assigned_reviewer is None


def test_it_refuses_the_reviewer_proposing_after_rewriting_the_claim_under_review(make_claim, advance, editor_reviewer, step_inputs):
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW, by={"take": editor_reviewer})
    _rewrite(claim, editor_reviewer)

    with pytest.raises(NotAllowed) as refused:
        services.perform("propose", claim=claim, user=editor_reviewer, expected_version=claim.version, **step_inputs("propose", claim))
    assert refused.value.rule == "not_author"
    claim.refresh_from_db()
    assert claim.state == State.IN_REVIEW


def test_the_assigned_reviewer_researching_stays_a_reviewer(make_claim, advance, editor_reviewer, make_source, step_inputs):
    """Evidence the assigned reviewer adds is research, not authorship: they still propose."""
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW, by={"take": editor_reviewer})
    _add_evidence(claim, editor_reviewer, make_source)
    claim_services.save_claim_with_evidence(
        user=editor_reviewer, claim=claim, expected_version=claim.version,
        evidence=[{"source": make_source(), "relation": "supports", "excerpt": "Also."}],
    )
    claim.refresh_from_db()

    services.perform("propose", claim=claim, user=editor_reviewer, expected_version=claim.version, **step_inputs("propose", claim))
    claim.refresh_from_db()
    assert claim.state == State.VERDICT_PROPOSED


def test_it_refuses_a_chief_who_rewrote_the_claim_approving_its_verdict(make_claim, advance, chief):
    editor_chief = make_user("editor-chief", EDITOR, CHIEF_EDITOR)
    claim = make_claim(with_refutation=True)
    _rewrite(claim, editor_chief)
    advance(claim, State.VERDICT_PROPOSED)

    with pytest.raises(NotAllowed) as refused:
        services.perform("approve", claim=claim, user=editor_chief, expected_version=claim.version)
    assert refused.value.rule == "not_author"
    assert "approve" not in [t.name for t in allowed_transitions(claim, editor_chief)]
    services.perform("approve", claim=claim, user=chief, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.state == State.APPROVED


def test_a_save_that_changed_nothing_makes_no_author(make_claim, advance, editor_reviewer):
    claim = make_claim(with_refutation=True)
    claim_services.update_claim(claim=claim, user=editor_reviewer, expected_version=claim.version, statement=claim.statement)
    advance(claim, State.IN_REVIEW, by={"take": editor_reviewer})
    assert claim.assigned_reviewer == editor_reviewer


def test_the_four_eyes_steps_all_ask_who_wrote_the_claim():
    from reviews.workflow import NOT_AUTHOR

    for step in ("take", "propose", "approve"):
        assert NOT_AUTHOR in TRANSITIONS[step].rules, step


# --- evidence behind a substance rating ---------------------------------------------


def _propose(claim, reviewer, rating, evidence):
    services.propose_verdict(
        claim=claim,
        user=reviewer,
        expected_version=claim.version,
        attribution="correct",
        rating=rating,
        summary="A summary a reader sees first.",
        evidence=evidence,
    )
    claim.refresh_from_db()
    return claim


def test_it_refuses_proposing_a_true_false_rating_resting_only_on_the_attribution_source(
    make_claim, advance, reviewer, chief, rating
):
    """Checked when the verdict is proposed, so a reviewer never proposes what the chief cannot approve."""
    claim = advance(make_claim(), State.IN_REVIEW)
    before = (AuditEntry.objects.count(), Verdict.objects.count(), claim.version)

    with pytest.raises(InvalidInput) as refused:
        _propose(claim, reviewer, rating["False"], claim.evidence.all())
    assert "needs at least one piece of evidence" in refused.value.message
    assert "“False”" in refused.value.message
    assert refused.value.field == "evidence" and refused.value.status_code == 400
    assert refused.value.rule == "independent_evidence"
    claim.refresh_from_db()
    assert claim.state == State.IN_REVIEW and claim.current_verdict is None
    assert (AuditEntry.objects.count(), Verdict.objects.count(), claim.version) == before


def test_proposal_and_approval_share_the_same_verdict_rules():
    from reviews.workflow import INDEPENDENT_EVIDENCE

    for step in ("propose", "approve", "propose_revision", "publish_update", "publish_correction"):
        assert INDEPENDENT_EVIDENCE in TRANSITIONS[step].verdict_rules
    assert TRANSITIONS["propose"].verdict_rules == TRANSITIONS["approve"].verdict_rules


def test_it_does_not_count_a_second_link_to_the_attribution_source(make_claim, advance, reviewer, chief, rating):
    claim = advance(make_claim(), State.IN_REVIEW)
    attribution = claim.evidence.get()
    same_source = claim_services.add_evidence(
        claim=claim, user=reviewer, source=attribution.source, relation="refutes", excerpt="a later paragraph", expected_version=claim.version
    )
    claim.refresh_from_db()
    with pytest.raises(InvalidInput, match="from a source other than the one that shows the claim was made"):
        _propose(claim, reviewer, rating["Mostly true"], [attribution, same_source])


def test_it_approves_a_rating_backed_by_an_independent_source(make_claim, advance, reviewer, chief, rating, make_source):
    claim = advance(make_claim(), State.IN_REVIEW)
    context = claim_services.add_evidence(
        claim=claim, user=reviewer, source=make_source(title="Screenshot"), relation="context", excerpt="caption", expected_version=claim.version
    )
    claim.refresh_from_db()
    _propose(claim, reviewer, rating["Misleading"], [context])
    services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.state == State.APPROVED and claim.current_verdict.rating == rating["Misleading"]


def test_it_approves_unverifiable_without_further_evidence(make_claim, advance, reviewer, chief, rating):
    claim = advance(make_claim(), State.IN_REVIEW)
    _propose(claim, reviewer, rating["Unverifiable"], claim.evidence.all())
    services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.state == State.APPROVED


def test_it_refuses_a_verdict_resting_on_another_claims_evidence(make_claim, advance, reviewer, rating):
    claim = advance(make_claim(), State.IN_REVIEW)
    elsewhere = make_claim(with_refutation=True).evidence.get(relation="refutes")
    with pytest.raises(InvalidInput, match="this claim's own evidence"):
        _propose(claim, reviewer, rating["False"], [elsewhere])
    assert not Verdict.objects.filter(claim=claim).exists()


# --- reasons ----------------------------------------------------------------------

NOTE_STEPS = {
    "reject": State.SUBMITTED,
    "request_changes": State.IN_REVIEW,
    "send_back": State.VERDICT_PROPOSED,
    "propose_revision": State.PUBLISHED,
    "return_revision": State.PUBLISHED,
    "retract": State.PUBLISHED,
    "reopen": State.APPROVED,
    "record_recheck": State.PUBLISHED,
    "propose_resolution": State.PUBLISHED,
}


def test_it_asks_a_reason_for_exactly_the_decisions_that_need_one():
    assert {t.name for t in TRANSITIONS.values() if t.note_required} == set(NOTE_STEPS)


@pytest.mark.parametrize("step", list(NOTE_STEPS))
@pytest.mark.parametrize("note", ["", "   \n "])
def test_it_refuses_a_decision_without_a_reason(step, note, make_claim, advance, step_inputs, reviewer, chief):
    claim = advance(make_claim(with_refutation=True), NOTE_STEPS[step])
    actor = reviewer if step in ("request_changes", "record_recheck", "propose_resolution") else chief
    kwargs = {**step_inputs(step, claim), "note": note}
    before = (AuditEntry.objects.count(), Verdict.objects.count(), Correction.objects.count(), claim.version)

    with pytest.raises(InvalidInput) as refused:
        services.perform(step, claim=claim, user=actor, expected_version=claim.version, **kwargs)
    assert refused.value.field == "note"
    assert refused.value.message == f"Give a reason to “{TRANSITIONS[step].label}”."
    claim.refresh_from_db()
    assert claim.state == NOTE_STEPS[step]
    assert (AuditEntry.objects.count(), Verdict.objects.count(), Correction.objects.count(), claim.version) == before


def test_it_keeps_the_reviewers_reasons_and_sends_the_claim_back_to_them(make_claim, advance, editor, reviewer):
    claim = advance(make_claim(), State.CHANGES_REQUESTED)
    assert claim.audit_entries.get(action="request_changes").note == "Name the source of the quote."
    assert claim.assigned_reviewer == reviewer

    services.perform("resubmit", claim=claim, user=editor, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.state == State.IN_REVIEW and claim.assigned_reviewer == reviewer


# --- history ------------------------------------------------------------------------


def test_it_keeps_the_old_verdict_when_a_fact_check_is_corrected(make_claim, advance, reviewer, chief, rating):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    first = claim.current_verdict
    published_at = claim.published_at

    revise(
        claim, preparer=reviewer, approver=chief, note="We misread the date in the record.",
        rating=rating["Misleading"], summary="Partly right.",
    )
    assert claim.state == State.CORRECTED
    assert claim.current_verdict.rating == rating["Misleading"] and claim.current_verdict.corrects == first
    first.refresh_from_db()
    assert first.rating == rating["False"] and first.summary == "The record shows otherwise."
    assert list(claim.verdicts.order_by("id")) == [first, claim.current_verdict]
    correction = claim.corrections.get()
    assert correction.kind == Correction.Kind.CORRECTION and correction.note == "We misread the date in the record."
    assert (correction.previous_verdict, correction.verdict) == (first, claim.current_verdict)
    assert correction.created_by == chief and claim.current_verdict.proposed_by == reviewer
    assert claim.published_at == published_at
    entry = claim.audit_entries.get(action="publish_correction")
    assert entry.snapshot["verdict"]["rating"] == "Misleading" and entry.snapshot["verdict"]["corrects"] == first.pk


def test_it_can_correct_a_correction_and_keeps_every_version(make_claim, advance, reviewer, chief, rating):
    claim = advance(make_claim(with_refutation=True), State.CORRECTED)
    revise(
        claim, preparer=reviewer, approver=chief, note="Second correction.",
        attribution="misattributed", rating=rating["Unverifiable"], summary="We cannot tell.", evidence=[],
    )
    assert claim.verdicts.count() == 3 and claim.corrections.count() == 2
    assert claim.current_verdict.attribution == "misattributed"


def test_it_refuses_a_correction_whose_rating_lacks_independent_evidence_when_it_is_sent(
    make_claim, advance, reviewer, chief, rating, walk_unverifiable_to_published
):
    claim = advance(make_claim(), State.SUBMITTED)
    # Walk on with Unverifiable, which needs no further evidence, then try to correct to False.
    claim = walk_unverifiable_to_published(claim, rating)
    services.start_correction(claim=claim, user=reviewer, expected_version=claim.version)
    revision = services.open_revision(claim)
    services.edit_revision(
        claim=claim, user=reviewer, expected_version=claim.version, attribution="correct", rating=rating["False"],
        summary="False.", evidence=list(claim.evidence.all()),
    )
    before = (Verdict.objects.count(), Correction.objects.count(), AuditEntry.objects.count(), claim.version)
    with pytest.raises(InvalidInput, match="needs at least one piece of evidence") as refused:
        services.propose_revision(claim=claim, user=reviewer, expected_version=claim.version, note="Now we think it is false.")
    assert refused.value.rule == "independent_evidence"
    claim.refresh_from_db()
    revision.refresh_from_db()
    assert (Verdict.objects.count(), Correction.objects.count(), AuditEntry.objects.count(), claim.version) == before
    assert revision.status == "draft"


@pytest.fixture
def walk_unverifiable_to_published(reviewer, chief):
    def walk(claim, rating):
        services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
        _propose(claim, reviewer, rating["Unverifiable"], claim.evidence.all())
        services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
        services.publish_claim(claim=claim, user=chief, expected_version=claim.version)
        claim.refresh_from_db()
        return claim

    return walk


def test_it_retracts_in_the_open_and_keeps_the_verdict(make_claim, advance, chief):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    verdict = claim.current_verdict
    services.retract_claim(claim=claim, user=chief, expected_version=claim.version, note="The source was fabricated.")
    claim.refresh_from_db()
    assert claim.state == State.RETRACTED and claim.current_verdict == verdict
    retraction = claim.corrections.get()
    assert retraction.kind == Correction.Kind.RETRACTION and retraction.previous_verdict == verdict
    assert retraction.note == "The source was fabricated."
    with pytest.raises(WorkflowError, match="not possible while the claim is “Retracted”"):
        services.start_correction(claim=claim, user=chief, expected_version=claim.version)


# --- editing after approval --------------------------------------------------------


def test_it_refuses_editing_an_approved_claim_until_it_is_reopened(make_claim, advance, editor, chief):
    claim = advance(make_claim(with_refutation=True), State.APPROVED)
    verdict = claim.current_verdict
    version = claim.version

    with pytest.raises(WorkflowError, match="a chief editor can reopen it for editing"):
        claim_services.update_claim(claim=claim, user=editor, expected_version=version, statement="Fixed typo")
    with pytest.raises(WorkflowError, match="a chief editor can reopen it for editing"):
        claim_services.add_evidence(claim=claim, user=editor, source=claim.evidence.first().source, relation="context", excerpt="x", expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.version == version and claim.statement != "Fixed typo"

    services.reopen_claim(claim=claim, user=chief, expected_version=claim.version, note="The quote was mistranscribed.")
    claim.refresh_from_db()
    assert claim.state == State.DRAFT and claim.current_verdict is None and claim.assigned_reviewer is None
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.WITHDRAWN
    reopened = claim.audit_entries.get(action="reopen")
    assert (reopened.actor, reopened.from_state, reopened.note) == (chief, State.APPROVED, "The quote was mistranscribed.")
    assert reopened.snapshot["verdict"]["status"] == Verdict.Status.WITHDRAWN

    claim_services.update_claim(claim=claim, user=editor, expected_version=claim.version, statement="Fixed typo")
    claim.refresh_from_db()
    assert claim.statement == "Fixed typo"
    assert claim.audit_entries.order_by("-id").first().snapshot["changed"]["statement"][1] == "Fixed typo"


def test_it_refuses_editing_a_published_claim_evidence(make_claim, advance, editor):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    item = claim.evidence.get(relation="refutes")
    with pytest.raises(WorkflowError, match="This fact-check is published: start an update or a correction"):
        claim_services.remove_evidence(evidence=item, user=editor, expected_version=Claim.objects.get(pk=item.claim_id).version)
    assert Evidence.objects.filter(pk=item.pk).exists()
