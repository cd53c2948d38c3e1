"""Erase readers' e-mail addresses from tips older than TIPS_KEEP_DAYS, and the tip limit's ended windows (run daily, e.g. from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tips.services import purge_personal_data


class Command(BaseCommand):
    help = "Erase the personal data (e-mail) of reader tips older than TIPS_KEEP_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override TIPS_KEEP_DAYS.")

    def handle(self, *args, days, **options):
        days = settings.TIPS_KEEP_DAYS if days is None else days
        count = purge_personal_data(days=days)
        self.stdout.write(f"erased the e-mail of {count} tips older than {days} days")
