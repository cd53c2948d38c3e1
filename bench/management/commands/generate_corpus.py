"""A realistic synthetic archive for benchmarks: `manage.py generate_corpus --claims 100000 --seed 1`.

Deterministic for a given seed and size. Rows are built as plain tuples (no model
instances) and written per chunk with PostgreSQL `COPY … FROM STDIN` (psycopg 3
`cursor.copy`), or one multi-row `executemany` per table on SQLite. Primary keys are
assigned here so that claims, verdicts, evidence, threads and audit entries can
reference each other without a second pass; `save()` and signals are bypassed, so
everything they would do (alias folding, search documents, the audit checksum chain)
is done here explicitly. Existing speakers, events and tags (the seed post's, from
`load_seed`/`quickstart`) are reused, never duplicated.
"""

import datetime
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from bench import corpus as V
from claims import counters
from claims.audit import chain_head, digest
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


def _cumulative(pairs):
    values, cum, total = [], [], 0
    for value, weight in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


STATES, STATE_CUM = _cumulative(STATE_WEIGHTS)
LANGS, LANG_CUM = _cumulative(LANGUAGE_WEIGHTS)
PRECISIONS, PRECISION_CUM = _cumulative(
    [(DatePrecision.DAY, 85), (DatePrecision.MONTH, 8), (DatePrecision.YEAR, 3), (DatePrecision.UNKNOWN, 4)]
)
KINDS, KIND_CUM = _cumulative([("fact", 80), ("opinion", 8), ("prediction", 8), ("promise", 4)])
RELATIONS = [Evidence.Relation.REFUTES, Evidence.Relation.SUPPORTS, Evidence.Relation.CONTEXT]
SOURCE_KINDS = [Source.Kind.ARTICLE] * 5 + [Source.Kind.VIDEO, Source.Kind.SOCIAL_POST, Source.Kind.OFFICIAL_STATEMENT]
RESOLVED_STATES = {State.PUBLISHED, State.CORRECTED, State.RETRACTED, State.REJECTED, State.APPROVED}
# Parents before children (PostgreSQL checks the deferred foreign keys at commit anyway).
WRITE_ORDER = ["sources", "claims", "evidence", "verdicts", "verdict_evidence", "claim_tags", "corrections", "audit",
               "documents", "threads", "comments"]
SOURCES_PER_CLAIM = 1 / 20  # ~5k sources per 100k claims
SPEAKERS_PER_CLAIM = 1 / 50  # ~20k speakers per 1M claims
EVENTS_MAX = 2000


class TableWriter:
    """Rows of one table as tuples, written in one COPY (PostgreSQL) or one executemany (others).

    Every concrete column is written: a value the generator does not give takes the
    field's default (computed once), so a field added to a model later with a default
    needs no change here.
    """

    def __init__(self, model, *, with_id=True):
        fields = [f for f in model._meta.concrete_fields if with_id or not (f.primary_key and isinstance(f, models.AutoField))]
        self.table = model._meta.db_table
        self.keys = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.defaults = {f.attname: (f.get_default() if f.has_default() or not f.null else None) for f in fields}
        pg = connection.vendor == "postgresql"
        self.convert = {}
        for f in fields:
            if isinstance(f, models.JSONField):
                self.convert[f.attname] = json.dumps
            elif not pg and isinstance(f, models.DateTimeField):
                self.convert[f.attname] = connection.ops.adapt_datetimefield_value
            elif not pg and isinstance(f, models.DateField):
                self.convert[f.attname] = connection.ops.adapt_datefield_value
        for key, conv in self.convert.items():
            self.defaults[key] = conv(self.defaults[key]) if self.defaults[key] is not None else None
        self.rows = []

    def add(self, **values):
        for key, conv in self.convert.items():
            if key in values and values[key] is not None:
                values[key] = conv(values[key])
        row = {**self.defaults, **values}
        self.rows.append(tuple(row[k] for k in self.keys))

    def flush(self, cursor) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({placeholders})", rows)
        return len(rows)


BULK_FROM = 20000  # claims; below this (tests, small corpora) every row goes through the normal checks


