"""Free-text search over claims: one interface, whatever the backend does underneath.

`search_claims(queryset, text)` narrows a claim queryset to those whose statement,
translation, speaker name or aliases, speaker description or evidence excerpts
contain `text` (a substring match, case- and width-insensitive in every script).

Why this shape: a desk with 100k+ claims cannot scan the claims table (and join
evidence and aliases) for every search. Each claim has one denormalised, folded
`ClaimSearchDocument`; the index over it is chosen per backend:

- SQLite: an FTS5 table with the `trigram` tokenizer (substring match for queries of
  three or more characters) and an FTS5 table of CJK unigram/bigram tokens.
- PostgreSQL: a `pg_trgm` GIN index on the document and a GIN index on the array of
  CJK tokens.

Trigram indexes cannot serve one- and two-character queries, yet Japanese words are
often two characters (会談, 戦車, 併合); like CJK search engines we index every CJK
character and every pair of adjacent ones, so those queries are indexed too. Short
queries in other scripts ("EU") are rare and fall back to a scan of the documents.

The documents are kept in sync by `reindex_claims`, called by the claim services and
by signal handlers (so the admin, fixtures and any `save()` keep it current too).
"""

import re

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from .models import Claim, ClaimSearchDocument, Evidence, Speaker, SpeakerAlias, fold

# Hiragana, katakana (incl. ー), CJK ideographs (+ext. A, compatibility), Hangul, 々〆〇.
_CJK = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_CJK_CHAR = re.compile(r"^[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+$")
# Between fields, so no query (whitespace is normalised to single spaces) spans two fields.
FIELD_SEPARATOR = "\x1e"
REINDEX_BATCH = 500


def normalise(text):
    """The folded form with whitespace collapsed, used for documents and queries alike."""
    return " ".join(fold(text).split())


def cjk_tokens(document):
    """Every CJK character and every pair of adjacent CJK characters, space-separated and sorted."""
    tokens = set()
    for run in _CJK.findall(document):
        tokens.update(run)
        tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(sorted(tokens))


def build_document(*, statement="", translation="", speaker_description="", speaker_name="", aliases=(), excerpts=()):
    """(document, cjk_tokens) for one claim from plain values (also used by bulk loaders)."""
    parts = [statement, translation, speaker_description, speaker_name, *aliases, *excerpts]
    document = FIELD_SEPARATOR.join(p for p in (normalise(part) for part in parts) if p)
    return document, cjk_tokens(document)


# --- keeping documents in sync ---------------------------------------------------


def reindex_claims(claim_ids):
    """Rebuild the search documents of these claims (missing claims lose theirs)."""
    ids = sorted({int(i) for i in claim_ids if i is not None})
    for start in range(0, len(ids), REINDEX_BATCH):
        _reindex_batch(ids[start : start + REINDEX_BATCH])


def reindex_claim(claim_id):
    reindex_claims([claim_id])


def _reindex_batch(ids):
    rows = list(
        Claim.objects.filter(pk__in=ids).values_list(
            "pk", "statement", "translation", "speaker_description", "speaker_id", "speaker__name"
        )
    )
    speaker_ids = {row[4] for row in rows if row[4]}
    aliases = {}
    for speaker_id, name in SpeakerAlias.objects.filter(speaker_id__in=speaker_ids).order_by("pk").values_list(
        "speaker_id", "name"
    ):
        aliases.setdefault(speaker_id, []).append(name)
    excerpts = {}
    for claim_id, excerpt in Evidence.objects.filter(claim_id__in=ids).order_by("pk").values_list("claim_id", "excerpt"):
        excerpts.setdefault(claim_id, []).append(excerpt)
    documents = []
    for pk, statement, translation, description, speaker_id, speaker_name in rows:
        document, tokens = build_document(
            statement=statement,
            translation=translation,
            speaker_description=description,
            speaker_name=speaker_name or "",
            aliases=aliases.get(speaker_id, ()),
            excerpts=excerpts.get(pk, ()),
        )
        documents.append(ClaimSearchDocument(claim_id=pk, document=document, cjk_tokens=tokens))
    found = {row[0] for row in rows}
    gone = [pk for pk in ids if pk not in found]
    if gone:
        ClaimSearchDocument.objects.filter(claim_id__in=gone).delete()
    if documents:
        ClaimSearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["claim"], update_fields=["document", "cjk_tokens"]
        )


def reindex_speaker(speaker_id):
    """A speaker's name or aliases changed: every claim of theirs carries them."""
    reindex_claims(Claim.objects.filter(speaker_id=speaker_id).values_list("pk", flat=True))


def _on_claim_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_claim(instance.pk)


def _on_evidence_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw:
        return
    # When the claim itself is being deleted its document goes with it (cascade).
    if isinstance(origin, Claim) or getattr(origin, "model", None) is Claim:
        return
    reindex_claim(instance.claim_id)


def _on_speaker_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        reindex_speaker(instance.pk)


def _on_alias_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw:
        return
    if isinstance(origin, Speaker) or getattr(origin, "model", None) is Speaker:
        return
    reindex_speaker(instance.speaker_id)


def connect_signals():
    """Called from ClaimsConfig.ready()."""
    post_save.connect(_on_claim_saved, sender=Claim, dispatch_uid="search_claim_saved")
    post_save.connect(_on_evidence_changed, sender=Evidence, dispatch_uid="search_evidence_saved")
    post_delete.connect(_on_evidence_changed, sender=Evidence, dispatch_uid="search_evidence_deleted")
    post_save.connect(_on_speaker_changed, sender=Speaker, dispatch_uid="search_speaker_saved")
    post_save.connect(_on_alias_changed, sender=SpeakerAlias, dispatch_uid="search_alias_saved")
    post_delete.connect(_on_alias_changed, sender=SpeakerAlias, dispatch_uid="search_alias_deleted")


# --- searching -----------------------------------------------------------------------

SQLITE_TRIGRAM_TABLE = "claims_search_trigram"
SQLITE_CJK_TABLE = "claims_search_cjk"


def _fts_phrase(text):
    return '"' + text.replace('"', '""') + '"'


def matching_claim_ids(text, using="default"):
    """An SQL expression (for `pk__in=`) selecting the ids of claims whose document contains `text`."""
    query = normalise(text)
    vendor = connections[using].vendor
    if len(query) >= 3:
        if vendor == "sqlite":
            return RawSQL(
                f"SELECT rowid FROM {SQLITE_TRIGRAM_TABLE} WHERE {SQLITE_TRIGRAM_TABLE} MATCH %s", [_fts_phrase(query)]
            )
        if vendor == "postgresql":
            # LIKE on the document: served by the pg_trgm GIN index.
            return ClaimSearchDocument.objects.filter(document__contains=query).values("claim_id")
    elif _CJK_CHAR.match(query):
        if vendor == "sqlite":
            return RawSQL(f"SELECT rowid FROM {SQLITE_CJK_TABLE} WHERE {SQLITE_CJK_TABLE} MATCH %s", [_fts_phrase(query)])
        if vendor == "postgresql":
            return RawSQL(
                "SELECT claim_id FROM claims_claimsearchdocument WHERE string_to_array(cjk_tokens, ' ') @> ARRAY[%s]::text[]",
                [query],
            )
    # Short non-CJK queries, or a backend without a dedicated index: scan the documents.
    return ClaimSearchDocument.objects.filter(document__contains=query).values("claim_id")


def search_claims(queryset, text):
    text = (text or "").strip()
    if not normalise(text):
        return queryset
    return queryset.filter(Q(pk__in=matching_claim_ids(text, using=queryset.db)))
