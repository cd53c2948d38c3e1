"""Who hears of a revision of a published fact-check: the approvers when it is sent, its preparer after."""

from claims.states import State
from notifications.models import Notification
from reviews import services
from tests.conftest import prepare_revision


def test_the_approvers_hear_of_a_revision_sent_and_the_preparer_of_its_publication(
    make_claim, advance, other_reviewer, chief, django_capture_on_commit_callbacks
):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        prepare_revision(claim, "update", True, other_reviewer)
    sent = claim.audit_entries.get(action="propose_revision")
    assert chief in [n.recipient for n in Notification.objects.filter(audit_entry=sent)]

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_update(claim=claim, user=chief, expected_version=claim.version)
    published = claim.audit_entries.get(action="publish_update")
    assert other_reviewer in [n.recipient for n in Notification.objects.filter(audit_entry=published)]
