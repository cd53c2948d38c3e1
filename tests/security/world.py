"""The hostile world, built once per module: the corpus sent through the desk forms and the API,
stored, and walked to publication through `reviews.services.perform`.

Every value sent is recorded with the row and field it should land in, so the tests can
compare what is stored with what was sent (exactly for quotes and excerpts, trimmed for
names and titles: the documented rule in `factcheck.text`).
"""

from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Source, Speaker, fold
from factcheck.text import is_exact
from reviews import services
from reviews.models import Correction, Rating
from reviews.roles import CHIEF_EDITOR, EDITOR, REVIEWER
from tests.conftest import make_user, revise

from .corpus import ACCEPTED, pack

LONG = Claim._meta.get_field("statement").max_length


@dataclass
class Sent:
    model: type
    pk: int
    name: str
    value: str

    @property
    def expected(self):
        """What the documented rule stores: exactly what was sent, or trimmed for one-line fields."""
        return self.value if is_exact(self.model._meta.get_field(self.name)) else self.value.strip()


@dataclass
class World:
    editor: object
    reviewer: object
    chief: object
    sent: list = field(default_factory=list)
    published: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    corrected: object = None
    legacy: object = None

    def record(self, obj, **values):
        for name, value in values.items():
            self.sent.append(Sent(type(obj), obj.pk, name, value))


def short_packs(model, name):
    return pack(ACCEPTED, model._meta.get_field(name).max_length, " | ")


def long_packs():
    return pack(ACCEPTED, LONG, "\n")


def management(total):
    return {
        "evidence-TOTAL_FORMS": str(total),
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }


def desk_claim(client, *, statement, translation="", description="", note="", speaker_name="", excerpt, locator="", title, publisher=""):
    """POST the desk's claim form with a new speaker and a new source; the created claim or the response."""
    data = {
        "speaker": "",
        "speaker_lookup": "",
        "speaker_description": description,
        "statement": statement,
        "language": "en",
        "translation": translation,
        "translation_language": "en",
        "form": "quote",
        "kind": "fact",
        "said_on": "",
        "said_on_precision": "unknown",
        "first_reported_on": "",
        "event": "",
        "reporting": "second_hand",
        "reported_by": "",
        "reported_by_lookup": "",
        "reporting_note": note,
        "new_speaker-name": speaker_name,
        "new_speaker-kind": "person",
        "new_speaker-aliases": "",
        **management(1),
        "evidence-0-new_title": title,
        "evidence-0-new_publisher": publisher,
        "evidence-0-new_kind": "article",
        "evidence-0-relation": "attribution",
        "evidence-0-excerpt": excerpt,
        "evidence-0-locator": locator,
    }
    before = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post("/desk/claims/new/", data)
    if response.status_code != 302:
        return response
    claim = Claim.objects.get(pk__gt=before, created_by__username=response.wsgi_request.user.username)
    return claim


def publish(world, claim, *, summary, explanation):
    claim.refresh_from_db()
    evidence = list(claim.evidence.all())
    # A "False" rating needs evidence beyond the attribution source: add a refuting one.
    refuting = Source.objects.create(title="The public record")
    evidence.append(Evidence.objects.create(claim=claim, source=refuting, relation="refutes", excerpt="The record."))
    rating = Rating.objects.get(scale__is_active=True, label="False")
    steps = [
        ("submit", world.editor, {}),
        ("take", world.reviewer, {}),
        ("propose", world.reviewer, {"attribution": "correct", "rating": rating, "summary": summary,
                                     "explanation": explanation, "evidence": evidence}),
        ("approve", world.chief, {}),
        ("publish", world.chief, {}),
    ]
    for name, user, extra in steps:
        claim.refresh_from_db()
        services.perform(name, claim=claim, user=user, expected_version=claim.version, **extra)
    claim.refresh_from_db()
    return claim


