"""The general path: attributions in a language that has no rules file (Belarusian, Portuguese, Czech, …).

No hand-written rule of that language is needed; what it uses is general:

- **reporting verbs** are recognised by a small learned model (`CueModel`): a logistic regression over
  each word's multilingual embedding (`matching.embedding`, multilingual-e5-small, the word framed as
  "Anna <word>"), trained on the verbs the rules languages' files list and the words of their labelled
  dev articles (`python manage.py train_intake_cues`). Its 384 weights, bias and threshold, and the
  training words' scores, are a 21 KB file in the repository (`general_cues.npz`, never fetched), loaded
  once per process; an unseen word is embedded once per process and remembered (not the n-grams of an
  earlier attempt: held out one language at a time they found far fewer verbs, README);
- **quotation marks of every script** (“…”, „…“, „…”, «…», ‚…‘, 「…」, "…"), the pair an article uses;
- **names** from the desk's alias table with declined forms (Пуціна, Lukašenky) and capitalised runs
  that the article never writes in lower case; agencies from `intake.agencies` (a hop, never the speaker);
- **countries, months, weekdays, yesterday/today** from CLDR (Babel) in that language, so a country is
  never a person and dates resolve as in the rules languages.

The engine (`intake.candidates`) then runs unchanged with these `Rules`: a learned cue plays the part of
a listed verb. The candidates are marked `path="general"`: less sure than the rules' ones, the review
page says so.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from pathlib import Path

import numpy as np

from .rules import Rules, all_rules

CUE_MODEL_PATH = Path(__file__).with_name("general_cues.npz")
# Words further than this from a person (or a closing quotation mark) are not asked about: the verb of
# "X said" stands next to X, and every word asked costs an embedding the first time it is seen.
CUE_REACH_WORDS = 6
MIN_CUE_CHARS = 3
# Each word is embedded after a first name, as a verb stands after its subject: "Anna afirmou", "Anna
# заявіў". Held out one language at a time this finds more verbs than the bare word (de 0.60 vs 0.50
# recall, fr 0.63 vs 0.54, it 0.77 vs 0.79 at equal or better precision; README).
CUE_FRAME = "Anna {}"

_WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*")
_UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
_LOWER = "".join(chr(c) for c in range(0x61, 0x530) if chr(c).islower() and chr(c).isalpha())
_CLOSERS = "”“»\"’」』›"


class CueModel:
    """Is this word a reporting verb (said, заявіў, afirmou, verklaarde, uvedl …)? A logistic regression
    over the word's multilingual embedding (`matching.embedding`, multilingual-e5-small): 384 weights and
    a bias, trained on the rules languages. Each word is embedded once per process, then remembered."""

    def __init__(self, weights: np.ndarray, bias: float, threshold: float):
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)
        self.threshold = float(threshold)
        self._scores: dict[str, float] = {}
        self._lock = threading.Lock()

    def scores(self, words: list[str]) -> list[float]:
        """P(reporting verb) of each word; the unseen ones embedded together, in one call."""
        from matching.embedding import embed

        unseen = sorted({w for w in words if w not in self._scores})
        if unseen:
            vectors = embed([CUE_FRAME.format(w) for w in unseen])
            values = 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))
            with self._lock:
                self._scores.update(zip(unseen, (float(v) for v in values)))
        return [self._scores[w] for w in words]

    @classmethod
    def load(cls, path: Path = CUE_MODEL_PATH) -> CueModel:
        with np.load(path) as data:
            model = cls(data["weights"], float(data["bias"]), float(data["threshold"]))
            if "words" in data:  # the training words' scores, computed when it was fitted: no embedding for them
                model._scores.update(zip((str(w) for w in data["words"]), (float(v) for v in data["word_scores"])))
        return model

    def save(self, path: Path = CUE_MODEL_PATH, held_out: list[tuple[str, float, float, float]] = (), vocabulary: dict[str, float] | None = None) -> None:
        """The weights, how well they found the verbs of each language held out of training (language,
        threshold, recall, precision), so the figures travel with the model, and the training words' scores."""
        rows = np.array([(t, r, p) for _l, t, r, p in held_out], dtype=np.float32).reshape(-1, 3)
        languages = np.array([l for l, _t, _r, _p in held_out], dtype="U8")
        words = sorted(vocabulary or {})
        np.savez_compressed(
            path, weights=self.weights, bias=np.float32(self.bias), threshold=np.float32(self.threshold), held_out=rows, held_out_languages=languages,
            words=np.array(words, dtype=str), word_scores=np.array([vocabulary[w] for w in words], dtype=np.float32),
        )


