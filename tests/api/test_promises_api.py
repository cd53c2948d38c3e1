"""`GET /api/v1/promises/`: the public promise list as JSON, with each status."""

from claims.models import Claim
from claims.states import State
from reviews import services


def test_it_lists_tracked_promises_with_their_status_and_hides_unpublished_ones(client, make_claim, advance, reviewer, chief):
    kept = advance(make_claim(with_refutation=True, kind=Claim.Kind.PROMISE), State.PUBLISHED)
    services.perform(
        "propose_resolution", claim=kept, user=reviewer, expected_version=kept.version, outcome="kept",
        source_url="https://news.example/arrived", note="He visited as announced.",
    )  # fmt: skip
    kept.refresh_from_db()
    services.perform("resolve", claim=kept, user=chief, expected_version=kept.version)
    tracked = advance(make_claim(with_refutation=True, kind=Claim.Kind.PREDICTION), State.PUBLISHED)
    make_claim(kind=Claim.Kind.PROMISE)  # not published

    rows = {row["id"]: row for row in client.get("/api/v1/promises/").json()["results"]}
    assert set(rows) == {kept.pk, tracked.pk}
    assert (rows[kept.pk]["status"], rows[kept.pk]["evidence_url"], rows[kept.pk]["resolution_note"]) == (
        "kept", "https://news.example/arrived", "He visited as announced."
    )
    assert rows[tracked.pk]["status"] == "tracked" and rows[tracked.pk]["resolved_on"] is None
