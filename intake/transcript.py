"""Transcripts and interviews: lines whose speaker is a label ("HALVORSEN:", "ПЕСКОВ:", 市長：,
"La préfète :") or the interviewee (an answer line "— …", "- …", "R. …" after a question).

The whole answer is one quoted statement, from its first to its last word (a greeting such as
"Good afternoon." left out); questions and housekeeping lines are never claims.
"""

from __future__ import annotations

import dataclasses
import re

_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:：\n]{0,30}?)\s?[:：]\s*(?P<body>\S.*)$")
_ANSWER = re.compile(r"^(?P<label>[—–-]|R\.|О\.|A:|A\.|В\.|О:|Відповідь:|Ответ:|Odp\.|R :|R:)\s*(?P<body>\S.*)$")
_QUESTION = re.compile(r"^(?:[—–-]|――|Q[:.]|P\.|В[:.]|П[:.]|Вопрос:|Питання:|D[:.]|F[:.]|Pyt\.)\s*\S")
_GREETING = re.compile(
    r"^(?:Good (?:morning|afternoon|evening)|Добрый день|Доброе утро|Добрий день|Доброго дня|Guten (?:Morgen|Tag|Abend)|Bonjour"
    r"|Buongiorno|Buona sera|Buenos días|Buenas tardes|Dzień dobry|こんにちは|おはようございます)[.!,]?\s+",
    re.IGNORECASE,
)
_QUESTION_ENDS = ("?", "？")
# "Дзякуй усім.", "Dank u wel.", "Thank you all.": a line this short is a courtesy, not a claim.
MIN_ANSWER_WORDS = 4
MAX_QUESTION_CHARS = 200


@dataclasses.dataclass(frozen=True)
class Answer:
    start: int  # the line's position in the article text
    end: int
    excerpt: str
    statement: str
    label: str
    speaker: object | None  # the labelled speaker (KnownSpeaker), or None: the interviewee


def _label_speaker(label: str, table):
    """The speaker a transcript label names: a name or alias (any case), or the title an alias ends with (市長 → 森田市長)."""
    label = label.strip()
    speaker = table.lookup(label)
    if speaker is not None:
        return speaker
    folded = label.casefold()
    if len(folded) >= 2 and not folded.isascii():
        for alias, known in table.by_folded.items():
            if alias.endswith(folded) and len(alias) > len(folded):
                return known
    return None


def answer_lines(text: str, table) -> dict[int, Answer]:
    """{line number: Answer} for the article's transcript and interview answer lines."""
    found: dict[int, Answer] = {}
    position = 0
    previous = ""
    for number, line in enumerate(text.split("\n")):
        line_start = position
        position += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        offset = line_start + line.find(stripped)
        label = _LABEL.match(stripped)
        speaker = _label_speaker(label.group("label"), table) if label else None
        body_match = label if speaker is not None else None
        if body_match is None:
            answer = _ANSWER.match(stripped)
            asked = previous.endswith(_QUESTION_ENDS) and _QUESTION.match(previous)
            if answer and asked and not stripped.endswith(_QUESTION_ENDS):
                body_match = answer
        if body_match is not None:
            body = body_match.group("body")
            greeting = _GREETING.match(body)
            statement = body[greeting.end() :] if greeting else body
            if _substantial(statement):
                found[number] = Answer(offset, offset + len(stripped), stripped, statement.strip(), body_match.group("label"), speaker)
        previous = stripped
    for number, answer in _bare_answers(text, table).items():
        found.setdefault(number, answer)
    return found


def _substantial(statement: str) -> bool:
    """More than a courtesy: four words, or (a script without spaces: 市長：…) ten characters."""
    words = statement.split()
    return len(words) >= MIN_ANSWER_WORDS or (len(words) == 1 and len(statement.strip()) >= 10)


def _bare_answers(text: str, table) -> dict[int, Answer]:
    """An interview printed without marks: a question line ("Kolik lékařů vám chybí?"), then the answer
    on the next line, alternating (a prompt may be a statement: "Zaměstnanci se bojí, že …"). At least two
    questions make an interview; a line naming a known speaker ends it (the report resumes). The answers
    belong to the person named last before the first question, else to the interviewee the article
    names (the candidate finder's last speaker)."""
    lines = []
    position = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            lines.append((number, position + line.find(line.strip()), line.strip()))
        position += len(line) + 1
    questions = [i for i, (_n, _o, line) in enumerate(lines) if line.endswith(_QUESTION_ENDS) and len(line) <= MAX_QUESTION_CHARS]
    if len(questions) < 2:
        return {}
    first, last = questions[0], questions[-1]
    named = None
    for _n, _o, line in lines[:first]:
        for _start, _end, _written, speaker in table.find(line, bounded=True):
            named = speaker
    found = {}
    for i in range(first + 1, min(last + 2, len(lines))):
        number, offset, line = lines[i]
        if _LABEL.match(line) or table.find(line, bounded=True):
            break
        if (i - first) % 2 == 1 and not line.endswith(_QUESTION_ENDS) and _substantial(line):
            found[number] = Answer(offset, offset + len(line), line, line, "", named)
    return found
