"""Attributed-statement candidates in an article: who said what, when, with the exact words and their place.

Pure functions over text and a speaker table (no database), so the evaluation and the benchmark
run them as the desk does. Everything language-specific comes from `intake.rules` (data files).

For each sentence: find the attribution cues (verbs such as said / заявил / と述べた), the
quotations, and the people in it (known aliases, pronouns, descriptions such as "a Ukrainian
citizen", new names). A cue or a quote with a speaker becomes a candidate; a sentence of
unknown origin ("it is said", 「…と言われている」) or a headline never does.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from . import agencies, general, transcript
from .dates import date_line, find_date, resolve_date, transcript_intro_date  # noqa: F401  (resolve_date re-exported)
from .people import INNER_ATTRIBUTION, Entity, KnownSpeaker, SpeakerTable, _inside, _quote_spans, find_entities, fold  # noqa: F401  (some re-exported)
from .rules import Rules, rules_for
from .sentences import Sentence, script_language, split

QUOTE = "quote"
PARAPHRASE = "paraphrase"
PRONOUN_REACH = 5  # sentences back that "he" / 同氏 / он may point to
RECENT_REACH = 2  # sentences after a dated sentence without a claim whose undated statements take its day


@dataclasses.dataclass
class Candidate:
    start: int  # the excerpt's position in the article text
    end: int
    excerpt: str
    statement: str
    form: str  # quote | paraphrase
    language: str
    speaker: KnownSpeaker | None = None
    speaker_text: str = ""  # as written in the article
    new_speaker: str = ""  # a name not in the speaker table, offered as a new speaker
    speaker_description: str = ""  # "a Ukrainian citizen": kept as a description
    said_on: datetime.date | None = None
    said_on_precision: str = "unknown"
    date_text: str = ""
    reporting_hint: str = ""  # who the report came through: "RIA Novosti", 「現在ある情報」
    reporting_phrase: str = ""  # as the article puts it: "according to RIA Novosti", 「…によれば」
    cue: str = ""
    path: str = "rules"  # "general": found by the general path (a language without rules), less sure

    @property
    def speaker_label(self) -> str:
        if self.speaker is not None:
            return self.speaker.name
        return self.new_speaker or self.speaker_description

    @property
    def speaker_key(self):
        """Who the candidate names: a known speaker's id, else the folded new name or description."""
        if self.speaker is not None:
            return ("known", self.speaker.id)
        return ("text", fold(self.speaker_label))


# --- the candidates ---------------------------------------------------------------------------


@dataclasses.dataclass
class _Context:
    table: SpeakerTable
    article_date: datetime.date | None
    last_speaker: Candidate | None = None
    last_speaker_sentence: int = -100
    dates_by_speaker: dict = dataclasses.field(default_factory=dict)
    met: dict = dataclasses.field(default_factory=dict)
    last_candidate: Candidate | None = None
    article_reporter: str = ""  # the agency of the wire dateline or the repost's credit line
    occasion: datetime.date | None = None  # a liveblog's or transcript's date line ("Mittwoch, 14. Februar")
    recent: tuple[datetime.date, int] | None = None  # a day a sentence without a claim named, and where
    transcript_day: datetime.date | None = None  # the day a transcript's introduction gives (its lines')


def _speaker_fields(entity: Entity | None, context: _Context, sentence_index: int, rules: Rules) -> dict | None:
    """Candidate fields naming the speaker `entity` stands for (a pronoun: the previous speaker)."""
    if entity is None:
        return None
    if entity.kind == "known":
        return {"speaker": entity.speaker, "speaker_text": entity.text}
    if entity.kind == "new":
        return {"new_speaker": entity.text, "speaker_text": entity.text}
    if entity.kind in ("description", "outlet"):
        return {"speaker_description": entity.text, "speaker_text": entity.text}
    if entity.kind == "pronoun":
        previous = context.last_speaker
        if previous is not None and sentence_index - context.last_speaker_sentence <= PRONOUN_REACH:
            return {
                "speaker": previous.speaker,
                "new_speaker": previous.new_speaker,
                "speaker_description": previous.speaker_description,
                "speaker_text": entity.text,
            }
    return None