class BulkMode:
    """PostgreSQL, large runs only: the fast path of a bulk load into a disposable benchmark database.

    Secondary indexes of the tables written (not primary keys or unique constraints) are
    dropped first and rebuilt once at the end — one sort instead of a million GIN inserts —
    and, for a superuser, `session_replication_role = replica` skips the per-row foreign-key
    triggers inside each chunk (the generator assigns every key itself, and the same code
    runs with all checks on at small sizes in the tests). The definitions are read from
    `pg_indexes`, so an index added by a later migration is rebuilt too; they are rebuilt
    even if the load fails half-way.
    """

    TABLES = ["claims_claim", "claims_claimsearchdocument", "claims_evidence", "reviews_auditentry", "reviews_verdict",
              "claims_source", "comments_thread", "comments_comment", "claims_claim_tags", "reviews_verdict_evidence",
              "reviews_correction"]

    REBUILD_WORKERS = 2  # connections rebuilding indexes at once (one per core here)
    MAINTENANCE_WORK_MEM = "1GB"  # per connection: the sorts stay in memory at 1M claims

    def __init__(self, *, enabled):
        self.enabled = enabled and connection.vendor == "postgresql"
        self.dropped = []
        self.table_of = {}
        self.superuser = False

    def __enter__(self):
        if not self.enabled:
            return self
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            self.superuser = bool(cursor.fetchone()[0])
            cursor.execute(
                """SELECT i.indexname, i.indexdef, i.tablename FROM pg_indexes i
                   WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                   ORDER BY i.indexname""",
                [self.TABLES],
            )
            found = cursor.fetchall()
            self.dropped = [(name, definition) for name, definition, _ in found]
            self.table_of = {name: table for name, _, table in found}
            for name, _ in self.dropped:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return self

    def begin_chunk(self):
        if self.enabled and self.superuser:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def __exit__(self, *exc):
        if self.dropped:
            self.rebuild()
        return False

    def rebuild(self):
        """Rebuild the dropped indexes on one connection per core, biggest table first.

        Index builds are CPU-bound sorts; PostgreSQL before 18 builds a GIN index on one core,
        so two connections keep both cores busy: the trigram GIN index of the search documents
        (the longest build) on one, the B-trees of the other tables on the other. Largest first
        is the classic longest-processing-time order for two workers.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
                [self.TABLES],
            )
            sizes = dict(cursor.fetchall())

        def cost(item):
            name, definition = item
            gin = 4 if " USING gin " in definition else 1  # a trigram GIN index costs several B-trees
            return gin * sizes.get(self.table_of[name], 0)

        jobs = sorted(self.dropped, key=cost, reverse=True)
        workers = max(1, min(self.REBUILD_WORKERS, len(jobs)))

        def build(definition):
            try:
                with connections["default"].cursor() as cursor:
                    cursor.execute(f"SET maintenance_work_mem = '{self.MAINTENANCE_WORK_MEM}'")
                    cursor.execute(definition)
            finally:
                connections["default"].close()  # this worker thread's own connection

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(build, definition) for _, definition in jobs]:
                future.result()


CORPUS_USERS = [(EDITOR, "corpus-editor", 12), (REVIEWER, "corpus-reviewer", 8), (CHIEF_EDITOR, "corpus-chief", 3)]


class Command(BaseCommand):
    help = "Generate a deterministic synthetic corpus of claims (Japanese, English, Russian, Ukrainian) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="How many claims to generate (at least 1).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed and sizes give the same corpus.")
        parser.add_argument("--speakers", type=int, default=None, help="How many speakers (default: one per 50 claims, at least 50).")
        parser.add_argument("--chunk", type=int, default=5000, help="Claims written per transaction (default 5000).")
        parser.add_argument("--no-comments", action="store_true", help="Do not generate comment threads.")
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that already holds claims (never for a real desk)."
        )

    def handle(self, *args, claims, seed, speakers, chunk, no_comments, force, **options):
        if claims < 1:
            raise CommandError(f"--claims must be at least 1 (got {claims}).")
        if speakers is None:
            speakers = max(50, round(claims * SPEAKERS_PER_CLAIM))
        if speakers < 1:
            raise CommandError(f"--speakers must be at least 1 (got {speakers}).")
        if chunk < 1:
            raise CommandError(f"--chunk must be at least 1 (got {chunk}).")
        # The seed post's claims (load_seed, quickstart) carry an import key: a corpus may join them.
        existing = Claim.objects.filter(import_key="").count()
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
        bulk = BulkMode(enabled=claims >= BULK_FROM)
        with bulk:
            if bulk.dropped:
                self.stdout.write(f"Bulk mode: {len(bulk.dropped)} secondary indexes dropped, rebuilt at the end; foreign keys hold by construction.")
            done = 0
            while done < claims:
                size = min(chunk, claims - done)
                with transaction.atomic():
                    bulk.begin_chunk()
                    generator.write_chunk(size)
                done += size
                self.stdout.write(f"{done}/{claims} claims ({time.monotonic() - started:.0f}s)")
            if bulk.dropped:
                self.stdout.write(f"Rebuilding indexes ({time.monotonic() - started:.0f}s)…")
        generator.finish()
        if options.get("verbosity", 1) > 1:
            self.stdout.write("seconds per table: " + ", ".join(f"{k} {v:.1f}" for k, v in generator.timings.items()))
        self.stdout.write(self.style.SUCCESS(f"Generated {claims} claims in {time.monotonic() - started:.0f}s: {generator.totals()}"))


def _comments_ready():
    if not apps.is_installed("comments"):
        return False
    try:
        tables = {apps.get_model("comments", name)._meta.db_table for name in ("Thread", "Comment")}
    except LookupError:
        return False
    return tables <= set(connection.introspection.table_names())


def _existing_speaker(names):
    """The id of a speaker already recorded under any of these names or aliases (any case or width), else None."""
    folded = {fold(name) for name in names if name}
    match = (
        Speaker.objects.filter(Q(aliases__folded__in=folded) | Q(name__in=names))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return match


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
        models_with_ids = [Claim, Source, Evidence, Verdict] + ([self.Thread] if self.with_comments else [])
        self.next_ids = {model: _next_id(model) for model in models_with_ids}
        self.paths = {state: path_to(state) for state in STATES}
        self.source_pool = []
        self.new_source_rate = SOURCES_PER_CLAIM
        self.state_counts = {}
        self.timings = {}
        W = self.writers = {
            "sources": TableWriter(Source),
            "claims": TableWriter(Claim),
            "evidence": TableWriter(Evidence),
            "verdicts": TableWriter(Verdict),
            "verdict_evidence": TableWriter(Verdict.evidence.through, with_id=False),
            "claim_tags": TableWriter(Claim.tags.through, with_id=False),
            "corrections": TableWriter(Correction, with_id=False),
            "audit": TableWriter(AuditEntry, with_id=False),
            "documents": TableWriter(ClaimSearchDocument),
        }
        if self.with_comments:
            W["threads"] = TableWriter(self.Thread)
            W["comments"] = TableWriter(self.Comment, with_id=False)

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
        reused = {}  # index in specs -> id of a speaker already in the database

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
            spec = (name, Speaker.Kind.PERSON, aliases, {"ja": ja, "ru": ru, "uk": ru, "en": name})
            existing = _existing_speaker([name, *alias_names])
            if existing:  # e.g. the seed post's "Volodymyr Zelenskyy": reuse it, never a second Zelensky
                reused[len(specs)] = existing
            specs.append(spec)
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

        new = [i for i in range(len(specs)) if i not in reused]
        created = Speaker.objects.bulk_create(
            [Speaker(name=specs[i][0], kind=specs[i][1], description="") for i in new], batch_size=1000
        )
        ids = dict(reused)
        ids.update({i: speaker.pk for i, speaker in zip(new, created)})
        org_ids = [speaker.pk for i, speaker in zip(new, created) if specs[i][1] == Speaker.Kind.ORGANISATION]
        if org_ids:
            members = []
            for i, speaker in zip(new, created):
                if specs[i][1] == Speaker.Kind.PERSON and rng.random() < 0.5:
                    speaker.affiliation_id = rng.choice(org_ids)
                    members.append(speaker)
            Speaker.objects.bulk_update(members, ["affiliation"], batch_size=1000)
        alias_objs = [
            SpeakerAlias(speaker_id=ids[i], name=alias, folded=fold(alias), language=lang)
            for i, spec in enumerate(specs)
            for alias, lang in spec[2]
        ]
        SpeakerAlias.objects.bulk_create(alias_objs, batch_size=2000)
        known_aliases = {}
        for speaker_id, alias in SpeakerAlias.objects.filter(speaker_id__in=reused.values()).order_by("pk").values_list("speaker_id", "name"):
            known_aliases.setdefault(speaker_id, []).append(alias)
        self.speaker_ids = [ids[i] for i in range(len(specs))]
        self.speaker_names = {ids[i]: spec[0] for i, spec in enumerate(specs)}
        self.speaker_names.update(Speaker.objects.filter(pk__in=reused.values()).values_list("pk", "name"))
        self.speaker_scripts = {ids[i]: spec[3] for i, spec in enumerate(specs)}
        self.speaker_aliases = {ids[i]: [a for a, _ in spec[2]] for i, spec in enumerate(specs)}
        self.speaker_aliases.update(known_aliases)
        # A few speakers say a lot, most say little (Zipf-like).
        weights = [1.0 / (rank + 5) for rank in range(len(self.speaker_ids))]
        total = 0.0
        self.speaker_cum = []
        for w in weights:
            total += w
            self.speaker_cum.append(total)
        self.counts["speakers"] = len(created)
        if reused:
            self.counts["speakers reused"] = len(reused)
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
        self.rating_values = {r.pk: r.value for r in ratings}

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
        """Build `size` claims with everything that hangs off them, then write each table once."""
        rng = self.rng
        self.chain = chain_head()  # inside the chunk's transaction: serialises chain writers
        W = self.writers
        claim_ids = self._take_ids(Claim, size)
        for claim_id in claim_ids:
            self.claim_index += 1
            lang = rng.choices(LANGS, cum_weights=LANG_CUM)[0]
            li = V.LANGS.index(lang)
            state = rng.choices(STATES, cum_weights=STATE_CUM)[0]
            has_speaker = rng.random() < 0.95
            speaker_id = rng.choices(self.speaker_ids, cum_weights=self.speaker_cum)[0] if has_speaker else None
            scripts = self.speaker_scripts[speaker_id] if speaker_id else None
            description = "" if speaker_id else rng.choice(["a Ukrainian citizen", "an anonymous official", "a Telegram channel"])
            actor = tuple(scripts[l] for l in V.LANGS) if scripts else ("匿名の当局者", "an anonymous official", "анонимный чиновник", "анонімний посадовець")
            slots = V.slots(rng, actor, most=900, last_year=2030)
            by_lang = [{k: (v[i] if isinstance(v, tuple) else v) for k, v in slots.items()} for i in range(len(V.LANGS))]
            template = rng.choice(V.TEMPLATES)
            statement = f"{template[li].format(**by_lang[li])} (#{self.claim_index})"
            translation = "" if lang == "en" else template[1].format(**by_lang[1])
            said_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(self.span_days))
            precision = rng.choices(PRECISIONS, cum_weights=PRECISION_CUM)[0]
            if precision == DatePrecision.MONTH:
                said_on = said_on.replace(day=1)
            elif precision == DatePrecision.YEAR:
                said_on = said_on.replace(month=1, day=1)
            first_reported = said_on + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5])) if precision == DatePrecision.DAY else None
            created_at = datetime.datetime.combine(said_on, datetime.time(8), tzinfo=datetime.timezone.utc) + datetime.timedelta(
                days=rng.randint(1, 20), minutes=rng.randrange(600)
            )
            if created_at > self.now - datetime.timedelta(days=5):
                created_at = self.now - datetime.timedelta(days=5, minutes=rng.randrange(600))
            editor_id = rng.choice(self.editors)

            # Sources are shared: about one new source per 20 claims (5k per 100k), the rest cite known ones.
            if not self.source_pool or rng.random() < self.new_source_rate:
                reporting_source = self._source(slots, by_lang, lang, said_on, first_reported, created_at)
            else:
                reporting_source = rng.choice(self.source_pool)
            # Evidence: attribution from the reporting source, then about two substantive links.
            links = [(reporting_source, Evidence.Relation.ATTRIBUTION)]
            links.append((rng.choice(self.source_pool), rng.choice(RELATIONS)))
            if rng.random() < 0.8:
                links.append((rng.choice(self.source_pool), Evidence.Relation.CONTEXT))
            links = list(dict.fromkeys(links))
            evidence_ids = list(self._take_ids(Evidence, len(links)))
            excerpts = []
            for evidence_id, (source_id, relation) in zip(evidence_ids, links):
                i = li if relation == Evidence.Relation.ATTRIBUTION else rng.randrange(len(V.LANGS))
                excerpt = rng.choice(V.EXCERPTS)[i].format(**by_lang[i])
                excerpts.append(excerpt)
                W["evidence"].add(id=evidence_id, claim_id=claim_id, source_id=source_id, relation=relation, excerpt=excerpt,
                                  locator=f"paragraph {rng.randint(1, 12)}", added_by_id=editor_id, created_at=created_at)

            # The workflow history that leads to the state, with consistent verdicts.
            steps = list(self.paths[state])  # the walk the desk takes, read off reviews.workflow
            if "propose" in steps and rng.random() < 0.15:  # a verdict sent back once before
                i = steps.index("propose")
                steps[i:i + 1] = ["propose", "send_back", "propose"]
            reviewer_id = rng.choice(self.reviewers) if "take" in steps else None
            chief_id = rng.choice(self.chiefs)
            when = created_at
            audits = [(claim_id, editor_id, when, "create", State.DRAFT, State.DRAFT, "", None, {"statement": statement[:200]})]
            current = State.DRAFT
            proposed = None
            current_verdict = None
            published_at = None
            verdicts = []
            for step in steps:
                when = when + datetime.timedelta(hours=rng.randint(1, 72))
                if when > self.now:
                    when = self.now
                actor_id = {"submit": editor_id, "take": reviewer_id, "propose": reviewer_id, "request_changes": reviewer_id,
                            "start_correction": reviewer_id, "propose_revision": reviewer_id}.get(step, chief_id)
                verdict_id = None
                if step == "propose":
                    rating = rng.choices(self.ratings, self.rating_weights)[0]
                    verdict_id = self._take_ids(Verdict, 1)[0]
                    proposed = dict(id=verdict_id, claim_id=claim_id, attribution=AttributionFinding.CORRECT, rating_id=rating.pk,
                                    summary=f"{self.rating_labels[rating.pk]}: {rng.choice(V.EXCERPTS)[1].format(**by_lang[1])}"[:500],
                                    explanation="The desk compared the claim with the sources listed.",
                                    status=Verdict.Status.PROPOSED, proposed_by_id=reviewer_id, proposed_at=when)
                    verdicts.append(proposed)
                    for e in evidence_ids:
                        W["verdict_evidence"].add(verdict_id=verdict_id, evidence_id=e)
                elif step == "send_back":
                    proposed.update(status=Verdict.Status.SENT_BACK, decided_by_id=chief_id, decided_at=when)
                    verdict_id, proposed = proposed["id"], None
                elif step == "approve":
                    proposed.update(status=Verdict.Status.APPROVED, decided_by_id=chief_id, decided_at=when)
                    verdict_id, current_verdict, proposed = proposed["id"], proposed, None
                elif step == "publish":
                    published_at = when
                    verdict_id = current_verdict["id"]
                elif step == "publish_correction":  # prepared by the reviewer (start, propose), approved by the chief
                    rating = rng.choices(self.ratings, self.rating_weights)[0]
                    verdict_id = self._take_ids(Verdict, 1)[0]
                    new = dict(id=verdict_id, claim_id=claim_id, attribution=AttributionFinding.CORRECT, rating_id=rating.pk,
                               summary=f"Corrected: {self.rating_labels[rating.pk]}", explanation="A later source changed the finding.",
                               status=Verdict.Status.APPROVED, corrects_id=current_verdict["id"], proposed_by_id=reviewer_id,
                               proposed_at=when, decided_by_id=chief_id, decided_at=when)
                    verdicts.append(new)
                    for e in evidence_ids:
                        W["verdict_evidence"].add(verdict_id=verdict_id, evidence_id=e)
                    W["corrections"].add(claim_id=claim_id, kind=Correction.Kind.CORRECTION, note="A later source gave a different figure.",
                                         verdict_id=verdict_id, previous_verdict_id=current_verdict["id"], created_by_id=chief_id, created_at=when)
                    current_verdict = new
                elif step == "retract":
                    verdict_id = current_verdict["id"]
                    W["corrections"].add(claim_id=claim_id, kind=Correction.Kind.RETRACTION, note="The attribution could not be confirmed.",
                                         previous_verdict_id=current_verdict["id"], created_by_id=chief_id, created_at=when)
                target = TRANSITIONS[step].target_from(current)
                note = "Please add a primary source." if step in ("request_changes", "send_back") else ("Not a checkable claim." if step == "reject" else "")
                # What reviews.services._run snapshots: the reviewer on take, the verdict's rating as it was then.
                snapshot = {"assigned_reviewer_id": reviewer_id} if step == "take" else {}
                if verdict_id is not None:
                    rated = next(v for v in verdicts if v["id"] == verdict_id)
                    snapshot["verdict"] = {"id": verdict_id, "rating": self.rating_labels[rated["rating_id"]],
                                           "rating_value": self.rating_values[rated["rating_id"]]}
                audits.append((claim_id, actor_id, when, step, current, target, note, verdict_id, snapshot))
                current = target
            assert current == state, (current, state)
            for verdict in verdicts:
                W["verdicts"].add(**verdict)
            for claim_, actor_, at_, action_, from_, to_, note_, verdict_, snapshot_ in audits:
                fields = {"claim_id": claim_, "actor_id": actor_, "created_at": at_, "action": action_, "from_state": from_,
                          "to_state": to_, "note": note_, "verdict_id": verdict_, "snapshot": snapshot_}
                entry_hash = digest(fields, self.chain)
                W["audit"].add(**fields, previous_hash=self.chain, entry_hash=entry_hash)
                self.chain = entry_hash

            W["claims"].add(
                id=claim_id, speaker_id=speaker_id, speaker_description=description, statement=statement, language=lang,
                translation=translation, translation_language="en" if translation else "", form=rng.choice(["quote", "paraphrase"]),
                kind=rng.choices(KINDS, cum_weights=KIND_CUM)[0],
                said_on=None if precision == DatePrecision.UNKNOWN else said_on, said_on_precision=precision,
                first_reported_on=first_reported, event_id=rng.choice(self.event_ids) if self.event_ids and rng.random() < 0.4 else None,
                reporting=rng.choice(["second_hand", "second_hand", "direct", "third_hand"]), reported_by_id=reporting_source,
                state=state, version=len(steps) + 1, assigned_reviewer_id=reviewer_id,
                review_due=(when.date() + datetime.timedelta(days=7)) if state in (State.IN_REVIEW, State.CHANGES_REQUESTED) else None,
                current_verdict_id=current_verdict["id"] if current_verdict else None, published_at=published_at,
                created_by_id=editor_id, owner_id=editor_id, created_at=created_at, updated_at=when,
            )
            self.state_counts[state] = self.state_counts.get(state, 0) + 1
            for tag_id in set(rng.sample(self.tag_ids, k=min(len(self.tag_ids), rng.choice([0, 1, 1, 2, 3])))):
                W["claim_tags"].add(claim_id=claim_id, tag_id=tag_id)
            document, tokens = build_document(
                statement=statement, translation=translation, speaker_description=description,
                speaker_name=self.speaker_names.get(speaker_id, ""), aliases=self.speaker_aliases.get(speaker_id, ()), excerpts=excerpts,
            )
            W["documents"].add(claim_id=claim_id, document=document, cjk_tokens=tokens)
            if self.with_comments and state != State.DRAFT:
                participants = [editor_id] + ([reviewer_id] if reviewer_id else []) + [chief_id]
                resolved = state in RESOLVED_STATES
                for t in range(rng.choice([1, 1, 2])):
                    thread_at = created_at + datetime.timedelta(hours=rng.randint(1, 48))
                    thread_id = self._take_ids(self.Thread, 1)[0]
                    W["threads"].add(id=thread_id, claim_id=claim_id, created_by_id=participants[0], created_at=thread_at,
                                     resolved_at=when if resolved else None, resolved_by_id=chief_id if resolved else None)
                    for c in range(rng.randint(2, 4)):
                        body, html = rng.choice(self.comment_pool)
                        W["comments"].add(thread_id=thread_id, author_id=rng.choice(participants), body=body, body_html=html,
                                          sanitizer_version=self.sanitizer_version, created_at=thread_at + datetime.timedelta(minutes=10 * c))

        with connection.cursor() as cursor:
            for name in WRITE_ORDER:
                if name in W:
                    t0 = time.monotonic()
                    self.counts[name] = self.counts.get(name, 0) + W[name].flush(cursor)
                    self.timings[name] = self.timings.get(name, 0) + time.monotonic() - t0

    def _source(self, slots, by_lang, lang, said_on, first_reported, created_at):
        """A new source, cited first by the claim being written (ids are assigned here, COPY needs no RETURNING)."""
        rng = self.rng
        source_id = self._take_ids(Source, 1)[0]
        publisher = rng.choice(V.PUBLISHERS)
        self.writers["sources"].add(
            id=source_id,
            title=f"{publisher}: {rng.choice(V.EXCERPTS)[1].format(**by_lang[1])[:120]}",
            url=f"https://{publisher.lower().replace(' ', '-')}.example/{said_on.year}/{source_id}",
            publisher=publisher,
            kind=rng.choice(SOURCE_KINDS),
            language=lang,
            published_on=first_reported or said_on,
            accessed_on=first_reported or said_on,
            created_at=created_at,
        )
        self.source_pool.append(source_id)
        return source_id

    def finish(self):
        """Explicit ids bypass PostgreSQL's sequences: move them past the new rows."""
        sql = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        counters.recount()  # bulk mode skipped the triggers that keep the counts by state
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def totals(self):
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())
