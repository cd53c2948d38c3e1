"""Every role × every transition: who may take each step, and what the others are told."""

import contextlib

import pytest
from django.db import transaction
from django.core.files.base import ContentFile
from django.urls import reverse

from claims import services as claim_services
from claims.models import Claim
from reviews import services
from reviews.models import Verdict
from claims.models import AuditEntry
from reviews.workflow import TRANSITIONS
from factcheck.errors import NotAllowed, WorkflowError
from claims.states import State
from tests.security.conftest import PDF

PERSONAS = ["editor", "other_editor", "reviewer", "other_reviewer", "chief", "admin_user", "outsider"]
OK, ROLE, ACCESS = "ok", "role", "access"
ASSIGNEE = "Only the reviewer assigned to this claim can do this."
RELEASE = "Only the assigned reviewer or a chief editor can release this review."
REJECT = "Only the assigned reviewer or a chief editor can reject this claim."
PREPARER = "Only the person who prepared this revision can send it for approval."
NOT_PREPARER = "Four-eyes rule: whoever prepared a revision cannot approve it; another person approves it."
APPROVER = "Your role may not approve this kind of revision (the desk's FACTCHECK_REVISION_APPROVERS setting says who may)."
WITHDRAW = "Only the person who prepared this revision or a chief editor can withdraw it."
DESK_OK = dict(editor=OK, other_editor=OK, reviewer=OK, other_reviewer=OK, chief=OK, admin_user=OK)

