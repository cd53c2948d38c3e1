"""Verify the audit trail: its checksum chain, every claim's replay, and optionally a saved checkpoint.

Lives in reviews because replaying a claim's trail needs the workflow (`reviews.selectors.replay_all`);
the chain and checkpoints are `claims.audit`'s.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.audit import BadCheckpoint, read_checkpoint, verify_chain
from reviews.selectors import replay_all


class Command(BaseCommand):
    help = (
        "Verify the audit trail: the checksum chain (names the first row altered, removed or inserted), "
        "every claim's state and version against its replayed trail, and with --checkpoint that the "
        "trail still holds the head a saved checkpoint recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias to check (default: default).")
        parser.add_argument("--checkpoint", help="A file `audit_checkpoint` wrote: the trail must still contain its head.")

    def handle(self, *args, database="default", checkpoint=None, **options):
        saved = None
        if checkpoint:
            try:
                saved = read_checkpoint(Path(checkpoint).read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(f"Cannot read the checkpoint {checkpoint}: {error.strerror}.") from error
            except BadCheckpoint as error:
                raise CommandError(f"Checkpoint {checkpoint} refused: {error}.") from error
        report = verify_chain(database, checkpoint=saved)
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.broken_at} ({report.reason}); "
                f"{report.checked} entries before it verify."
            )
        replays = replay_all(database)
        if not replays.ok:
            raise CommandError(
                f"{replays.mismatched} of {replays.checked} claims do not match their audit trail "
                "(rows removed or added, or a claim changed behind the workflow):\n" + "\n".join(replays.first)
            )
        self.stdout.write(f"Audit chain intact: {report.checked} entries, head {report.head}.")
        self.stdout.write(f"{replays.checked} claims replay from their trail to their stored state and version.")
        if saved:
            self.stdout.write(
                f"The trail matches the checkpoint of {saved['created_at']} "
                f"({saved['entries']} entries, head {saved['head']})."
            )
