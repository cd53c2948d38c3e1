"""“Have we checked this before?”: the closest existing claims to a statement being typed.

Two steps, because a desk with 100k+ claims cannot compare a statement with every claim:

1. **Candidates from the search index** (`claims.search`): the folded search documents
   already carry statement, translation and the speaker's names in every script. On
   SQLite the FTS5 trigram and CJK-bigram tables are asked for any of the query's
   distinctive words or CJK bigrams (best bm25 first); on PostgreSQL the pg_trgm and
   CJK-token GIN indexes serve the same OR-of-terms query.
2. **Re-ranking with domain features** and `rapidfuzz`: both sides become token lists in
   which numbers are normalised (30 %, 30 percent, 三割 → `#30%`; 40 bn, 400億 → `#4e10`),
   names of speakers and outlets are replaced by their record (`@12`, whatever the
   script, through the alias table), Latin/Cyrillic words are cut to a stem and CJK text
   becomes character bigrams. Statement and the editor's translation are compared
   pairwise, so a Russian claim with an English translation finds a Japanese one with
   an English translation. A candidate whose numbers were *changed* (a number on each
   side the other lacks) is held under the threshold: 30 % and 40 % are different claims.

Suggestions only ever come from the queryset the caller may see (`visible_claims`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connections
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz

from .access import PUBLIC_CLAIM, can_view_claim
from .models import Claim, ClaimMatchKey, MatchPosting, MatchTerm, Speaker, SpeakerAlias, fold

# Longer texts are cut: a pasted article must not make the suggestion box slow.
MAX_QUERY_CHARS = 2000
DEFAULT_LIMIT = 5
# A suggestion below this score (0–100) is noise, not “the same claim”.
THRESHOLD = 45.0
STEM = 6

_CJK_RUN = r"\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_RUN}]+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words of a name outside CJK runs (S-400 style tokens keep their digits).
_NAME_WORD = re.compile(f"[^\\W_{_CJK_RUN}]+")

STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been has have had it its this that
    these those there their they them we us our he she his her will would can could not no do does did than then
    into over about after before also only very more most some any all what which who whom whose when where while
    и в во на с со по к ко о об от до за из у не но а что как это то же ли бы он она они мы вы его ее их""".split()
)

# Number words where feasible (English and Russian); compounds add up (twenty five, двадцать пять).
NUMBER_WORDS = {
    **dict(zip("one two three four five six seven eight nine ten eleven twelve".split(), range(1, 13))),
    **dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10))),
    "hundred": 100,
    **dict(zip("один два три четыре пять шесть семь восемь девять десять".split(), range(1, 11))),
    "одна": 1, "две": 2,
    **dict(zip("двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split(), range(20, 100, 10))),
    "сто": 100,
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "千": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "trillion": 1e12, "трлн": 1e12,
    "万": 1e4, "億": 1e8, "兆": 1e12,
}
PERCENT = ("%", "percent", "per cent", "процент", "процента", "процентов", "パーセント", "割")
_CJK_SCALE = re.compile(r"^[千万億兆]$")
_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALE_ALT = "|".join(
    [rf"{re.escape(s)}(?![^\W\d_])" for s in sorted(SCALES, key=len, reverse=True) if not _CJK_SCALE.match(s)]
    + [re.escape(s) for s in SCALES if _CJK_SCALE.match(s)]
)
_PERCENT_ALT = "|".join(re.escape(p) for p in sorted(PERCENT, key=len, reverse=True))
_NUMBER_WORD_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?P<digits>\d+(?:[.,]\d+)*)"
    rf"|(?P<kanji>[〇一二三四五六七八九十百千]+)(?=\s*(?:割|億|万|兆|パーセント|%|人|回|輌|両|カ所|か所|箇所|年|日|月|機|発))"
    rf"|(?<![^\W\d_])(?P<words>(?:(?:{_NUMBER_WORD_ALT})(?:[\s-]+|(?![^\W\d_])))+)"
)
_AFTER = re.compile(rf"\s*(?:(?P<scale>{_SCALE_ALT}))?\s*(?P<percent>{_PERCENT_ALT})?", re.IGNORECASE)