def _carried(context: _Context, sentence_index: int, rules: Rules) -> dict | None:
    previous = context.last_speaker
    if previous is None or rules.carry_sentences <= 0:
        return None
    if sentence_index - context.last_speaker_sentence > rules.carry_sentences:
        return None
    return {
        "speaker": previous.speaker,
        "new_speaker": previous.new_speaker,
        "speaker_description": previous.speaker_description,
        "speaker_text": "",
    }


def _according(text: str, rules: Rules) -> re.Match | None:
    for pattern in rules.according_to:
        match = pattern.search(text)
        if match:
            return match
    return None


def _according_fields(according: re.Match, entities: list[Entity], context: _Context, index: int, rules: Rules) -> dict:
    """Who "according to X" names: a person or pronoun inside X, else X itself as a description."""
    who_start, who_end = according.start("who"), according.end("who")
    inside = [e for e in entities if who_start <= e.start < who_end and e.kind != "description"]
    for entity in inside:
        fields = _speaker_fields(entity, context, index, rules)
        if fields is not None:
            return fields
    who = according.group("who").strip()
    return {"speaker_description": who, "speaker_text": who}


_INVERSION = re.compile(r"(?:[”’»\"'][,，]?\s*[—–-]?|[—–])\s*$")


def _nearest(entities: list[Entity], text: str, cue_start: int, cue_end: int, window: int) -> Entity | None:
    """The speaker of a cue: the closest name before it ("Kuleba said"), or after it only when the
    sentence is inverted ("…,” said Kuleba / «…», — сказал Лебедев) or nobody stands before it
    (the name after "told" is usually who was told)."""
    within = [e for e in entities if e.start >= cue_start and e.end <= cue_end]
    if within:  # "a-t-il ajouté", "fügte sie hinzu": the pronoun inside the verb
        return within[0]
    before = [e for e in entities if e.end <= cue_start and cue_start - e.end <= window]
    after = [e for e in entities if e.start >= cue_end and e.start - cue_end <= window]
    first_after = min(after, key=lambda e: e.start) if after else None
    last_before = max(before, key=lambda e: e.end) if before else None
    if first_after is not None and (last_before is None or _INVERSION.search(text[:cue_start])):
        return first_after
    return last_before


def _trim(text: str) -> str:
    return text.strip().strip(",，、:：;—–-").strip()


def _quote_inner(text: str, rules: Rules) -> str:
    for opening, closing in rules.quotes:
        if text.startswith(opening):
            inner = text[len(opening) :]
            if inner.endswith(closing):
                inner = inner[: -len(closing)]
            return inner.strip().rstrip(",，").rstrip()
    return text.strip()


def _long_enough(quote_text: str, rules: Rules) -> bool:
    inner = _quote_inner(quote_text, rules)
    return len(inner) >= rules.min_quote_chars and len(inner.split()) >= rules.min_quote_words


def _split_at_inner_attribution(text: str, spans: list[tuple[int, int, bool]], rules: Rules) -> tuple[list[tuple[int, int, bool]], set]:
    """«La cuestión … —puntualizó Lukashenko—, y eso …»: a quotation its attribution interrupts is two
    quotations with the attribution between them; the second continues the first (not a claim of its own)."""
    result, continued = [], set()
    for start, end, closed in spans:
        inner = text[start:end]
        match = INNER_ATTRIBUTION.search(inner)
        if closed and match and rules.cues.search(match.group("attribution")):
            result.append((start, start + match.start(), True))
            result.append((start + match.end(), end, True))
            continued.add((start + match.end(), end))
        else:
            result.append((start, end, closed))
    return result, continued




def _previous_gets_date(text: str, rules: Rules, context: _Context) -> None:
    """"Об этом он сказал во время брифинга 20 декабря.": the day belongs to the claim before."""
    previous = context.last_candidate
    if previous is None:
        return
    said_on, precision, date_text = find_date(text, rules, context.article_date)
    if said_on is not None:
        previous.said_on, previous.said_on_precision, previous.date_text = said_on, precision, date_text
        context.dates_by_speaker[previous.speaker_key] = (said_on, precision)


