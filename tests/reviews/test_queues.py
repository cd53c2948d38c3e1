"""Each person's work queue, the overdue flag and the state counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews import selectors, services
from claims.states import State


def _ids(queryset):
    return sorted(claim.pk for claim in queryset)


def test_it_fills_each_queue_with_the_claims_waiting_on_that_person(
    make_claim, advance, editor, other_editor, reviewer, other_reviewer, chief
):
    draft = make_claim()
    others_draft = make_claim(created_by=other_editor)
    submitted = advance(make_claim(), State.SUBMITTED)
    in_review = advance(make_claim(), State.IN_REVIEW)
    changes = advance(make_claim(), State.CHANGES_REQUESTED)
    proposed = advance(make_claim(with_refutation=True), State.VERDICT_PROPOSED)
    published = advance(make_claim(with_refutation=True), State.PUBLISHED)
    corrected = advance(make_claim(with_refutation=True), State.CORRECTED)

    assert _ids(selectors.drafts_of(editor)) == [draft.pk]
    assert _ids(selectors.drafts_of(other_editor)) == [others_draft.pk]
    assert _ids(selectors.changes_requested_for(editor)) == [changes.pk]
    assert _ids(selectors.changes_requested_for(other_editor)) == []
    assert _ids(selectors.awaiting_review(other_reviewer)) == [submitted.pk]
    assert _ids(selectors.awaiting_review(chief)) == [submitted.pk]
    assert _ids(selectors.awaiting_review(editor)) == []
    assert _ids(selectors.assigned_to(reviewer)) == [in_review.pk]
    assert _ids(selectors.assigned_to(other_reviewer)) == []
    assert _ids(selectors.awaiting_approval(chief)) == [proposed.pk]
    assert _ids(selectors.awaiting_approval(reviewer)) == []
    assert _ids(selectors.recently_published()) == sorted([published.pk, corrected.pk])


def test_it_lists_recently_published_latest_first(make_claim, advance):
    first = advance(make_claim(with_refutation=True), State.PUBLISHED)
    second = advance(make_claim(with_refutation=True), State.PUBLISHED)
    assert list(selectors.recently_published())[:2] == [second, first]


def test_it_flags_open_reviews_past_their_due_date(make_claim, advance, reviewer, other_reviewer, chief):
    today = timezone.localdate()
    late = advance(make_claim(), State.SUBMITTED)
    services.assign_reviewer(claim=late, user=chief, reviewer=reviewer, due=today - timedelta(days=1), expected_version=late.version)
    on_time = advance(make_claim(), State.SUBMITTED)
    services.assign_reviewer(claim=on_time, user=chief, reviewer=reviewer, due=today, expected_version=on_time.version)
    someone_elses = advance(make_claim(), State.SUBMITTED)
    services.assign_reviewer(
        claim=someone_elses, user=chief, reviewer=other_reviewer, due=today - timedelta(days=3), expected_version=someone_elses.version
    )
    for claim in (late, on_time, someone_elses):
        claim.refresh_from_db()

    assert late.is_overdue and not on_time.is_overdue and someone_elses.is_overdue
    assert _ids(selectors.overdue(reviewer)) == [late.pk]
    assert _ids(selectors.overdue(chief)) == sorted([late.pk, someone_elses.pk])
    assert [c.is_overdue for c in selectors.overdue(chief)] == [True, True]


def test_it_stops_flagging_a_claim_once_its_review_is_over(make_claim, advance, reviewer, chief):
    claim = advance(make_claim(), State.SUBMITTED)
    services.assign_reviewer(
        claim=claim, user=chief, reviewer=reviewer, due=timezone.localdate() - timedelta(days=1), expected_version=claim.version
    )
    services.reject_claim(claim=claim, user=reviewer, note="Opinion", expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.review_due is not None and not claim.is_overdue
    assert not claim.review_due_applies  # pages stop showing the due date too
    assert claim not in selectors.overdue(chief)


def test_it_counts_claims_by_state_from_the_maintained_counts_in_one_query(make_claim, advance):
    from claims.selectors import counts_by_state

    make_claim()
    make_claim()
    advance(make_claim(), State.SUBMITTED)
    with CaptureQueriesContext(connection) as queries:
        counts = counts_by_state()
    assert len(queries) == 1 and "claims_claim\"" not in queries[0]["sql"]  # the small counts table, not a scan
    assert counts.open[State.DRAFT] == 2 and counts.open[State.SUBMITTED] == 1 and counts.closed[State.PUBLISHED] == 0
    assert set(counts.open) | set(counts.closed) == set(State.values)


QUEUES = {
    "drafts_of": lambda users: selectors.drafts_of(users["editor"]),
    "awaiting_review": lambda users: selectors.awaiting_review(users["other_reviewer"]),
    "assigned_to": lambda users: selectors.assigned_to(users["reviewer"]),
    "awaiting_approval": lambda users: selectors.awaiting_approval(users["chief"]),
    "changes_requested_for": lambda users: selectors.changes_requested_for(users["editor"]),
    "overdue": lambda users: selectors.overdue(users["chief"]),
    "recently_published": lambda users: selectors.recently_published(),
}
QUEUE_STATE = {
    "drafts_of": State.DRAFT,
    "awaiting_review": State.SUBMITTED,
    "assigned_to": State.IN_REVIEW,
    "awaiting_approval": State.VERDICT_PROPOSED,
    "changes_requested_for": State.CHANGES_REQUESTED,
    "overdue": State.IN_REVIEW,
    "recently_published": State.PUBLISHED,
}


@pytest.mark.parametrize("queue", list(QUEUES))
def test_it_lists_a_queue_in_the_same_number_of_queries_for_2_or_6_claims(
    queue, make_claim, advance, editor, reviewer, other_reviewer, chief
):
    users = {"editor": editor, "reviewer": reviewer, "other_reviewer": other_reviewer, "chief": chief}

    def add(n):
        for _ in range(n):
            claim = advance(make_claim(with_refutation=True), QUEUE_STATE[queue])
            if queue == "overdue":
                claim.__class__.objects.filter(pk=claim.pk).update(review_due=timezone.localdate() - timedelta(days=2))

    def list_rows():
        with CaptureQueriesContext(connection) as queries:
            rows = [
                (c.speaker_name, c.created_by.username, c.assigned_reviewer_id and c.assigned_reviewer.username,
                 c.current_verdict_id and c.current_verdict.rating.label, c.is_overdue)
                for c in QUEUES[queue](users)
            ]  # fmt: skip
        return rows, len(queries)

    for user in users.values():
        user.has_perm("claims.view_claim")  # load the permission cache outside the measurement
    add(2)
    rows, few = list_rows()
    add(4)
    more_rows, many = list_rows()
    assert (len(rows), len(more_rows)) == (2, 6)
    assert few == many == 1