def held_out_figures(path: Path = CUE_MODEL_PATH) -> list[tuple[str, float, float, float]]:
    """(language, threshold, recall, precision) stored with the model by train_intake_cues."""
    with np.load(path) as data:
        if "held_out" not in data:
            return []
        return [(str(l), float(t), float(r), float(p)) for l, (t, r, p) in zip(data["held_out_languages"], data["held_out"])]


@functools.cache
def cue_model() -> CueModel:
    """The process's cue model (loaded once; the embedding model behind it loads on the first unseen word)."""
    return CueModel.load()


class _CueMatch:
    """A learned cue in the shape of a `re.Match` (start, end, group), so the engine takes it as a verb."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str):
        self._start, self._end, self._text = start, end, text

    def start(self, _group=0) -> int:
        return self._start

    def end(self, _group=0) -> int:
        return self._end

    def group(self, _group=0) -> str:
        return self._text


_NAME_LIKE = re.compile(rf"(?<![^\W\d_])[{_UPPER}][^\W\d_]+")
# A word right after a name or a closing quotation mark ("Lukasjenko zei", "…», disse") is the verb far
# more often than elsewhere: it is taken from a lower score (both chosen on the held-out languages).
NEXT_TO_NAME_THRESHOLD = 0.3
# "Poetin en Loekasjenko, zeiden maandag dat …", "Vondráček zároveň připustil, že …", "Karel Vondráček v
# rozhovoru pro náš týdeník ujistil, že …": a word a word or two after a name and before "that", or right
# before "that" a few words after a name, stands where the verb of reported speech stands (BESIDE).
CLAUSE_REACH_WORDS = 2
# Both at once — right after the name and with a "that" later in the sentence ("De Wit zei vrijdagavond
# tegen RTV dat …") — is twice the evidence: half the threshold (SUBJECT_AND_CLAUSE).
ELSEWHERE, BESIDE, INVERTED, SUBJECT_AND_CLAUSE = "elsewhere", "beside", "inverted", "subject_and_clause"
OPENER_MAX_CHARS = 8
PREFETCH_BATCH = 16  # words per embedding call (measured fastest per word on one thread)


def _quoted(text: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """The closed quotations of a sentence (their words are the quote, never its verb)."""
    from .people import INNER_ATTRIBUTION, _quote_spans

    spans = []
    for start, end, closed in _quote_spans(text, _Marks(pairs)):
        if not closed:
            continue
        inner = INNER_ATTRIBUTION.search(text, start, end)  # «…, – падкрэсліў Пуцін. – …»: its verb is outside
        spans += [(start, inner.start()), (inner.end(), end)] if inner else [(start, end)]
    return spans


@dataclasses.dataclass(frozen=True)
class _Marks:
    quotes: tuple[tuple[str, str], ...]


def cue_words(text: str, lowered: frozenset[str] = frozenset(), pairs: tuple[tuple[str, str], ...] = (), near: list[tuple[int, int]] | None = None) -> list[tuple[re.Match, str]]:
    """The words of a sentence that could be its reporting verb, each with where it stands: between a
    closing quotation mark and a name (INVERTED: "…», disse Rocha" — taken whatever its score), right
    after a name or a closing mark, or first and right before a name (BESIDE: a lower threshold), or
    ELSEWHERE. Asked about: words in lower case (or a sentence's first word: "Volgens", "Podle"),
    of 3 letters or more, within a few words of a name-like word (capitalised, and never written in lower
    case in the article: `lowered`) or of a closing quotation mark ("…», disse")."""
    words = list(_WORD.finditer(text))
    anchors = set()
    quoted = set()
    for n, m in enumerate(words):
        word = m.group(0)
        if near is not None:  # the people found already (a rules language): only their words are names
            if any(a <= m.start() < b for a, b in near):
                anchors.add(n)
        elif _NAME_LIKE.fullmatch(word) and (n > 0 or word.casefold() not in lowered):
            anchors.add(n)
        before = text[max(0, m.start() - 8) : m.start()].rstrip(" ,—–-\u00a0")
        if before and before[-1] in _CLOSERS:  # ("" is in every string: a sentence's first word is not after a quote)
            quoted.add(n)
    reach = anchors | quoted
    inside = _quoted(text, pairs) if pairs else []
    chosen = []
    for n, m in enumerate(words):
        word = m.group(0)
        # A sentence's first word before a name may be "Podle", "Volgens", "Паводле" (according to), even
        # when the article never writes it in lower case; a longer one is a title ("Прэс-сакратар").
        opener = n == 0 and n + 1 in anchors and len(word) <= OPENER_MAX_CHARS and "-" not in word
        if len(word) < MIN_CUE_CHARS or not (word[0].islower() or n == 0) or (n in anchors and not opener):
            continue
        if any(a <= m.start() < b for a, b in inside):
            continue
        if any(abs(n - a) <= CUE_REACH_WORDS for a in reach):
            after_name = n - 1 in anchors and not text[words[n - 1].end() : m.start()].strip()
            before_name = n + 1 in anchors and not text[m.end() : words[n + 1].start()].strip()
            subject = n - 1 in anchors or (n - 2 in anchors and n - 1 not in anchors)
            subject = subject and not text[words[n - 1].end() : m.start()].strip(" ,")
            clause_next = n + 1 < len(words) and words[n + 1].group(0).casefold() in _complementiser_words() and not text[m.end() : words[n + 1].start()].strip(" ,")
            before_clause = (subject and any(w.group(0).casefold() in _complementiser_words() for w in words[n + 1 : n + 1 + CLAUSE_REACH_WORDS])) or (
                clause_next and any(0 < n - a <= CUE_REACH_WORDS for a in anchors)
            )
            if n in quoted and before_name:
                chosen.append((m, INVERTED))  # "…», disse Rocha", "‘…’, zei Poetin": the inversion itself says it
            elif after_name and (n > 1 or len(words[0].group(0)) > 3) and any(w.group(0).casefold() in _complementiser_words() for w in words[n + 1 :]):
                # (not after a sentence's short first word: "Uma moradora … que", "Het bestuur … dat")
                chosen.append((m, SUBJECT_AND_CLAUSE))
            elif n in quoted or after_name or before_clause or (n == 0 and before_name and len(word) > MIN_CUE_CHARS):  # "Podle Horákové", "Volgens Rutte"; not "Het", "Uma"
                chosen.append((m, BESIDE))
            elif len(word) > MIN_CUE_CHARS:  # a three-letter word away from a name: "het", "que", "для"
                chosen.append((m, ELSEWHERE))
    return chosen


def fallback_cues(rules: Rules) -> LearnedCues:
    """Learned cues for a rules language's sentence whose verb its file does not list."""
    return _fallback_cues(rules.quotes)


@functools.cache
def _fallback_cues(pairs: tuple[tuple[str, str], ...]) -> LearnedCues:
    return LearnedCues(pairs=pairs, strict=True)


def opens_with_cue(text: str, cue_start: int) -> bool:
    """A sentence without a name continues the last speaker only when it opens with its verb, or with one
    or two short words and the verb ("Dodał, że", "Hij voegde eraan toe", "Il a ajouté", "Он также
    добавил"); not "Rozmowy trwały trzy godziny", "Het gesprek duurde" (a noun: the talks, not the speaker)."""
    head = text[:cue_start]
    closing = max((head.rfind(mark) for mark in _CLOSERS), default=-1)
    before = _WORD.findall(head[closing + 1 :])  # "« … », a-t-il ajouté": the quotation is not its subject
    return not before or (len(before) <= 2 and (len(before[0]) <= 4 or closing >= 0) and len(before[-1]) <= 5)


class LearnedCues:
    """The `cues` of general Rules: `finditer`/`search` over the words the cue model takes for verbs."""

    pattern = "<learned cues: intake.general.CueModel>"

    def __init__(self, model: CueModel | None = None, lowered: frozenset[str] = frozenset(), pairs: tuple[tuple[str, str], ...] = (), strict: bool = False):
        self._model = model
        self.lowered = lowered
        self.pairs = pairs
        self.strict = strict  # a rules language's fallback: no lower threshold beside a name

    @property
    def model(self) -> CueModel:
        return self._model or cue_model()

    def finditer(self, text: str, near: list[tuple[int, int]] | None = None):
        candidates = cue_words(text, self.lowered, self.pairs, near)
        if not candidates:
            return
        model = self.model
        asked = [(m, place) for m, place in candidates if place != INVERTED]
        scores = dict(zip((m.start() for m, _p in asked), model.scores([m.group(0).casefold() for m, _p in asked])))
        for match, place in candidates:
            if place == INVERTED:
                yield _CueMatch(match.start(), match.end(), match.group(0))
                continue
            threshold = model.threshold
            if place in (BESIDE, SUBJECT_AND_CLAUSE) and not self.strict:
                threshold = min(threshold, NEXT_TO_NAME_THRESHOLD / (2 if place == SUBJECT_AND_CLAUSE else 1))
            if scores[match.start()] >= threshold:
                yield _CueMatch(match.start(), match.end(), match.group(0))

    def search(self, text: str):
        return next(self.finditer(text), None)

    def prefetch(self, sentences: list[str]) -> None:
        """Score every word the article's sentences will ask about, in batches (one model call per
        PREFETCH_BATCH words is cheaper than one per sentence)."""
        words = sorted({m.group(0).casefold() for text in sentences for m, place in cue_words(text, self.lowered, self.pairs) if place != INVERTED})
        model = self.model
        for start in range(0, len(words), PREFETCH_BATCH):
            model.scores(words[start : start + PREFETCH_BATCH])


# --- CLDR words of the language (Babel) -------------------------------------------------------


def _locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _alternation(words, tail: str = "") -> str:
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in unique)