def build_world():
    world = World(
        editor=make_user("sec-editor", EDITOR, is_staff=True),
        reviewer=make_user("sec-reviewer", REVIEWER, is_staff=True),
        chief=make_user("sec-chief", CHIEF_EDITOR, is_staff=True),
    )
    desk = Client()
    desk.force_login(world.editor)
    api = APIClient()
    api.force_authenticate(world.editor)

    # --- the desk form: every string through every text field of the claim, speaker, source and
    # evidence forms (long fields in a few packs, short fields in as many packs as they need).
    longs = long_packs()
    shorts = {
        "description": short_packs(Claim, "speaker_description"),
        "note": short_packs(Claim, "reporting_note"),
        "speaker_name": short_packs(Speaker, "name"),
        "locator": short_packs(Evidence, "locator"),
        "title": short_packs(Source, "title"),
        "publisher": short_packs(Source, "publisher"),
    }
    rows = max(len(longs), *(len(p) for p in shorts.values()))
    for i in range(rows):
        values = {name: packs[i] if i < len(packs) else "" for name, packs in shorts.items()}
        statement = longs[i] if i < len(longs) else f"Claim {i} of the hostile corpus"
        translation = longs[-1 - i] if i < len(longs) else ""
        excerpt = longs[i] if i < len(longs) else f"Excerpt {i}"
        values["title"] = values["title"] or f"Source {i}"
        values["speaker_name"] = values["speaker_name"] or f"Speaker {i}"
        result = desk_claim(desk, statement=statement, translation=translation, excerpt=excerpt, **values)
        assert isinstance(result, Claim), (i, result.status_code, result.content.decode()[:2000])
        evidence = result.evidence.select_related("source").get()
        world.record(result, statement=statement, translation=translation,
                     speaker_description=values["description"], reporting_note=values["note"])
        world.record(result.speaker, name=values["speaker_name"])
        world.record(evidence, excerpt=excerpt, locator=values["locator"])
        world.record(evidence.source, title=values["title"], publisher=values["publisher"])
        (world.published if i < len(longs) else world.drafts).append(result)

    # --- the API: sources, speakers (with aliases) and claims with evidence.
    api_sources = []
    for i, title in enumerate(short_packs(Source, "title")):
        publisher = (short_packs(Source, "publisher") + [""] * 200)[i]
        # The long packs once each (as in the desk rows): sending the same 20,000 characters with every
        # source and claim again tested nothing new and cost most of the world's build (a 20 KB search
        # document indexed three times per claim).
        notes, text = (longs[i], longs[-1 - i]) if i < len(longs) else ("", "")
        body = {"title": title, "publisher": publisher, "notes": notes, "text": text}
        response = api.post("/api/v1/sources/", body, format="json")
        assert response.status_code == 201, response.content[:500]
        source = Source.objects.get(pk=response.json()["id"])
        world.record(source, **body)
        api_sources.append(source)
    # An alias is also stored folded (NFKC spells some characters out): it must fit folded too.
    aliases = pack(ACCEPTED, 200, " | ", measure=lambda text: max(len(text), len(fold(text))))
    for i in range(0, len(aliases), 50):
        body = {"name": aliases[i], "aliases": aliases[i : i + 50]}
        response = api.post("/api/v1/speakers/", body, format="json")
        assert response.status_code == 201, response.content[:500]
        speaker = Speaker.objects.get(pk=response.json()["id"])
        world.record(speaker, name=body["name"])
        for alias in speaker.aliases.all():
            assert alias.name in [a.strip() for a in body["aliases"]]
    api_claims = []
    descriptions = short_packs(Claim, "speaker_description")
    notes = short_packs(Claim, "reporting_note")
    locators = short_packs(Evidence, "locator")
    rows = max(len(longs), len(descriptions), len(notes), len(locators))
    for i in range(rows):
        statement = longs[i] if i < len(longs) else f"API claim {i} of the hostile corpus"
        body = {
            "statement": statement,
            "language": "en",
            "translation": longs[-1 - i] if i < len(longs) else "",
            "speaker_description": descriptions[i] if i < len(descriptions) else "someone",
            "reporting_note": notes[i] if i < len(notes) else "",
            "said_on_precision": "unknown",
            "evidence": [
                {
                    "source": api_sources[i % len(api_sources)].pk,
                    "relation": "attribution",
                    "excerpt": longs[i] if i < len(longs) else f"API excerpt {i}",
                    "locator": locators[i] if i < len(locators) else "",
                }
            ],
        }
        response = api.post("/api/v1/claims/", body, format="json")
        assert response.status_code == 201, response.content[:1000]
        claim = Claim.objects.get(pk=response.json()["id"])
        world.record(claim, **{k: body[k] for k in ("statement", "translation", "speaker_description", "reporting_note")})
        evidence = claim.evidence.get()
        world.record(evidence, excerpt=body["evidence"][0]["excerpt"], locator=body["evidence"][0]["locator"])
        (world.published if i < len(longs) else world.drafts).append(claim)
        api_claims.append(claim)

    # --- publish the claims that carry the long packs; verdicts and a correction carry them too.
    summaries = pack(ACCEPTED, 500, " | ")
    for i, claim in enumerate(list(world.published)):
        world.published[i] = publish(world, claim, summary=summaries[i], explanation=longs[i % len(longs)])
    corrected = world.published[0]
    revise(
        corrected,
        kind="correction",
        preparer=world.reviewer,
        approver=world.chief,
        note=longs[-1],
        rating=Rating.objects.get(scale__is_active=True, label="Misleading"),
        summary=summaries[-1],
        explanation=longs[0],
        evidence=list(corrected.evidence.all()),
    )
    corrected.refresh_from_db()
    world.corrected = corrected
    world.record(Correction.objects.get(claim=corrected), note=longs[-1])
    world.record(corrected.current_verdict, summary=summaries[-1], explanation=longs[0])

    # --- a row stored before the rule existed: control characters written past the services.
    legacy = world.published[-1]
    Claim.objects.filter(pk=legacy.pk).update(statement="Legacy \x1b[31mred\x1b[0m and back\x08space\x0c", translation="\x07\x1f")  # (PostgreSQL cannot store NUL at all)
    Speaker.objects.filter(pk=legacy.speaker_id).update(name="Legacy\x1bname") if legacy.speaker_id else None
    legacy.refresh_from_db()
    world.legacy = legacy
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The hostile world, built once per module inside a transaction rolled back at the end."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PUBLIC_EXPORT_RATE="100000/minute", PASSWORD_HASHERS=fast):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()
