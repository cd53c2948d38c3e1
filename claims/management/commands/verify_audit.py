"""Walk the audit trail's checksum chain and report the first broken link (exit status 1 if any)."""

from django.core.management.base import BaseCommand, CommandError

from claims.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's checksum chain; names the first row that was altered, removed or inserted."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias to check (default: default).")

    def handle(self, *args, database="default", **options):
        report = verify_chain(database)
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.broken_at} ({report.reason}); "
                f"{report.checked} entries before it verify."
            )
        self.stdout.write(f"Audit chain intact: {report.checked} entries, head {report.head}.")
