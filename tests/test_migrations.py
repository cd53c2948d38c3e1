"""Upgrading a desk from the previous release loses nothing.

The previous release's migrations end at PREVIOUS_HEAD. A database built there
(forward from an empty database: tests/old_release.py), with a claim,
its evidence, a verdict, an audit entry and a notification pointing at it, is
migrated to today's head: everything is still there, the audit entry is
a `claims.AuditEntry` (same table) with its notification link, and the database
still refuses to rewrite it.
"""

import pytest
from django.apps import apps as current_apps
from django.db import DatabaseError, connection, transaction

from tests.old_release import migrate

PREVIOUS_HEAD = [
    ("claims", "0006_source_url_message"),
    ("reviews", "0003_audit_append_only_trigger"),
    ("notifications", "0002_roles"),
    ("comments", "0001_initial"),
    ("publishing", "0003_desk_page_roles"),
]


def write_previous_release_data(old):
    """What a desk on the previous release holds, written with that release's models."""
    User = old.get_model("auth", "User")
    editor = User.objects.create(username="old-editor", email="old-editor@desk.test")
    reviewer = User.objects.create(username="old-reviewer", email="old-reviewer@desk.test")
    speaker = old.get_model("claims", "Speaker").objects.create(name="Dmytro Kuleba")
    source = old.get_model("claims", "Source").objects.create(title="Minutes", url="https://minutes.example/1")
    claim = old.get_model("claims", "Claim").objects.create(
        speaker=speaker,
        statement="No decisions were taken in Minsk.",
        language="en",
        said_on_precision="unknown",
        state="verdict_proposed",
        created_by=editor,
        reported_by=source,
    )
    evidence = old.get_model("claims", "Evidence").objects.create(
        claim=claim, source=source, relation="attribution", excerpt="No decisions were taken"
    )
    rating = old.get_model("reviews", "Rating").objects.get(label="False")
    verdict = old.get_model("reviews", "Verdict").objects.create(
        claim=claim, attribution="correct", rating=rating, summary="The minutes say otherwise.", proposed_by=reviewer
    )
    verdict.evidence.add(evidence)
    entry = old.get_model("reviews", "AuditEntry").objects.create(
        claim=claim,
        actor=reviewer,
        action="propose",
        from_state="in_review",
        to_state="verdict_proposed",
        note="Proposed before the upgrade.",
        snapshot={"rating": "False"},
        verdict=verdict,
    )
    notification = old.get_model("notifications", "Notification").objects.create(
        recipient=editor,
        verb="workflow",
        actor=reviewer,
        claim=claim,
        audit_entry=entry,
        text="old-reviewer proposed a verdict",
        url=f"/desk/claims/{claim.pk}/",
    )
    return {"claim": claim.pk, "evidence": evidence.pk, "verdict": verdict.pk, "entry": entry.pk, "notification": notification.pk}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_upgrades_a_previous_release_database_without_losing_the_audit_trail(old_release):
    written = write_previous_release_data(old_release(PREVIOUS_HEAD))
    migrate()  # to today's head

    Claim = current_apps.get_model("claims", "Claim")
    AuditEntry = current_apps.get_model("claims", "AuditEntry")
    Notification = current_apps.get_model("notifications", "Notification")
    Verdict = current_apps.get_model("reviews", "Verdict")

    claim = Claim.objects.get(pk=written["claim"])
    assert claim.statement == "No decisions were taken in Minsk." and claim.state == "verdict_proposed"
    assert list(claim.evidence.values_list("pk", "excerpt")) == [(written["evidence"], "No decisions were taken")]
    verdict = Verdict.objects.get(pk=written["verdict"])
    assert verdict.claim == claim and verdict.rating.label == "False"
    assert list(verdict.evidence.values_list("pk", flat=True)) == [written["evidence"]]

    entry = AuditEntry.objects.get(pk=written["entry"])
    assert list(claim.audit_entries.all()) == [entry]
    assert (entry.action, entry.from_state, entry.to_state, entry.note) == (
        "propose",
        "in_review",
        "verdict_proposed",
        "Proposed before the upgrade.",
    )
    assert entry.snapshot == {"rating": "False"} and entry.verdict == verdict and entry.actor.username == "old-reviewer"

    notification = Notification.objects.select_related("audit_entry").get(pk=written["notification"])
    assert notification.audit_entry == entry
    assert isinstance(notification.audit_entry, AuditEntry)

    # Still append-only in the database (the trigger on the kept table), not only in the ORM.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(AuditEntry._meta.db_table)} SET note = %s WHERE id = %s",
            ["Rewritten after the upgrade.", entry.pk],
        )
    assert AuditEntry.objects.get(pk=entry.pk).note == "Proposed before the upgrade."