def _kanji_value(text: str) -> int:
    total, digit = 0, 0
    for char in text:
        if char in _KANJI_DIGITS:
            digit = digit * 10 + _KANJI_DIGITS[char]
        else:
            total += (digit or 1) * _KANJI_UNITS[char]
            digit = 0
    return total + digit


def _digits_value(text: str) -> float | None:
    """1,000 and 1.000 are thousands; 40.5 and 40,5 are decimals; 12.08.2022 or 1.2.3 is no one number (None)."""
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    return None


def _number_token(value: float, percent: bool) -> str:
    text = f"{value:.6g}".replace("+", "")
    return f"#{text}{'%' if percent else ''}"


MONTHS = [
    ("january", "январ"), ("february", "феврал"), ("march", "март"), ("april", "апрел"), ("may", "ма[йя]"), ("june", "июн"),
    ("july", "июл"), ("august", "август"), ("september", "сентябр"), ("october", "октябр"), ("november", "ноябр"),
    ("december", "декабр"),
]
_MONTH_WORD = [
    (re.compile(rf"(?<![^\W\d_])(?:{en}|{ru}[а-я]*)(?![^\W\d_])"), n) for n, (en, ru) in enumerate(MONTHS, start=1)
]
_MONTH_CJK = re.compile(r"(\d{1,2})\s*月")


def _replace_months(text: str, numbers: list[str]) -> str:
    """October, октября and 10月 are one token (`#m10`): a month is a number that can be changed too."""

    def token(n):
        numbers.append(f"#m{n}")
        return f" #m{n} "

    text = _MONTH_CJK.sub(lambda m: token(int(m.group(1))), text)
    for pattern, n in _MONTH_WORD:
        text = pattern.sub(lambda m, n=n: token(n), text)
    return text


def _replace_numbers(text: str, numbers: list[str]) -> str:
    """Numbers become `#value` tokens (kept in `numbers` too); the rest of the text stays."""
    text = _replace_months(text, numbers)
    out, pos = [], 0
    for match in _NUMBER.finditer(text):
        if text[max(0, match.start() - 2) : match.start()] == "#m":
            continue
        if match.group("digits"):
            value = _digits_value(match.group("digits"))
            if value is None:  # a date, a version or an address: one token as written, never scaled
                token = "#" + re.sub(r"[.,]", ".", match.group("digits"))
                numbers.append(token)
                out.append(text[pos : match.start()])
                out.append(f" {token} ")
                pos = match.end()
                continue
        elif match.group("kanji"):
            value = _kanji_value(match.group("kanji"))
        else:
            value = sum(NUMBER_WORDS[w] for w in re.split(r"[\s-]+", match.group("words").strip()) if w)
        after = _AFTER.match(text, match.end())
        end = match.end()
        percent = False
        if after and after.group(0).strip():
            scale, pct = after.group("scale"), after.group("percent")
            if scale:
                value *= SCALES[scale.lower()]
            if pct:
                percent = True
                if pct == "割":
                    value *= 10
            if scale or pct:
                end = after.end()
        token = _number_token(value, percent)
        numbers.append(token)
        out.append(text[pos : match.start()])
        out.append(f" {token} ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --- names ---------------------------------------------------------------------------


def name_token(pk: int) -> str:
    """`@` and the id spelt in letters (12 → @bc), so the number pass leaves it alone."""
    return "@" + "".join(chr(ord("a") + int(d)) for d in str(pk))


@dataclass
class NameTable:
    """Every folded speaker name and alias → the speaker's id.

    Looked up by word n-grams (Latin, Cyrillic) and by substrings of CJK runs, so the cost
    grows with the text, not with the number of names (thousands at archive scale).
    """

    names: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self):
        self.words: dict[str, int] = {}
        self.cjk: dict[str, int] = {}
        self.longest_words = 1
        self.longest_cjk = 2
        for name, pk in self.names:
            if _CJK.fullmatch(name):
                self.cjk[name] = pk
                self.longest_cjk = max(self.longest_cjk, len(name))
            else:
                key = " ".join(_NAME_WORD.findall(name))
                if key:
                    self.words[key] = pk
                    self.longest_words = max(self.longest_words, key.count(" ") + 1)

    @classmethod
    def load(cls) -> NameTable:
        pairs = {fold(name): pk for pk, name in Speaker.objects.values_list("pk", "name")}
        pairs.update({folded: pk for pk, folded in SpeakerAlias.objects.values_list("speaker_id", "folded")})
        return cls([(n, pk) for n, pk in pairs.items() if len(n) >= 2])

    def replace(self, text: str, found: set[int]) -> str:
        spans: list[tuple[int, int, int]] = []
        words = list(_NAME_WORD.finditer(text))
        i = 0
        while i < len(words):
            for n in range(min(self.longest_words, len(words) - i), 0, -1):
                key = " ".join(w.group(0) for w in words[i : i + n])
                pk = self.words.get(key)
                if pk is not None:
                    spans.append((words[i].start(), words[i + n - 1].end(), pk))
                    i += n
                    break
            else:
                i += 1
        if self.cjk:
            for run in _CJK.finditer(text):
                chars, j = run.group(0), 0
                while j < len(chars) - 1:
                    for n in range(min(self.longest_cjk, len(chars) - j), 1, -1):
                        pk = self.cjk.get(chars[j : j + n])
                        if pk is not None:
                            spans.append((run.start() + j, run.start() + j + n, pk))
                            j += n
                            break
                    else:
                        j += 1
        if not spans:
            return text
        out, pos = [], 0
        for start, end, pk in sorted(spans):
            if start < pos:
                continue
            found.add(pk)
            out += [text[pos:start], f" {name_token(pk)} "]
            pos = end
        out.append(text[pos:])
        return "".join(out)


