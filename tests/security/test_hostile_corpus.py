"""The hostile corpus (BLNS + mutation XSS) through every input, then every output parsed strictly.

The world (tests/security/world.py) sends every accepted string through every text field of
the desk's claim, speaker, source and evidence forms and of the API, and walks the claims that
carry them to publication. Here: what is stored equals what was sent (or what the documented
trimming rule makes of it); refused strings are refused with a message; and every page, feed,
export and API answer built from them parses strictly, carries no executable markup and is
never a server error.
"""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import html5lib
import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Source, Speaker
from factcheck.text import first_refused
from publishing.claimreview import shorten

from .world import desk_claim
from .corpus import ACCEPTED, CORPUS, REFUSED

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}


def executable_markup(html):
    """Every way `html` could run script once a browser parses it (html5lib, as a browser would)."""
    found = []
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag == "script":
            data_block = (element.get("type") or "").lower() == "application/ld+json"
            our_file = (element.get("src") or "").startswith("/static/") and not (element.text or "").strip()
            if not (data_block or our_file):
                found.append(f"<script> {element.text!r:.80}")
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            found.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta refresh>")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"{tag} {name}={value!r:.60}")
            if name in URL_ATTRIBUTES:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"{tag} {name}={value!r:.60}")
    return found


def ld_json_blocks(html):
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return [s.text or "" for s in tree.iter("script") if s.get("type") == "application/ld+json"]


@pytest.fixture
def reader(fresh_cache):
    return Client()


@pytest.fixture
def desk_client(world):
    client = Client()
    client.force_login(world.editor)
    return client


def test_it_stores_every_accepted_string_as_sent_or_as_the_trimming_rule_says(world):
    assert len(world.sent) > 500
    mismatches = []
    for sent in world.sent:
        stored = getattr(sent.model.objects.get(pk=sent.pk), sent.name)
        if sent.model is Claim and sent.pk == world.legacy.pk:
            continue  # overwritten past the services on purpose (a row from before the rule)
        if stored != sent.expected:
            mismatches.append((sent.model.__name__, sent.name, sent.value[:60], stored[:60]))
    assert mismatches == []
    # Every accepted string of the corpus reached the database through some field.
    stored_text = "\n".join(
        [*Claim.objects.values_list("statement", flat=True), *Evidence.objects.values_list("excerpt", flat=True),
         *Speaker.objects.values_list("name", flat=True), *Source.objects.values_list("title", flat=True)]
    )
    missing = [text for text in ACCEPTED if text.strip() and text.strip() not in stored_text]
    assert missing == []


def test_it_refuses_each_refused_string_with_a_message_in_every_path(world, desk_client):
    api = APIClient()
    api.force_authenticate(world.editor)
    claims_before = Claim.objects.count()
    for text in REFUSED:
        # Desk: in the statement (a quote), and in a one-line field (the new source's title).
        for field in ("statement", "title"):
            if field == "title" and not first_refused(text.strip()):
                continue  # one-line fields are trimmed first: nothing refused is left to refuse
            values = {"statement": "A fine statement", "excerpt": "fine", "title": "Fine source", "description": "someone"}
            values[field] = text
            response = desk_claim(desk_client, **values)
            assert not isinstance(response, Claim), (field, text)
            assert response.status_code in (200, 400)
            errors = html5lib.parse(response.content, treebuilder="etree", namespaceHTMLElements=False)
            messages = " ".join(
                "".join(e.itertext()) for e in errors.iter() if "errorlist" in (e.get("class") or "")
            )
            assert "U+" in messages or "Null characters" in messages, (field, text, messages[:300])
        # API: statement, excerpt, a speaker's name and a source's publisher.
        trimmed_still_refused = bool(first_refused(text.strip()))
        answers = [api.post("/api/v1/claims/", {"statement": text, "language": "en", "speaker_description": "x"}, format="json")]
        if trimmed_still_refused:
            answers += [
                api.post("/api/v1/speakers/", {"name": text}, format="json"),
                api.post("/api/v1/sources/", {"title": "t", "publisher": text}, format="json"),
            ]
        for response in answers:
            assert response.status_code == 400, (text, response.content[:200])
            body = json.dumps(response.json())
            assert "U+" in body or "Null characters" in body or "Surrogate" in body, body[:300]
    assert Claim.objects.count() == claims_before


@pytest.mark.parametrize(
    "url",
    ["/", "/corrections/", "published", "speaker", "desk:claim", "desk:list", "desk:source"],
)
def test_it_renders_every_page_without_executable_markup(world, reader, desk_client, url):
    targets = {
        "published": [f"/fact-checks/{c.pk}/" for c in world.published],
        "speaker": [f"/speakers/{c.speaker_id}/" for c in world.published if c.speaker_id],
        "desk:claim": [f"/desk/claims/{c.pk}/" for c in world.published + world.drafts[:3]],
        "desk:list": ["/desk/claims/", "/desk/claims/?q=script"],
        "desk:source": [f"/desk/sources/{c.evidence.first().source_id}/" for c in world.published],
    }.get(url, [url])
    client = desk_client if url.startswith("desk") else reader
    for target in targets:
        response = client.get(target)
        assert response.status_code == 200, target
        assert executable_markup(response.content.decode()) == [], target


