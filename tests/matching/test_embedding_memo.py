"""A text's vector is encoded once per process: a page shown again (the monitoring queue's statements)
does not run the encoder again for the same texts."""

import numpy as np

from matching import embedding


class CountingModel:
    def __init__(self):
        self.encoded = []

    def query(self, texts):
        batch = [texts] if isinstance(texts, str) else list(texts)
        self.encoded.extend(batch)
        vectors = np.ones((len(batch), embedding.DIM), dtype=np.float32) / np.sqrt(embedding.DIM)
        return vectors[0] if isinstance(texts, str) else vectors


def test_the_same_texts_are_encoded_once_and_the_memo_stays_bounded(monkeypatch):
    model = CountingModel()
    monkeypatch.setattr(embedding, "_load", lambda: model)
    monkeypatch.setattr(embedding, "_memo", embedding.OrderedDict())
    monkeypatch.setattr(embedding, "MEMO_SIZE", 3)

    first = embedding.embed(["Exports rose by 12 percent", "", "Exports  rose by 12 percent", "Grain fell"])
    assert model.encoded == ["Exports rose by 12 percent", "Grain fell"]  # whitespace folded, duplicates once, empty skipped
    assert not first[1].any() and np.allclose(first[0], first[2])
    again = embedding.embed(["Grain fell", "Exports rose by 12 percent"])
    assert model.encoded == ["Exports rose by 12 percent", "Grain fell"] and np.allclose(again[0], first[3])

    embedding.embed(["a", "b", "c"])
    assert len(embedding._memo) == 3