# --- features ------------------------------------------------------------------------


@dataclass
class Features:
    tokens: list[str]
    numbers: frozenset[str]
    speakers: frozenset[int]
    words: list[str]  # the distinctive folded words and bigrams, for the index query

    @cached_property
    def text(self) -> str:
        return " ".join(self.tokens)

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


def features(text: str, names: NameTable) -> Features:
    folded = " ".join(fold(text or "")[:MAX_QUERY_CHARS].split())
    numbers: list[str] = []
    speakers: set[int] = set()
    replaced = names.replace(folded, speakers)
    replaced = _replace_numbers(replaced, numbers)
    tokens: list[str] = []
    words: list[str] = []
    for chunk in replaced.split():
        if chunk.startswith(("#", "@")):
            tokens.append(chunk)
            continue
        for piece in re.split(f"([{_CJK_RUN}]+)", chunk):
            if not piece:
                continue
            if _CJK.fullmatch(piece):
                bigrams = [piece[i : i + 2] for i in range(len(piece) - 1)] or [piece]
                tokens.extend(bigrams)
                words.extend(b for b in bigrams if len(b) == 2)
            else:
                for word in _WORD.findall(piece):
                    if word in STOPWORDS or len(word) < 2:
                        continue
                    tokens.append(word[:STEM])
                    if len(word) >= 4:
                        words.append(word)
    return Features(tokens, frozenset(numbers), frozenset(speakers), words)


def _similarity(a: Features, b: Features) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    set_score = fuzz.token_set_ratio(a.text, b.text)
    sort_score = fuzz.token_sort_ratio(a.text, b.text)
    # token_set_ratio is 100 when one side's tokens all appear in the other: temper it for short sides.
    shared = len(a.token_set & b.token_set)
    coverage = shared / max(1, min(len(a.token_set), len(b.token_set)))
    return 0.45 * set_score + 0.35 * sort_score + 20 * coverage


@dataclass
class Suggestion:
    claim: Claim
    score: float
    why: list[str]


@dataclass
class Query:
    statement: str = ""
    translation: str = ""
    speaker_id: int | None = None
    exclude_id: int | None = None

    def sides(self, names: NameTable) -> list[Features]:
        return [features(t, names) for t in (self.statement, self.translation) if t and t.strip()]