def _sentence_candidates(sentence: Sentence, index: int, rules: Rules, context: _Context) -> list[Candidate]:
    text = sentence.text
    if sentence.headline or (rules.unattributed is not None and rules.unattributed.search(text)):
        return []
    if rules.back_reference is not None and rules.back_reference.search(text):
        _previous_gets_date(text, rules, context)
        return []
    spans, continued = _split_at_inner_attribution(text, _quote_spans(text, rules), rules)
    # Words inside closed quotation marks are the quote, not the report of it. An unclosed mark
    # (a blog wrapping its whole text in 『…, a quote that runs past the line) only counts as a
    # quotation when no attribution follows it.
    quotes = [(a, b) for a, b, closed in spans if closed]
    cues = [m for m in rules.cues.finditer(text) if not _inside(m.start(), quotes)]
    learned = False
    if not cues and not rules.general and rules.speaker_mode != "topic" and not (rules.unattributed and rules.unattributed.search(text)):
        # A verb the rules file does not list (зауважив, припустив, indicaron): the general path's learned cues.
        people = [(e.start, e.end) for e in find_entities(text, rules, context.table, context.met) if e.kind in ("known", "new") and not _inside(e.start, quotes)]
        if people:
            cues = [m for m in general.fallback_cues(rules).finditer(text, near=people) if not _inside(m.start(), quotes)]
        learned = bool(cues)
    quotes += [(a, b) for a, b, closed in spans if not closed and not any(m.start() > a for m in cues)]
    according = None if learned else _according(text, rules)
    if according is not None and _inside(according.start(), quotes):
        according = None
    long_quotes = [span for span in quotes if _long_enough(text[span[0] : span[1]], rules) and span not in continued]
    # "Quote from Putin: «…»", "Putin cut short the question: «…»": a colon before a quotation is its cue.
    colon_quote = next((span for span in long_quotes if text[: span[0]].rstrip().endswith((":", "："))), None)
    if not cues and according is None and colon_quote is None and (rules.quote_needs_cue or not long_quotes):
        return []
    entities = [e for e in find_entities(text, rules, context.table, context.met) if not _inside(e.start, quotes)]
    outlet_entities = [e for e in entities if e.kind == "outlet"]
    if rules.speaker_mode != "topic":
        # "…, сообщает РИА Новости" / "told BelTA": the verb of an outlet is its report, not a statement's cue.
        cues = [m for m in cues if not any(0 <= e.start - m.end() <= 3 for e in outlet_entities)] or ([] if outlet_entities else cues)
        if not cues and according is None and colon_quote is None:
            return []
        speakers = [e for e in entities if e.kind != "outlet"]
        if not cues and colon_quote is None and _behind_only_outlet(according, entities):
            return []
    else:
        speakers = [e for e in entities if e.kind != "outlet"] or entities
    hint = phrase = ""
    if according is not None and cues:
        hint, phrase = according.group("who").strip(), according.group(0).strip()
    outlets = [e.text for e in outlet_entities]
    if not hint and outlets:
        hint = phrase = outlets[0]
    if rules.speaker_mode != "topic":
        hint, phrase = _reporter(text, according, entities, outlets, rules)

    pieces: list[dict] = []  # each: start, end (in sentence), speaker entity or fields, statement, form
    if rules.speaker_mode == "topic":
        pieces = _topic_pieces(text, cues, quotes, long_quotes, speakers, according, rules, context, index)
    else:
        pieces = _nearest_pieces(text, cues, quotes, long_quotes, speakers, according, rules, context, index, colon_quote, learned)

    found = []
    for piece in pieces:
        fields = piece["speaker"]
        if fields is None:
            continue
        start, end = piece["start"], piece["end"]
        while start < end and text[start] in " \t\u3000、,":
            start += 1
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        statement = piece["statement"].strip()
        if not statement or end <= start:
            continue
        subject_at = piece.get("subject_at", 0)
        # Where the date said is looked for: next to the speaker and the verb ("said on Monday"),
        # or, in a Japanese clause, after its subject (青山町長は18日、…).
        window = piece.get("date_window", (start, end))
        said_on, precision, date_text = find_date(
            text[window[0] : window[1]], rules, context.article_date, max(0, subject_at - window[0]), [(a - window[0], b - window[0]) for a, b in quotes]
        )
        candidate = Candidate(
            start=sentence.start + start,
            end=sentence.start + end,
            excerpt=text[start:end],
            statement=statement,
            form=piece["form"],
            language=rules.language,
            cue=piece.get("cue", ""),
            path="general" if rules.general else "rules",
            reporting_hint=hint if hint and hint != fields.get("speaker_description") else "",
            reporting_phrase=phrase if hint and hint != fields.get("speaker_description") else "",
            **fields,
        )
        if not candidate.reporting_hint:
            # A continuation (he added, the next quote) keeps its statement's reporter; else the dateline's.
            previous = context.last_candidate
            if piece.get("continues") and previous is not None:
                candidate.reporting_hint, candidate.reporting_phrase = previous.reporting_hint, previous.reporting_phrase
            elif context.article_reporter:
                candidate.reporting_hint = candidate.reporting_phrase = context.article_reporter
        if said_on is None and rules.speaker_mode != "topic":
            # "told a briefing on Tuesday that …": anywhere in the sentence outside the statement and the quotes.
            where = text.find(statement) if statement else -1
            hidden = list(quotes) + ([(where, where + len(statement))] if where >= 0 else [])
            said_on, precision, date_text = find_date(text, rules, context.article_date, 0, hidden)
        if said_on is None:  # the same speaker's last date (one occasion, reported over several sentences)
            said_on, precision = context.dates_by_speaker.get(candidate.speaker_key, (None, "unknown"))
        if said_on is None and context.recent is not None and index - context.recent[1] <= RECENT_REACH:
            # "Вчора Путін і Лукашенко провели переговори. Путін після переговорів сказав, що …": that day.
            said_on, precision = context.recent[0], "day"
        if said_on is None and context.occasion is not None:  # a liveblog's or a transcript's own date line
            said_on, precision = context.occasion, "day"
        if said_on is None and "date_window" not in piece:
            said_on, precision, date_text = find_date(text, rules, context.article_date, subject_at, quotes)
        candidate.said_on, candidate.said_on_precision, candidate.date_text = said_on, precision, date_text
        if said_on is not None:
            context.dates_by_speaker[candidate.speaker_key] = (said_on, precision)
        context.last_speaker, context.last_speaker_sentence = candidate, index
        context.last_candidate = candidate
        found.append(candidate)
    return found


