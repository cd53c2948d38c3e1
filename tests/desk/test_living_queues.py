"""The dashboard's queues for living fact-checks: unowned claims, ready to publish, re-checks and promises due."""

import datetime

from django.utils import timezone

from claims.models import Claim
from claims.states import State
from reviews import services

TODAY = timezone.localdate()


def _sections(client):
    response = client.get("/desk/")
    assert response.status_code == 200
    return {section["id"]: [claim.pk for claim in section["claims"]] for section in response.context["sections"]}


def test_a_chief_sees_unowned_and_ready_to_publish_and_a_reviewer_the_due_work(
    client, make_claim, advance, editor, reviewer, chief
):
    approved = advance(make_claim(with_refutation=True), State.APPROVED)
    reopened = advance(make_claim(with_refutation=True), State.APPROVED)
    services.perform("reopen", claim=reopened, user=chief, expected_version=reopened.version, note="Misquoted.")
    promise = advance(
        make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, resolution_due=TODAY), State.PUBLISHED
    )
    recheck = advance(make_claim(with_refutation=True), State.PUBLISHED,
                      recheck_on=TODAY + datetime.timedelta(days=1), recheck_reason="Trade figures 2022.")  # fmt: skip
    Claim.objects.filter(pk=recheck.pk).update(recheck_due=TODAY)  # the day has come

    client.force_login(chief)
    chief_sees = _sections(client)
    assert chief_sees["unowned"] == [reopened.pk] and chief_sees["ready-to-publish"] == [approved.pk]
    assert chief_sees["promises"] == [promise.pk] and chief_sees["due-recheck"] == [recheck.pk]
    html = client.get("/desk/").content.decode()
    assert "Unowned: nobody can act on these" in html and "no editor in charge" in html
    assert "Trade figures 2022." in html

    client.force_login(reviewer)
    reviewer_sees = _sections(client)
    assert "unowned" not in reviewer_sees and "ready-to-publish" not in reviewer_sees
    assert reviewer_sees["promises"] == [promise.pk] and reviewer_sees["due-recheck"] == [recheck.pk]

    client.force_login(editor)
    assert {"unowned", "promises", "due-recheck"}.isdisjoint(_sections(client))
