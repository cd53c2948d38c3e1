"""The frozen cross-language evaluation (matching/eval/queries.jsonl), old and new engine side by side.

Targets are the demo seed's claims by `import_key` (the caller loads the seed first: `manage.py
load_seed`; the command does it inside a transaction it rolls back). Figures, per split and language:

- P@1: "same" queries whose first suggestion is the target (any label);
- R@5: "same" queries with the target among the five suggestions shown;
- negatives first: negative queries whose first suggestion is labelled "same claim" (for the old engine,
  which has no labels, any suggestion shown);
- changed-number first: changed-number queries whose first suggestion is the claim they changed,
  labelled "same claim" (old engine: shown first at all); `changed shown first` counts it at any label.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims import matching as lexical
from claims.models import Claim

from . import embedding, scoring, selectors, services
from .models import ClaimVector

QUERIES = Path(__file__).with_name("eval") / "queries.jsonl"
LANGUAGES = ("ru", "uk", "en", "ja", "it", "de", "fr", "pl", "es")


def load_queries(split: str | None = None, path: Path = QUERIES) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split in (None, "all") or r["split"] == split]


def seed_claims() -> dict[str, int]:
    """import key → claim id of the demo seed's claims in the database."""
    return dict(Claim.objects.exclude(import_key="").filter(import_key__startswith="minsk-2022-").values_list("import_key", "pk"))


@dataclass
class Tally:
    same: int = 0
    first: int = 0
    five: int = 0
    negatives: int = 0
    negatives_first: int = 0
    changed: int = 0
    changed_first: int = 0
    changed_shown_first: int = 0
    same_label: int = 0  # "same" queries whose target is shown first labelled "same claim"

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def p1(self) -> float:
        return self.first / self.same if self.same else 0.0

    @property
    def r5(self) -> float:
        return self.five / self.same if self.same else 0.0

    @property
    def same_label_rate(self) -> float:
        return self.same_label / self.same if self.same else 0.0

    @property
    def negatives_rate(self) -> float:
        return self.negatives_first / self.negatives if self.negatives else 0.0


@dataclass
class Result:
    engine: str
    total: Tally = field(default_factory=Tally)
    by_language: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)
    ms_per_query: float = 0.0


def _score(engine: str, rows: list[dict], ranked: list[list[tuple[int, str]]], keys: dict[str, int]) -> Result:
    """ranked: per query, the suggestions shown as (claim id, label) best first."""
    result = Result(engine)
    key_of = {pk: key for key, pk in keys.items()}
    for row, shown in zip(rows, ranked):
        tally = result.by_language.setdefault(row["language"], Tally())
        one = Tally()
        top, top_label = shown[0] if shown else (None, "")
        ids = [pk for pk, _ in shown[:5]]
        if row["kind"] == "same":
            one.same = 1
            one.first = top == keys[row["target"]]
            one.same_label = one.first and top_label == scoring.SAME
            one.five = keys[row["target"]] in ids
            failed = not one.first
        elif row["kind"] == "negative":
            one.negatives = 1
            one.negatives_first = top is not None and top_label == scoring.SAME
            failed = one.negatives_first
        else:
            one.changed = 1
            one.changed_shown_first = top == keys[row["near"]]
            one.changed_first = one.changed_shown_first and top_label == scoring.SAME
            failed = one.changed_first
        tally.add(one)
        result.total.add(one)
        if failed:
            result.failures.append({**row, "got": [(key_of.get(pk, pk), label) for pk, label in shown[:3]]})
    return result


def run_old(rows: list[dict], keys: dict[str, int], visible) -> Result:
    names = lexical.NameTable.load()
    started = time.perf_counter()
    ranked = [[(s.claim.pk, scoring.SAME) for s in lexical.suggest(lexical.Query(r["query"]), visible, names=names)] for r in rows]
    result = _score("old (wording)", rows, ranked, keys)
    result.ms_per_query = (time.perf_counter() - started) * 1000 / max(1, len(rows))
    return result


def run_new(rows: list[dict], keys: dict[str, int], visible, weights=None) -> Result:
    names = lexical.NameTable.load()
    started = time.perf_counter()
    ranked = []
    for r in rows:  # one at a time, as the desk asks while an editor types
        found = selectors.suggest_many([lexical.Query(r["query"])], visible, names=names, weights=weights)[0]
        ranked.append([(s.claim.pk, s.label) for s in found])
    result = _score("new (hybrid)", rows, ranked, keys)
    result.ms_per_query = (time.perf_counter() - started) * 1000 / max(1, len(rows))
    return result