def _subject(entities: list[Entity], text: str, start: int, end: int, rules: Rules) -> Entity | None:
    """The first person in text[start:end] marked as the subject (Japanese: a name followed by は/が)."""
    for entity in entities:
        if start <= entity.start < end and rules.subject_after is not None and rules.subject_after.match(text, entity.end):
            return entity
    return None


def _statement_before(text: str, start: int, cue_start: int, subject: Entity | None, rules: Rules) -> str:
    begin = start
    if subject is not None and subject.start >= start:
        marker = rules.subject_after.match(text, subject.end) if rules.subject_after else None
        begin = marker.end() if marker else subject.end
    statement = _trim(text[begin:cue_start])
    if rules.statement_trim is not None:
        statement = rules.statement_trim.sub("", statement)
    return _without_lead(_trim(statement), rules)


def _without_lead(statement: str, rules: Rules) -> str:
    """The statement without the when and the via in front of it (「20日、」「…によれば、」): those are
    the date said and the reporting hint, not what was said."""
    changed = True
    while changed and statement:
        changed = False
        for pattern in (*rules.dates, *rules.according_to):
            match = pattern.match(statement)
            if match and match.end() < len(statement) and statement[match.end()] in "、,":
                statement, changed = _trim(statement[match.end() + 1 :]), True
                break
    return statement