def score_pair(query_sides: list[Features], query_speaker: int | None, claim_sides: list[Features], claim_speaker) -> tuple[float, list[str]]:
    """(score 0–100+, reasons) for one candidate."""
    best = 0.0
    for q in query_sides:
        for c in claim_sides:
            best = max(best, _similarity(q, c))
    q_numbers = frozenset().union(*(s.numbers for s in query_sides)) if query_sides else frozenset()
    c_numbers = frozenset().union(*(s.numbers for s in claim_sides)) if claim_sides else frozenset()
    q_names = frozenset().union(*(s.speakers for s in query_sides)) if query_sides else frozenset()
    c_names = frozenset().union(*(s.speakers for s in claim_sides)) if claim_sides else frozenset()
    why = []
    shared_words = set()
    for q in query_sides:
        for c in claim_sides:
            shared_words |= {t for t in q.token_set & c.token_set if not t.startswith(("#", "@"))}
    if shared_words:
        why.append("words")
    shared_numbers = q_numbers & c_numbers
    if shared_numbers:
        why.append("numbers")
        best += 5 * min(2, len(shared_numbers))
    shared_names = q_names & c_names
    if shared_names:
        why.append("names")
    if query_speaker and claim_speaker == query_speaker:
        best += 3
        why.append("speaker")
    if any(s.numbers - c_numbers and c_numbers - s.numbers for s in query_sides):
        # A number was changed: never the same claim, whatever else matches.
        best = min(best * 0.5, THRESHOLD - 1)
        why.append("numbers differ")
    return best, why


# --- the matching index ----------------------------------------------------------------
#
# Every claim's feature tokens (both sides) are stored once, on save (`ClaimMatchKey`), and
# posted into a plain (term, claim) table with a document-frequency table beside it. A query
# looks up the frequency of its own tokens (one indexed IN), keeps only the rarest ones up to a
# posting budget, and lets the database add up their weights per claim (one GROUP BY over a
# few thousand index rows at most). The short list is re-ranked from the stored tokens with
# rapidfuzz: no candidate's text is folded or parsed again while the user types.

TOTAL_TERM = "*"
TERM_MAX = 40
CANDIDATE_LIMIT = 30
# At most this many index rows are added up per query: the rarest terms are asked first, and a
# term common enough to break the budget says little about which claim is meant.
POSTING_BUDGET = 3000
MAX_TERMS = 24
_NAMES_TTL = 60.0
_names_cache: dict = {}


def cached_names() -> NameTable:
    """The name table, rebuilt at most once a minute (and at once in this process when a name changes)."""
    import time

    now = time.monotonic()
    entry = _names_cache.get("table")
    if entry is None or now - entry[0] > _NAMES_TTL:
        entry = (now, NameTable.load())
        _names_cache["table"] = entry
    return entry[1]


def forget_names(*args, **kwargs) -> None:
    """A speaker or alias changed: the next suggestion reads the names again."""
    _names_cache.pop("table", None)


def key_tokens(text: str, names: NameTable) -> str:
    return " ".join(features(text, names).tokens) if text and text.strip() else ""


def from_tokens(tokens: str) -> Features:
    """Features back from a stored token string (no text processing)."""
    parts = tokens.split()
    numbers = frozenset(t for t in parts if t.startswith("#"))
    speakers = frozenset(int("".join(str(ord(c) - ord("a")) for c in t[1:])) for t in parts if t.startswith("@") and t[1:].isalpha())
    return Features(parts, numbers, speakers, [])


def index_terms(*token_strings: str) -> set[str]:
    return {t[:TERM_MAX] for tokens in token_strings for t in tokens.split()}


def _upsert_df(cursor, delta: dict[str, int]) -> None:
    table = MatchTerm._meta.db_table
    items = sorted((t, n) for t, n in delta.items() if n)  # a fixed order: concurrent saves never deadlock
    for start in range(0, len(items), 400):
        chunk = items[start : start + 400]
        cursor.execute(
            f"INSERT INTO {table} (term, df) VALUES {', '.join(['(%s, %s)'] * len(chunk))} "
            f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + excluded.df",
            [x for pair in chunk for x in pair],
        )


