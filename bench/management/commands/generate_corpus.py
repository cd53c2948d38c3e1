"""A realistic synthetic archive for benchmarks: `manage.py generate_corpus --claims 100000 --seed 1`.

Deterministic for a given seed and size. Writes with `bulk_create` (one transaction
per chunk), assigning primary keys itself so that claims, verdicts, evidence and
audit entries can reference each other without a second pass; `save()` and signals
are bypassed, so everything they would do (alias folding, search documents) is
done here explicitly.
"""

import datetime
import random
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bench import corpus as V
from claims.models import (
    Claim,
    ClaimSearchDocument,
    DatePrecision,
    Event,
    Evidence,
    Source,
    Speaker,
    SpeakerAlias,
    Tag,
    fold,
)
from claims.search import build_document
from reviews.models import AttributionFinding, Correction, Rating, Verdict
from claims.audit import record_many
from claims.models import AuditEntry
from reviews.roles import CHIEF_EDITOR, EDITOR, REVIEWER
from reviews.workflow import TRANSITIONS, path_to
from claims.states import State

# Realistic proportions for an archive that has run for years: most claims published.
STATE_WEIGHTS = [
    (State.PUBLISHED, 56),
    (State.CORRECTED, 4),
    (State.RETRACTED, 1),
    (State.REJECTED, 7),
    (State.DRAFT, 10),
    (State.SUBMITTED, 5),
    (State.IN_REVIEW, 7),
    (State.CHANGES_REQUESTED, 3),
    (State.VERDICT_PROPOSED, 4),
    (State.APPROVED, 3),
]
LANGUAGE_WEIGHTS = [("ja", 40), ("en", 30), ("ru", 15), ("uk", 15)]
FIRST_DAY = datetime.date(2014, 2, 20)
CORPUS_USERS = [(EDITOR, "corpus-editor", 12), (REVIEWER, "corpus-reviewer", 8), (CHIEF_EDITOR, "corpus-chief", 3)]


class Command(BaseCommand):
    help = "Generate a deterministic synthetic corpus of claims (Japanese, English, Russian, Ukrainian) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="How many claims to generate (at least 1).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed and sizes give the same corpus.")
        parser.add_argument("--speakers", type=int, default=2000, help="How many speakers (default 2000).")
        parser.add_argument("--chunk", type=int, default=2000, help="Claims written per transaction (default 2000).")
        parser.add_argument("--no-comments", action="store_true", help="Do not generate comment threads.")
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that already holds claims (never for a real desk)."
        )

    def handle(self, *args, claims, seed, speakers, chunk, no_comments, force, **options):
        if claims < 1:
            raise CommandError(f"--claims must be at least 1 (got {claims}).")
        if speakers < 1:
            raise CommandError(f"--speakers must be at least 1 (got {speakers}).")
        if chunk < 1:
            raise CommandError(f"--chunk must be at least 1 (got {chunk}).")
        existing = Claim.objects.count()
        if existing and not force:
            raise CommandError(
                f"This database already holds {existing} claims. generate_corpus fills a database with synthetic "
                "claims for benchmarks; it refuses to mix them into real data. Use an empty database, or pass --force "
                "if this database is a disposable benchmark copy."
            )
        if not Rating.objects.filter(scale__is_active=True).exists():
            raise CommandError("No active rating scale: run `manage.py migrate` first.")
        with_comments = not no_comments and _comments_ready()
        if not no_comments and not with_comments:
            self.stdout.write("The comments app or its tables are missing (not installed or not migrated): no comment threads generated.")
        started = time.monotonic()
        generator = CorpusGenerator(seed=seed, n_claims=claims, n_speakers=speakers, with_comments=with_comments)
        generator.prepare()
        self.stdout.write(f"{len(generator.speaker_ids)} speakers, {sum(map(len, generator.users.values()))} desk users ready.")
        done = 0
        while done < claims:
            size = min(chunk, claims - done)
            with transaction.atomic():
                generator.write_chunk(size)
            done += size
            self.stdout.write(f"{done}/{claims} claims ({time.monotonic() - started:.0f}s)")
        generator.finish()
        self.stdout.write(self.style.SUCCESS(f"Generated {claims} claims in {time.monotonic() - started:.0f}s: {generator.totals()}"))


def _comments_ready():
    if not apps.is_installed("comments"):
        return False
    try:
        tables = {apps.get_model("comments", name)._meta.db_table for name in ("Thread", "Comment")}
    except LookupError:
        return False
    return tables <= set(connection.introspection.table_names())


