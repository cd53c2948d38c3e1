"""The dashboard: each person's queues, counts by state and recent activity, at a fixed query cost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services


def section(response, key):
    return next((s for s in response.context["sections"] if s["id"] == key), None)


def statements(response, key):
    found = section(response, key)
    return None if found is None else [c.statement for c in found["claims"]]


def test_it_shows_an_editor_their_drafts_and_requested_changes(client, make_claim, editor, other_editor, advance):
    make_claim(statement="My draft")
    make_claim(statement="Someone else's draft", created_by=other_editor)
    advance(make_claim(statement="Needs work"), "changes_requested", note="Find the video")
    client.force_login(editor)
    response = client.get("/desk/")
    assert response.status_code == 200
    assert statements(response, "my-drafts") == ["My draft"]
    assert statements(response, "changes-requested") == ["Needs work"]
    assert section(response, "awaiting-approval") is None  # not an editor's queue


def test_it_shows_a_reviewer_what_waits_and_what_is_assigned_and_overdue(client, make_claim, reviewer, chief, advance):
    advance(make_claim(statement="Waiting for anyone"), "submitted")
    mine = advance(make_claim(statement="Assigned to Rita"), "submitted")
    services.assign_reviewer(claim=mine, user=chief, reviewer=reviewer, due=date.today() - timedelta(days=1), expected_version=mine.version)
    client.force_login(reviewer)
    response = client.get("/desk/")
    assert statements(response, "awaiting-review") == ["Waiting for anyone"]
    assert statements(response, "assigned") == ["Assigned to Rita"]
    assert statements(response, "overdue") == ["Assigned to Rita"]


def test_it_shows_a_chief_editor_the_verdicts_awaiting_approval_and_recent_publications(client, make_claim, chief, advance):
    claim = advance(make_claim(statement="Ready for a decision", with_refutation=True), "verdict_proposed", summary="No")
    client.force_login(chief)
    response = client.get("/desk/")
    assert statements(response, "awaiting-approval") == ["Ready for a decision"]
    advance(claim, "published")
    response = client.get("/desk/")
    assert statements(response, "published") == ["Ready for a decision"]
    body = response.content.decode()
    assert "Rating: False" in body
    assert "Publish" in body  # recent activity names the step


def test_it_counts_claims_by_state_and_links_to_the_filtered_list(client, make_claim, editor, advance):
    make_claim()
    make_claim()
    advance(make_claim(), "submitted")
    client.force_login(editor)
    response = client.get("/desk/")
    counts = {state.value: n for state, n in [*response.context["open_counts"], *response.context["closed_counts"]]}
    assert counts["draft"] == 2 and counts["submitted"] == 1 and counts["published"] == 0
    body = response.content.decode()
    assert 'href="/desk/claims/?state=submitted"' in body


def test_it_links_to_every_desk_page(client, editor):
    client.force_login(editor)
    body = client.get("/desk/").content.decode()
    for url in ("/desk/claims/", "/desk/claims/new/", "/desk/speakers/", "/desk/sources/", "/desk/events/"):
        assert f'href="{url}"' in body, url


def test_it_renders_for_every_role_and_refuses_outsiders(client, editor, reviewer, chief, admin_user, outsider):
    for user in (editor, reviewer, chief, admin_user):
        client.force_login(user)
        assert client.get("/desk/").status_code == 200
    client.force_login(outsider)
    assert client.get("/desk/").status_code == 403
    client.logout()
    assert client.get("/desk/").status_code == 302


def test_it_escapes_script_laden_statements(client, make_claim, editor):
    make_claim(statement='"><script>alert(1)</script>')
    client.force_login(editor)
    body = client.get("/desk/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in body, "the statement is shown, as text"


def _queries(client):
    """(queries, rows shown per queue) for the dashboard."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/desk/")
    assert response.status_code == 200
    return len(ctx.captured_queries), {section["id"]: len(section["claims"]) for section in response.context["sections"]}


# The queue each persona must see filled, so a constant count cannot come from empty queues.
OWN_QUEUE = {"editor": "my-drafts", "reviewer": "assigned", "chief": "overdue"}


@pytest.mark.parametrize("persona", ["editor", "reviewer", "chief"])
def test_it_makes_the_same_number_of_queries_for_5_and_30_claims(client, request, make_claim, reviewer, chief, advance, persona):
    def build(n):
        for i in range(n):
            claim = make_claim()
            if i % 2:
                advance(claim, "submitted")
            if i % 3 == 0 and i % 2:
                services.assign_reviewer(claim=claim, user=chief, reviewer=reviewer, due=date.today() - timedelta(days=2), expected_version=claim.version)

    build(5)
    client.force_login(request.getfixturevalue(persona))
    few, few_rows = _queries(client)
    build(25)
    many, many_rows = _queries(client)

    assert few_rows.get(OWN_QUEUE[persona], 0) >= 1, few_rows
    assert sum(many_rows.values()) > sum(few_rows.values()), (few_rows, many_rows)
    assert many == few