def training_rows(rows: list[dict], keys: dict[str, int], visible) -> list[tuple[list[float], int]]:
    """(signals, is the target) for every candidate of every dev query (number-guarded ones left out)."""
    names = lexical.NameTable.load()
    found = selectors.suggest_many([lexical.Query(r["query"]) for r in rows], visible, names=names, shown_only=False, limit=50)
    out = []
    for row, candidates in zip(rows, found):
        for s in candidates:
            if s.signals.numbers_differ:
                continue
            out.append((s.signals.vector(), int(row["kind"] == "same" and s.claim.pk == keys[row["target"]])))
    return out


def candidates(rows: list[dict], visible, weights=None) -> list[list]:
    """Every scored candidate of every query, labels not yet applied (for choosing the thresholds)."""
    names = lexical.NameTable.load()
    return selectors.suggest_many([lexical.Query(r["query"]) for r in rows], visible, names=names, shown_only=False, limit=50, weights=weights)


def with_thresholds(rows: list[dict], keys: dict[str, int], found: list[list], same_at: float, related_at: float) -> Result:
    """What the desk would show with these thresholds (the labelling and ranking of `selectors.suggest_many`)."""
    ranked = []
    for shown in found:
        kept = []
        for s in shown:
            label = scoring.label(s.score, s.signals.numbers_differ, same_at, related_at)
            if not label and s.signals.verbatim >= selectors.NEAR_VERBATIM:
                label = scoring.RELATED
            if label:
                kept.append(selectors.Suggestion(s.claim, s.score, s.why, label, s.signals))
        ranked.append([(s.claim.pk, s.label) for s in selectors.rank(kept)[: selectors.DEFAULT_LIMIT]])
    return _score("new (hybrid)", rows, ranked, keys)


def choose_thresholds(rows: list[dict], keys: dict[str, int], found_per_size: list[list[list]], *, negatives_at_most: float = 0.05) -> tuple[float, float]:
    """(same_at, related_at) on the dev split: the best P@1 + R@5 + share of targets labelled "same claim",
    summed over the corpus sizes given,
    with negatives shown first as "same claim" at most `negatives_at_most` and no changed number first."""
    best, chosen = None, (scoring.SAME_AT, scoring.RELATED_AT)
    for same_at in [*(x / 100 for x in range(30, 98, 2)), 0.98, 0.985, 0.99, 0.993, 0.995, 0.997, 0.998, 0.999]:
        for related_at in (0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2):
            results = [with_thresholds(rows, keys, found, same_at, related_at).total for found in found_per_size]
            if any(r.negatives_rate > negatives_at_most or r.changed_first for r in results):
                continue
            value = sum(r.p1 + r.r5 + r.same_label_rate for r in results)
            if best is None or value > best + 1e-9:
                best, chosen = value, (same_at, related_at)
    return chosen


# --- distractors --------------------------------------------------------------------------

_SUBJECTS = [("ロシア", "Russia", "Россия"), ("ウクライナ", "Ukraine", "Украина"), ("ポーランド", "Poland", "Польша"),
             ("ドイツ", "Germany", "Германия"), ("米国", "The United States", "США"), ("ベラルーシ", "Belarus", "Беларусь")]
_THINGS = [("戦車", "tanks", "танков"), ("無人機", "drones", "беспилотников"), ("榴弾砲", "howitzers", "гаубиц"),
           ("戦闘機", "fighter jets", "истребителей"), ("防空システム", "air-defence systems", "систем ПВО")]
_PLACES = [("ミンスク", "Minsk", "Минске"), ("キーウ", "Kyiv", "Киеве"), ("ワルシャワ", "Warsaw", "Варшаве"),
           ("ヘルシンキ", "Helsinki", "Хельсинки"), ("ジュネーブ", "Geneva", "Женеве")]