def _next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


class CorpusGenerator:
    def __init__(self, *, seed, n_claims, n_speakers, with_comments):
        self.rng = random.Random(seed)
        self.n_claims = n_claims
        self.n_speakers = n_speakers
        self.with_comments = with_comments
        self.counts = {}
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.span_days = max(1, (self.today - FIRST_DAY).days - 30)
        self.claim_index = 0

    # --- once: users, speakers, events, tags -------------------------------------

    def prepare(self):
        with transaction.atomic():
            self._users()
            self._speakers()
            self._events_and_tags()
            self._ratings()
            if self.with_comments:
                self._comment_models()
        self.next_ids = {model: _next_id(model) for model in (Claim, Source, Evidence, Verdict)}

    def _users(self):
        User = get_user_model()
        self.users = {}
        for role, prefix, count in CORPUS_USERS:
            group = Group.objects.get(name=role)
            for i in range(1, count + 1):
                user, created = User.objects.get_or_create(
                    username=f"{prefix}-{i:02d}", defaults={"email": f"{prefix}-{i:02d}@corpus.invalid", "is_staff": True}
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                user.groups.add(group)
                self.users.setdefault(role, []).append(user.pk)
        self.editors, self.reviewers, self.chiefs = self.users[EDITOR], self.users[REVIEWER], self.users[CHIEF_EDITOR]

    def _speakers(self):
        rng = self.rng
        used = set(SpeakerAlias.objects.values_list("folded", flat=True))
        specs = []  # (name, kind, [(alias, language)], scripts {ja, ru, en})

        def add_alias(aliases, name, language):
            folded = fold(name)
            if folded and folded not in used:
                used.add(folded)
                aliases.append((name, language))

        for name, alias_names in V.FAMOUS:
            aliases = []
            for alias in alias_names:
                script = "ja" if any("\u3040" <= c <= "\u9fff" for c in alias) else ("ru" if any("а" <= c.lower() <= "я" for c in alias) else "en")
                add_alias(aliases, alias, script)
            ja = next((a for a, lang in aliases if lang == "ja"), name)
            ru = next((a for a, lang in aliases if lang == "ru"), name)
            specs.append((name, Speaker.Kind.PERSON, aliases, {"ja": ja, "ru": ru, "uk": ru, "en": name}))
        n_orgs = max(1, min(len(V.ORG_KINDS) * len(V.ORG_COUNTRIES), self.n_speakers // 20))
        orgs = [(k, c) for c in V.ORG_COUNTRIES for k in V.ORG_KINDS][:n_orgs]
        for (kind_en, kind_ja, kind_ru), (c_en, c_ja, c_ru) in orgs:
            aliases = []
            name = f"{kind_en} of {c_en}"
            add_alias(aliases, f"{c_ja}{kind_ja}", "ja")
            add_alias(aliases, f"{kind_ru} {c_ru}", "ru")
            specs.append((name, Speaker.Kind.ORGANISATION, aliases, {"ja": f"{c_ja}{kind_ja}", "ru": f"{kind_ru} {c_ru}", "uk": f"{kind_ru} {c_ru}", "en": name}))
        seen_names = {s[0] for s in specs}
        attempts = 0
        while len(specs) < self.n_speakers and attempts < self.n_speakers * 50:
            attempts += 1
            if rng.random() < 0.15:
                g, f = rng.choice(V.JAPANESE_GIVEN), rng.choice(V.JAPANESE_FAMILY)
                latin, native, cyr = f"{g[0]} {f[0]}", f"{f[1]}{g[1]}", f"{f[2]} {g[2]}"
                if latin in seen_names:
                    latin = f"{g[0]} {f[0]}-{len(specs)}"
                    native = f"{native}{len(specs)}"
                    cyr = f"{cyr}-{len(specs)}"
            else:
                g = rng.choice(V.GIVEN_NAMES)
                parts = [rng.choice(V.SYLLABLES) for _ in range(rng.randint(1, 3))] + [rng.choice(V.SURNAME_ENDINGS)]
                s_lat = "".join(p[0] for p in parts).capitalize()
                s_ja = "".join(p[1] for p in parts)
                s_cyr = "".join(p[2] for p in parts).capitalize()
                latin, native, cyr = f"{g[0]} {s_lat}", f"{g[1]}・{s_ja}", f"{g[2]} {s_cyr}"
                if latin in seen_names:
                    continue
            seen_names.add(latin)
            aliases = []
            add_alias(aliases, native, "ja")
            add_alias(aliases, cyr, "ru")
            if rng.random() < 0.4:  # surname alone, where it is still unambiguous
                add_alias(aliases, cyr.split(" ")[-1], "ru")
            specs.append((latin, Speaker.Kind.PERSON, aliases, {"ja": native, "ru": cyr, "uk": cyr, "en": latin}))

        objs = [Speaker(name=name, kind=kind, description="") for name, kind, _, _ in specs]
        created = Speaker.objects.bulk_create(objs, batch_size=500)
        org_ids = [s.pk for s, spec in zip(created, specs) if spec[1] == Speaker.Kind.ORGANISATION]
        if org_ids:
            members = []
            for s, spec in zip(created, specs):
                if spec[1] == Speaker.Kind.PERSON and rng.random() < 0.5:
                    s.affiliation_id = rng.choice(org_ids)
                    members.append(s)
            Speaker.objects.bulk_update(members, ["affiliation"], batch_size=500)
        alias_objs = [
            SpeakerAlias(speaker_id=s.pk, name=alias, folded=fold(alias), language=lang)
            for s, spec in zip(created, specs)
            for alias, lang in spec[2]
        ]
        SpeakerAlias.objects.bulk_create(alias_objs, batch_size=1000)
        self.speaker_ids = [s.pk for s in created]
        self.speaker_names = {s.pk: spec[0] for s, spec in zip(created, specs)}
        self.speaker_scripts = {s.pk: spec[3] for s, spec in zip(created, specs)}
        self.speaker_aliases = {s.pk: [a for a, _ in spec[2]] for s, spec in zip(created, specs)}
        # A few speakers say a lot, most say little (Zipf-like).
        weights = [1.0 / (rank + 5) for rank in range(len(self.speaker_ids))]
        total = 0.0
        self.speaker_cum = []
        for w in weights:
            total += w
            self.speaker_cum.append(total)
        self.counts["speakers"] = len(created)
        self.counts["aliases"] = len(alias_objs)

    def _events_and_tags(self):
        rng = self.rng
        n_events = max(5, min(2000, self.n_claims // 50))
        existing = set(Event.objects.values_list("name", "date"))
        events = []
        for i in range(n_events):
            place = rng.choice(V.PLACES)
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(self.span_days))
            name = f"Talks in {place[1]} #{i + 1}"
            if (name, day) in existing:
                continue
            events.append(Event(name=name, place=place[1], date=day, date_precision=DatePrecision.DAY))
        self.event_ids = [e.pk for e in Event.objects.bulk_create(events, batch_size=500)]
        tags = []
        existing_slugs = set(Tag.objects.values_list("slug", flat=True))
        for name in V.TAGS:
            slug = name.replace(" ", "-")
            if slug not in existing_slugs:
                tags.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(tags)
        self.tag_ids = list(Tag.objects.values_list("pk", flat=True))
        self.counts["events"] = len(self.event_ids)

    def _ratings(self):
        ratings = list(Rating.objects.filter(scale__is_active=True).order_by("pk"))
        self.ratings = ratings
        self.rating_weights = [4 if r.value is not None and r.value <= 2 else 2 if r.value is not None else 1 for r in ratings]
        self.rating_labels = {r.pk: r.label for r in ratings}

    def _comment_models(self):
        from factcheck.markup import SANITIZER_VERSION, render_markdown

        self.Thread = apps.get_model("comments", "Thread")
        self.Comment = apps.get_model("comments", "Comment")
        self.sanitizer_version = SANITIZER_VERSION
        # Render a pool once: rendering 400k comments one by one would dominate the run.
        self.comment_pool = []
        for body in V.COMMENT_BODIES:
            for excerpt in ("戦車が配備された", "Iskander missiles near Minsk", "Кулеба заявил"):
                text = body.replace("{excerpt}", excerpt)
                self.comment_pool.append((text, str(render_markdown(text))))

    # --- per chunk ---------------------------------------------------------------

    def _take_ids(self, model, count):
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def _text(self, templates, lang, slots):
        return self.rng.choice(templates)[V.LANGS.index(lang)].format(**{k: (v[V.LANGS.index(lang)] if isinstance(v, tuple) else v) for k, v in slots.items()})

    def write_chunk(self, size):
        rng = self.rng
        claims, sources, evidence, verdicts, verdict_evidence, corrections, audits = [], [], [], [], [], [], []
        claim_tags, documents, threads, comments = [], [], [], []
        claim_ids = self._take_ids(Claim, size)
        for claim_id in claim_ids:
            self.claim_index += 1
            lang = rng.choices([l for l, _ in LANGUAGE_WEIGHTS], [w for _, w in LANGUAGE_WEIGHTS])[0]
            state = rng.choices([s for s, _ in STATE_WEIGHTS], [w for _, w in STATE_WEIGHTS])[0]
            has_speaker = rng.random() < 0.95
            speaker_id = rng.choices(self.speaker_ids, cum_weights=self.speaker_cum)[0] if has_speaker else None
            scripts = self.speaker_scripts[speaker_id] if speaker_id else None
            description = "" if speaker_id else rng.choice(["a Ukrainian citizen", "an anonymous official", "a Telegram channel"])
            actor = tuple(scripts[l] for l in V.LANGS) if scripts else ("匿名の当局者", "an anonymous official", "анонимный чиновник", "анонімний посадовець")
            slots = {
                "actor": actor,
                "place": rng.choice(V.PLACES),
                "weapon": rng.choice(V.WEAPONS),
                "region": rng.choice(V.REGIONS),
                "country": rng.choice(V.COUNTRIES),
                "verb": rng.choice(V.VERBS),
                "judgement": rng.choice(V.JUDGEMENTS),
                "n": rng.randint(2, 900),
                "year": rng.randint(2014, 2030),
            }
            template = rng.choice(V.TEMPLATES)
            statement = template[V.LANGS.index(lang)].format(**{k: (v[V.LANGS.index(lang)] if isinstance(v, tuple) else v) for k, v in slots.items()})
            statement = f"{statement} (#{self.claim_index})"
            translation = "" if lang == "en" else template[1].format(**{k: (v[1] if isinstance(v, tuple) else v) for k, v in slots.items()})
            said_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(self.span_days))
            precision = rng.choices([DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN], [85, 8, 3, 4])[0]
            if precision == DatePrecision.MONTH:
                said_on = said_on.replace(day=1)
            elif precision == DatePrecision.YEAR:
                said_on = said_on.replace(month=1, day=1)
            first_reported = said_on + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5])) if precision == DatePrecision.DAY else None
            created_at = timezone.make_aware(datetime.datetime.combine(said_on, datetime.time(8)) + datetime.timedelta(days=rng.randint(1, 20), minutes=rng.randrange(600)))
            if created_at > self.now - datetime.timedelta(days=5):
                created_at = self.now - datetime.timedelta(days=5, minutes=rng.randrange(600))
            editor_id = rng.choice(self.editors)

            # Sources: one that reported the claim, and for half the claims another new one.
            source_count = 2 if rng.random() < 0.5 else 1
            source_ids = list(self._take_ids(Source, source_count))
            for i, source_id in enumerate(source_ids):
                publisher = rng.choice(V.PUBLISHERS)
                sources.append(Source(
                    id=source_id,
                    title=f"{publisher}: {self._text(V.EXCERPTS, 'en', slots)[:120]}",
                    url=f"https://{publisher.lower().replace(' ', '-')}.example/{said_on.year}/{source_id}",
                    publisher=publisher,
                    kind=rng.choice([Source.Kind.ARTICLE] * 5 + [Source.Kind.VIDEO, Source.Kind.SOCIAL_POST, Source.Kind.OFFICIAL_STATEMENT]),
                    language=lang if i == 0 else rng.choice(V.LANGS),
                    published_on=first_reported or said_on,
                    accessed_on=first_reported or said_on,
                    created_at=created_at,
                ))
            pool = self.recent_sources if hasattr(self, "recent_sources") else []
            # Evidence: attribution from the reporting source, then ~2 substantive links.
            links = [(source_ids[0], Evidence.Relation.ATTRIBUTION)]
            extra_sources = source_ids[1:] + ([rng.choice(pool)] if pool else [])
            relations = [Evidence.Relation.REFUTES, Evidence.Relation.SUPPORTS, Evidence.Relation.CONTEXT]
            for source_id in extra_sources:
                links.append((source_id, rng.choice(relations)))
            if len(links) < 3 and rng.random() < 0.8:
                links.append((source_ids[0], Evidence.Relation.CONTEXT))
            evidence_ids = list(self._take_ids(Evidence, len(links)))
            excerpts = []
            for evidence_id, (source_id, relation) in zip(evidence_ids, links):
                excerpt = self._text(V.EXCERPTS, lang if relation == Evidence.Relation.ATTRIBUTION else rng.choice(V.LANGS), slots)
                excerpts.append(excerpt)
                evidence.append(Evidence(id=evidence_id, claim_id=claim_id, source_id=source_id, relation=relation,
                                         excerpt=excerpt, locator=f"paragraph {rng.randint(1, 12)}", added_by_id=editor_id, created_at=created_at))
            self.recent_sources = (pool + source_ids)[-5000:]

            # The workflow history that leads to the state, with consistent verdicts.
            steps = path_to(state)  # the walk the desk takes, read off reviews.workflow
            if "propose" in steps and rng.random() < 0.15:  # a verdict sent back once before
                i = steps.index("propose")
                steps[i:i + 1] = ["propose", "send_back", "propose"]
            reviewer_id = rng.choice(self.reviewers) if "take" in steps else None
            chief_id = rng.choice(self.chiefs)
            when = created_at
            audits.append(AuditEntry(claim_id=claim_id, actor_id=editor_id, created_at=when, action="create",
                                     from_state=State.DRAFT, to_state=State.DRAFT, snapshot={"statement": statement[:200]}))
            current = State.DRAFT
            proposed = None
            current_verdict = None
            published_at = None
            for step in steps:
                when = when + datetime.timedelta(hours=rng.randint(1, 72))
                if when > self.now:
                    when = self.now
                actor_id = {"submit": editor_id, "take": reviewer_id, "propose": reviewer_id, "request_changes": reviewer_id}.get(step, chief_id)
                verdict_id = None
                if step == "propose":
                    rating = rng.choices(self.ratings, self.rating_weights)[0]
                    verdict_id = self._take_ids(Verdict, 1)[0]
                    proposed = Verdict(id=verdict_id, claim_id=claim_id, attribution=AttributionFinding.CORRECT, rating_id=rating.pk,
                                       summary=f"{self.rating_labels[rating.pk]}: {self._text(V.EXCERPTS, 'en', slots)}"[:500],
                                       explanation="The desk compared the claim with the sources listed.",
                                       status=Verdict.Status.PROPOSED, proposed_by_id=reviewer_id, proposed_at=when)
                    verdicts.append(proposed)
                    verdict_evidence.extend((verdict_id, e) for e in evidence_ids)
                elif step == "send_back":
                    proposed.status, proposed.decided_by_id, proposed.decided_at = Verdict.Status.SENT_BACK, chief_id, when
                    verdict_id, proposed = proposed.pk, None
                elif step == "approve":
                    proposed.status, proposed.decided_by_id, proposed.decided_at = Verdict.Status.APPROVED, chief_id, when
                    verdict_id, current_verdict, proposed = proposed.pk, proposed, None
                elif step == "publish":
                    published_at = when
                    verdict_id = current_verdict.pk
                elif step == "correct":
                    rating = rng.choices(self.ratings, self.rating_weights)[0]
                    verdict_id = self._take_ids(Verdict, 1)[0]
                    new = Verdict(id=verdict_id, claim_id=claim_id, attribution=AttributionFinding.CORRECT, rating_id=rating.pk,
                                  summary=f"Corrected: {self.rating_labels[rating.pk]}", explanation="A later source changed the finding.",
                                  status=Verdict.Status.APPROVED, corrects_id=current_verdict.pk, proposed_by_id=chief_id,
                                  proposed_at=when, decided_by_id=chief_id, decided_at=when)
                    verdicts.append(new)
                    verdict_evidence.extend((verdict_id, e) for e in evidence_ids)
                    corrections.append(Correction(claim_id=claim_id, kind=Correction.Kind.CORRECTION, note="A later source gave a different figure.",
                                                  verdict_id=verdict_id, previous_verdict_id=current_verdict.pk, created_by_id=chief_id, created_at=when))
                    current_verdict = new
                elif step == "retract":
                    verdict_id = current_verdict.pk
                    corrections.append(Correction(claim_id=claim_id, kind=Correction.Kind.RETRACTION, note="The attribution could not be confirmed.",
                                                  previous_verdict_id=current_verdict.pk, created_by_id=chief_id, created_at=when))
                target = TRANSITIONS[step].target
                note = "Please add a primary source." if step in ("request_changes", "send_back") else ("Not a checkable claim." if step == "reject" else "")
                audits.append(AuditEntry(claim_id=claim_id, actor_id=actor_id, created_at=when, action=step, from_state=current,
                                         to_state=target, note=note, verdict_id=verdict_id, snapshot={}))
                current = target
            assert current == state, (current, state)

            claims.append(Claim(
                id=claim_id, speaker_id=speaker_id, speaker_description=description, statement=statement, language=lang,
                translation=translation, translation_language="en" if translation else "", form=rng.choice(["quote", "paraphrase"]),
                kind=rng.choices(["fact", "opinion", "prediction", "promise"], [80, 8, 8, 4])[0],
                said_on=None if precision == DatePrecision.UNKNOWN else said_on, said_on_precision=precision,
                first_reported_on=first_reported, event_id=rng.choice(self.event_ids) if self.event_ids and rng.random() < 0.4 else None,
                reporting=rng.choice(["second_hand", "second_hand", "direct", "third_hand"]), reported_by_id=source_ids[0],
                state=state, version=len(steps) + 1, assigned_reviewer_id=reviewer_id,
                review_due=(when.date() + datetime.timedelta(days=7)) if state in (State.IN_REVIEW, State.CHANGES_REQUESTED) else None,
                current_verdict_id=current_verdict.pk if current_verdict else None, published_at=published_at,
                created_by_id=editor_id, created_at=created_at, updated_at=when,
            ))
            for tag_id in set(rng.sample(self.tag_ids, k=min(len(self.tag_ids), rng.choice([0, 1, 1, 2, 3])))):
                claim_tags.append((claim_id, tag_id))
            document, tokens = build_document(
                statement=statement, translation=translation, speaker_description=description,
                speaker_name=self.speaker_names.get(speaker_id, ""), aliases=self.speaker_aliases.get(speaker_id, ()), excerpts=excerpts,
            )
            documents.append(ClaimSearchDocument(claim_id=claim_id, document=document, cjk_tokens=tokens))
            if self.with_comments and state != State.DRAFT:
                participants = [editor_id] + ([reviewer_id] if reviewer_id else []) + [chief_id]
                for t in range(rng.choice([1, 1, 2])):
                    thread_at = created_at + datetime.timedelta(hours=rng.randint(1, 48))
                    resolved = state in (State.PUBLISHED, State.CORRECTED, State.RETRACTED, State.REJECTED, State.APPROVED)
                    thread = self.Thread(claim_id=claim_id, created_by_id=participants[0], created_at=thread_at,
                                         resolved_at=when if resolved else None, resolved_by_id=chief_id if resolved else None)
                    threads.append(thread)
                    for c in range(rng.randint(2, 4)):
                        body, html = rng.choice(self.comment_pool)
                        comments.append((thread, self.Comment(author_id=rng.choice(participants), body=body, body_html=html,
                                                              sanitizer_version=self.sanitizer_version,
                                                              created_at=thread_at + datetime.timedelta(minutes=10 * c))))

        Source.objects.bulk_create(sources, batch_size=1000)
        Verdict.objects.bulk_create(verdicts, batch_size=1000)  # FKs to claims are deferred to commit
        Claim.objects.bulk_create(claims, batch_size=1000)
        Evidence.objects.bulk_create(evidence, batch_size=1000)
        Through = Verdict.evidence.through
        Through.objects.bulk_create([Through(verdict_id=v, evidence_id=e) for v, e in verdict_evidence], batch_size=2000)
        TagThrough = Claim.tags.through
        TagThrough.objects.bulk_create([TagThrough(claim_id=c, tag_id=t) for c, t in claim_tags], batch_size=2000)
        Correction.objects.bulk_create(corrections, batch_size=1000)
        record_many(audits, batch_size=1000)
        ClaimSearchDocument.objects.bulk_create(documents, batch_size=1000)
        if self.with_comments and threads:
            self.Thread.objects.bulk_create(threads, batch_size=1000)
            for thread, comment in comments:
                comment.thread_id = thread.pk
            self.Comment.objects.bulk_create([c for _, c in comments], batch_size=1000)
        for name, rows in (("claims", claims), ("sources", sources), ("evidence", evidence), ("verdicts", verdicts),
                           ("corrections", corrections), ("audit entries", audits), ("comment threads", threads), ("comments", comments)):
            self.counts[name] = self.counts.get(name, 0) + len(rows)

    def finish(self):
        """Explicit ids bypass PostgreSQL's sequences: move them past the new rows."""
        sql = connection.ops.sequence_reset_sql(no_style(), [Claim, Source, Evidence, Verdict])
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def totals(self):
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())