def reindex_matching(claim_ids, names: NameTable | None = None, using: str = "default") -> None:
    """Recompute the match keys, postings and term counts of these claims (called by claims.search)."""
    ids = sorted({int(i) for i in claim_ids if i is not None})
    if not ids:
        return
    names = names or cached_names()
    rows = Claim.objects.using(using).filter(pk__in=ids).values_list("pk", "statement", "translation")
    old = {
        pk: index_terms(a, b)
        for pk, a, b in ClaimMatchKey.objects.using(using).filter(claim_id__in=ids).values_list("claim_id", "statement_tokens", "translation_tokens")
    }
    keys, postings, delta, changed = [], [], {}, []
    for pk, statement, translation in rows:
        key = ClaimMatchKey(claim_id=pk, statement_tokens=key_tokens(statement, names), translation_tokens=key_tokens(translation, names))
        keys.append(key)
        terms = index_terms(key.statement_tokens, key.translation_tokens)
        before = old.pop(pk, None)
        if before is None:
            delta[TOTAL_TERM] = delta.get(TOTAL_TERM, 0) + 1
            before = set()
        elif before == terms:
            continue
        changed.append(pk)
        for t in terms - before:
            delta[t] = delta.get(t, 0) + 1
        for t in before - terms:
            delta[t] = delta.get(t, 0) - 1
        postings += [MatchPosting(term=t, claim_id=pk) for t in terms]
    for gone_terms in old.values():  # claims that no longer exist
        delta[TOTAL_TERM] = delta.get(TOTAL_TERM, 0) - 1
        for t in gone_terms:
            delta[t] = delta.get(t, 0) - 1
    if keys:
        ClaimMatchKey.objects.using(using).bulk_create(
            keys, update_conflicts=True, unique_fields=["claim"], update_fields=["statement_tokens", "translation_tokens"]
        )
    if changed:
        MatchPosting.objects.using(using).filter(claim_id__in=changed).delete()
        MatchPosting.objects.using(using).bulk_create(postings, batch_size=2000)
    with connections[using].cursor() as cursor:
        _upsert_df(cursor, delta)


def _on_key_deleted(sender, instance, **kwargs):
    """A claim is deleted (its key goes with it): its terms count one claim fewer."""
    delta = {t: -1 for t in index_terms(instance.statement_tokens, instance.translation_tokens)}
    delta[TOTAL_TERM] = -1
    with connections[kwargs.get("using") or "default"].cursor() as cursor:
        _upsert_df(cursor, delta)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_delete.connect(_on_key_deleted, sender=ClaimMatchKey, dispatch_uid="matching_key_deleted")
    for model in (Speaker, SpeakerAlias):
        post_save.connect(forget_names, sender=model, dispatch_uid=f"matching_names_{model.__name__}_saved")
        post_delete.connect(forget_names, sender=model, dispatch_uid=f"matching_names_{model.__name__}_deleted")