_TEMPLATES = [
    ("{s}は{p}に{n}両の{t}を送った。", "{s} sent {n} {t} to {p}.", "{s} отправила {n} {t} в {p}."),
    ("{p}での協議で{s}は{t}の供与を約束した。", "At the talks in {p}, {s} promised to supply {t}.", "На переговорах в {p} {s} пообещала поставить {t}."),
    ("{s}の{t}は{n}基しか残っていない。", "{s} has only {n} {t} left.", "У страны {s} осталось лишь {n} {t}."),
    ("{s}は{year}年までに{p}を失うと予測された。", "{s} was predicted to lose {p} by {year}.", "Предсказано, что {s} потеряет {p} к {year} году."),
    ("{p}の住民の{n}%が合意を支持した。", "{n}% of the people of {p} backed the agreement.", "{n}% жителей {p} поддержали соглашение."),
    ("{s}は{p}での会談は失敗だったと述べた。", "{s} said the meeting in {p} had failed.", "{s} заявила, что встреча в {p} провалилась."),
]


def distractor_texts(count: int, *, seed: int = 7) -> list[tuple[str, str]]:
    """`count` synthetic claims on the same beat (talks, weapons, numbers; ja/en/ru) as (statement, language).

    Deterministic: the first N of a larger set are the N of a smaller one (so one vector cache serves every size)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lang = rng.choice((0, 1, 2))
        slots = {"s": rng.choice(_SUBJECTS)[lang], "t": rng.choice(_THINGS)[lang], "p": rng.choice(_PLACES)[lang],
                 "n": rng.randint(2, 900), "year": rng.randint(2015, 2030)}
        out.append((rng.choice(_TEMPLATES)[lang].format(**slots), ("ja", "en", "ru")[lang]))
    return out


def cached_vectors(texts: list[str], path: Path | None, *, progress=None) -> np.ndarray:
    """Embeddings of `texts`, read from / added to an .npz cache at `path` (text hash → vector) when given.

    100k distractors take about an hour to embed on one core here: a cache outside git (bench/data/) lets a
    measurement at that size be repeated without embedding them again. The cache is keyed by the model too."""
    keys = [hashlib.sha256(f"{embedding.MODEL}\x00{t}".encode()).hexdigest()[:24] for t in texts]
    known: dict[str, np.ndarray] = {}
    if path is not None and path.exists():
        with np.load(path) as data:
            known = dict(zip(data["keys"].tolist(), data["vectors"]))
    missing = [i for i, k in enumerate(keys) if k not in known]
    for start in range(0, len(missing), 2000):
        chunk = missing[start : start + 2000]
        for i, vector in zip(chunk, embedding.embed([texts[i] for i in chunk])):
            known[keys[i]] = vector
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array(list(known)), vectors=np.vstack(list(known.values())).astype(np.float32))
            tmp.replace(path)  # a run stopped half-way keeps what it embedded
        if progress:
            progress(min(start + 2000, len(missing)), len(missing))
    if not texts:
        return np.zeros((0, embedding.DIM), dtype=np.float32)
    return np.vstack([known[k] for k in keys]).astype(np.float32)


def make_distractors(count: int, *, seed: int = 7, vector_cache: Path | None = None) -> list[int]:
    """`count` synthetic claims on the same beat, indexed for both engines (wording index and vectors).

    A small generator of its own (`bench/corpus.py` lies above this app); embedding costs ~25 ms a claim
    on one core, so `vector_cache` (an .npz file) keeps the vectors for the next run."""
    clerk, _ = get_user_model().objects.get_or_create(username="matching-eval", defaults={"is_active": False})
    texts = distractor_texts(count, seed=seed)
    made = []
    for start in range(0, len(texts), 5000):
        batch = [Claim(statement=text, language=lang, speaker_description="Unnamed source", said_on_precision="unknown", created_by=clerk)
                 for text, lang in texts[start : start + 5000]]
        made += Claim.objects.bulk_create(batch, batch_size=500)
    ids = [c.pk for c in made]
    lexical.reindex_matching(ids)
    vectors = cached_vectors([t for t, _ in texts], vector_cache)
    now = timezone.now()
    rows = [ClaimVector(claim_id=pk, model=embedding.MODEL, text_hash=services.text_hash(text, ""), statement=ClaimVector.pack(vector),
                        translation=ClaimVector.pack(None), updated_at=now) for pk, (text, _), vector in zip(ids, texts, vectors)]
    ClaimVector.objects.bulk_create(rows, batch_size=2000)
    return ids
