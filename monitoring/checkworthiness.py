"""Check-worthiness: how worth checking a candidate statement is, from transparent features.

A checkable factual claim (a number, a comparison, a named past event, a cause) ranks above an opinion,
a prediction or procedure. Each feature is a plain pattern over the statement in English, Russian,
Ukrainian, Japanese, German and Polish; a logistic model adds them up, and the queue shows the score with
the features that weigh most ("number, past event"), so an editor sees why a statement ranks where it does.

The starting weights ship here (`SHIPPED`); the desk's own accept/dismiss decisions retrain them
(`monitoring.checkworthiness_training`, a model row in the database, used only when its cross-validated
AUC beats the shipped weights on the same decisions). numpy only: a logistic regression over sixteen
features needs no scikit-learn.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


def _words(*alternatives: str) -> re.Pattern:
    """Any of the alternatives, starting at a word boundary (stems: "увелич" matches "увеличили")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _anywhere(*alternatives: str) -> re.Pattern:
    """For Japanese (no spaces between words) and symbols."""
    return re.compile("|".join(alternatives))


WRITTEN_NUMBERS = _words(
    # en
    r"one\b", r"two\b", r"three\b", r"four\b", r"five\b", r"six\b", r"seven\b", r"eight\b", r"nine\b", r"ten\b",
    r"eleven\b", r"twelve\b", r"fifteen\b", r"twenty\b", r"thirty\b", r"forty\b", r"fifty\b", r"hundreds?\b",
    r"thousands?\b", r"millions?\b", r"billions?\b", r"trillions?\b", r"dozens?\b", r"half\b", r"twice\b", r"double",
    r"tripl", r"quarters?\b", r"thirds?\b",
    # ru / uk
    r"один\b", r"одна\b", r"два\b", r"две\b", r"дві\b", r"три\b", r"четыре\b", r"чотири\b", r"пять\b", r"п'ять\b", r"пʼять\b",
    r"шесть\b", r"шість\b", r"семь\b", r"сім\b", r"восемь\b", r"вісім\b", r"девять\b", r"дев'ять\b", r"десять\b",
    r"двадцат", r"тридцат", r"сорок", r"пятьдесят", r"сто\b", r"сотн", r"тысяч", r"тисяч", r"миллион", r"мільйон",
    r"миллиард", r"мільярд", r"триллион", r"трильйон", r"половин", r"вдвое", r"вдвічі", r"втрое", r"втричі",
    r"мільён", r"мільярд", r"трэць", r"треть", r"третин", r"чвэрць", r"четверт",
    # de
    r"eins\b", r"zwei\b", r"drei\b", r"vier\b", r"fünf\b", r"sechs\b", r"sieben\b", r"acht\b", r"neun\b", r"zehn\b",
    r"zwanzig", r"dreißig", r"hundert", r"tausend", r"million", r"milliard", r"hälfte", r"doppelt", r"verdoppel",
    # pl
    r"jeden\b", r"dwa\b", r"dwie\b", r"trzy\b", r"cztery\b", r"pięć\b", r"sześć\b", r"siedem\b", r"osiem\b",
    r"dziewięć\b", r"dziesięć\b", r"dwadzieścia", r"sto\b", r"tysi[ąę]c", r"milion", r"miliard", r"połow", r"dwukrotn",
)
JAPANESE_NUMBERS = _anywhere(r"[〇一二三四五六七八九十百千]+[万億兆]", r"[万億兆]人", r"倍", r"半数", r"半分", r"[一二三四五六七八九]割")
DIGITS = re.compile(r"[0-9０-９]")
YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])|[0-9]{4}年")
QUANTITY = _words(
    r"percent", r"per cent", r"процент", r"відсот", r"prozent", r"procent", r"dollars?\b", r"euros?\b", r"pounds?\b",
    r"roubles?\b", r"rubles?\b", r"hryvnias?\b", r"рубл", r"гривн", r"доллар", r"долар", r"евро\b", r"євро\b", r"złot", r"zł\b",
    r"працэнт", r"рубл", r"даляр", r"tonn?e?s\b", r"тонн", r"kilomet", r"километр", r"кілометр", r"kilogram", r"килограмм", r"кілограм", r"barrels?\b",
    r"баррел", r"km\b", r"kg\b", r"mw\b", r"gw\b", r"км\b", r"кг\b", r"gdp\b", r"ввп\b", r"bip\b", r"pkb\b", r"inflation",
    r"инфляци", r"інфляці", r"inflacj", r"budget", r"бюджет", r"haushalt", r"budżet", r"unemploy", r"безработ", r"безробіт",
    r"arbeitslos", r"bezroboc",
)
QUANTITY_SYMBOLS = _anywhere(r"%", r"％", r"[$€£₽₴¥]", r"パーセント", r"円", r"ドル", r"ユーロ", r"ルーブル", r"トン", r"キロ", r"割", r"GDP", r"予算", r"失業")
COMPARISON = _words(
    r"more than", r"less than", r"fewer", r"higher", r"lower", r"larger", r"largest", r"biggest", r"highest", r"lowest",
    r"most\b", r"least\b", r"record", r"doubled", r"tripled", r"increas", r"decreas", r"rose\b", r"risen\b", r"fell\b",
    r"fallen\b", r"grew\b", r"dropped", r"compared", r"than\b", r"\w+est\b(?=\s)",
    r"больше", r"меньше", r"выше", r"ниже", r"сам(?:ый|ая|ое|ые|ого|ой)\b", r"рекорд", r"вырос", r"выросл", r"снизил", r"сократил",
    r"увелич", r"упал", r"чем\b", r"більше", r"менше", r"вище", r"нижче", r"найбіл", r"наймен", r"найви", r"зрос", r"знизи",
    r"скороти", r"збільши", r"впав", r"впала", r"ніж\b",
    r"mehr als", r"weniger", r"höher", r"niedriger", r"größte", r"höchste", r"niedrigste", r"rekord", r"gestiegen",
    r"gesunken", r"als je", r"więcej", r"mniej", r"wyższ", r"niższ", r"największ", r"najwyższ", r"najniższ", r"wzrósł",
    r"wzrosł", r"spadł", r"niż\b", r"больш за", r"менш за", r"вышэйш", r"ніжэйш", r"найбольш", r"чым\b", r"вырас",
    r"(?:в|у) (?:\w+ )?раз(?:а|ы|оў|ів)?\b", r"разоў", r"razy\b", r"mal so\b",
)
JAPANESE_COMPARISON = _anywhere(r"以上", r"以下", r"未満", r"最大", r"最高", r"最低", r"最多", r"増加", r"減少", r"上回", r"下回", r"倍", r"過去最", r"より")
PAST_EVENT = _words(
    r"was\b", r"were\b", r"had\b", r"did\b", r"happened", r"killed", r"signed", r"won\b", r"lost\b", r"attacked", r"launched",
    r"built\b", r"voted", r"passed\b", r"approved", r"announced", r"received", r"sent\b", r"paid\b", r"spent\b", r"died\b",
    r"last (?:year|month|week)", r"in (?:january|february|march|april|may|june|july|august|september|october|november|december)",
    r"\w{3,}ed\b",
    r"был[аио]?\b", r"було\b", r"був\b", r"була\b", r"були\b", r"\w{3,}(?:ал|ил|ел|ял|ла|ли|ло)\b", r"\w{3,}(?:ав|ив|ів)\b",
    r"\w{3,}(?:ув|ыў|іў|аў)\b", r"\w{4,}(?:ено|ано|ято|ено|ены|аны|ана|ена|ена|ены|ены|ыты|іты|уты)\b",
    r"в прошлом году", r"минулого року", r"торік", r"летась",
    r"wurde", r"wurden", r"waren\b", r"hatte", r"ge\w{3,}t\b", r"letztes jahr", r"im vergangenen",
    r"\w{2,}(?:ł|ła|ło|li|ły)\b", r"w zeszłym roku", r"w ubiegłym",
)
JAPANESE_PAST = _anywhere(
    r"した", r"された", r"だった", r"ました", r"でした", r"であった", r"なかった", r"昨年", r"去年", r"先月", r"署名", r"合意", r"決定",
    r"可決", r"承認", r"発表",
)
CAUSE = _words(
    r"because", r"due to", r"caused", r"causes?\b", r"led to", r"leads to", r"as a result", r"therefore", r"thanks to", r"owing to",
    r"resulted", r"потому что", r"из-за", r"привел", r"привело", r"в результате", r"благодаря", r"поэтому", r"вследствие",
    r"тому що", r"через те", r"призве", r"призвел", r"внаслідок", r"завдяки", r"тому\b",
    r"weil\b", r"wegen\b", r"deshalb", r"daher\b", r"führte zu", r"aufgrund", r"infolge",
    r"ponieważ", r"bo\b", r"z powodu", r"dlatego", r"w wyniku", r"doprowadził", r"przez to", r"dzięki",
    r"result of", r"through\b", r"через\b", r"праз тое", r"з-за\b", r"таму што", r"у выніку", r"durch\b",
)
JAPANESE_CAUSE = _anywhere(r"ため", r"原因", r"により", r"によって", r"結果", r"せいで", r"おかげで", r"ので", r"から、")
LEGAL = _words(
    r"law\b", r"laws\b", r"constitution", r"treaty", r"charter", r"directive", r"regulation", r"statute", r"requires?\b",
    r"according to", r"under (?:the|article)", r"article \d", r"закон", r"конституц", r"канстытуц", r"договор", r"договір",
    r"статут", r"устав", r"директив", r"відповідно до", r"согласно", r"паводле", r"згодна з", r"стать[яиі] \d", r"gesetz",
    r"verfassung", r"vertrag", r"richtlinie", r"verordnung", r"nach dem", r"laut\b", r"ustaw", r"konstytucj", r"traktat",
    r"dyrektyw", r"rozporządzeni", r"zgodnie z", r"artyku",
)
JAPANESE_LEGAL = _anywhere(r"法律", r"法で", r"法は", r"法に", r"憲法", r"条約", r"規定", r"条例", r"協定", r"によると", r"義務")
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
OPINION = _words(
    r"i think", r"i believe", r"in my (?:view|opinion)", r"i feel", r"we believe", r"i hope", r"we hope", r"i want", r"we want",
    r"should\b", r"must\b", r"ought", r"need to", r"needs to", r"have to", r"let us", r"let's", r"great\b", r"terrible",
    r"wonderful", r"shameful", r"disgrace", r"outrageous", r"ridiculous", r"maybe", r"perhaps", r"i am sure", r"i'm sure",
    r"считаю", r"думаю", r"по-моему", r"на мой взгляд", r"должн", r"надо\b", r"нужно", r"надеюсь", r"хочу", r"хотим",
    r"уверен", r"позор", r"возможно", r"вважаю", r"на мою думку", r"повин", r"треба", r"потрібно", r"сподіва", r"хочемо",
    r"мусимо", r"маємо\b", r"ганьб", r"можливо",
    r"ich glaube", r"ich denke", r"meiner meinung", r"müssen", r"sollten", r"sollte", r"ich hoffe", r"wir hoffen",
    r"vielleicht", r"schande", r"uważam", r"myślę", r"moim zdaniem", r"musimy", r"powinn", r"trzeba", r"mam nadzieję",
    r"chcemy", r"może\b", r"wstyd",
    # judgements
    r"disaster", r"insult", r"unfair", r"fair\b", r"reasonable", r"sensible", r"short-sighted", r"scandal", r"absurd",
    r"chaos", r"excellent", r"mistake", r"betray", r"irresponsible", r"a signal\b", r"proves? that", r"showed that",
    r"катастроф", r"грабительск", r"пощёчин", r"пощечин", r"возмутительн", r"абсурд", r"хаос", r"ошибк", r"справедлив",
    r"безответствен", r"грабіжн", r"ляпас", r"обурлив", r"помилк", r"безвідповідальн", r"ганьба", r"лічу", r"павінн", r"трэба",
    r"katastrophe", r"schande", r"mutlos", r"vernünftig", r"fehler", r"gerecht", r"skandal", r"unverantwortlich",
    r"ein signal", r"wäre\b", r"würde", r"katastrof", r"skandal", r"rozsądn", r"błąd", r"sprawiedliw", r"nieodpowiedzialn",
    r"было бы", r"было б\b", r"було б\b", r"byłby", r"byłoby",
)
JAPANESE_OPINION = _anywhere(
    r"と思う", r"と思います", r"と考え", r"べき", r"なければならない", r"ねばならない", r"願う", r"望む", r"望みます", r"たい", r"かもしれない",
    r"残念", r"遺憾", r"素晴らしい", r"ひどい", r"無責任", r"許されない", r"問題だ",
)
FUTURE = _words(
    r"will\b", r"won't", r"going to", r"shall\b", r"would\b", r"plans? to", r"intends? to", r"next (?:year|month|week)",
    r"tomorrow", r"soon\b", r"in the future",
    r"будет", r"будут", r"буду\b", r"станет", r"завтра", r"планиру", r"собира", r"скоро\b", r"в будущем",
    r"буде\b", r"будуть", r"будемо", r"стане\b", r"планує", r"плануємо", r"збира", r"незабаром", r"наступного року",
    r"wird\b", r"werden\b", r"morgen\b", r"plant\b", r"bald\b", r"nächstes jahr", r"będzie", r"będą", r"będziemy",
    r"jutro", r"planuje", r"zamierza", r"wkrótce", r"w przyszłym",
    r"until\b", r"by the end of", r"from (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)", r"bis (?:ende|zum)",
    r"ab (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen)", r"в следующем", r"к концу", r"наступн",
    r"до кінця", r"будзе", r"будуць", r"наступн", r"пачн", r"начн\w*ся", r"откро\w*ся", r"розпочн", r"відкри\w*ся",
    r"адкры\w*ца", r"odbędzie", r"rozpocznie", r"do końca", r"od (?:poniedziałku|wtorku|środy|czwartku|piątku|soboty|niedzieli)",
)
JAPANESE_FUTURE = _anywhere(r"だろう", r"でしょう", r"予定", r"方針", r"見通し", r"来年", r"来月", r"明日", r"つもり", r"する計画", r"再開する", r"になる")
PROCEDURE = _words(
    r"thank", r"welcome", r"agenda", r"good (?:morning|afternoon|evening)", r"ladies and gentlemen", r"next question",
    r"i declare", r"the floor", r"session", r"let me", r"спасибо", r"благодарю", r"повестк", r"заседани", r"объявляю",
    r"добрый день", r"коллеги", r"дякую", r"порядок денний", r"засідан", r"оголошую", r"добрий день", r"колеги",
    r"danke", r"tagesordnung", r"sitzung", r"guten tag", r"dziękuję", r"porządek obrad", r"posiedzeni", r"dzień dobry",
    r"timetable", r"schedule", r"consultation", r"resumes?\b", r"diverted", r"fahrplan", r"состоится", r"відбудеться",
    r"адбудзецца", r"дзякуй", r"merry christmas", r"happy new year", r"frohe", r"с новым годом", r"з новим роком",
    r"wesołych", r"rozkład jazdy", r"расписани", r"розклад",
)
JAPANESE_PROCEDURE = _anywhere(r"ありがとう", r"議題", r"開会", r"閉会", r"よろしくお願い", r"おはよう", r"こんにちは")
NAME = re.compile(r"(?<=[\w,;:]\s)[A-ZА-ЯЁІЇЄҐÄÖÜŁŚŻŹĆŃ][\w'’-]+")
QUESTION = re.compile(r"[?？]")
# German capitalises every noun: a capitalised word there says nothing of a name.
GERMAN = _words(r"der\b", r"die\b", r"das\b", r"ist\b", r"und\b", r"ein\b", r"eine\b", r"auf\b", r"wird\b", r"nicht\b")
# A date or a time of day is no quantity: "from 6 a.m. on Friday" is a schedule, "84 percent" a figure.
MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|"
    r"січ\w*|лют\w*|берез\w*|квіт\w*|травн\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*|"
    r"студзен\w*|сакавік\w*|красавік\w*|траўн\w*|чэрвен\w*|ліпен\w*|жнів\w*|кастрычнік\w*|снеж\w*|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"stycz\w*|lut\w*|marc\w*|kwie\w*|maj\w*|czerw\w*|lip\w*|sierp\w*|wrze\w*|paźdz\w*|listopad\w*|grud\w*"
)
DATE_OR_TIME = re.compile(
    r"(?<![0-9])[0-9]{1,2}\.? (?:" + MONTHS + r")\b|\b(?:" + MONTHS + r") [0-9]{1,2}(?![0-9])|[0-9]{1,2}[:.][0-9]{2}\b|[0-9]{1,2} ?(?:a\.m\.|p\.m\.|am\b|pm\b|uhr\b)"
    r"|[0-9]+(?:月|日|時|分)|(?<![0-9])[0-9]{1,2}\.[0-9]{1,2}\.(?![0-9])",
    re.IGNORECASE,
)


