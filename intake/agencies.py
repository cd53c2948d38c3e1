"""News agencies and outlets as the reporting chain's hops: never the speaker of what they carry.

One table of the agencies wire copy names, with the forms they take in each language (РИА Новости,
«Интерфакса», Укрінформу, タス通信, BiełTA), folded to one canonical name — the name the desk's
outlet records use (`claims.outlets.resolve_outlet` finds the record by name or alias). A wire
dateline ("MINSK, Dec 19 (Reuters) -", "МИНСК, 19 декабря. /ТАСС/.", "(ANSA) - MINSK, 19 DIC -",
【モスクワ共同】) or a repost's credit line ("Новину підготовлено за матеріалами Укрінформу.") names
the article's reporter.
"""

from __future__ import annotations

import functools
import re

AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Рейтер", "ロイター", "ロイター通信"),
    "TASS": ("TASS", "Tass", "ТАСС", "タス通信"),
    "BelTA": ("BelTA", "Belta", "BiełTA", "БелТА", "БЕЛТА", "ベルタ通信"),
    "RIA Novosti": ("RIA Novosti", "RIA Nowosti", "РИА Новости", "РІА Новини"),
    "Interfax-Ukraine": ("Interfax-Ukraine", "Інтерфакс-Україна", "Интерфакс-Украина"),
    "Interfax": ("Interfax", "Интерфакс", "Інтерфакс", "インタファクス通信"),
    "Ukrinform": ("Ukrinform", "Укрінформ", "Укринформ"),
    "Kyodo News": ("Kyodo News", "Kyodo", "共同通信"),
    "ANSA": ("ANSA",),
    "Adnkronos": ("Adnkronos",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "AFP": ("AFP", "Agence France-Presse"),
    "EFE": ("EFE",),
    "Europa Press": ("Europa Press",),
    "PAP": ("PAP", "Polska Agencja Prasowa"),
    "AP": ("AP", "Associated Press", "the Associated Press"),
    # Other national agencies a desk meets in wire copy (Europe first), as they name themselves.
    "ANP": ("ANP", "Algemeen Nederlands Persbureau"),
    "Belga": ("Belga",),
    "Lusa": ("Lusa", "Agência Lusa"),
    "ČTK": ("ČTK", "CTK", "Česká tisková kancelář"),
    "TASR": ("TASR",),
    "APA": ("APA", "Austria Presse Agentur"),
    "Keystone-SDA": ("Keystone-SDA",),  # not "SDA"/"ATS" alone: parties and air traffic services share them
    "MTI": ("MTI",),
    "BTA": ("BTA",),
    "Agerpres": ("Agerpres",),
    "HINA": ("HINA", "Hina"),
    "Tanjug": ("Tanjug", "Танјуг"),
    "LETA": ("LETA",),
    "ELTA": ("ELTA",),
    "BNS": ("BNS",),
    "STT": ("STT", "STT-FNB"),
    "NTB": ("NTB",),
    "TT": ("Tidningarnas Telegrambyrå", "TT Nyhetsbyrån"),
    "Ritzau": ("Ritzau",),
    "ANA-MPA": ("ANA-MPA", "ΑΠΕ-ΜΠΕ"),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "Xinhua": ("Xinhua", "Синьхуа", "新華社", "新华社"),
    "Yonhap": ("Yonhap", "聯合ニュース"),
    "UNIAN": ("UNIAN", "УНІАН", "УНИАН"),
}
# Declined forms: an ending of up to three letters after a Cyrillic or Polish name (Укрінформу, Интерфакса).
_ENDING = r"(?:[а-яіїєґё]{1,3}|[a-ząćęłńóśźż]{1,2})?"
_CREDIT = re.compile(
    r"(?:за матеріалами|по материалам|за даними|по данным|based on reporting by|source:|fonte:|quelle:|source :|fuente:|źródło:|na podstawie)\s*(?P<who>.+)",
    re.IGNORECASE,
)
_DATELINE_WINDOW = 90  # characters at the start of a line in which a wire dateline names its agency


@functools.cache
def _pattern() -> re.Pattern:
    forms = sorted({form for forms in AGENCIES.values() for form in forms}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?P<name>" + "|".join(re.escape(form) for form in forms) + r")" + _ENDING + r"(?![\w-])")


@functools.cache
def _canonical_by_form() -> dict[str, str]:
    return {form.casefold(): name for name, forms in AGENCIES.items() for form in forms}


def canonical(text: str) -> str:
    """The agency's canonical name when `text` names one (РИА Новости → RIA Novosti), else `text`
    without a leading article ("the Kestrel Bay Courier" → "Kestrel Bay Courier")."""
    text = (text or "").strip().strip("«»“”\"'")
    found = find(text)
    if found:
        return found[0][2]
    return re.sub(r"^(?:the|la|le|il|el|die|der|das)\s+|^l['’]", "", text, flags=re.IGNORECASE)


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every agency named in `text`."""
    by_form = _canonical_by_form()
    found = []
    for match in _pattern().finditer(text):
        name = by_form.get(match.group("name").casefold())
        if name is not None:
            found.append((match.start(), match.end(), name))
    return found


def article_reporter(text: str) -> str:
    """The agency a wire dateline or a credit line names for the whole article, else ""."""
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines[:4]:
        if re.match(r"\s*【[^】]{0,12}共同】", line):  # 【モスクワ共同】
            return "Kyodo News"
        head = line[:_DATELINE_WINDOW]
        for start, _end, name in find(head):
            before, after = head[:start], head[start:]
            # (Reuters) / /ТАСС/ / (ANSA) - / "Mińsk, 19 grudnia (PAP) -": marked off as a dateline's credit.
            if re.search(r"[(/]\s*$", before) and re.match(r"[^)/]*[)/]", after):
                return name
    for line in lines[-3:]:
        credit = _CREDIT.search(line)
        if credit:
            found = find(credit.group("who"))
            return found[0][2] if found else ""
    return ""
