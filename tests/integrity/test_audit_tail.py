"""A cut-off audit tail shows: `verify_audit` replays every claim against its stored state and
version, and checks the chain against a signed checkpoint kept outside the database.

A chain alone cannot show that its newest rows were removed (what remains still links up).
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from claims import audit
from claims.models import AuditEntry, Claim


def _verify(*args):
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _cut_tail(after_id):
    """What someone with the owner's rights could do: switch the triggers off and delete the newest rows."""
    with connection.cursor() as cursor:  # the test's transaction rolls the trigger change back
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE reviews_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER claims_audit_no_delete")
        cursor.execute(
            "DELETE FROM notifications_notification WHERE audit_entry_id IN (SELECT id FROM reviews_auditentry WHERE id > %s)",
            [after_id],
        )
        cursor.execute("DELETE FROM reviews_auditentry WHERE id > %s", [after_id])


@pytest.fixture
def published(make_claim, advance):
    return advance(make_claim(with_refutation=True), "published")


def test_it_says_every_claim_replays(published):
    out = _verify()
    assert "Audit chain intact" in out and "1 claims replay" in out


def test_it_detects_the_newest_rows_cut_off(published):
    entries = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _cut_tail(entries[-2])
    assert audit.verify_chain().ok  # what is left still links up

    with pytest.raises(CommandError, match=rf"claim {published.pk}: stored published version {published.version}, "
                                           rf"its trail replays to .* version {published.version - 1}"):
        _verify()


def test_it_detects_a_claim_changed_without_a_trail(published):
    Claim.objects.filter(pk=published.pk).update(state="draft", version=F("version") + 1)
    with pytest.raises(CommandError, match=f"claim {published.pk}"):
        _verify()


@pytest.fixture
def checkpoint_file(tmp_path, published):
    path = tmp_path / "audit-checkpoint.json"
    call_command("audit_checkpoint", "--output", str(path), stdout=io.StringIO())
    return path


def test_it_writes_a_dated_signed_checkpoint_of_the_head(checkpoint_file, published):
    saved = json.loads(checkpoint_file.read_text())
    head = AuditEntry.objects.order_by("-id").first()
    assert saved["head"] == head.entry_hash and saved["last_id"] == head.pk
    assert saved["entries"] == AuditEntry.objects.count()
    assert saved["created_at"] and len(saved["signature"]) == 64
    assert "matches the checkpoint" in _verify("--checkpoint", str(checkpoint_file))


def test_it_prints_the_checkpoint_without_a_file(published):
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert json.loads(out.getvalue())["head"] == AuditEntry.objects.order_by("-id").first().entry_hash


def test_it_never_overwrites_a_checkpoint(checkpoint_file):
    with pytest.raises(CommandError, match="already exists"):
        call_command("audit_checkpoint", "--output", str(checkpoint_file), stdout=io.StringIO())


def test_a_checkpoint_still_matches_after_more_work(checkpoint_file, published, reviewer, chief):
    from tests.conftest import revise

    revise(published, kind="update", preparer=reviewer, approver=chief, note="A new source.")
    assert "matches the checkpoint" in _verify("--checkpoint", str(checkpoint_file))


def test_it_detects_a_tail_cut_and_its_claim_rolled_back(checkpoint_file, published):
    """Even when the claim row is set back to match, the rows the checkpoint saw are missing."""
    entries = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _cut_tail(entries[-3])
    Claim.objects.filter(pk=published.pk).update(version=F("version") - 2, state="approved")
    with pytest.raises(CommandError, match=f"entry {entries[-1]}.*removed"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_a_checkpoint_that_was_edited(checkpoint_file):
    saved = json.loads(checkpoint_file.read_text())
    saved["entries"] -= 1
    checkpoint_file.write_text(json.dumps(saved))
    with pytest.raises(CommandError, match="signature"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_a_checkpoint_signed_with_another_key(checkpoint_file, settings):
    settings.AUDIT_CHECKPOINT_KEY = "another desk's key, " * 4
    with pytest.raises(CommandError, match="signature"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_an_unreadable_checkpoint(tmp_path, published):
    path = tmp_path / "nonsense.json"
    path.write_text("not json")
    with pytest.raises(CommandError, match="checkpoint"):
        _verify("--checkpoint", str(path))
