"""Shared personas and builders. Tests read as specifications: build the data they need here."""

import itertools

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim, Evidence, Source, Speaker
from claims.search import reindex_once
from tests.old_release import old_release  # noqa: F401  (the upgrade tests' fixture: tests/old_release.py)
from reviews import services
from reviews.models import Rating
from reviews.roles import ADMIN, CHIEF_EDITOR, EDITOR, REVIEWER
from reviews.workflow import TRANSITIONS, path_to

_counter = itertools.count(1)


def _explicitly_selected(config):
    markexpr = config.getoption("markexpr", "") or ""
    return "postgres" in markexpr and "not postgres" not in markexpr


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests leave a SQLite run visibly (as "deselected"), never as a silent pass.

    `.ci/run` runs the suite again on PostgreSQL, where they run. Selected on
    purpose (`-m postgres`) without PostgreSQL, they fail loudly through the
    `postgres_only` fixture instead.
    """
    from django.db import connection

    if connection.vendor == "postgresql" or _explicitly_selected(config):
        return
    keep = [item for item in items if not item.get_closest_marker("postgres")]
    drop = [item for item in items if item.get_closest_marker("postgres")]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_configure(config):
    """Let the test suite's flush (and only it) empty the append-only audit table.

    The audit triggers refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) unless
    maintenance is on for the transaction (`claims.audit.maintenance`); Django's
    flush between transactional tests runs inside it, so isolation keeps working.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "audit_maintenance", False):
        return

    def execute_sql_flush(self, sql_list):
        from claims.audit import maintenance

        with maintenance(self.connection.alias):
            original(self, sql_list)

    execute_sql_flush.audit_maintenance = True
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on 127.0.0.1 serves every page a test fetches: tests never touch the internet."""
    return ("127.0.0.1", 0)


@pytest.fixture
def local_fetch(settings):
    """Let the fetcher reach the local fixture server (and nothing else private), with short limits."""
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_CONNECT_TIMEOUT = 2
    settings.FETCH_TOTAL_TIMEOUT = 5
    return settings


@pytest.fixture
def postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail(
            "This test needs PostgreSQL with real concurrent connections: "
            "run it with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def default_language():
    """A page served in Japanese leaves Japanese active in the thread; every test starts in the default."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are created per test; real PBKDF2 rounds would dominate the run time (not a security test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username, *roles, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@desk.test", password="correct-horse-battery", **extra
    )
    user.groups.add(*Group.objects.filter(name__in=roles))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def editor(db):
    return make_user("eddie", EDITOR, is_staff=True)


@pytest.fixture
def other_editor(db):
    return make_user("erin", EDITOR, is_staff=True)


@pytest.fixture
def reviewer(db):
    return make_user("rita", REVIEWER, is_staff=True)


@pytest.fixture
def other_reviewer(db):
    return make_user("rob", REVIEWER, is_staff=True)


@pytest.fixture
def chief(db):
    return make_user("chloe", CHIEF_EDITOR, is_staff=True)


