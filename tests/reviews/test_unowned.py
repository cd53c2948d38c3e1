"""No orphaned work: every claim that is not closed waits in someone's queue; chiefs hand on the unowned ones."""

import pytest
from django.contrib.auth import get_user_model

from claims.states import OPEN_STATES, State
from factcheck.errors import InvalidInput, NotAllowed
from notifications.models import Notification
from reviews import selectors, services
from reviews.roles import EDITOR
from tests.conftest import make_user

# Every queue of the desk dashboard that lists claims someone must act on.
QUEUES = [
    selectors.drafts_of,
    selectors.changes_requested_for,
    selectors.assigned_to,
    selectors.awaiting_review,
    selectors.awaiting_approval,
    selectors.ready_to_publish,
    selectors.unowned,
]


def _in_some_queue():
    seen = set()
    for user in get_user_model().objects.filter(is_active=True):
        for queue in QUEUES:
            seen.update(queue(user).values_list("pk", flat=True))
    return seen


def test_a_claim_reopened_by_a_chief_waits_in_unowned_until_handed_to_an_editor(
    django_capture_on_commit_callbacks, make_claim, advance, editor, other_editor, chief, mailoutbox
):
    claim = advance(make_claim(with_refutation=True), State.APPROVED)
    services.perform("reopen", claim=claim, user=chief, expected_version=claim.version, note="Misquoted.")
    claim.refresh_from_db()
    assert claim in selectors.unowned(chief) and claim not in selectors.drafts_of(editor)
    assert not selectors.unowned(editor).exists()  # the queue is the chiefs'

    with django_capture_on_commit_callbacks(execute=True):
        services.perform("hand_over", claim=claim, user=chief, expected_version=claim.version, editor=other_editor)
    claim.refresh_from_db()
    assert claim not in selectors.unowned(chief) and claim in selectors.drafts_of(other_editor)
    entry = claim.audit_entries.latest("id")
    assert (entry.action, entry.actor, entry.to_state, entry.snapshot["owner"]) == ("hand_over", chief, State.DRAFT, "erin")
    assert Notification.objects.filter(recipient=other_editor, audit_entry=entry).exists()
    assert selectors.replay(claim).state == State.DRAFT


def test_claims_of_a_deactivated_user_and_of_the_seed_import_user_are_unowned(
    make_claim, advance, editor, reviewer, chief
):
    draft = make_claim()
    changes = advance(make_claim(with_refutation=True), State.CHANGES_REQUESTED)
    in_review = advance(make_claim(with_refutation=True, created_by=make_user("writer", EDITOR)), State.IN_REVIEW)
    seed = make_user("seed-import", EDITOR)
    seed.set_unusable_password()
    seed.save()
    imported = make_claim(created_by=seed)
    assert {draft, changes, in_review} & set(selectors.unowned(chief)) == set()
    assert imported in selectors.unowned(chief)

    editor.is_active = False
    editor.save()
    reviewer.is_active = False
    reviewer.save()
    assert {draft, changes, in_review, imported} <= set(selectors.unowned(chief))


def test_only_a_chief_hands_on_a_claim_and_only_to_an_editor_who_can_act(make_claim, editor, other_editor, reviewer, chief):
    claim = make_claim()
    with pytest.raises(NotAllowed) as refused:
        services.perform("hand_over", claim=claim, user=other_editor, expected_version=claim.version, editor=other_editor)
    assert refused.value.rule == "role"
    other_editor.is_active = False
    other_editor.save()
    for person in (reviewer, other_editor):
        with pytest.raises(InvalidInput) as refused:
            services.perform("hand_over", claim=claim, user=chief, expected_version=claim.version, editor=person)
        assert refused.value.field == "editor" and refused.value.rule == "editor_can_act"
    claim.refresh_from_db()
    assert claim.owner == editor and claim.version == 1


def test_every_claim_that_is_not_closed_is_in_someones_queue(make_claim, advance, editor, reviewer, chief, admin_user):
    claims = [advance(make_claim(with_refutation=True), state) for state in sorted(OPEN_STATES)]
    reopened = advance(make_claim(with_refutation=True), State.APPROVED)
    services.perform("reopen", claim=reopened, user=chief, expected_version=reopened.version, note="Misquoted.")
    leaver = make_user("leaver", EDITOR)
    left = [advance(make_claim(with_refutation=True, created_by=leaver), state) for state in (State.DRAFT, State.CHANGES_REQUESTED)]
    leaver.is_active = False
    leaver.save()
    claims += [reopened, *left]

    assert {claim.pk for claim in claims} <= _in_some_queue()

    reviewer.is_active = False  # the reviewer of the in-review and changes-requested claims leaves too
    reviewer.save()
    assert {claim.pk for claim in claims} <= _in_some_queue()


def test_the_admin_deactivates_a_leaver_and_says_how_many_claims_moved(client, make_claim, advance, editor, chief, admin_user):
    draft = make_claim()
    advance(make_claim(with_refutation=True), State.PUBLISHED)  # closed: nobody needs to act
    client.force_login(admin_user)

    response = client.post(
        "/admin/auth/user/", {"action": "deactivate_users", "_selected_action": [editor.pk], "index": 0}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["eddie deactivated; 1 open claim(s) moved to the Unowned queue."]
    editor.refresh_from_db()
    assert not editor.is_active and list(selectors.unowned(chief)) == [draft]


def test_only_an_administrator_deactivates_and_never_themselves(editor, chief, admin_user):
    with pytest.raises(NotAllowed):
        services.deactivate_user(user=editor, by=chief)
    with pytest.raises(InvalidInput):
        services.deactivate_user(user=admin_user, by=admin_user)
    editor.refresh_from_db()
    assert editor.is_active