def _topic_pieces(text, cues, quotes, long_quotes, entities, according, rules, context, index):
    """Japanese: the sentence is cut after each cue; each clause's subject, else the clause before's."""
    pieces = []
    begin = 0
    previous_fields = None
    used_quotes = set()
    ends = [(cue.start(), cue.end(), cue.group(0)) for cue in cues]
    if not ends and according is not None:
        ends = [(len(text), len(text), "")]
    for cue_start, cue_end, cue_text in ends:
        subject = _subject(entities, text, begin, cue_end, rules)
        fields = _speaker_fields(subject, context, index, rules) if subject else None
        if fields is None and according is not None and begin <= according.start() < cue_end:
            fields = _according_fields(according, entities, context, index, rules)
        if fields is None:
            fields = previous_fields or _carried(context, index, rules)
        quote = next((span for span in long_quotes if begin <= span[0] and span[1] <= cue_start and not _trim(text[span[1] : cue_start]).strip("とも")), None)
        if quote is not None:
            used_quotes.add(quote)
            pieces.append({"start": quote[0], "end": cue_end, "speaker": fields, "statement": _quote_inner(text[quote[0] : quote[1]], rules), "form": QUOTE, "cue": cue_text, "subject_at": subject.start if subject else 0})
        else:
            statement = _statement_before(text, begin, cue_start, subject, rules)
            pieces.append({"start": begin, "end": cue_end, "speaker": fields, "statement": statement, "form": PARAPHRASE, "cue": cue_text, "subject_at": subject.start if subject else 0})
        for span in long_quotes:
            if begin <= span[0] < cue_end:
                used_quotes.add(span)
        previous_fields = fields
        begin = cue_end
    # A quotation introduced by a marked subject without a verb: クレーバ氏は、「……」
    for span in long_quotes:
        if span in used_quotes or span[0] < begin:
            continue
        subject = _subject(entities, text, begin, span[0], rules)
        fields = _speaker_fields(subject, context, index, rules) if subject else None
        if fields is None:
            continue
        pieces.append({"start": subject.start, "end": span[1], "speaker": fields, "statement": _quote_inner(text[span[0] : span[1]], rules), "form": QUOTE, "cue": "", "subject_at": subject.start})
    return pieces


def _reporter(text: str, according: re.Match | None, entities: list[Entity], outlets: list[str], rules: Rules) -> tuple[str, str]:
    """Who the sentence says reported it: an agency it names ("according to BelTA", "сообщает РИА
    Новости", "(Reuters)"), or the outlet "according to X" / "X reported" names when X is no speaker."""
    if according is not None:
        who_start, who_end = according.start("who"), according.end("who")
        inside = [e for e in entities if who_start <= e.start < who_end]
        outlet = next((e for e in inside if e.kind == "outlet"), None)
        if outlet is not None:
            return outlet.text, according.group(0).strip()
        pronoun = rules.pronouns is not None and rules.pronouns.search(according.group("who"))
        if not inside and not pronoun:
            return agencies.canonical(according.group("who")), according.group(0).strip()
    if outlets:
        return outlets[0], outlets[0]
    for pattern in rules.reported_by:
        match = pattern.search(text)
        if match:
            return agencies.canonical(match.group("who")), match.group(0).strip(" ,")
    return "", ""


def _reporting_tail(text: str, rules: Rules, entities: list[Entity]) -> int:
    """Where ", сообщает РИА Новости" / ", the Riverton Gazette reported" starts (the statement ends there)."""
    for pattern in rules.reported_by:
        match = pattern.search(text)
        if match:
            return match.start()
    for entity in entities:
        if entity.kind == "outlet":
            comma = text.rfind(",", 0, entity.start)
            if comma >= 0 and entity.start - comma <= 30 and not text[comma:entity.start].count("«") > 1:
                return comma
    return len(text)


def _clause_end(statement: str) -> str:
    """A paraphrase without the sentence's closing full stop; a quoted fragment keeps its closing mark."""
    statement = statement.rstrip(" .!?。…")
    closers = {"»": "«", "”": "“", "“": "„", "\"": "\"", "’": "‘", "«": "»"}
    while statement and statement[-1] in closers:
        opener = closers[statement[-1]]
        balanced = statement.count(opener) >= statement.count(statement[-1]) if opener != statement[-1] else statement.count(opener) % 2 == 0
        if balanced:
            break
        statement = statement[:-1].rstrip(" .!?")
    return _trim(statement)


_SOURCES = re.compile(r"(?i)\b(?:sources?|fuentes?|fonti|Quellen|источник\w*|джерел\w*|źródł\w*|kręg\w*)\b")


def _behind_only_outlet(according: re.Match, entities: list[Entity]) -> bool:
    """"According to BelTA, …", "Según fuentes municipales, …": an outlet or unnamed sources, no speaker."""
    inside = [e for e in entities if according.start("who") <= e.start < according.end("who")]
    return any(e.kind in ("outlet", "country") for e in inside) or bool(_SOURCES.search(according.group("who")))


