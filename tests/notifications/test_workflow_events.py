"""Workflow steps land in the same inbox, for the people `reviews.notifications.people_concerned` names."""

from claims.models import Evidence
from notifications.models import Notification
from reviews import services as workflow
from reviews.notifications import people_concerned

from .conftest import parse


def test_it_puts_each_workflow_step_in_the_inbox_of_the_people_concerned(
    editor, reviewer, chief, rating, make_claim, django_capture_on_commit_callbacks
):
    claim = make_claim(with_refutation=True)

    with django_capture_on_commit_callbacks(execute=True):
        claim = workflow.submit_claim(claim=claim, user=editor, expected_version=claim.version)
        claim = workflow.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
        claim = workflow.propose_verdict(
            claim=claim,
            user=reviewer,
            attribution="correct",
            rating=rating["False"],
            summary="The record shows otherwise.",
            evidence=list(Evidence.objects.filter(claim=claim).values_list("pk", flat=True)), expected_version=claim.version,
        )

    for entry in claim.audit_entries.all():
        expected = {person.pk for person in people_concerned(claim, entry)}
        told = set(Notification.objects.filter(audit_entry=entry).values_list("recipient_id", flat=True))
        assert told == expected, entry.action
    proposed = Notification.objects.get(audit_entry__action="propose", recipient=chief)
    assert proposed.verb == "workflow"
    assert proposed.text == f"rita: Propose a verdict — claim #{claim.pk}"
    assert proposed.url == f"/desk/claims/{claim.pk}/#audit-{proposed.audit_entry_id}"
    assert not Notification.objects.filter(recipient=reviewer, audit_entry__action="propose").exists()


def test_it_shows_a_workflow_step_in_the_inbox_page(client, editor, reviewer, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_claim(claim=claim, user=editor, expected_version=claim.version)
        workflow.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    client.force_login(editor)

    page = parse(client.get("/desk/inbox/"))

    texts = [li.get_text(" ", strip=True) for li in page.select("li.notification")]
    assert any(f"rita: Take for review — claim #{claim.pk}" in text for text in texts)



def test_it_leaves_out_of_the_inbox_anyone_concerned_who_lost_access(
    editor, reviewer, make_claim, django_capture_on_commit_callbacks
):
    draft = make_claim()
    claim = workflow.submit_claim(claim=draft, user=editor, expected_version=draft.version)
    editor.groups.clear()  # the claim's editor has left the desk

    with django_capture_on_commit_callbacks(execute=True):
        workflow.take_claim(claim=claim, user=reviewer, expected_version=claim.version)

    entry = claim.audit_entries.get(action="take")
    assert editor in people_concerned(claim, entry)
    assert not Notification.objects.filter(recipient=editor).exists()
