"""Print (or write) a dated, signed checkpoint of the audit chain's head, to keep outside the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.audit import BadCheckpoint, make_checkpoint


class Command(BaseCommand):
    help = (
        "A dated checkpoint of the audit chain's head, signed with AUDIT_CHECKPOINT_KEY: keep it outside the "
        "database (mail it, print it, store it elsewhere); `verify_audit --checkpoint FILE` then shows if "
        "entries it saw were cut off or rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write the checkpoint to this file (never overwritten) instead of printing it.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, output=None, database="default", **options):
        try:
            checkpoint = make_checkpoint(database)
        except BadCheckpoint as error:
            raise CommandError(f"No checkpoint: {error}.") from error
        text = json.dumps(checkpoint, indent=2) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            with Path(output).open("x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError as error:
            raise CommandError(f"{output} already exists; a checkpoint is never overwritten.") from error
        self.stdout.write(f"Checkpoint of {checkpoint['entries']} entries (head {checkpoint['head']}) written to {output}.")
