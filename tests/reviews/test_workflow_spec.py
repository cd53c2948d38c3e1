"""The workflow table is the one spec of every step: its walks, its rules and its services come from it."""

import pytest

from claims.states import State
from reviews.workflow import TRANSITIONS, implements, path_to


@pytest.mark.parametrize("state", list(State))
def test_it_finds_the_shortest_legal_walk_from_draft_to_every_state(state):
    steps = path_to(state)

    here, seen = State.DRAFT, [State.DRAFT]
    for name in steps:
        assert here in TRANSITIONS[name].sources, (name, here)
        here = TRANSITIONS[name].target_from(here)
        if here != seen[-1]:  # a revision's steps keep the state until it is published
            seen.append(here)
    assert here == state
    assert len(set(seen)) == len(seen)  # no detours


def test_it_walks_the_way_the_desk_usually_goes():
    assert path_to(State.PUBLISHED) == ["submit", "take", "propose", "approve", "publish"]
    # A correction is started, sent for approval and published by someone else: one revision.
    assert path_to(State.CORRECTED, start=State.PUBLISHED) == ["start_correction", "propose_revision", "publish_correction"]
    assert path_to(State.REJECTED) == ["submit", "reject"]
    assert path_to(State.PUBLISHED, start=State.IN_REVIEW) == ["propose", "approve", "publish"]


def test_it_says_when_no_walk_leads_there():
    with pytest.raises(ValueError, match="No path"):
        path_to(State.DRAFT, start=State.RETRACTED)


def test_it_gives_every_step_one_service_that_takes_exactly_its_inputs():
    for transition in TRANSITIONS.values():
        assert transition.service.__module__ == "reviews.services", transition.name


def test_it_refuses_a_service_whose_arguments_differ_from_the_spec():
    with pytest.raises(TypeError, match="take"):

        @implements("take")
        def take_claim(*, claim, user, expected_version=None, note="", reviewer=None):
            raise AssertionError("never registered")

    with pytest.raises(TypeError, match="request_changes"):

        @implements("request_changes")
        def request_changes(*, claim, user, note="", expected_version=None):  # a reason is required
            raise AssertionError("never registered")

    assert TRANSITIONS["take"].service.__name__ == "take_claim"
    assert TRANSITIONS["take"].service.__module__ == "reviews.services"


def test_it_names_each_object_rule_as_the_api_reports_it():
    rules = {rule.name for transition in TRANSITIONS.values() for rule in transition.rules}
    assert rules == {
        "not_author", "assignee", "assignee_or_assigner", "assignee_or_approver", "not_proposer",
        "prediction_or_promise", "resolution_pending", "no_resolution_proposed", "not_resolution_proposer",
        "open_revision", "no_revision", "no_update", "no_correction", "preparer", "preparer_or_chief", "not_preparer",
        "revision_approver",
    }  # fmt: skip
