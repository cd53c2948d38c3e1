"""Merge two records of one speaker from the command line: `merge_speakers KEEP DUPLICATE --user NAME`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import speakers
from claims.models import Speaker
from factcheck.errors import WorkflowError


class Command(BaseCommand):
    help = "Merge the DUPLICATE speaker into KEEP (claims, aliases, roles, identifiers move; audited). --dry-run lists what moves."

    def add_arguments(self, parser):
        parser.add_argument("keep", type=int)
        parser.add_argument("duplicate", type=int)
        parser.add_argument("--user", required=True, help="the chief editor or admin the merge is recorded under")
        parser.add_argument("--note", default="")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, keep, duplicate, user, note, dry_run, **options):
        try:
            actor = get_user_model().objects.get(username=user)
            keep_speaker, drop = Speaker.objects.get(pk=keep), Speaker.objects.get(pk=duplicate)
        except (Speaker.DoesNotExist, get_user_model().DoesNotExist) as error:
            raise CommandError(str(error)) from error
        plan = speakers.merge_plan(keep_speaker, drop, actor)
        if plan.refusal is not None:
            raise CommandError(plan.refusal.message)
        self.stdout.write(
            f"{drop.name} (#{drop.pk}) → {keep_speaker.name} (#{keep_speaker.pk}): {plan.claim_count} claim(s), "
            f"aliases {plan.aliases + ([plan.new_alias] if plan.new_alias else [])}, {len(plan.roles)} role(s), "
            f"{len(plan.identifiers)} identifier(s)"
        )
        if dry_run:
            return
        try:
            speakers.merge_speakers(keep=keep_speaker, drop=drop, user=actor, note=note)
        except WorkflowError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS("Merged."))
