"""Free-text search over claims: one interface, whatever the backend does underneath.

`search_claims(queryset, text)` narrows a claim queryset to those whose statement,
translation, speaker name or aliases, speaker description, evidence excerpts or the
wording of a hop of the reporting chain contain `text` (a substring match, case- and width-insensitive in every script),
or whose sources (cited, reporting, or a hop of the reporting chain) have it in their
title or publisher, or whose outlets (of those sources, or named by a hop) have it in
their name or any alias: "РИА Новости" finds the claims that reached the desk through it.

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

import json
import re
import threading
import time
from contextlib import contextmanager

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save

from .models import (
    Claim,
    ClaimSearchDocument,
    Evidence,
    Outlet,
    OutletAlias,
    ReportingHop,
    Source,
    Speaker,
    SpeakerAlias,
    fold,
)

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


def build_document(
    *, statement="", translation="", speaker_description="", speaker_name="", aliases=(), excerpts=(), provenance=(),
    wordings=(),
):
    """(document, cjk_tokens) for one claim from plain values (also used by bulk loaders).

    `provenance`: source titles and publishers, outlet names and aliases (each once).
    `wordings`: the words as each hop of the reporting chain relayed them (an editor may remember the agency's).
    """
    parts = [statement, translation, speaker_description, speaker_name, *aliases, *excerpts, *wordings]
    seen = set()
    for name in provenance:
        key = normalise(name)
        if key and key not in seen:
            seen.add(key)
            parts.append(name)
    document = FIELD_SEPARATOR.join(p for p in (normalise(part) for part in parts) if p)
    return document, cjk_tokens(document)


def _provenance(ids, rows):
    """claim id -> the names of its sources and outlets, in a fixed number of queries."""
    source_ids = {}
    outlet_ids = {}
    for pk, *_rest in rows:
        source_ids[pk] = []
        outlet_ids[pk] = []
    for pk, reported_by in Claim.objects.filter(pk__in=ids, reported_by__isnull=False).values_list("pk", "reported_by_id"):
        source_ids[pk].append(reported_by)
    for claim_id, source_id in Evidence.objects.filter(claim_id__in=ids).order_by("pk").values_list("claim_id", "source_id"):
        source_ids[claim_id].append(source_id)
    for claim_id, source_id, outlet_id in (
        ReportingHop.objects.filter(claim_id__in=ids).order_by("claim_id", "position").values_list("claim_id", "source_id", "outlet_id")
    ):
        if source_id:
            source_ids[claim_id].append(source_id)
        if outlet_id:
            outlet_ids[claim_id].append(outlet_id)
    wanted = {sid for values in source_ids.values() for sid in values}
    sources = {
        pk: (title, publisher, outlet_id)
        for pk, title, publisher, outlet_id in Source.objects.filter(pk__in=wanted).values_list("pk", "title", "publisher", "outlet_id")
    }
    wanted_outlets = {oid for values in outlet_ids.values() for oid in values} | {s[2] for s in sources.values() if s[2]}
    outlet_names = {pk: [name] for pk, name in Outlet.objects.filter(pk__in=wanted_outlets).values_list("pk", "name")}
    for outlet_id, name in OutletAlias.objects.filter(outlet_id__in=wanted_outlets).order_by("pk").values_list("outlet_id", "name"):
        outlet_names.setdefault(outlet_id, []).append(name)
    names = {}
    for pk in source_ids:
        found = []
        outlets = list(outlet_ids[pk])
        for sid in source_ids[pk]:
            title, publisher, outlet_id = sources.get(sid, ("", "", None))
            found += [title, publisher]
            if outlet_id:
                outlets.append(outlet_id)
        for oid in outlets:
            found += outlet_names.get(oid, [])
        names[pk] = found
    return names


# --- keeping documents in sync ---------------------------------------------------


_deferred = threading.local()


@contextmanager
def reindex_once():
    """Reindex what the block touches once, when it ends (inside the caller's transaction).

    A new claim saves the claim, its evidence and its chain, and each save would rebuild the same
    document and match key: three passes where the last alone counts (most of a claim's creation time).
    Nested blocks join the outer one; a block that raises reindexes nothing (its transaction is undone).
    """
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        ids = _deferred.ids
    finally:
        _deferred.ids = None
    reindex_claims(ids)


def reindex_claims(claim_ids):
    """Rebuild the search documents of these claims (missing claims lose theirs); inside
    `reindex_once`, only note them."""
    from .matching import reindex_matching

    ids = sorted({int(i) for i in claim_ids if i is not None})
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending.update(ids)
        return
    for start in range(0, len(ids), REINDEX_BATCH):
        _reindex_batch(ids[start : start + REINDEX_BATCH])
        reindex_matching(ids[start : start + REINDEX_BATCH])


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
    wordings = {}
    for claim_id, wording in (
        ReportingHop.objects.filter(claim_id__in=ids).exclude(wording="").order_by("claim_id", "position").values_list("claim_id", "wording")
    ):
        wordings.setdefault(claim_id, []).append(wording)
    provenance = _provenance(ids, rows)
    documents = []
    for pk, statement, translation, description, speaker_id, speaker_name in rows:
        document, tokens = build_document(
            statement=statement,
            translation=translation,
            speaker_description=description,
            speaker_name=speaker_name or "",
            aliases=aliases.get(speaker_id, ()),
            excerpts=excerpts.get(pk, ()),
            provenance=provenance.get(pk, ()),
            wordings=wordings.get(pk, ()),
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


def claims_citing_source(source_id):
    """Claims whose document carries this source's title or publisher."""
    return (
        Claim.objects.filter(
            Q(reported_by_id=source_id)
            | Q(pk__in=Evidence.objects.filter(source_id=source_id).values("claim_id"))
            | Q(pk__in=ReportingHop.objects.filter(source_id=source_id).values("claim_id"))
        )
        .values_list("pk", flat=True)
    )


def claims_via_outlet(outlet_id):
    """Claims whose document carries this outlet's names (a hop names it, or one of its sources is cited)."""
    sources = Source.objects.filter(outlet_id=outlet_id).values("pk")
    return Claim.objects.filter(
        Q(reported_by__outlet_id=outlet_id)
        | Q(pk__in=ReportingHop.objects.filter(Q(outlet_id=outlet_id) | Q(source_id__in=sources)).values("claim_id"))
        | Q(pk__in=Evidence.objects.filter(source_id__in=sources).values("claim_id"))
    ).values_list("pk", flat=True)


def _on_source_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        reindex_claims(claims_citing_source(instance.pk))


def _on_outlet_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        reindex_claims(claims_via_outlet(instance.pk))


def _on_outlet_alias_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw:
        return
    if isinstance(origin, Outlet) or getattr(origin, "model", None) is Outlet:
        return
    reindex_claims(claims_via_outlet(instance.outlet_id))


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
    post_save.connect(_on_source_changed, sender=Source, dispatch_uid="search_source_saved")
    post_save.connect(_on_outlet_changed, sender=Outlet, dispatch_uid="search_outlet_saved")
    post_save.connect(_on_outlet_alias_changed, sender=OutletAlias, dispatch_uid="search_outlet_alias_saved")
    post_delete.connect(_on_outlet_alias_changed, sender=OutletAlias, dispatch_uid="search_outlet_alias_deleted")


# --- searching -----------------------------------------------------------------------

SQLITE_TRIGRAM_TABLE = "claims_search_trigram"
SQLITE_CJK_TABLE = "claims_search_cjk"


def _fts_phrase(text):
    return '"' + text.replace('"', '""') + '"'


def matching_claim_ids(text, using="default"):
    """An SQL expression (for `pk__in=`) selecting the ids of claims whose document contains `text`."""
    return _matching_any([normalise(text)], connections[using].vendor)[0]


def _matching_any(queries, vendor):
    """Expressions (for `pk__in=`, to be OR-ed) selecting claims whose document contains any of `queries`.

    Each group of terms is answered by one index: trigram terms in one FTS5 MATCH of OR-ed phrases
    (SQLite) or a BitmapOr over the pg_trgm index (PostgreSQL); one- and two-character CJK terms in one
    MATCH of the CJK table or one `&&` (overlap) on the GIN array index.
    """
    long = [q for q in queries if len(q) >= 3]
    short_cjk = [q for q in queries if len(q) < 3 and _CJK_CHAR.match(q)]
    other = [q for q in queries if len(q) < 3 and not _CJK_CHAR.match(q)]
    expressions = []
    if long:
        if vendor == "sqlite":
            expressions.append(
                RawSQL(
                    f"SELECT rowid FROM {SQLITE_TRIGRAM_TABLE} WHERE {SQLITE_TRIGRAM_TABLE} MATCH %s",
                    [" OR ".join(_fts_phrase(q) for q in long)],
                )
            )
        else:
            # LIKE on the document: served by the pg_trgm GIN index (a BitmapOr for several terms).
            other.extend(long)
    if short_cjk:
        if vendor == "sqlite":
            expressions.append(
                RawSQL(
                    f"SELECT rowid FROM {SQLITE_CJK_TABLE} WHERE {SQLITE_CJK_TABLE} MATCH %s",
                    [" OR ".join(_fts_phrase(q) for q in short_cjk)],
                )
            )
        elif vendor == "postgresql":
            expressions.append(
                RawSQL(
                    "SELECT claim_id FROM claims_claimsearchdocument "
                    "WHERE string_to_array(cjk_tokens, ' ') && %s::text[]",
                    [short_cjk],
                )
            )
        else:
            other.extend(short_cjk)
    if other:
        # Long terms on PostgreSQL (trigram index); short non-CJK queries anywhere scan the documents.
        condition = Q()
        for q in other:
            condition |= Q(document__contains=q)
        expressions.append(ClaimSearchDocument.objects.filter(condition).values("claim_id"))
    return expressions


# --- names in other scripts ------------------------------------------------------------------


def speaker_alias_terms(query):
    """Every name of the speaker `query` names exactly (by name or any alias, folded), else [].

    Two indexed lookups (the unique folded alias, the lower-case name), then that speaker's names.
    """
    speaker_ids = set(SpeakerAlias.objects.filter(folded=query).values_list("speaker_id", flat=True))
    speaker_ids |= set(
        Speaker.objects.annotate(lower_name=Lower("name")).filter(lower_name=query).values_list("pk", flat=True)[:5]
    )
    if not speaker_ids:
        return []
    names = list(Speaker.objects.filter(pk__in=speaker_ids).values_list("name", flat=True))
    names += SpeakerAlias.objects.filter(speaker_id__in=speaker_ids).values_list("name", flat=True)
    return names


def outlet_alias_terms(query):
    """Every name of the outlet `query` names exactly (by name or any alias, folded), else [].

    Two lookups on unique folded columns (outlet_folded_unique, outlet_alias_folded_unique).
    """
    outlet_ids = set(Outlet.objects.filter(folded=query).values_list("pk", flat=True))
    outlet_ids |= set(OutletAlias.objects.filter(folded=query).values_list("outlet_id", flat=True))
    if not outlet_ids:
        return []
    names = list(Outlet.objects.filter(pk__in=outlet_ids).values_list("name", flat=True))
    names += OutletAlias.objects.filter(outlet_id__in=outlet_ids).values_list("name", flat=True)
    return names


# Where a query's other names come from: each function takes the normalised query and returns names.
ALIAS_EXPANDERS = [speaker_alias_terms, outlet_alias_terms]


def expand_query(text):
    """The normalised query plus every other name of the speaker or outlet it names: Лукашенко → ルカシェンコ, РИА → RIA Novosti, …"""
    query = normalise(text)
    terms = [query]
    for expander in ALIAS_EXPANDERS:
        for name in expander(query):
            term = normalise(name)
            if term and term not in terms:
                terms.append(term)
    return terms


# A search PostgreSQL expects to match fewer than RARE_ESTIMATE of the documents (a fraction; at least
# FEW_MATCHES) is checked against the GIN indexes first, and if it matches at most FEW_MATCHES claims it is
# answered from the list of their ids (`few_matches`).
RARE_ESTIMATE = 0.005
FEW_MATCHES = 1000
_documents = {"estimate": 0.0, "read_at": 0.0}  # the table's planner row count, re-read every minute


def few_matches(terms, using="default"):
    """The ids of the claims matching any of `terms` when they are few, else None (PostgreSQL only).

    Why: a list of matches sorted by date, LIMIT 26, can be planned two ways — walk the date index and
    test each claim's document (best when matches are common: 会談 is in one claim in ten), or collect
    the matches from the GIN index and sort them (best when they are few). PostgreSQL picks by its
    estimate, and for a term it has no statistics for (a two-character word in no document, e.g. 鳩山)
    it guesses ~1,750 matches in 1M claims and walks all 1M dates looking for them: 14.7 s. So when the
    estimate is below 0.5 % of the documents (planning only, < 1 ms; a walk for a term that frequent stops
    within ~5,000 claims) the GIN indexes are asked for the matches, stopping at
    FEW_MATCHES + 1 (cheap, since they are few); a rare or absent term is then a filter on a short list of
    ids. A common term keeps the walk, which stops after ~26 / frequency claims. (Collecting a common
    term's matches instead costs 40–50 ms at 1M: the bitmap of 100k rows.)
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    conditions, params = [], []
    short_cjk = [q for q in terms if len(q) < 3 and _CJK_CHAR.match(q)]
    if short_cjk:
        conditions.append("string_to_array(cjk_tokens, ' ') && %s::text[]")
        params.append(short_cjk)
    for q in terms:
        if q not in short_cjk:
            conditions.append("document LIKE %s")
            params.append("%" + connection.ops.prep_for_like_query(q) + "%")
    sql = f"SELECT claim_id FROM claims_claimsearchdocument WHERE {' OR '.join(conditions)}"
    with connection.cursor() as cursor:
        if time.monotonic() - _documents["read_at"] > 60:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'claims_claimsearchdocument'::regclass")
            _documents.update(estimate=max(0.0, float(cursor.fetchone()[0])), read_at=time.monotonic())
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        if plan[0]["Plan"]["Plan Rows"] >= max(FEW_MATCHES, RARE_ESTIMATE * _documents["estimate"]):
            return None
        cursor.execute(sql + " LIMIT %s", [*params, FEW_MATCHES + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= FEW_MATCHES else None


def search_claims(queryset, text):
    """Claims whose document contains the query or, when it names a speaker or an outlet, any other name of theirs."""
    text = (text or "").strip()
    if not normalise(text):
        return queryset
    terms = expand_query(text)
    ids = few_matches(terms, queryset.db)
    if ids is not None:
        return queryset.filter(pk__in=ids)
    condition = Q()
    for expression in _matching_any(terms, connections[queryset.db].vendor):
        condition |= Q(pk__in=expression)
    return queryset.filter(condition)