def rebuild_matching_index(batch: int = 2000, using: str = "default", progress=None) -> int:
    """Recompute every claim's match key, postings and the term counts from scratch (a repair step)."""
    from django.db import transaction

    forget_names()
    names = NameTable.load()
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            # Plain DELETEs: no per-row signal counting terms down that are about to be recounted.
            for model in (MatchPosting, MatchTerm, ClaimMatchKey):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        ids = list(Claim.objects.using(using).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            reindex_matching(ids[start : start + batch], names=names, using=using)
            if progress:
                progress(min(start + batch, len(ids)), len(ids))
    return len(ids)


def candidate_sql(query_sides: list[Features], using: str = "default", limit: int = CANDIDATE_LIMIT) -> tuple[str, list] | None:
    """SQL (and its parameters) selecting the ids of the claims sharing the query's rarest terms,
    heaviest (rarest, most) shared first; None when no term of the query is indexed.

    Returned rather than run, so `suggest` reads the candidates' rows in the same round trip.
    """
    terms = _query_terms(query_sides)
    if not terms:
        return None
    return _candidate_select(_frequencies(terms, using), terms, limit)


def _query_terms(query_sides: list[Features]) -> list[str]:
    return sorted(index_terms(*(" ".join(s.tokens) for s in query_sides)))


def _frequencies(terms, using: str) -> dict[str, int]:
    """Document frequencies of `terms`, plus TOTAL_TERM (the number of indexed claims): one query."""
    return dict(MatchTerm.objects.using(using).filter(term__in=[*terms, TOTAL_TERM]).values_list("term", "df"))


def _candidate_select(frequencies: dict[str, int], terms: list[str], limit: int) -> tuple[str, list] | None:
    """The candidate SQL for one query's `terms`, given the frequencies read for them (and maybe more)."""
    total = max(1, frequencies.get(TOTAL_TERM, 0))
    known = sorted(((frequencies[t], t) for t in terms if frequencies.get(t, 0) > 0), key=lambda x: (x[0], x[1]))
    chosen, budget = [], 0
    for df, term in known:
        if len(chosen) >= MAX_TERMS or budget + df > POSTING_BUDGET:
            break
        chosen.append((term, math.log(1 + total / df)))
        budget += df
    table = MatchPosting._meta.db_table
    if not chosen:
        if not known:
            return None
        # Only common terms: the latest claims carrying the rarest of them (an index range, no sum).
        return f"SELECT claim_id FROM {table} WHERE term = %s ORDER BY claim_id DESC LIMIT {int(limit)}", [known[0][1]]
    weight = "CASE term " + " ".join(["WHEN %s THEN %s"] * len(chosen)) + " END"
    return (
        f"SELECT claim_id FROM {table} WHERE term IN ({', '.join(['%s'] * len(chosen))}) "
        f"GROUP BY claim_id ORDER BY SUM({weight}) DESC, claim_id DESC LIMIT {int(limit)}",
        [*(t for t, _ in chosen), *(x for pair in chosen for x in pair)],
    )


def candidate_ids(query_sides: list[Features], using: str = "default", limit: int = CANDIDATE_LIMIT) -> list[int]:
    """The candidates' ids on their own (best first)."""
    found = candidate_sql(query_sides, using, limit)
    if found is None:
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(*found)
        return [row[0] for row in cursor.fetchall()]


def visible_claims(user):
    """The claims a user may be shown as suggestions: all for the desk, published ones for anyone else."""
    if user is not None and can_view_claim(user):
        return Claim.objects.all()
    return Claim.objects.filter(PUBLIC_CLAIM)


def suggest(query: Query, visible=None, *, limit: int = DEFAULT_LIMIT, names: NameTable | None = None, threshold: float = THRESHOLD) -> list[Suggestion]:
    """The closest existing claims to `query` among `visible`, best first, each with why it matched."""
    visible = visible if visible is not None else Claim.objects.all()
    names = names or cached_names()
    sides = query.sides(names)
    if not any(s.tokens for s in sides):
        return []
    found = candidate_sql(sides, using=visible.db)
    if found is None:
        return []
    # One round trip: the candidates' rows, with their stored tokens, for the ids the index picked.
    # A merged duplicate is never suggested: the claim it was merged into is.
    rows = visible.filter(pk__in=RawSQL(*found), merged_into__isnull=True).order_by()
    if query.exclude_id:
        rows = rows.exclude(pk=query.exclude_id)
    scored = []
    for claim in rows.select_related("speaker", "current_verdict__rating", "match_key"):
        key = getattr(claim, "match_key", None)
        claim_sides = [from_tokens(t) for t in ((key.statement_tokens, key.translation_tokens) if key else ()) if t]
        score, why = score_pair(sides, query.speaker_id, claim_sides, claim.speaker_id)
        if score >= threshold:
            scored.append(Suggestion(claim, round(score, 1), why))
    scored.sort(key=lambda s: (-s.score, -s.claim.pk))
    return scored[:limit]


BATCH_QUERIES = 10  # candidate selects per statement: ≤ 24 terms × 3 parameters each stays under SQLite's 999


def suggest_many(
    queries: list[Query], visible=None, *, limit: int = DEFAULT_LIMIT, names: NameTable | None = None, threshold: float = THRESHOLD
) -> list[list[Suggestion]]:
    """`suggest` for many queries at once (an article's intake candidates), the same answers in a fixed
    number of round trips: one for all the terms' frequencies, one UNION ALL of the per-query candidate
    selects per BATCH_QUERIES queries, one for all the candidates' rows. Why: 17 candidates took 34
    round trips and 17 row loads, ~2.5 s on a loaded machine."""
    visible = visible if visible is not None else Claim.objects.all()
    names = names or cached_names()
    using = visible.db
    sides = [query.sides(names) for query in queries]
    terms = [_query_terms(query_sides) if any(s.tokens for s in query_sides) else [] for query_sides in sides]
    wanted = sorted(set().union(*terms)) if terms else []
    results: list[list[Suggestion]] = [[] for _ in queries]
    if not wanted:
        return results
    frequencies = _frequencies(wanted, using)
    selects = []
    for index, query_terms in enumerate(terms):
        found = _candidate_select(frequencies, query_terms, CANDIDATE_LIMIT) if query_terms else None
        if found is not None:
            selects.append((index, found))
    candidates: dict[int, list[int]] = {}
    with connections[using].cursor() as cursor:
        for start in range(0, len(selects), BATCH_QUERIES):
            chunk = selects[start : start + BATCH_QUERIES]
            sql = " UNION ALL ".join(f"SELECT {int(index)} AS q, claim_id FROM ({part}) AS c{int(index)}" for index, (part, _p) in chunk)
            cursor.execute(sql, [value for _index, (_part, params) in chunk for value in params])
            for index, claim_id in cursor.fetchall():
                candidates.setdefault(index, []).append(claim_id)
    ids = {claim_id for found in candidates.values() for claim_id in found}
    if not ids:
        return results
    rows = visible.filter(pk__in=ids, merged_into__isnull=True).order_by().select_related("speaker", "current_verdict__rating", "match_key")
    claims, claim_sides = {}, {}
    for claim in rows:
        key = getattr(claim, "match_key", None)
        claims[claim.pk] = claim
        claim_sides[claim.pk] = [from_tokens(t) for t in ((key.statement_tokens, key.translation_tokens) if key else ()) if t]
    for index, query in enumerate(queries):
        scored = []
        for claim_id in candidates.get(index, ()):
            claim = claims.get(claim_id)
            if claim is None or claim_id == query.exclude_id:
                continue
            score, why = score_pair(sides[index], query.speaker_id, claim_sides[claim_id], claim.speaker_id)
            if score >= threshold:
                scored.append(Suggestion(claim, round(score, 1), why))
        scored.sort(key=lambda s: (-s.score, -s.claim.pk))
        results[index] = scored[:limit]
    return results


# --- evaluation ----------------------------------------------------------------------

EVAL_PATH = __import__("pathlib").Path(__file__).with_name("matching_eval.jsonl")


@dataclass
class Evaluation:
    pairs: int
    positives: int
    precision_at_1: float
    recall_at_5: float
    mrr: float
    changed_numbers: int
    changed_numbers_ranked_first: int
    near_misses: int
    near_misses_ranked_first: int
    misses: list[dict]
    # kind → [pairs, first right, within five right]; for a must-not pair "right" means none of `not` first.
    by_kind: dict = field(default_factory=dict)


def load_eval(path=EVAL_PATH) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_eval_corpus(rows: list[dict]) -> tuple[dict[str, int], dict[str, int]]:
    """Create the evaluation's speakers and claims; (speaker key → id, claim key → id). Reuses a speaker an alias names."""
    speakers: dict[str, int] = {}
    for row in (r for r in rows if r["type"] == "speaker"):
        folded = [fold(n) for n in [row["name"], *row["aliases"]]]
        existing = SpeakerAlias.objects.filter(folded__in=folded).values_list("speaker_id", flat=True).first()
        speaker = Speaker.objects.filter(pk=existing).first() if existing else Speaker.objects.filter(name=row["name"]).first()
        if speaker is None:
            speaker = Speaker.objects.create(name=row["name"])
        taken = set(SpeakerAlias.objects.filter(folded__in=folded).values_list("folded", flat=True))
        for alias in row["aliases"]:
            if fold(alias) not in taken:
                SpeakerAlias.objects.create(speaker=speaker, name=alias)
                taken.add(fold(alias))
        speakers[row["key"]] = speaker.pk
    from django.contrib.auth import get_user_model

    clerk, _ = get_user_model().objects.get_or_create(username="matching-eval", defaults={"is_active": False})
    claims: dict[str, int] = {}
    for row in (r for r in rows if r["type"] == "claim"):
        claim = Claim.objects.create(
            speaker_id=speakers.get(row["speaker"]),
            speaker_description="" if row["speaker"] else "Unnamed source",
            statement=row["statement"],
            language=row["language"],
            translation=row["translation"],
            translation_language="en" if row["translation"] else "",
            said_on_precision="unknown",
            created_by=clerk,
        )
        claims[row["key"]] = claim.pk
    return speakers, claims


def evaluate(rows: list[dict], speakers: dict[str, int], claims: dict[str, int]) -> Evaluation:
    """precision@1, recall@5 and MRR of `suggest` over the labelled pairs (corpus already built)."""
    visible = Claim.objects.filter(pk__in=claims.values())
    forget_names()
    names = NameTable.load()
    pairs = [r for r in rows if r["type"] == "pair"]
    hits1 = hits5 = 0
    rr = 0.0
    positives = changed = changed_first = near = near_first = 0
    misses = []
    by_kind: dict[str, list[int]] = {}
    key_of = {pk: key for key, pk in claims.items()}
    for pair in pairs:
        query = Query(pair["statement"], pair.get("translation", ""), speakers.get(pair.get("speaker")))
        ranked = [s.claim.pk for s in suggest(query, visible, limit=5, names=names)]
        tally = by_kind.setdefault(pair["kind"], [0, 0, 0])
        tally[0] += 1
        if pair.get("expect"):
            tally[1] += ranked[:1] == [claims[pair["expect"]]]
            tally[2] += claims[pair["expect"]] in ranked
        else:
            right = not ranked or ranked[0] not in {claims[k] for k in pair.get("not", [])}
            tally[1] += right
            tally[2] += right
        ranked_keys = [key_of.get(pk, pk) for pk in ranked]
        if pair.get("expect"):
            positives += 1
            target = claims[pair["expect"]]
            if ranked[:1] == [target]:
                hits1 += 1
            if target in ranked:
                hits5 += 1
                rr += 1 / (ranked.index(target) + 1)
            if ranked[:1] != [target]:
                misses.append({**pair, "ranked": ranked_keys})
        else:
            is_changed = pair["kind"] == "changed_number"
            changed += is_changed
            near += not is_changed
            if ranked and ranked[0] in {claims[k] for k in pair.get("not", [])}:
                changed_first += is_changed
                near_first += not is_changed
                misses.append({**pair, "ranked": ranked_keys})
    return Evaluation(
        pairs=len(pairs),
        positives=positives,
        precision_at_1=hits1 / positives if positives else 0.0,
        recall_at_5=hits5 / positives if positives else 0.0,
        mrr=rr / positives if positives else 0.0,
        changed_numbers=changed,
        changed_numbers_ranked_first=changed_first,
        near_misses=near,
        near_misses_ranked_first=near_first,
        misses=misses,
        by_kind=by_kind,
    )


# --- what views and the API show -------------------------------------------------

def why_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "words": _("shared words"),
        "numbers": _("same numbers"),
        "names": _("same names"),
        "speaker": _("same speaker"),
        "numbers differ": _("numbers differ"),
    }


def as_result(suggestion: Suggestion, url: str) -> dict:
    """One suggestion as the type-ahead answer `{id, label, detail, …}` (desk JSON, API, article intake)."""
    claim = suggestion.claim
    labels = why_labels()
    verdict = claim.current_verdict.rating.label if claim.current_verdict_id and claim.current_verdict else ""
    said = claim.said_on_display if hasattr(claim, "said_on_display") else ""
    speaker = claim.speaker.name if claim.speaker_id else claim.speaker_description
    detail = " · ".join(x for x in (speaker, str(said or ""), verdict or claim.get_state_display()) if x)
    return {
        "id": claim.pk,
        "label": f"#{claim.pk} {claim.statement[:160]}",
        "detail": detail,
        "url": url,
        "score": suggestion.score,
        "state": claim.state,
        "verdict": verdict,
        "speaker": speaker,
        "said_on": str(said or ""),
        "why": [labels.get(w, w) for w in suggestion.why],
    }
