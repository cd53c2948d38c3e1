"""The review queue ("Waiting for a reviewer") lists only claims the user may take: whoever wrote a claim or its
evidence is one of its authors and cannot review it (four eyes). The queue asks the same rule as the take
step (`claims.authorship`: `written_by` for many claims, `contributors` for one), so it never offers a claim
that taking would refuse, and never hides one taking would allow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services as claim_services
from claims.relations import merge
from claims.states import State
from reviews import services
from reviews.roles import EDITOR, REVIEWER
from reviews.selectors import awaiting_review
from reviews.workflow import allowed_transitions
from tests.conftest import make_user


@pytest.fixture
def dual(db):
    """Someone who both writes claims and reviews them."""
    return make_user("dual", EDITOR, REVIEWER)


def _can_take(claim, user) -> bool:
    """What the take step itself decides (role, state and the four-eyes rule)."""
    claim.refresh_from_db()
    return "take" in [t.name for t in allowed_transitions(claim, user)]


def _merged(keep, drop, editor):
    keep.refresh_from_db()
    merge(keep=keep, drop=drop, user=editor, expected_version=keep.version)


def _research_then_release(claim, dual, make_source):
    """`dual` takes the claim, adds evidence as its reviewer (research, not authorship) and releases it."""
    services.take_claim(claim=claim, user=dual, expected_version=claim.version)
    claim.refresh_from_db()
    claim_services.add_evidence(claim=claim, user=dual, expected_version=claim.version, source=make_source(), relation="context", excerpt="Found.")
    claim.refresh_from_db()
    services.perform("unassign", claim=claim, user=dual, expected_version=claim.version)


def test_the_queue_leaves_out_exactly_the_claims_the_user_cannot_take(make_claim, make_source, advance, dual, editor, other_reviewer, chief):
    by_editor = {"submit": editor}
    claims = {}

    claims["written by dual"] = advance(make_claim(created_by=dual), State.SUBMITTED, by={"submit": dual})
    claims["written by someone else"] = advance(make_claim(), State.SUBMITTED, by=by_editor)

    reworded = make_claim()
    claim_services.update_claim(claim=reworded, user=dual, expected_version=reworded.version, statement=reworded.statement + " (reworded)")
    claims["reworded by dual"] = advance(reworded, State.SUBMITTED, by=by_editor)

    unchanged = make_claim()
    claim_services.update_claim(claim=unchanged, user=dual, expected_version=unchanged.version, statement=unchanged.statement)
    claims["saved unchanged by dual"] = advance(unchanged, State.SUBMITTED, by=by_editor)

    evidence = make_claim()
    claim_services.add_evidence(claim=evidence, user=dual, expected_version=evidence.version, source=make_source(), relation="context", excerpt="More.")
    claims["evidence added by dual"] = advance(evidence, State.SUBMITTED, by=by_editor)

    claims["submitted by dual"] = advance(make_claim(), State.SUBMITTED, by={"submit": dual})

    handed = make_claim()
    services.perform("hand_over", claim=handed, user=chief, expected_version=handed.version, editor=dual)
    claims["handed to dual"] = advance(handed, State.SUBMITTED, by={"submit": dual})

    kept = make_claim()
    _merged(kept, make_claim(created_by=dual), editor)
    claims["a duplicate by dual merged into it"] = advance(kept, State.SUBMITTED, by=by_editor)

    top, middle = make_claim(), make_claim()
    _merged(middle, make_claim(created_by=dual), editor)
    _merged(top, middle, editor)
    claims["a duplicate by dual merged two levels down"] = advance(top, State.SUBMITTED, by=by_editor)

    researched = advance(make_claim(), State.SUBMITTED, by=by_editor)
    _research_then_release(researched, dual, make_source)
    claims["researched by dual as its reviewer"] = researched

    queue = {
        user.username: {name for name, claim in claims.items() if awaiting_review(user).filter(pk=claim.pk).exists()}
        for user in (dual, other_reviewer)
    }
    takes = {user.username: {name for name, claim in claims.items() if _can_take(claim, user)} for user in (dual, other_reviewer)}
    assert queue == takes
    assert queue["dual"] == {"written by someone else", "saved unchanged by dual", "researched by dual as its reviewer"}
    assert queue[other_reviewer.username] == set(claims)


def test_the_queue_stays_one_query(make_claim, advance, dual, editor, other_reviewer):
    for _ in range(3):
        advance(make_claim(), State.SUBMITTED, by={"submit": editor})
    advance(make_claim(created_by=dual), State.SUBMITTED, by={"submit": dual})
    with CaptureQueriesContext(connection) as queries:
        rows = list(awaiting_review(dual))
    assert len(rows) == 3 and len(queries) == 1
