"""The claims' vectors in memory: exact numpy search, an HNSW index (usearch) for large archives.

Neither SQLite here (no loadable extensions, so no sqlite-vec) nor PostgreSQL (no pgvector) can search
vectors, so each process holds the stored vectors (`ClaimVector`) as two float32 matrices and asks the
database one cheap question per search — how many rows, and the latest `updated_at` — to know whether
to read the rows changed since (an incremental refresh; a count that went down means a deletion, and
everything is read again). Exact search over 100k claims is one 100k × 384 product (~10 ms); above
`MATCHING_ANN_MIN` claims an int8 HNSW index (usearch) answers instead, persisted to
`MATCHING_INDEX_PATH` with the stamp it was built at, kept in step by the embedding task and rebuilt
from the database when its stamp is not the database's.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from . import embedding
from .background import BACKGROUND
from .models import ClaimVector

_lock = threading.Lock()


def _stamp(using: str) -> tuple[int, str]:
    row = ClaimVector.objects.using(using).aggregate(n=Count("pk"), at=Max("updated_at"))
    return row["n"], row["at"].isoformat() if row["at"] else ""


_background: np.ndarray | None = None


def background() -> np.ndarray:
    global _background
    if _background is None:
        _background = embedding.embed(BACKGROUND)
    return _background


def genericity(matrix: np.ndarray) -> np.ndarray:
    """Each row's mean similarity to the background sentences (0 for a zero row)."""
    if not len(matrix):
        return np.zeros(0, dtype=np.float32)
    return (matrix @ background().T).mean(axis=1)


@dataclass
class Matrix:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    statements: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIM), dtype=np.float32))
    translations: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIM), dtype=np.float32))
    prior: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    stamp: tuple = (0, "")
    row_of: dict = field(default_factory=dict)
    ann: object = None

    def __len__(self):
        return len(self.ids)

    def position(self, claim_id: int) -> int | None:
        return self.row_of.get(int(claim_id))


_matrices: dict[str, Matrix] = {}


def _rows(queryset):
    ids, s_rows, t_rows = [], [], []
    for pk, s, t in queryset.values_list("claim_id", "statement", "translation").iterator(chunk_size=2000):
        ids.append(pk)
        s_rows.append(ClaimVector.unpack(s))
        vec = ClaimVector.unpack(t)
        t_rows.append(vec if vec is not None else np.zeros(embedding.DIM, dtype=np.float32))
    empty = np.zeros((0, embedding.DIM), dtype=np.float32)
    return np.array(ids, dtype=np.int64), (np.vstack(s_rows) if s_rows else empty), (np.vstack(t_rows) if t_rows else empty)


def matrix(using: str = "default") -> Matrix:
    """This process's matrix for database `using`, current as of this call."""
    stamp = _stamp(using)
    current = _matrices.get(using)
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        current = _matrices.get(using)
        if current is not None and current.stamp == stamp:
            return current
        rows = ClaimVector.objects.using(using)
        if current is None or stamp[0] < len(current) or not current.stamp[1]:
            ids, s, t = _rows(rows.order_by("claim_id"))
            fresh = Matrix(ids, s, t, genericity(s), stamp)
        else:
            ids, s, t = _rows(rows.filter(updated_at__gte=current.stamp[1]).order_by("claim_id"))
            fresh = Matrix(current.ids.copy(), current.statements.copy(), current.translations.copy(), current.prior.copy(), stamp)
            fresh.row_of = dict(current.row_of)
            new = [i for i, pk in enumerate(ids) if int(pk) not in fresh.row_of]
            old = [(i, fresh.row_of[int(pk)]) for i, pk in enumerate(ids) if int(pk) in fresh.row_of]
            for i, at in old:
                fresh.statements[at], fresh.translations[at] = s[i], t[i]
            if old:
                at = [a for _, a in old]
                fresh.prior[at] = genericity(s[[i for i, _ in old]])
            if new:
                fresh.ids = np.concatenate([fresh.ids, ids[new]])
                fresh.statements = np.vstack([fresh.statements, s[new]])
                fresh.translations = np.vstack([fresh.translations, t[new]])
                fresh.prior = np.concatenate([fresh.prior, genericity(s[new])])
            if len(fresh) != stamp[0]:  # rows replaced while we read: read everything again next time
                fresh.stamp = (-1, "")
        fresh.row_of = {int(pk): i for i, pk in enumerate(fresh.ids)}
        if len(fresh) >= ann_min():
            fresh.ann = load_or_build_ann(fresh)
        _matrices[using] = fresh
        return fresh


def forget() -> None:
    """Drop this process's matrices (tests; after a rebuild)."""
    with _lock:
        _matrices.clear()


def nearest(query: np.ndarray, m: Matrix, k: int) -> list[tuple[int, float, float]]:
    """The k claims whose statement or translation is closest: (claim id, statement cos, translation cos)."""
    if not len(m):
        return []
    if m.ann is not None:
        found = m.ann.search(query, min(len(m), 2 * k))
        rows = [m.row_of[int(key)] for key in found.keys if int(key) in m.row_of]
    else:
        scores = np.maximum(m.statements @ query, m.translations @ query)
        k = min(k, len(m))
        rows = np.argpartition(-scores, k - 1)[:k] if k < len(m) else np.arange(len(m))
    rows = np.asarray(rows, dtype=np.int64)
    s = m.statements[rows] @ query
    t = m.translations[rows] @ query
    return [(int(m.ids[r]), float(a), float(b)) for r, a, b in zip(rows, s, t)]


# --- the HNSW index for large archives --------------------------------------------------


def ann_min() -> int:
    return int(getattr(settings, "MATCHING_ANN_MIN", 50_000))


def ann_path() -> Path:
    return Path(getattr(settings, "MATCHING_INDEX_PATH", Path(settings.BASE_DIR) / "var" / "matching.usearch"))


def _new_ann():
    from usearch.index import Index

    return Index(ndim=embedding.DIM, metric="cos", dtype="i8", connectivity=16)


def build_ann(m: Matrix):
    """An HNSW index of the statement and translation rows (key: claim id; translations as id + 2**40)."""
    index = _new_ann()
    if len(m):
        has_t = np.abs(m.translations).sum(axis=1) > 0
        keys = np.concatenate([m.ids, m.ids[has_t] + (1 << 40)])
        index.add(keys, np.vstack([m.statements, m.translations[has_t]]))
    return _ClaimKeys(index)


class _ClaimKeys:
    """An index whose translation keys are folded back onto claim ids in `search`."""

    def __init__(self, index):
        self.index = index

    def search(self, query, count):
        found = self.index.search(query, count)

        class Found:
            keys = list(dict.fromkeys(int(key) & ((1 << 40) - 1) for key in found.keys))

        return Found

    def save(self, path: Path, stamp) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.index.save(str(path))
        path.with_suffix(".stamp.json").write_text(json.dumps(list(stamp)))


def load_or_build_ann(m: Matrix):
    """The persisted index if it was built at this stamp, else built again from the matrix and saved."""
    path = ann_path()
    stamp_file = path.with_suffix(".stamp.json")
    try:
        if path.exists() and json.loads(stamp_file.read_text()) == list(m.stamp):
            index = _new_ann()
            index.load(str(path))
            return _ClaimKeys(index)
    except (OSError, ValueError):
        pass
    built = build_ann(m)
    try:
        built.save(path, m.stamp)
    except OSError:
        pass  # a read-only disk: the index still serves this process
    return built