def _length(text: str) -> int:
    """Characters, a Japanese one counting twice (it carries about what two Latin ones do)."""
    text = text.strip()
    return len(text) + len(CJK.findall(text))


def _figure(text: str) -> float:
    return 1.0 if DIGITS.search(DATE_OR_TIME.sub(" ", YEAR.sub(" ", text))) else 0.0


def _named(text: str) -> float:
    return 0.0 if GERMAN.search(text) else min(len(NAME.findall(text)), 3) / 3


def _any(text: str, *patterns: re.Pattern) -> float:
    return 1.0 if any(pattern.search(text) for pattern in patterns) else 0.0


@dataclass(frozen=True)
class Feature:
    key: str
    label: object  # a lazy translation: what the queue shows ("number")
    value: object  # text -> float in [0, 1]


FEATURES: tuple[Feature, ...] = (
    Feature("digits", _("figure"), _figure),
    Feature("date", _("date or time"), lambda text: _any(text, DATE_OR_TIME)),
    Feature("written_number", _("number in words"), lambda text: _any(text, WRITTEN_NUMBERS, JAPANESE_NUMBERS)),
    Feature("year", _("year"), lambda text: _any(text, YEAR)),
    Feature("quantity", _("percent, money or unit"), lambda text: _any(text, QUANTITY, QUANTITY_SYMBOLS)),
    Feature("comparison", _("comparison"), lambda text: _any(text, COMPARISON, JAPANESE_COMPARISON)),
    Feature("past_event", _("past event"), lambda text: _any(text, PAST_EVENT, JAPANESE_PAST)),
    Feature("cause", _("cause"), lambda text: _any(text, CAUSE, JAPANESE_CAUSE)),
    Feature("named", _("names"), _named),
    Feature("legal", _("law or document"), lambda text: _any(text, LEGAL, JAPANESE_LEGAL)),
    Feature("opinion", _("opinion"), lambda text: _any(text, OPINION, JAPANESE_OPINION)),
    Feature("future", _("prediction"), lambda text: _any(text, FUTURE, JAPANESE_FUTURE)),
    Feature("procedure", _("procedure"), lambda text: _any(text, PROCEDURE, JAPANESE_PROCEDURE)),
    Feature("question", _("question"), lambda text: _any(text, QUESTION)),
    Feature("short", _("short"), lambda text: 1.0 if _length(text) < 40 else 0.0),
    Feature("length", _("length"), lambda text: min(math.log1p(_length(text)) / math.log1p(400), 1.0)),
)
KEYS = tuple(feature.key for feature in FEATURES)
LABELS = {feature.key: feature.label for feature in FEATURES}