@pytest.fixture
def admin_user(db):
    return make_user("ada", ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no desk role."""
    return make_user("oscar")


@pytest.fixture
def make_speaker(db):
    def build(name=None, aliases=(), **fields):
        speaker = Speaker.objects.create(name=name or f"Speaker {next(_counter)}", **fields)
        for alias in aliases:
            speaker.aliases.create(name=alias)
        return speaker

    return build


@pytest.fixture
def make_source(db):
    def build(**fields):
        n = next(_counter)
        fields.setdefault("title", f"Source {n}")
        fields.setdefault("url", f"https://news.example/{n}")
        return Source.objects.create(**fields)

    return build


@pytest.fixture
def make_claim(db, editor, make_speaker, make_source):
    """A draft claim by `editor` with an attribution link (and, if asked, a refuting one)."""

    def build(*, created_by=None, speaker=None, with_refutation=False, **fields):
        fields.setdefault("statement", f"Statement number {next(_counter)}")
        fields.setdefault("language", "en")
        fields.setdefault("said_on_precision", "unknown")
        speaker = speaker if speaker is not None else make_speaker()
        with reindex_once():  # indexed once with its evidence, as `claims.services.create_claim` does
            claim = Claim.objects.create(created_by=created_by or editor, speaker=speaker, **fields)
            Evidence.objects.create(claim=claim, source=make_source(), relation="attribution", excerpt="as reported")
            if with_refutation:
                Evidence.objects.create(claim=claim, source=make_source(), relation="refutes", excerpt="the record says otherwise")
        return claim

    return build


@pytest.fixture
def rating(db):
    """The default scale's ratings by label."""
    return {r.label: r for r in Rating.objects.filter(scale__is_active=True)}


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def built_once(django_db_blocker, build):
    """Body of a module-scoped fixture: `build()` read-only data once for every test of the module.

    The data lives in a transaction around the whole module and is rolled back after its
    last test; each test still runs in its own savepoint inside it, so what a test writes
    is gone before the next one. Use with `yield from built_once(django_db_blocker, build)`,
    only in modules without transactional tests. Module data has its own users: the
    per-test personas (`editor`, …) would clash with them.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- walking a claim through the workflow ----------------------------------------------

# Who takes each step when a test walks a claim: editors write, reviewers research, chief editors decide.
WALKERS = {
    "submit": "editor",
    "resubmit": "editor",
    "take": "reviewer",
    "request_changes": "reviewer",
    "propose": "reviewer",
    "unassign": "reviewer",
    "assign": "chief",
    "send_back": "chief",
    "approve": "chief",
    "publish": "chief",
    "reject": "chief",
    "reopen": "chief",
    "start_update": "reviewer",
    "start_correction": "reviewer",
    "propose_revision": "reviewer",
    "return_revision": "chief",
    "withdraw_revision": "reviewer",
    "publish_update": "chief",
    "publish_correction": "chief",
    "retract": "chief",
    "hand_over": "chief",
    "record_recheck": "reviewer",
    "propose_resolution": "reviewer",
    "resolve": "chief",
}


def revise(claim, *, kind="correction", preparer, approver, note="The first version misread the date.", **changes):
    """Publish an update or a correction of a published `claim` the way the desk does: `preparer`
    starts it and changes what `changes` says (rating, summary, explanation, attribution,
    evidence, new_evidence), sends it with the public `note`, and `approver` publishes it."""
    from reviews.services import edit_revision, open_revision

    claim.refresh_from_db()
    services.perform(f"start_{kind}", claim=claim, user=preparer, expected_version=claim.version)
    revision = open_revision(claim)
    fields = {
        "attribution": revision.attribution,
        "rating": revision.rating,
        "summary": revision.summary,
        "explanation": revision.explanation,
        "evidence": list(revision.evidence.all()),
        "new_evidence": [],
    }
    if not changes:
        changes = {"summary": revision.summary + " (revised)"}
    edit_revision(claim=claim, user=preparer, expected_version=claim.version, **{**fields, **changes})
    services.perform("propose_revision", claim=claim, user=preparer, expected_version=claim.version, note=note)
    services.perform(f"publish_{kind}", claim=claim, user=approver, expected_version=claim.version)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def step_inputs(request, rating):
    """Valid input for step `name` on `claim` (a reason, a verdict on the claim's own evidence, a reviewer),
    with `overrides` for the inputs the step takes; a rating may be given by its label."""

    def build(name, claim, **overrides):
        defaults = {
            "note": {
                "request_changes": "Name the source of the quote.",
                "send_back": "Cite the primary record.",
                "reject": "Opinion: nothing to check.",
                "reopen": "The statement was mistranscribed.",
                "propose_revision": "The first version misread the date.",
                "return_revision": "Say which record you mean.",
                "retract": "The source turned out to be fabricated.",
                "record_recheck": "Looked again: the trade figures are not out yet.",
                "propose_resolution": "He visited Washington on the day he announced.",
            }.get(name, ""),
            "attribution": "correct",
            "rating": "False",
            "summary": "The record shows otherwise.",
            "evidence": list(claim.evidence.all()),
        }
        if name == "assign":
            defaults["reviewer"] = request.getfixturevalue("other_reviewer")
        if name == "hand_over":
            defaults["editor"] = request.getfixturevalue("other_editor")
        if name == "propose_resolution":
            defaults.update(outcome="kept", source_url="https://news.example/outcome", excerpt="He arrived on the 21st.")
        takes = TRANSITIONS[name].input_names
        inputs = {key: value for key, value in {**defaults, **overrides}.items() if key in takes}
        if isinstance(inputs.get("rating"), str):
            inputs["rating"] = rating[inputs["rating"]]
        return inputs

    return build


# The revision a revision step needs to find (prepared by `reviewer`): (kind, sent for approval?).
REVISION_SETUP = {
    "propose_revision": ("update", False),
    "return_revision": ("update", True),
    "withdraw_revision": ("update", False),
    "publish_update": ("update", True),
    "publish_correction": ("correction", True),
}


def prepare_revision(claim, kind, sent, preparer):
    """Open a revision of the published `claim` by `preparer` that changes the summary (and send it)."""
    services.perform(f"start_{kind}", claim=claim, user=preparer, expected_version=claim.version)
    claim.refresh_from_db()
    _edit_open_revision(claim, preparer)
    if sent:
        services.perform("propose_revision", claim=claim, user=preparer, expected_version=claim.version, note="A new source.")
    claim.refresh_from_db()
    return claim


def _edit_open_revision(claim, user, rating=None):
    from reviews.services import edit_revision, open_revision

    revision = open_revision(claim)
    if revision.kind != "correction":
        rating = None  # an update keeps the rating
    edit_revision(
        claim=claim, user=user, expected_version=claim.version, attribution=revision.attribution, rating=rating or revision.rating,
        summary=revision.summary, explanation=(revision.explanation + "\n\nRevised.").strip(), evidence=list(revision.evidence.all()),
    )
    claim.refresh_from_db()


@pytest.fixture
def prepare_step(request, step_inputs):
    """Make `claim` (already in a source state of step `name`) ready for it beyond its state: a resolution is
    taken on a promise, and approved after `reviewer` proposed it; a revision step finds the revision
    `reviewer` prepared (REVISION_SETUP)."""

    def prepare(name, claim):
        if name in REVISION_SETUP:
            prepare_revision(claim, *REVISION_SETUP[name], request.getfixturevalue("reviewer"))
        if name in ("propose_resolution", "resolve"):
            Claim.objects.filter(pk=claim.pk).update(kind=Claim.Kind.PROMISE)
            claim.refresh_from_db()
        if name == "resolve":
            services.perform(
                "propose_resolution",
                claim=claim,
                user=request.getfixturevalue("reviewer"),
                expected_version=claim.version,
                **step_inputs("propose_resolution", claim),
            )
        return claim

    return prepare


@pytest.fixture
def advance(request, step_inputs):
    """Walk `claim` to state `to` along `reviews.workflow.path_to`, as the desk would (`WALKERS`).

    `by={step: user}` changes who takes a step; any other keyword overrides that
    input in every step of the walk that takes it (`rating="True"`, `summary=…`).
    """

    def walk(claim, to, *, by=None, **overrides):
        claim.refresh_from_db()
        for name in path_to(to, start=claim.state):
            actor = (by or {}).get(name) or request.getfixturevalue(WALKERS[name])
            if name == "propose_revision":  # a revision must change something before it is sent
                # A walk to "corrected" corrects False to Misleading (or to `correction_rating=`).
                label = overrides.get("correction_rating", "Misleading")
                _edit_open_revision(claim, actor, rating=request.getfixturevalue("rating")[label])
            inputs = step_inputs(name, claim, **{k: v for k, v in overrides.items() if k != "correction_rating"})
            services.perform(name, claim=claim, user=actor, expected_version=claim.version, **inputs)
        assert claim.state == to, (claim.state, to)
        return claim

    return walk
