"""Load the seed post into the database. Safe to run again: it creates only what is missing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from reviews.roles import EDITOR

from claims import services
from claims.models import (
    Claim,
    DatePrecision,
    fold,
    Event,
    Outlet,
    OutletAlias,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerIdentifier,
    SpeakerRole,
    Tag,
)
from . import BLOG, BLOG_OUTLET, BLOG_TEXT_PATH, CITED, CLAIMS, EVENTS, ORGANISATIONS, OUTLETS, PEOPLE, SCREENSHOTS, TAGS

SEED_USERNAME = "seed-import"


class SeedError(Exception):
    pass


def seed_user():
    """The editor of record for imported claims (it cannot log in)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=SEED_USERNAME, defaults={"first_name": "Seed import"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=EDITOR))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def _speaker(entry, kind):
    """The seed's speaker, reusing one already recorded under its name or any alias (e.g. by generate_corpus).

    Aliases are unique across speakers (whatever the case or width), so an alias some speaker
    already has is left alone instead of failing the whole load.
    """
    names = [entry["name"], *(name for name, _ in entry["aliases"])]
    speaker = (
        Speaker.objects.filter(name=entry["name"]).order_by("pk").first()
        or Speaker.objects.filter(aliases__folded__in={fold(name) for name in names}).order_by("pk").first()
        or Speaker.objects.create(name=entry["name"], kind=kind)
    )
    taken = set(SpeakerAlias.objects.filter(folded__in={fold(name) for name, _ in entry["aliases"]}).values_list("folded", flat=True))
    for name, language in entry["aliases"]:
        if fold(name) not in taken:
            SpeakerAlias.objects.create(speaker=speaker, name=name, language=language)
            taken.add(fold(name))
    for scheme, value in entry["identifiers"]:
        if not SpeakerIdentifier.objects.filter(scheme=scheme, value=value).exists():
            SpeakerIdentifier.objects.create(speaker=speaker, scheme=scheme, value=value)
    return speaker


def _hop(spec, outlets, cited):
    """A seed chain hop (see demo/seed/__init__.py) as `claims.chains` takes it."""
    day = spec.get("date")
    return {
        "outlet": outlets.get(spec.get("outlet")),
        "source": cited.get(spec.get("cited") or spec.get("source")),
        "by_speaker": spec.get("by_speaker", False),
        "date": day,
        "date_precision": DatePrecision.DAY if day else DatePrecision.UNKNOWN,
        "wording": "",
        "note": "",
    }


@transaction.atomic
def load_seed():
    """Returns the number of claims created (0 on a second run)."""
    text = BLOG_TEXT_PATH.read_text(encoding="utf-8")
    for entry in CLAIMS:
        quotes = [entry["excerpt"]] + [caption for _, caption in entry.get("context", [])]
        for quote in quotes:
            if quote not in text:
                raise SeedError(f"Excerpt for {entry['key']} is not in the blog post: {quote[:40]}…")
        for hop in entry["chain"]:
            if "post" in hop and hop["post"] not in text:
                raise SeedError(f"The post does not cite {hop['cited']} as {entry['key']}'s chain says: {hop['post']}")
            if "cue" in hop and hop["cue"] not in entry["excerpt"]:
                raise SeedError(f"The excerpt of {entry['key']} does not name the speaker's channel: {hop['cue']}")

    outlets = {}
    for data in OUTLETS:
        data = dict(data)
        aliases = data.pop("aliases")
        outlets[data["name"]], _ = Outlet.objects.get_or_create(name=data["name"], defaults=data)
        for alias in aliases:
            OutletAlias.objects.get_or_create(outlet=outlets[data["name"]], name=alias)

    blog, _ = Source.objects.get_or_create(
        url=BLOG["url"], defaults={**BLOG, "outlet": outlets[BLOG_OUTLET], "text": text, "accessed_on": BLOG["published_on"]}
    )
    if blog.outlet_id is None:
        blog.outlet = outlets[BLOG_OUTLET]
        blog.save(update_fields=["outlet"])
    cited = {}
    for data in CITED:
        cited[data["title"]], _ = Source.objects.get_or_create(
            title=data["title"], url="", defaults={"kind": Source.Kind.OTHER, "language": "", "notes": data["notes"]}
        )
    screenshots = {}
    for shot in SCREENSHOTS:
        screenshots[shot["key"]], _ = Source.objects.get_or_create(
            title=shot["title"],
            url="",
            defaults={
                "kind": Source.Kind.SCREENSHOT,
                "language": shot["language"],
                "published_on": BLOG["published_on"],
                "notes": "Screenshot embedded in the blog post; the page it shows is not identified.",
            },
        )

    speakers = {org["name"]: _speaker(org, Speaker.Kind.ORGANISATION) for org in ORGANISATIONS}
    for person in PEOPLE:
        speaker = _speaker(person, Speaker.Kind.PERSON)
        if person["affiliation"] and speaker.affiliation_id is None:
            speaker.affiliation = speakers[person["affiliation"]]
            speaker.save(update_fields=["affiliation"])
        for title, organisation, start, end in person["roles"]:
            SpeakerRole.objects.get_or_create(
                speaker=speaker,
                title=title,
                defaults={
                    "organisation": speakers.get(organisation),
                    "start_date": start,
                    "end_date": end,
                },
            )
        speakers[person["name"]] = speaker

    events = {}
    for key, data in EVENTS.items():
        events[key], _ = Event.objects.get_or_create(name=data["name"], date=data["date"], defaults={"place": data["place"]})
    tags = {slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in TAGS.items()}

    user = seed_user()
    created = 0
    for entry in CLAIMS:
        if Claim.objects.filter(import_key=entry["key"]).exists():
            continue
        evidence = [{"source": blog, "relation": "attribution", "excerpt": entry["excerpt"], "locator": entry["locator"]}]
        for shot, caption in entry.get("context", []):
            evidence.append({"source": screenshots[shot], "relation": "context", "excerpt": caption, "locator": "screenshot"})
        claim = services.create_claim(
            user=user,
            tags=[tags[slug] for slug in entry["tags"]],
            evidence=evidence,
            speaker=speakers.get(entry["speaker"]) if entry["speaker"] else None,
            speaker_description=entry.get("speaker_description", ""),
            statement=entry["statement"],
            language="ja",
            translation=entry["translation"],
            translation_language="en",
            form=entry.get("form", Claim.Form.PARAPHRASE),
            kind=entry["kind"],
            resolution_due=entry.get("resolution_due"),
            said_on=entry["said_on"],
            said_on_precision=DatePrecision.DAY if entry["said_on"] else DatePrecision.UNKNOWN,
            first_reported_on=BLOG["published_on"],
            event=events.get(entry.get("event")),
            reported_by=blog,
            reporting_note=entry.get("reporting_note", ""),
            hops=[_hop(hop, outlets, cited) for hop in entry["chain"]],
        )
        Claim.objects.filter(pk=claim.pk).update(import_key=entry["key"])
        created += 1
    return created