def _stem(word: str) -> str:
    """A declinable word without its last letter (středa → střed: ve středu; серада → серад: у сераду)."""
    return word[:-1] if len(word) >= 5 else word


@functools.cache
def _calendar(language: str) -> tuple[tuple[re.Pattern, ...], tuple[str, ...], tuple[re.Pattern, ...], dict[str, int], tuple[str, ...]]:
    """(months, weekday stems Monday first, date patterns, offsets, calendar words) from CLDR."""
    locale = _locale(language)
    if locale is None:
        return (), (), (), {}, ()
    from babel.dates import get_day_names, get_month_names

    months = []
    all_month_forms = []
    for number in range(1, 13):
        forms = set()
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                name = get_month_names(width, context, locale=locale).get(number, "")
                name = name.strip(".").casefold()
                if len(name) >= 3:
                    forms.add(name)
        all_month_forms += forms
        months.append(re.compile(r"(?:" + _alternation(forms) + r")\.?", re.IGNORECASE))
    weekday_forms: list[set[str]] = []
    for number in range(7):  # Babel: 0 is Monday
        forms = set()
        for context in ("format", "stand-alone"):
            name = get_day_names("wide", context, locale=locale).get(number, "").casefold()
            first = re.split(r"[\s-]", name)[0] if name else ""
            if first:
                forms.add(_stem(first))
        weekday_forms.append(forms)
    stems = tuple(min(forms, key=len) if forms else "\x00" for forms in weekday_forms)
    offsets: dict[str, int] = {}
    try:
        relative = locale._data["date_fields"]["day"]["relative"]
        for shift in (-2, -1, 0):
            word = relative.get(shift)
            if word and " " not in word.strip():
                offsets[word.casefold()] = shift
    except (KeyError, TypeError):
        pass
    month = _alternation(all_month_forms)
    day_names = _alternation(form for forms in weekday_forms for form in forms)
    dates = [
        rf"(?<!\w)(?P<day>\d{{1,2}})\.?\s+(?:[^\W\d_]{{1,2}}\s+)?(?P<monthname>{month})\.?(?:\s+(?:[^\W\d_]{{1,2}}\s+)?(?P<year>\d{{4}}))?(?!\w)",
        rf"(?<!\w)(?P<monthname>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?(?!\w)",
        r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})(?!\d)",
        r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)",
    ]
    if day_names:
        # Declined (ve středu, у сераду) or compounded (vrijdagmiddag, Montagabend) forms too.
        dates.append(rf"(?<!\w)(?P<weekday>(?:{day_names})[^\W\d_]{{0,8}})(?!\w)")
    if offsets:
        dates.append(r"(?<!\w)(?P<offset>" + _alternation(offsets) + r")(?!\w)")
    words = tuple(all_month_forms) + tuple(form for forms in weekday_forms for form in forms)
    return tuple(months), stems, tuple(re.compile(p, re.IGNORECASE) for p in dates), offsets, words


