"""Walk the seed claims through the review workflow, so a demo desk has work in every queue.

Every step goes through `reviews.services` as the demo users (editor, reviewer,
reviewer2, chief), exactly as the desk pages would take it, so the audit trail,
the four-eyes rule and the evidence rule all apply. It ends with one published
fact-check, one corrected one, two claims rejected as not checkable (opinions),
and claims waiting in each queue. A claim is walked only while it is an
untouched draft, so running the command again changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from claims import services as claim_services
from demo.management.commands.quickstart import ensure_demo_users
from claims.models import Claim, Evidence, Source
from demo.seed.loader import load_seed
from reviews import services
from reviews.models import Rating
from claims.models import AuditEntry
from reviews.workflow import TRANSITIONS, path_to
from claims.states import State
from factcheck.errors import WorkflowError

DEMO_NOTE = (
    "Example fact-check written by `manage.py walk_seed` to show the desk's workflow on the seed data. "
    "The sources and excerpts are real; the rating is the demo reviewer's reading of them."
)
EVIDENCE_NOTE = "Example evidence added by `manage.py walk_seed` for the demo desk; the excerpt is quoted from the source."

# Real reports that bear on Zelenskyy's announced visit (claim minsk-2022-zelenskyy-washington).
UPI = {
    "url": "https://www.upi.com/Top_News/US/2022/12/21/Zelensky-Biden-news-conference-freedom-sovereignty-only-path-to-peace-with-Russia/3721671663053/",
    "title": "Zelensky-Biden news conference: freedom, sovereignty, only path to peace with Russia",
    "publisher": "UPI",
    "published_on": date(2022, 12, 21),
    "excerpt": (
        "Dec. 21 (UPI) -- President Joe Biden assured Ukrainian President Volodymyr Zelensky and the people of "
        "Ukraine during a joint news conference on Wednesday that the United States will continue to support them "
        "in the war with Russia until it reaches an end."
    ),
    "locator": "paragraph 1",
}
JPOST = {
    "url": "https://www.jpost.com/international/article-725522",
    "title": "The Jerusalem Post on Zelensky's address to the US Congress (22 December 2022)",
    "publisher": "The Jerusalem Post",
    "published_on": date(2022, 12, 22),
    "excerpt": (
        "WASHINGTON - Ukrainian President Volodymyr Zelensky addressed a joint session of Congress on Wednesday "
        "night, where he thanked lawmakers for their continued support"
    ),
    "locator": "paragraph 1",
}


@dataclass(frozen=True)
class Walk:
    """Where one seed claim ends, and what the demo users type on the way."""

    to: str
    via: list = field(default_factory=list)  # steps taken first, before the shortest path to `to`
    reviewer: str = "reviewer"  # the demo reviewer who takes, researches and proposes
    due: date | None = None
    by: dict = field(default_factory=dict)  # step -> demo user, where not the usual one
    inputs: dict = field(default_factory=dict)  # step -> its inputs, or a method building them from the claim


class Command(BaseCommand):
    help = (
        "Walk the seed claims through the review workflow with the demo users "
        "(ends with published, corrected and not-checkable claims). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email", action="store_true", help="Send the workflow emails for the demo steps (kept in memory otherwise)."
        )

    def handle(self, *args, email=False, **options):
        if settings.PRODUCTION:
            raise CommandError("walk_seed acts as demo users and is for development only (FACTCHECK_ENV=production).")
        if email:
            return self.walk()
        # The demo history is not news to anyone: keep its emails off the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            return self.walk()

    def walk(self):
        ensure_demo_users()
        load_seed()
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=["editor", "reviewer", "reviewer2", "chief"])}
        self.ratings = {r.label: r for r in Rating.objects.filter(scale__is_active=True)}
        walked = 0
        for key, walk in self.plan():
            claim = Claim.objects.filter(import_key=key).first()
            if claim is None or not self._untouched(claim):
                continue
            try:
                self.walk_claim(claim, walk)  # each step commits on its own, as it would on the desk
            except WorkflowError as error:
                raise CommandError(f"{key}: {error.message}") from error
            claim.refresh_from_db()
            walked += 1
            self.stdout.write(f"  {key}: {claim.get_state_display()}")
        self.stdout.write(self.style.SUCCESS(f"Seed walked: {walked} claims moved through the workflow."))

    @staticmethod
    def _untouched(claim):
        return claim.state == State.DRAFT and not AuditEntry.objects.filter(claim=claim, action__in=TRANSITIONS).exists()

    # --- the plan ---------------------------------------------------------------------
    #
    # Each claim goes to a state along `reviews.workflow.path_to`; `via` names the steps
    # taken first where the demo wants a particular route (a chief assigning a named
    # reviewer with a due date, a reviewer taking a claim before rejecting it).

    def plan(self):
        today = timezone.localdate()
        assigned = ["submit", "assign"]
        return [
            ("minsk-2022-kuleba-no-decisions", Walk(State.PUBLISHED, assigned, "reviewer2", today + timedelta(days=3),
                                                    inputs={"propose": self.kuleba_verdict})),
            ("minsk-2022-zelenskyy-washington", Walk(State.CORRECTED, assigned, "reviewer", today + timedelta(days=2),
                                                     inputs={"propose": self.zelenskyy_verdict,
                                                             "propose_revision": self.zelenskyy_correction})),
            ("minsk-2022-kuleba-new-dance", Walk(State.REJECTED, ["submit", "take"], by={"reject": "reviewer"}, inputs={
                "reject": {"note": "Opinion: calling the talks “their new dance” is a metaphor, not a statement of fact "
                                   "that can be checked."}})),
            ("minsk-2022-lukashenko-cannot-manage", Walk(State.REJECTED, inputs={
                "reject": {"note": "Opinion: a judgement on the two countries' dependence on each other; not checkable "
                                   "as stated."}})),
            ("minsk-2022-lukashenko-s400-iskander", Walk(State.VERDICT_PROPOSED, inputs={"propose": self.iskander_verdict})),
            ("minsk-2022-general-staff-strikes", Walk(State.IN_REVIEW, assigned, "reviewer2", today - timedelta(days=2))),
            ("minsk-2022-putin-economy", Walk(State.CHANGES_REQUESTED, assigned, "reviewer", today + timedelta(days=5), inputs={
                "request_changes": {"note": "The blog's paraphrase is all we have. Add the video article (映像記事) it draws "
                                            "on, or a record of the joint press conference, before this can be reviewed."}})),
            ("minsk-2022-putin-no-absorption", Walk(State.SUBMITTED)),
            ("minsk-2022-general-staff-repelled", Walk(State.SUBMITTED)),
        ]

    def walk_claim(self, claim, walk):
        """Take `claim` along `walk`: who acts is the desk's usual (editor submits, the reviewer reviews, the chief decides)."""
        start = TRANSITIONS[walk.via[-1]].target if walk.via else State.DRAFT
        # A correction is prepared by the reviewer and approved by the chief (four-eyes).
        actors = {"submit": "editor", "resubmit": "editor", "take": walk.reviewer, "propose": walk.reviewer,
                  "request_changes": walk.reviewer, "start_correction": walk.reviewer, "start_update": walk.reviewer,
                  "propose_revision": walk.reviewer, **walk.by}  # fmt: skip
        for name in [*walk.via, *path_to(walk.to, start=start)]:
            claim.refresh_from_db()
            inputs = walk.inputs.get(name, {})
            inputs = inputs(claim) if callable(inputs) else dict(inputs)
            if name == "assign":
                inputs.update(reviewer=self.users[walk.reviewer], due=walk.due)
            actor = self.users[actors.get(name, "chief")]
            services.perform(name, claim=claim, user=actor, expected_version=claim.version, **inputs)

    def kuleba_verdict(self, claim):
        return {
            "attribution": "unverified",
            "rating": self.ratings["Unverifiable"],
            "summary": (
                "The blog relays Kuleba's words from an unnamed reference article (参照記事). The desk found no record "
                "of what was decided in Minsk on 19 December that would confirm or refute him."
            ),
            "explanation": DEMO_NOTE,
            "evidence": list(claim.evidence.all()),
        }

    def zelenskyy_verdict(self, claim):
        # The reviewer adds the two real reports first, then rests the verdict on one of them.
        upi = self._add_real_evidence(claim, UPI)
        self._add_real_evidence(claim, JPOST)
        return {
            "attribution": "unverified",
            "rating": self.ratings["Mostly true"],
            "summary": (
                "Zelenskyy did visit Washington and meet President Biden on 21 December 2022. "
                "The evening address to Congress was not yet confirmed."
            ),
            "explanation": DEMO_NOTE,
            "evidence": [claim.evidence.get(relation=Evidence.Relation.ATTRIBUTION), upi],
        }

    def zelenskyy_correction(self, claim):
        """The reviewer's correction: the revision is edited first, then sent with its public note."""
        services.edit_revision(
            claim=claim, user=self.users["reviewer"], expected_version=claim.version, **self._zelenskyy_corrected(claim)
        )
        claim.refresh_from_db()
        return {
            "note": (
                "The first version said the address to Congress was not confirmed. The Jerusalem Post report already "
                "in the file confirms he addressed a joint session of Congress on the night of 21 December; "
                "the rating is now True."
            ),
        }

    def _zelenskyy_corrected(self, claim):
        return {
            "attribution": "unverified",
            "rating": self.ratings["True"],
            "summary": (
                "Zelenskyy visited Washington on 21 December 2022, met President Biden and addressed a joint session "
                "of Congress that night, as announced."
            ),
            "explanation": DEMO_NOTE,
            "evidence": [
                claim.evidence.get(relation=Evidence.Relation.ATTRIBUTION),
                *claim.evidence.filter(source__url__in=[UPI["url"], JPOST["url"]]).order_by("id"),
            ],
        }

    def iskander_verdict(self, claim):
        return {
            "attribution": "unverified",
            "rating": self.ratings["Unverifiable"],
            "summary": (
                "The blog reports the boast as hearsay (“と言う”), with no place or date; the desk has not found "
                "Lukashenko's own words."
            ),
            "explanation": DEMO_NOTE,
            "evidence": list(claim.evidence.all()),
        }

    def _add_real_evidence(self, claim, data):
        source, _ = Source.objects.get_or_create(
            url=data["url"],
            defaults={
                "title": data["title"],
                "publisher": data["publisher"],
                "kind": Source.Kind.ARTICLE,
                "language": "en",
                "published_on": data["published_on"],
                "notes": EVIDENCE_NOTE,
            },
        )
        claim.refresh_from_db()
        return claim_services.add_evidence(
            claim=claim,
            user=self.users["reviewer"],
            expected_version=claim.version,
            source=source,
            relation=Evidence.Relation.SUPPORTS,
            excerpt=data["excerpt"],
            locator=data["locator"],
        )
