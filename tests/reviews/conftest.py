"""Builders that take a claim to any workflow state through the real services."""

import pytest

from reviews import services
from claims.states import State

# The canonical way into each state: (from state, step) pairs, walked in order.
PATH = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.IN_REVIEW: ["submit", "take"],
    State.CHANGES_REQUESTED: ["submit", "take", "request_changes"],
    State.VERDICT_PROPOSED: ["submit", "take", "propose"],
    State.APPROVED: ["submit", "take", "propose", "approve"],
    State.PUBLISHED: ["submit", "take", "propose", "approve", "publish"],
    State.CORRECTED: ["submit", "take", "propose", "approve", "publish", "correct"],
    State.RETRACTED: ["submit", "take", "propose", "approve", "publish", "retract"],
    State.REJECTED: ["submit", "reject"],
}


@pytest.fixture
def step_kwargs(rating, other_reviewer):
    """The extra input each step needs (a reason, a verdict, a reviewer)."""

    def build(name, claim):
        evidence = list(claim.evidence.all())
        verdict = {
            "attribution": "correct",
            "rating": rating["False"],
            "summary": "The record shows otherwise.",
            "evidence": evidence,
        }
        return {
            "assign": {"reviewer": other_reviewer},
            "request_changes": {"note": "Name the source of the quote."},
            "propose": verdict,
            "send_back": {"note": "Cite the primary record."},
            "reject": {"note": "Opinion: nothing to check."},
            "reopen": {"note": "The statement was mistranscribed."},
            "correct": {"note": "The first version misread the date.", **verdict, "rating": rating["Misleading"]},
            "retract": {"note": "The source turned out to be fabricated."},
        }.get(name, {})

    return build


@pytest.fixture
def advance(editor, reviewer, chief, step_kwargs):
    """Walk `claim` to `state` as the desk would: editor submits, reviewer researches, chief decides."""
    actor = {
        "submit": editor,
        "resubmit": editor,
        "take": reviewer,
        "request_changes": reviewer,
        "propose": reviewer,
        "approve": chief,
        "send_back": chief,
        "publish": chief,
        "reject": chief,
        "reopen": chief,
        "correct": chief,
        "retract": chief,
    }

    def walk(claim, state):
        for name in PATH[state]:
            claim.refresh_from_db()
            services.perform(
                name, claim=claim, user=actor[name], expected_version=claim.version, **step_kwargs(name, claim)
            )
        claim.refresh_from_db()
        assert claim.state == state
        return claim

    return walk