@functools.cache
def _countries(language: str) -> re.Pattern | None:
    """Every country's name in the language and in English (CLDR), declined endings allowed."""
    names = set()
    for code in {language, "en"}:
        locale = _locale(code)
        if locale is None:
            continue
        for key, name in locale.territories.items():
            if key.isalpha() and len(key) == 2 and len(name) >= 4 and "(" not in name:
                names.add(name)
    if not names:
        return None
    stems = {(_stem(n) if n[-1].lower() in "aeiouyаяоеиыуюьіїэ" and " " not in n else n) for n in names}
    return re.compile(r"(?<![^\W\d_])(?:" + _alternation(stems) + r")[^\W\d_]{0,3}(?![^\W\d_])")


# --- the general Rules ------------------------------------------------------------------------

_PYSBD = {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my", "el", "it", "ja", "de", "kk", "sk"}
_NEW_NAME = re.compile(
    rf"(?P<name>(?<![^\W\d_])[{_UPPER}][{_LOWER}’'\-]+(?: [{_UPPER}][{_LOWER}’'\-]+){{1,2}})(?![^\W\d_])"
)


@functools.cache
def _complementisers() -> str:
    """"that", что, che, dass, que, że, že, dat …: what the rules languages' files put between a verb and its
    clause, and general_words.toml's for languages without a file."""
    words = set(_general_data().get("complementisers", []))
    for rules in all_rules().values():
        if rules.clause_lead is not None:
            pattern = re.sub(r"\\[A-Za-z]", " ", rules.clause_lead.pattern)
            words.update(w for w in re.findall(r"[^\W\d_]{2,}", pattern) if len(w) <= 5)
    return _alternation(words)


@functools.cache
def _complementiser_words() -> frozenset[str]:
    return frozenset(_complementisers().split("|"))


GENERAL_WORDS_PATH = Path(__file__).with_name("general_words.toml")


@functools.cache
def _general_data() -> dict:
    import tomllib

    return tomllib.loads(GENERAL_WORDS_PATH.read_text(encoding="utf-8"))


@functools.cache
def _general_words() -> tuple[re.Pattern | None, tuple[re.Pattern, ...]]:
    """(hearsay, descriptions) from general_words.toml, read whatever the article's language: "Diz-se que…",
    "Prý…" are never claims; "Uma moradora de Sarnadas contou…" is a described speaker. The rules
    languages' own hearsay lists are added (the general path may read them too)."""
    data = _general_data()
    hearsay = list(data.get("hearsay", []))
    for rules in all_rules().values():
        if rules.unattributed is not None:
            hearsay.append(rules.unattributed.pattern)
    pattern = re.compile("|".join(f"(?:{p})" for p in hearsay), re.IGNORECASE) if hearsay else None
    return pattern, tuple(re.compile(p) for p in data.get("descriptions", []))


@functools.cache
def _static(language: str) -> Rules:
    months, weekdays, dates, offsets, calendar_words = _calendar(language)
    not_names = set()
    for rules in all_rules().values():
        not_names |= rules.not_names
    not_names |= {w[:1].upper() + w[1:] for w in calendar_words}
    lead = _complementisers()
    hearsay, descriptions = _general_words()
    return Rules(
        language=language,
        splitter=language if language in _PYSBD else "en",
        speaker_mode="nearest",
        clause_side="auto",
        subject_after=None,
        carry_sentences=1,
        nearest_window=60,
        terminators=".!?»\"”“",
        quotes=(),
        min_quote_chars=15,
        min_quote_words=3,
        cues=LearnedCues(),
        statement_trim=None,
        clause_lead=re.compile(r"^[\s,:—–-]*(?:[^.;«»“”„\"]{0,40}?(?<![^\W\d_])(?:" + lead + r")\s+)?", re.IGNORECASE) if lead else None,
        unattributed=hearsay,
        pronouns=None,
        descriptions=descriptions,
        new_names=(_NEW_NAME,),
        not_names=frozenset(not_names),
        outlets=(),
        according_to=(),
        months=months,
        weekdays=weekdays,
        dates=dates,
        offsets=offsets,
        name_suffix=r"[^\W\d_]{1,3}",
        countries=_countries(language),
        general=True,
    )


def quote_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """The quotation marks this article uses, in every script: „ closes with “ or ” (whichever the text
    has more of), and “ opens only where „ does not (where „ opens, “ closes)."""
    pairs: list[tuple[str, str]] = []
    if "„" in text:
        pairs.append(("„", "“" if text.count("“") >= text.count("”") else "”"))
    elif "“" in text:
        pairs.append(("“", "”"))
    pairs += [("«", "»"), ("‚", "‘") if "‚" in text else ("‘", "’"), ("「", "」"), ("『", "』"), ("\"", "\"")]
    if "»" in text and "«" in text and text.find("»") < text.find("«"):
        pairs[pairs.index(("«", "»"))] = ("»", "«")
    return tuple(pairs)


_LOWER_WORD = re.compile(rf"(?<![^\W\d_])[{_LOWER}][^\W\d_]*")


def readable(language: str) -> bool:
    """A language the general path can read: a real language code ("" and "und", undetermined, are not)."""
    return bool(language) and language != "und" and re.fullmatch(r"[a-z]{2,3}", language) is not None


def rules_for_article(language: str, text: str) -> Rules:
    """General Rules for an article in `language`: the language's CLDR words, the article's quotation
    marks, and as not-names every capitalised word the article also writes in lower case ("Podle",
    "Volgens": a sentence's first word, not a name)."""
    static = _static(language)
    lowered = {m.group(0) for m in _LOWER_WORD.finditer(text)}
    extra = {w[:1].upper() + w[1:] for w in lowered}
    pairs = quote_pairs(text)
    cues = LearnedCues(static.cues._model, frozenset(w.casefold() for w in lowered), pairs)
    return dataclasses.replace(static, quotes=pairs, not_names=static.not_names | frozenset(extra), cues=cues)
