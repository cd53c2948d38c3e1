"""The API reads a claim's reporting chain and writes it where claims are written, under the same rules as the desk."""

import datetime

import pytest

from claims import outlets
from claims.models import Claim


@pytest.fixture
def chain_parts(editor, make_speaker, make_source):
    ria = outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency", aliases=["РИА Новости"])
    report = make_source(title="Corriere, Minsk", url="https://corriere.example/1", published_on=datetime.date(2022, 12, 21))
    return {"speaker": make_speaker(name="Alexander Lukashenko").pk, "ria": ria, "report": report}


def payload(parts, hops):
    return {
        "speaker": parts["speaker"],
        "statement": "Rockets are ready.",
        "language": "en",
        "said_on_precision": "unknown",
        "reported_by": parts["report"].pk,
        "hops": hops,
    }


def test_it_writes_and_reads_the_chain_and_derives_how_the_desk_knows(token_client, editor, chain_parts):
    hops = [{"outlet": chain_parts["ria"].pk, "date": "2022-12-19", "date_precision": "day", "wording": "Ракеты готовы"}]

    client = token_client(editor)
    response = client.post("/api/v1/claims/", payload(chain_parts, hops), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [hop["label"] for hop in body["hops"]] == ["RIA Novosti", "Corriere, Minsk"]
    assert body["hops"][0]["wording"] == "Ракеты готовы" and body["hops"][1]["source"]["url"] == "https://corriere.example/1"
    assert body["reporting"] == "third_hand"

    claim = Claim.objects.get(pk=body["id"])
    edited = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"version": claim.version, "hops": []}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    assert [hop["label"] for hop in edited.json()["hops"]] == ["Corriere, Minsk"]
    assert edited.json()["reporting"] == "second_hand"


def test_it_refuses_a_looping_or_late_chain_naming_the_hop(token_client, editor, chain_parts):
    ria = chain_parts["ria"].pk
    client = token_client(editor)
    loop = client.post("/api/v1/claims/", payload(chain_parts, [{"outlet": ria}, {"outlet": ria}]), format="json")
    late = client.post(
        "/api/v1/claims/", payload(chain_parts, [{"outlet": ria, "date": "2023-01-05", "date_precision": "day"}]), format="json"
    )
    assert loop.status_code == 400 and "loop back" in str(loop.json())
    assert late.status_code == 400 and "after the source the desk read" in str(late.json())
    assert not Claim.objects.exists()