# transition: (state the claim is in, {persona: outcome}); `editor` wrote the
# claim, `reviewer` took it, `reviewer` proposed the verdict.
MATRIX = {
    "submit": (State.DRAFT, dict(editor=OK, other_editor=OK, reviewer=ROLE, other_reviewer=ROLE, chief=ROLE, admin_user=OK)),
    "resubmit": (
        State.CHANGES_REQUESTED,
        dict(editor=OK, other_editor=OK, reviewer=ROLE, other_reviewer=ROLE, chief=ROLE, admin_user=OK),
    ),
    "take": (State.SUBMITTED, dict(editor=ROLE, other_editor=ROLE, reviewer=OK, other_reviewer=OK, chief=ROLE, admin_user=OK)),
    "assign": (State.SUBMITTED, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
    "unassign": (
        State.IN_REVIEW,
        dict(editor=RELEASE, other_editor=RELEASE, reviewer=OK, other_reviewer=RELEASE, chief=OK, admin_user=OK),
    ),
    "request_changes": (
        State.IN_REVIEW,
        dict(editor=ROLE, other_editor=ROLE, reviewer=OK, other_reviewer=ASSIGNEE, chief=ROLE, admin_user=ASSIGNEE),
    ),
    "propose": (
        State.IN_REVIEW,
        dict(editor=ROLE, other_editor=ROLE, reviewer=OK, other_reviewer=ASSIGNEE, chief=ROLE, admin_user=ASSIGNEE),
    ),
    "send_back": (
        State.VERDICT_PROPOSED,
        dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK),
    ),
    "approve": (
        State.VERDICT_PROPOSED,
        dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK),
    ),
    "publish": (State.APPROVED, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
    "reject": (
        State.SUBMITTED,
        dict(editor=REJECT, other_editor=REJECT, reviewer=REJECT, other_reviewer=REJECT, chief=OK, admin_user=OK),
    ),
    "reopen": (State.APPROVED, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
    # Revisions of a published fact-check: anyone on the desk starts one; its preparer (`reviewer`,
    # see REVISION_SETUP) sends it; someone else whose role the setting names approves it.
    "start_update": (State.PUBLISHED, DESK_OK),
    "start_correction": (State.CORRECTED, DESK_OK),
    "propose_revision": (
        State.PUBLISHED,
        dict(editor=PREPARER, other_editor=PREPARER, reviewer=OK, other_reviewer=PREPARER, chief=PREPARER, admin_user=PREPARER),
    ),
    "return_revision": (
        State.PUBLISHED,
        dict(editor=APPROVER, other_editor=APPROVER, reviewer=NOT_PREPARER, other_reviewer=APPROVER, chief=OK, admin_user=OK),
    ),
    "withdraw_revision": (
        State.PUBLISHED,
        dict(editor=WITHDRAW, other_editor=WITHDRAW, reviewer=OK, other_reviewer=WITHDRAW, chief=OK, admin_user=OK),
    ),
    "publish_update": (
        State.PUBLISHED,
        dict(editor=APPROVER, other_editor=APPROVER, reviewer=NOT_PREPARER, other_reviewer=APPROVER, chief=OK, admin_user=OK),
    ),
    "publish_correction": (
        State.CORRECTED,
        dict(editor=APPROVER, other_editor=APPROVER, reviewer=NOT_PREPARER, other_reviewer=APPROVER, chief=OK, admin_user=OK),
    ),
    "retract": (State.PUBLISHED, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
    # Steps that leave the state: a chief hands an unowned claim to an editor; reviewers record a re-check and
    # propose a promise's resolution (on a promise); another person approves it (`reviewer` proposed it).
    "hand_over": (State.DRAFT, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
    "record_recheck": (
        State.PUBLISHED,
        dict(editor=ROLE, other_editor=ROLE, reviewer=OK, other_reviewer=OK, chief=ROLE, admin_user=OK),
    ),
    "propose_resolution": (
        State.PUBLISHED,
        dict(editor=ROLE, other_editor=ROLE, reviewer=OK, other_reviewer=OK, chief=ROLE, admin_user=OK),
    ),
    "resolve": (State.CORRECTED, dict(editor=ROLE, other_editor=ROLE, reviewer=ROLE, other_reviewer=ROLE, chief=OK, admin_user=OK)),
}


def test_it_covers_every_transition_of_the_table():
    assert set(MATRIX) == set(TRANSITIONS)


def _footprint(claim):
    claim.refresh_from_db()
    return (claim.state, claim.version, claim.assigned_reviewer_id, AuditEntry.objects.count(), Verdict.objects.count())


@contextlib.contextmanager
def undone(claim):
    """Try one thing on `claim`, then undo it (a savepoint), so the next persona finds the claim as it was."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    claim.refresh_from_db()


# One walk per step: every persona tries it on the same claim, each attempt undone before the next.
@pytest.mark.parametrize("name", list(MATRIX))
def test_it_allows_or_refuses_each_step_by_role_and_relation(request, name, make_claim, advance, step_inputs, prepare_step):
    state, outcomes = MATRIX[name]
    claim = prepare_step(name, advance(make_claim(with_refutation=True), state))
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS}  # made before any savepoint
    before = _footprint(claim)
    for persona, user in users.items():
        outcome = outcomes.get(persona, ACCESS)
        with undone(claim):
            if outcome == OK:
                services.perform(name, claim=claim, user=user, expected_version=claim.version, **step_inputs(name, claim))
                claim.refresh_from_db()
                assert claim.state == TRANSITIONS[name].target_from(state), persona
                assert claim.version == before[1] + 1, persona
                entry = claim.audit_entries.order_by("-id").first()
                assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (name, user, state, claim.state), persona
                continue

            with pytest.raises(NotAllowed) as refused:
                services.perform(name, claim=claim, user=user, expected_version=claim.version, **step_inputs(name, claim))
            expected = {
                ROLE: f"Your role does not allow “{TRANSITIONS[name].label}”.",
                ACCESS: "You do not have access to this claim.",
            }.get(outcome, outcome)
            assert (persona, refused.value.message) == (persona, expected)
            assert refused.value.status_code == 403, persona
            assert _footprint(claim) == before, persona
        assert _footprint(claim) == before, persona  # the attempt was undone


def test_it_refuses_each_step_from_every_other_state_naming_the_state(make_claim, advance, admin_user, step_inputs):
    """One claim per state (walked once), every step that cannot start there tried on it."""
    claims = {state: advance(make_claim(with_refutation=True), state) for state in State}
    for name, transition in TRANSITIONS.items():
        for state, claim in claims.items():
            if state in transition.sources:
                continue
            before = _footprint(claim)
            with pytest.raises(WorkflowError) as refused:
                services.perform(name, claim=claim, user=admin_user, expected_version=claim.version, **step_inputs(name, claim))
            assert type(refused.value) is WorkflowError and refused.value.status_code == 409, (name, state)
            assert refused.value.message == f"“{transition.label}” is not possible while the claim is “{state.label}”."
            assert _footprint(claim) == before, (name, state)


def test_it_refuses_an_inactive_desk_member(make_claim, editor):
    claim = make_claim()
    editor.is_active = False
    editor.save()
    with pytest.raises(NotAllowed, match="You do not have access"):
        services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
    assert Claim.objects.get(pk=claim.pk).state == State.DRAFT


# --- files attached to sources: who may open one and who may remove it --------------------------
# action: {persona: HTTP status}; "anonymous" is a reader without an account. Opening answers 404
# (never 403) to whoever may not see the source, so a file's existence does not leak.
DESK_ALL = dict(editor=200, other_editor=200, reviewer=200, other_reviewer=200, chief=200, admin_user=200)
FILE_MATRIX = {
    "view_unpublished": {**DESK_ALL, "outsider": 404, "anonymous": 404},
    "view_published": {**DESK_ALL, "outsider": 200, "anonymous": 200},
    # Removing needs claims.change_source (editors, reviewers, admins); sign-in first for readers.
    "delete": dict(editor=302, other_editor=302, reviewer=302, other_reviewer=302, chief=403, admin_user=302, outsider=403, anonymous="login"),
}
FILE_CASES = [(action, persona) for action in FILE_MATRIX for persona in [*PERSONAS, "anonymous"]]


@pytest.mark.parametrize(("action", "persona"), FILE_CASES, ids=[f"{a}-{p}" for a, p in FILE_CASES])
def test_it_lets_each_role_open_or_remove_a_source_file(request, client, settings, tmp_path, editor, make_claim, advance, action, persona):
    settings.MEDIA_ROOT = tmp_path
    claim = make_claim(with_refutation=True)
    source = claim_services.attach_source_file(source=claim.evidence.first().source, user=editor, upload=ContentFile(PDF))
    if action == "view_published":
        advance(claim, State.PUBLISHED)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    expected = FILE_MATRIX[action][persona]

    if action.startswith("view"):
        assert client.get(source.file.url).status_code == expected
        return
    response = client.post(reverse("source_file_remove", args=[source.pk]))
    source.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    assert bool(source.file) == (expected != 302)


# --- merging a duplicate into a claim: the kept claim's own edit rule, for every state and role -----------
# state of the kept claim (written by `editor`, walked as the desk walks it): {persona: outcome}. The
# duplicate is a draft by `other_editor`. A merge edits the kept claim (its evidence grows), so it obeys
# the rule for editing it: `claims.access.edit_refusal` (role, state, evidence rule) while it is not
# public, and four eyes (a chief editor who wrote neither claim) once it is.
MERGE_ROLE = "Your role does not allow merging claims."
EDIT_ROLE = "Your role does not allow editing claims."
IN_REVIEW_EVIDENCE = "While a claim is in review only its assigned reviewer changes its evidence; comment on the claim instead."
MERGE_FOUR_EYES = "One of these claims is published: a chief editor who wrote neither claim must do this merge."
FROZEN = "frozen"  # the kept claim's own "why it cannot be edited" (claims.access.frozen_refusal), 409
MERGE_EDITORS_OK = dict(
    editor=OK, other_editor=OK, reviewer=MERGE_ROLE, other_reviewer=MERGE_ROLE, chief=EDIT_ROLE, admin_user=OK, outsider=MERGE_ROLE
)
MERGE_FROZEN = dict(
    editor=FROZEN, other_editor=FROZEN, reviewer=MERGE_ROLE, other_reviewer=MERGE_ROLE, chief=EDIT_ROLE, admin_user=FROZEN,
    outsider=MERGE_ROLE,
)
MERGE_MATRIX = {
    State.DRAFT: MERGE_EDITORS_OK,
    State.SUBMITTED: MERGE_EDITORS_OK,
    State.IN_REVIEW: dict(
        MERGE_EDITORS_OK, editor=IN_REVIEW_EVIDENCE, other_editor=IN_REVIEW_EVIDENCE
    ),
    State.CHANGES_REQUESTED: MERGE_EDITORS_OK,
    State.VERDICT_PROPOSED: MERGE_FROZEN,
    State.APPROVED: MERGE_FROZEN,
    State.REJECTED: MERGE_FROZEN,
    **{
        state: dict(
            editor=MERGE_FOUR_EYES, other_editor=MERGE_FOUR_EYES, reviewer=MERGE_ROLE, other_reviewer=MERGE_ROLE, chief=OK,
            admin_user=OK, outsider=MERGE_ROLE,
        )
        for state in (State.PUBLISHED, State.CORRECTED, State.RETRACTED)
    },
}


def test_the_merge_matrix_covers_every_state():
    assert set(MERGE_MATRIX) == set(State)


def _merge_footprint(keep, drop):
    keep.refresh_from_db()
    drop.refresh_from_db()
    return (
        keep.version, drop.merged_into_id, sorted(keep.evidence.values_list("pk", flat=True)),
        sorted(drop.evidence.values_list("pk", flat=True)), AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("state", list(MERGE_MATRIX))
def test_it_allows_or_refuses_a_merge_into_a_claim_in_each_state_by_role(request, state, make_claim, advance, other_editor):
    from claims.access import frozen_refusal
    from claims.relations import merge

    keep = advance(make_claim(with_refutation=True), state)
    drop = make_claim(created_by=other_editor)
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    before = _merge_footprint(keep, drop)
    for persona, user in users.items():
        outcome = MERGE_MATRIX[state][persona]
        with undone(keep):
            if outcome == OK:
                merge(keep=keep, drop=drop, user=user, expected_version=keep.version)
                after = _merge_footprint(keep, drop)
                assert after[1] == keep.pk and after[3] == [] and set(before[3]) <= set(after[2]), persona
                continue
            with pytest.raises(WorkflowError) as refused:
                merge(keep=keep, drop=drop, user=user, expected_version=keep.version)
            expected = frozen_refusal(keep).message if outcome == FROZEN else outcome
            assert (persona, refused.value.message) == (persona, expected)
            assert refused.value.status_code == (409 if outcome == FROZEN else 403), persona
            # Nothing moved, and a refusal writes nothing either: no audit row on any claim.
            assert _merge_footprint(keep, drop) == before, persona
        drop.refresh_from_db()