# The starting weights. First set by hand from the rule (facts up; opinion, prediction and procedure down),
# then fitted (`checkworthiness_training.fit`, L2 0.01) on the dev split of the project's evaluation set
# (monitoring/eval/, never on its test split): README "Monitoring followed feeds" gives the figures.
SHIPPED: dict[str, float] = {
    "bias": -1.30,
    "digits": 1.20,
    "date": 0.40,
    "written_number": 0.81,
    "year": 0.70,
    "quantity": 0.21,
    "comparison": 1.40,
    "past_event": 1.52,
    "cause": 0.88,
    "named": 0.97,
    "legal": 1.04,
    "opinion": -1.15,
    "future": -1.94,
    "procedure": -1.05,
    "question": -0.63,
    "short": -1.40,
    "length": 0.51,
}
SHIPPED_VERSION = 0
# Length scales every score a little: it explains nothing to an editor.
UNEXPLAINED = {"length"}  # the model rows' versions start at 1


def features(text: str) -> list[float]:
    """The statement's feature values, in `KEYS` order."""
    text = text or ""
    return [float(feature.value(text)) for feature in FEATURES]


@dataclass(frozen=True)
class Weights:
    """A logistic model over `FEATURES`: the shipped one (version 0) or one the desk's decisions trained."""

    coefficients: dict[str, float]
    version: int = SHIPPED_VERSION

    def contributions(self, values: list[float]) -> dict[str, float]:
        return {key: self.coefficients.get(key, 0.0) * value for key, value in zip(KEYS, values)}

    def score(self, text: str) -> float:
        return self.score_values(features(text))

    def score_values(self, values: list[float]) -> float:
        logit = self.coefficients.get("bias", 0.0) + sum(self.contributions(values).values())
        return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))

    def explain(self, text: str, top: int = 3) -> list[str]:
        """The keys of the features that move this statement's score most, strongest first (signed by their weight)."""
        weighed = [
            (abs(weight), key, weight)
            for key, weight in self.contributions(features(text)).items()
            if abs(weight) >= 0.05 and key not in UNEXPLAINED
        ]
        return [("+" if weight > 0 else "-") + key for _size, key, weight in sorted(weighed, reverse=True)[:top]]


SHIPPED_WEIGHTS = Weights(dict(SHIPPED))


def explanation_labels(why: str) -> list[tuple[bool, str]]:
    """A stored explanation ("+digits,-opinion") as (raises the score?, label) pairs for the queue."""
    shown = []
    for item in filter(None, (why or "").split(",")):
        key = item[1:]
        if key in LABELS:
            shown.append((item[0] == "+", str(LABELS[key])))
    return shown


def assess(text: str, weights: Weights | None = None) -> tuple[float, str]:
    """The score (0–1) and the stored explanation of `text` under `weights` (default: the desk's model in use)."""
    if weights is None:
        from .checkworthiness_training import weights_in_use

        weights = weights_in_use()
    return round(weights.score(text), 4), ",".join(weights.explain(text))