def _nearest_pieces(text, cues, quotes, long_quotes, entities, according, rules, context, index, colon_quote=None, learned=False):
    """The Latin and Cyrillic languages: one statement per sentence, spoken by the name nearest the cue.
    A `learned` cue (a verb the rules file does not list) needs a speaker named beside it: it never
    continues the last speaker, and "according to" does not stand in for one."""
    continues = False
    if cues:
        cue = cues[0]
        cue_start, cue_end, cue_text = cue.start(), cue.end(), cue.group(0)
        entity = _nearest(entities, text, cue_start, cue_end, rules.nearest_window)
        if entity is not None and entity.kind == "country" and entity.start >= cue_end:
            entity = None  # "Ён адказаў, што Беларусь …": a country after the verb is what was said
        fields = _speaker_fields(entity, context, index, rules)
        continues = entity is not None and entity.kind == "pronoun"
        if entity is None and learned:
            return []
        if entity is None:  # "Ha aggiunto che …", "– dodał.": the subject dropped, the last speaker's
            fields = _carried(context, index, rules) if not rules.general or general.opens_with_cue(text, cue_start) else None
            continues = fields is not None
    elif colon_quote is not None:
        colon = text[: colon_quote[0]].rstrip()
        cue_start = cue_end = len(colon) - 1
        cue_text = ":"
        entity = _nearest([e for e in entities if e.end <= cue_start], text, cue_start, cue_end, rules.nearest_window)
        fields = _speaker_fields(entity, context, index, rules)
        long_quotes = [colon_quote]
    else:
        cue_start, cue_end, cue_text = according.start(), according.end(), according.group(0)
        who_start, who_end = according.start("who"), according.end("who")
        # "According to X" alone is a statement only when X is someone who spoke (По словам Горбуновой).
        inside = [e for e in entities if who_start <= e.start < who_end]
        entity = None
        fields = _according_fields(according, entities, context, index, rules)
        continues = bool(inside) and inside[0].kind == "pronoun"
    if entity is not None and entity.kind == "country":
        # "The Russian Federation has noted …", "Rosja zaznaczyła …": no one who spoke — unless a person
        # stands before the verb too ("Putin, speaking in Belarus, said …").
        people = [e for e in entities if e.kind != "country" and e.end <= cue_start and cue_start - e.end <= rules.nearest_window]
        if not people:
            return []
        entity = people[-1]
        fields = _speaker_fields(entity, context, index, rules)
    if fields is not None and fields.get("speaker") is None and fields.get("speaker_description") and entity is not None and entity.kind == "pronoun":
        fields = None
    speakers = [fields] + [_speaker_fields(other, context, index, rules) for other in _co_speakers(entity, entities, text)]
    if long_quotes:
        around = (min([cue_start] + ([entity.start] if entity is not None else [])), min(len(text), cue_end + 20))
        return [
            {"start": 0, "end": len(text), "speaker": fields, "statement": _quote_inner(text[a:b], rules), "form": QUOTE, "cue": cue_text, "date_window": around, "continues": continues or (entity is not None and entity.kind == "pronoun")}
            for a, b in long_quotes
        ]
    if text.rstrip().endswith(("?", "？")):
        return []  # a question ("VRAAG: Hoe is de brand ontstaan?") reports no statement
    tail = _reporting_tail(text, rules, entities)
    after = text[cue_end:tail] if tail > cue_end else text[cue_end:]
    if rules.clause_lead is not None:
        lead = rules.clause_lead.match(after)
        if lead:
            after = after[lead.end() :]
    if entity is not None and entity.start >= cue_end and after.startswith(entity.text):
        after = after[len(entity.text) :]
        if rules.clause_lead is not None:
            lead = rules.clause_lead.match(after)
            after = after[lead.end() :] if lead else after
    cut = min([cue_start] + ([entity.start] if entity is not None and entity.start < cue_start else []))
    before = text[:cut]
    after_words = _clause_end(after)
    # "CLAUSE, Kuleba said on Monday, …": the words before the comma are the statement.
    if rules.clause_side == "before" or len(after_words) < 12 or (len(_trim(before)) >= 20 and re.search(r"[,，—–]\s*$", before)):
        statement = _clause_end(_trim(before))
    else:
        statement = after_words
    around = (min(cut, cue_start), min(len(text), cue_end + 20))
    return [
        {"start": 0, "end": len(text), "speaker": who, "statement": statement, "form": PARAPHRASE, "cue": cue_text, "date_window": around, "continues": continues}
        for who in speakers
    ]