def test_no_hostile_string_reaches_a_published_page_through_a_shared_record(world, reader, desk_client):
    """An editor who did not write the fact-check renames the sources it rests on: refused, page unchanged
    (claims.protection.shared_record_refusal; the role matrix is tests/security/test_shared_records.py)."""
    claim = world.published[0]
    page = reader.get(f"/fact-checks/{claim.pk}/").content
    source = claim.evidence.select_related("source").first().source
    for value in ACCEPTED[::25]:
        title = value.strip()[:500] or "x"
        response = desk_client.post(f"/admin/claims/source/{source.pk}/change/", {
            "title": title, "url": "https://elsewhere.example/", "kind": source.kind, "language": source.language,
            "publisher": source.publisher, "outlet": source.outlet_id or "", "notes": source.notes,
        })
        assert response.status_code == 200 and f"#{claim.pk}" in response.content.decode(), title
        assert Source.objects.filter(pk=source.pk, title=source.title, url=source.url).exists()
    assert reader.get(f"/fact-checks/{claim.pk}/").content == page


def test_it_keeps_json_ld_a_data_block_that_parses_to_what_is_stored(world, reader):
    for claim in world.published:
        if claim.pk == world.legacy.pk:
            continue
        html = reader.get(f"/fact-checks/{claim.pk}/").content.decode()
        (block,) = ld_json_blocks(html)
        assert "<" not in block and "\u2028" not in block and "\u2029" not in block
        review = json.loads(block)
        assert review["claimReviewed"] == shorten(claim.statement)


@pytest.mark.parametrize("path", ["/feeds/fact-checks.rss", "/feeds/fact-checks.atom"])
def test_it_serves_feeds_that_parse_as_strict_xml_even_with_a_legacy_row(world, reader, path):
    response = reader.get(path)

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    texts = "".join(root.itertext())
    assert "Legacy \ufffd[31mred" in texts  # the old row is in the feed, its escape character replaced
    entries = root.findall(".//item") or root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(world.published) + 1  # the corrected one's correction is an entry of its own


def test_it_serves_json_lines_one_valid_document_per_line_for_any_line_splitter(world, reader):
    body = reader.get("/exports/claimreview.jsonl").content.decode()

    assert "\u2028" not in body and "\u2029" not in body and "\x85" not in body
    lines = body.splitlines()  # Python splits on U+2028 and friends too: none may be raw
    assert len(lines) == len(world.published)
    reviews = [json.loads(line) for line in lines]
    statements = {shorten(c.statement) for c in Claim.objects.filter(pk__in=[c.pk for c in world.published])}
    assert {r["claimReviewed"] for r in reviews} == statements


def test_it_serves_the_markup_pages_export_and_the_api_as_json(world, reader):
    pages = json.loads(reader.get("/exports/claimreview-markup-pages.json").content)
    assert len(pages["claimReviewMarkupPages"]) == len(world.published)
    api = APIClient()
    for claim in world.published:
        data = api.get(f"/api/v1/claims/{claim.pk}/").json()
        stored = Claim.objects.get(pk=claim.pk)
        assert (data["statement"], data["translation"]) == (stored.statement, stored.translation)
        assert {e["excerpt"] for e in data["evidence"]} == set(stored.evidence.values_list("excerpt", flat=True))


def test_it_exports_csv_without_formula_cells_and_with_every_statement(world, desk_client):
    response = desk_client.get("/desk/claims/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, rows = rows[0], rows[1:]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    column = header.index("statement")
    exported = {row[header.index("id")]: row[column] for row in rows}
    for claim in Claim.objects.all():
        expected = claim.statement
        if expected.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + expected
        assert exported[str(claim.pk)] == expected


def test_it_refuses_an_unrelated_editor_merging_a_draft_into_a_fact_check_and_writes_nothing(world, reader):
    """Merging is editing the kept claim: an editor with no part in a published fact-check cannot pour a
    draft's evidence into it, and trying again and again (with hostile notes) adds nothing to any trail."""
    from claims.models import AuditEntry
    from reviews.roles import EDITOR
    from tests.conftest import make_user

    stranger = make_user("sec-stranger", EDITOR, is_staff=True)
    desk = Client()
    desk.force_login(stranger)
    target, draft = world.published[1], world.drafts[0]
    page = reader.get(f"/fact-checks/{target.pk}/").content
    trail, evidence = AuditEntry.objects.count(), set(target.evidence.values_list("pk", flat=True))
    for note in [text for text in ACCEPTED if text.strip()][:20]:
        response = desk.post(f"/desk/claims/{target.pk}/merge/", {"duplicate": draft.pk, "note": note[:500]}, follow=True)
        assert response.status_code == 200
        assert "a chief editor who wrote neither claim must do this merge" in response.content.decode()
    draft.refresh_from_db()
    assert draft.merged_into_id is None and draft.evidence.exists()
    assert set(target.evidence.values_list("pk", flat=True)) == evidence
    assert AuditEntry.objects.count() == trail
    assert reader.get(f"/fact-checks/{target.pk}/").content == page


def test_the_corpus_is_the_pinned_big_list_plus_our_vectors():
    assert len(CORPUS) > 530
    assert any("<script>" in text for text in CORPUS)
    assert all(first_refused(text) for text in REFUSED) and len(REFUSED) >= 5
