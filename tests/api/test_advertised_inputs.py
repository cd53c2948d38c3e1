"""`GET …/transitions/` advertises exactly what `POST …/transitions/{step}/` accepts, for every step:
both come from the step's spec in `reviews.workflow`, as does the desk form."""

import pytest

from api.serializers import INPUT_FIELDS, step_input_serializer
from reviews.forms import FORM_FIELDS, action_form
from reviews.workflow import TRANSITIONS
from tests.conftest import WALKERS


def test_it_knows_how_to_ask_for_every_input_of_every_step():
    names = {item.name for transition in TRANSITIONS.values() for item in transition.inputs}

    assert names <= set(INPUT_FIELDS)
    assert names <= set(FORM_FIELDS)


def test_it_advertises_the_due_date_for_take_and_the_verdict_fields_for_propose(token_client, reviewer, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "submitted")
    client = token_client(reviewer)
    offered = {t["name"]: t for t in client.get(f"/api/v1/claims/{claim.pk}/transitions/").json()}
    assert offered["take"]["fields"] == ["due", "note"] and offered["take"]["required"] == []

    advance(claim, "in_review")
    offered = {t["name"]: t for t in client.get(f"/api/v1/claims/{claim.pk}/transitions/").json()}
    assert offered["propose"]["fields"] == [
        "attribution", "rating", "summary", "explanation", "evidence", "recheck_on", "recheck_reason", "note",
        "confirm_unverified_excerpts",
    ]  # fmt: skip
    assert offered["propose"]["required"] == ["attribution", "rating", "summary"]
    assert offered["request_changes"]["required"] == ["note"] and offered["request_changes"]["note_required"]


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_it_advertises_exactly_the_inputs_each_step_accepts(
    request, name, token_client, make_claim, advance, step_inputs, prepare_step
):
    transition = TRANSITIONS[name]
    state = sorted(transition.sources)[0]
    claim = prepare_step(name, advance(make_claim(with_refutation=True), state))
    user = request.getfixturevalue(WALKERS[name])
    client = token_client(user)

    offered = {t["name"]: t for t in client.get(f"/api/v1/claims/{claim.pk}/transitions/").json()}[name]

    accepted = step_input_serializer(transition)().fields
    assert offered["fields"] == [field for field in accepted if field != "version"]
    assert set(offered["required"]) == {key for key, field in accepted.items() if field.required} - {"version"} | (
        {"note"} if transition.note_required else set()
    )
    form = action_form(name, claim)
    asked_only_when_needed = {"confirm_open_threads", "confirm_unverified_excerpts"}
    assert set(offered["fields"]) - asked_only_when_needed <= set(form.fields) - {"expected_version"}
    assert set(form.fields) - {"expected_version"} <= set(offered["fields"])

    others = sorted({item.name for t in TRANSITIONS.values() for item in t.inputs} - set(offered["fields"]))
    refused = client.post(
        f"/api/v1/claims/{claim.pk}/transitions/{name}/",
        {"version": claim.version, **dict.fromkeys(others, "x"), "teleport": "x"},
        format="json",
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {*others, "teleport"}
    assert f"The step “{name}” does not take this field." in refused.json()["teleport"]

    inputs = step_inputs(name, claim)
    payload = {key: getattr(value, "pk", value) for key, value in inputs.items()}
    for key in ("reviewer", "editor"):
        if key in payload:
            payload[key] = inputs[key].get_username()
    if "evidence" in payload:
        payload["evidence"] = [item.pk for item in inputs["evidence"]]
    done = client.post(f"/api/v1/claims/{claim.pk}/transitions/{name}/", {"version": claim.version, **payload}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == transition.target_from(state)