_JOINED = re.compile(r"^\s*(?:,|[^\W\d_]{1,3})\s*$|^\s*,?\s+[^\W\d_]{1,3}\s+$")


def _co_speakers(entity: Entity | None, entities: list[Entity], text: str) -> list[Entity]:
    """"Лукашэнка і Пуцін адзначылі", "Poetin en Loekasjenko zeiden", "Rutte, Macron and Scholz said":
    the names joined to the speaker by a comma or a short word speak too (one attribution each)."""
    if entity is None or entity.kind not in ("known", "new"):
        return []
    joined, current = [], entity
    for other in sorted((e for e in entities if e.end <= entity.start), key=lambda e: e.start, reverse=True):
        if other.kind not in ("known", "new") or not _JOINED.match(text[other.end : current.start]):
            break
        if other.speaker is None or current.speaker is None or other.speaker.id != current.speaker.id:
            joined.append(other)
        current = other
    return joined[::-1]


def find_candidates(text: str, language: str, table: SpeakerTable, article_date: datetime.date | None = None) -> list[Candidate]:
    """Every attributed statement the rules find in `text`, in reading order.

    `language` picks the article's rules; a sentence in another script is read with the rules of
    its own language. A language without a rules file is read by the general path (`intake.general`:
    learned cues, every script's quotation marks, CLDR words); its candidates say so (`path`).
    """
    base = rules_for(language)
    if base is None and general.readable(language):
        base = general.rules_for_article(language, text)
    sentences = split(text, base) if base is not None else split(text, _fallback_rules())
    if base is not None and base.general:
        base.cues.prefetch([s.text for s in sentences if not s.headline])
    context = _Context(table=table, article_date=article_date, article_reporter=agencies.article_reporter(text))
    answers = transcript.answer_lines(text, table)
    if base is not None:
        context.occasion = date_line(sentences, base, article_date)
        context.transcript_day = transcript_intro_date(sentences, answers, base, article_date)
    found: list[Candidate] = []
    answered: set[int] = set()
    for index, sentence in enumerate(sentences):
        own = script_language(sentence.text, language)
        rules = rules_for(own) or (base if own == language else None)
        if rules is None:
            continue
        if sentence.line in answers:
            if sentence.line not in answered:
                answered.add(sentence.line)
                found.extend(_answer_candidate(answers[sentence.line], index, rules, context))
            continue
        got = _sentence_candidates(sentence, index, rules, context)
        if not got and not sentence.headline:
            said_on, precision, _text = find_date(sentence.text, rules, article_date)
            if said_on is not None and precision == "day":
                context.recent = (said_on, index)
        found.extend(got)
    return found


def _answer_candidate(answer: transcript.Answer, index: int, rules: Rules, context: _Context) -> list[Candidate]:
    """A transcript line (HALVORSEN: …, 市長：…) or an interview answer (— …): the labelled speaker's,
    or the interviewee's (the last speaker before the questions); dated as the occasion's last claim."""
    if answer.speaker is not None:
        fields = {"speaker": answer.speaker, "speaker_text": answer.label}
    elif context.last_speaker is not None:
        previous = context.last_speaker
        fields = {"speaker": previous.speaker, "new_speaker": previous.new_speaker, "speaker_description": previous.speaker_description, "speaker_text": ""}
    else:
        return []
    candidate = Candidate(
        start=answer.start, end=answer.end, excerpt=answer.excerpt, statement=answer.statement, form=QUOTE,
        language=rules.language, cue=answer.label, path="general" if rules.general else "rules", **fields,
    )
    said_on, precision = context.dates_by_speaker.get(candidate.speaker_key, (None, "unknown"))
    if said_on is None and answer.speaker is not None and context.transcript_day is not None:
        said_on, precision = context.transcript_day, "day"
    if said_on is None and context.occasion is not None:
        said_on, precision = context.occasion, "day"
    candidate.said_on, candidate.said_on_precision = said_on, precision
    previous = context.last_candidate
    candidate.reporting_hint = previous.reporting_hint if previous is not None and previous.speaker_key == candidate.speaker_key else context.article_reporter
    context.last_speaker, context.last_speaker_sentence, context.last_candidate = candidate, index, candidate
    return [candidate]


def _fallback_rules() -> Rules:
    """Splitting for a language without rules (its sentences may still be in a script with rules)."""
    return rules_for("en")
