"""The desk's first real material: a Japanese blog post on the Minsk talks (2022-12-19).

`blog_5397281.txt` is the post exactly as received. Every excerpt below is
checked against it on load, so a typo here fails loudly instead of quoting
words the blog never printed.
"""

from datetime import date
from pathlib import Path

BLOG_TEXT_PATH = Path(__file__).with_name("blog_5397281.txt")
BLOG_URL = "https://nappi11.livedoor.blog/archives/5397281.html"

BLOG = {
    "url": BLOG_URL,
    "title": "高まるベラルーシ、ウクライナ国境の軍事緊張とミンスク会談",
    "publisher": "北の国から猫と二人で想う事 (livedoor blog)",
    "kind": "blog_post",
    "language": "ja",
    "published_on": date(2022, 12, 21),
    "notes": (
        "Japanese blog post reporting statements at second or third hand. It cites its own sources only as "
        "参照記事 (reference article), 映像記事 (video article) and 英文記事 (English article), without links, "
        "and embeds FireShot screenshots of other pages."
    ),
}

# Outlets the post names. The blog is the last hop of every chain.
BLOG_OUTLET = "北の国から猫と二人で想う事"
OUTLETS = [
    {
        "name": BLOG_OUTLET,
        "aliases": ["nappi11 (livedoor blog)", "Kita no kuni kara neko to futari de omou koto"],
        "kind": "blog",
        "country": "JP",
        "languages": "ja",
        "homepage": "https://nappi11.livedoor.blog/",
    },
    {
        "name": "General Staff of the Armed Forces of Ukraine on Facebook",
        "aliases": ["Генеральний штаб ЗСУ (Facebook)", "ウクライナ軍参謀本部フェイスブック"],
        "kind": "official",
        "country": "UA",
        "languages": "uk",
        "homepage": "https://www.facebook.com/GeneralStaff.ua",
    },
]

# What the post cites without naming or linking it: one record each, as the post gives it.
REFERENCE_ARTICLE = "参照記事 (unnamed reference article cited by the blog)"
VIDEO_ARTICLE_SOURCE = "映像記事 (unnamed video article cited by the blog)"
CITED = [
    {"title": REFERENCE_ARTICLE, "notes": "The blog links its sources only as 参照記事 (reference article); none is named."},
    {"title": VIDEO_ARTICLE_SOURCE, "notes": "The blog links this only as 映像記事 (video article); it is not named."},
    {"title": "Map published on 20 December 2022 (publisher not named)", "notes": "Shown in the blog post (“12月20日公表された上左図”)."},
    {"title": "Footage aired by Russian media (not identified)", "notes": "Described in the blog post (“ロシア側メディアによる映像”); a still is embedded."},
]

# Screenshots embedded in the post; the pages they show are not identified.
SCREENSHOTS = [
    {"key": "2428", "title": "FireShot Webpage Screenshot #2428 – ‘Putin lands in Minsk’", "language": "en"},
    {"key": "2429", "title": "FireShot Webpage Screenshot #2429 – ‘ロシアのウクライナ侵…’", "language": "ja"},
    {"key": "2430", "title": "FireShot Webpage Screenshot #2430 – ‘Ukraine Interactive map’", "language": "en"},
    {"key": "2432", "title": "FireShot Webpage Screenshot #2432 – ‘Ukraine War Live’", "language": "en"},
]

ORGANISATIONS = [
    {
        "name": "Ministry of Foreign Affairs of Ukraine",
        "aliases": [("Міністерство закордонних справ України", "uk"), ("МЗС України", "uk"), ("ウクライナ外務省", "ja")],
        "identifiers": [("website", "https://mfa.gov.ua/en")],
    },
    {
        "name": "General Staff of the Armed Forces of Ukraine",
        "aliases": [
            ("General Staff of Ukraine", "en"),
            ("Генеральний штаб Збройних сил України", "uk"),
            ("Генштаб ЗСУ", "uk"),
            ("ウクライナ軍参謀本部", "ja"),
        ],
        "identifiers": [("wikipedia", "https://en.wikipedia.org/wiki/General_Staff_of_the_Armed_Forces_of_Ukraine")],
    },
    {
        "name": "Government of Russia",
        "aliases": [("Правительство Российской Федерации", "ru"), ("ロシア政府", "ja")],
        "identifiers": [],
    },
    {
        "name": "Government of Belarus",
        "aliases": [("Урад Рэспублікі Беларусь", "be"), ("ベラルーシ政府", "ja")],
        "identifiers": [],
    },
]

PEOPLE = [
    {
        "name": "Dmytro Kuleba",
        "affiliation": "Ministry of Foreign Affairs of Ukraine",
        "aliases": [("Kuleba", "en"), ("Кулеба", "uk"), ("Дмитро Кулеба", "uk"), ("Дмитрий Кулеба", "ru"), ("クレーバ", "ja")],
        "roles": [("Minister of Foreign Affairs of Ukraine", "Ministry of Foreign Affairs of Ukraine", date(2020, 3, 4), date(2024, 9, 5))],
        "identifiers": [("wikipedia", "https://en.wikipedia.org/wiki/Dmytro_Kuleba")],
    },
    {
        "name": "Alexander Lukashenko",
        "affiliation": "Government of Belarus",
        "aliases": [
            ("Lukashenko", "en"),
            ("Лукашенко", "ru"),
            ("Александр Лукашенко", "ru"),
            ("Аляксандр Лукашэнка", "be"),
            ("ルカシェンコ", "ja"),
        ],
        "roles": [("President of Belarus (self-proclaimed since the disputed 2020 election)", "Government of Belarus", date(1994, 7, 20), None)],
        "identifiers": [("wikipedia", "https://en.wikipedia.org/wiki/Alexander_Lukashenko")],
    },
    {
        "name": "Vladimir Putin",
        "affiliation": "Government of Russia",
        "aliases": [("Putin", "en"), ("Путин", "ru"), ("Владимир Путин", "ru"), ("プーチン", "ja")],
        "roles": [("President of Russia", "Government of Russia", date(2012, 5, 7), None)],
        "identifiers": [("wikidata", "Q7747"), ("wikipedia", "https://en.wikipedia.org/wiki/Vladimir_Putin")],
    },
    {
        "name": "Volodymyr Zelenskyy",
        "affiliation": None,
        "aliases": [
            ("Zelensky", "en"),
            ("Zelenskyy", "en"),
            ("Володимир Зеленський", "uk"),
            ("Зеленський", "uk"),
            ("Зеленский", "ru"),
            ("ゼレンスキー", "ja"),
        ],
        "roles": [("President of Ukraine", None, date(2019, 5, 20), None)],
        "identifiers": [("wikipedia", "https://en.wikipedia.org/wiki/Volodymyr_Zelenskyy")],
    },
]

EVENTS = {
    "minsk": {"name": "Putin–Lukashenko talks in Minsk", "place": "Minsk, Belarus", "date": date(2022, 12, 19)},
    "washington": {"name": "Zelenskyy's visit to Washington", "place": "Washington, D.C., USA", "date": date(2022, 12, 21)},
}

TAGS = {
    "minsk-talks": "Minsk talks",
    "belarus": "Belarus",
    "military": "Military",
    "air-defence": "Air defence",
    "energy": "Energy",
    "economy": "Economy",
    "diplomacy": "Diplomacy",
}

D20 = date(2022, 12, 20)
D19 = date(2022, 12, 19)
D21 = date(2022, 12, 21)

# Reporting chains (claims.chains): the hops between the speaker and the blog, first report first.
# The blog itself closes every chain (it is each claim's reported-by source). A cited hop gives
# `post`, the words of the post that cite it; a hop on the speaker's own channel gives `cue`,
# the words of the excerpt that name it. The loader checks both against the post.
GENERAL_STAFF_FACEBOOK = "General Staff of the Armed Forces of Ukraine on Facebook"
REF_P6 = {"cited": REFERENCE_ARTICLE, "post": "さらなる会談が開かれるとの報道がある 参照記事"}
VIDEO_P8 = {"cited": VIDEO_ARTICLE_SOURCE, "post": "軍事協力と引き換えにルカシェンコが求めたのだろう 映像記事"}
REF_P15 = {"cited": REFERENCE_ARTICLE, "post": "ウクライナ国境沿いへ部隊配備 参照記事 英文記事 参照記事"}
REF_P20 = {"cited": REFERENCE_ARTICLE, "post": "東部を中心に激しい攻防が続いている。参照記事"}
REF_P21 = {"cited": REFERENCE_ARTICLE, "post": "むしろ災いをもたらすだけという認識を示した。参照記事"}

# (import key, speaker name or None, speaker description, fields, excerpt, locator, tags, extra evidence)
CLAIMS = [
    {
        "key": "minsk-2022-kuleba-no-decisions",
        "chain": [REF_P6],
        "speaker": "Dmytro Kuleba",
        "statement": "19日のミンスクでのプーチンとルカシェンコの直接会談では、何も重要な決定は下されなかった。",
        "translation": "No important decisions were taken at the direct talks between Putin and Lukashenko in Minsk on the 19th.",
        "said_on": D20,
        "event": "minsk",
        "kind": "fact",
        "excerpt": "ミンスクMinskでの直接会談では、何も重要な決定は下されなかったとしつつ",
        "locator": "paragraph 1 (repeated in paragraph 6)",
        "tags": ["minsk-talks", "diplomacy"],
        "context": [("2428", "FireShot Webpage Screenshot #2428 – ‘Putin lands in Minsk,")],
    },
    {
        "key": "minsk-2022-kuleba-ukraine-ready",
        "chain": [REF_P6],
        "speaker": "Dmytro Kuleba",
        "statement": "たとえ彼らが何に同意しようが、ウクライナは準備ができている。",
        "translation": "Whatever they agree on, Ukraine is ready.",
        "said_on": D20,
        "event": "minsk",
        "kind": "opinion",
        "excerpt": "たとえ彼らが何に同意しようが、ウクライナは準備ができているとも発言した",
        "locator": "paragraph 1",
        "tags": ["minsk-talks", "military"],
    },
    {
        "key": "minsk-2022-kuleba-persuading",
        "chain": [REF_P6],
        "speaker": "Dmytro Kuleba",
        "statement": "プーチン氏はルカシェンコ氏がロシア軍の活動を最大限支えるよう説得し続けている。",
        "translation": "Putin keeps persuading Lukashenko to support the Russian army's activity to the maximum.",
        "said_on": D20,
        "event": "minsk",
        "kind": "fact",
        "excerpt": "プーチン氏はルカシェンコ氏がロシア軍の活動を最大限支えるよう説得し続けていると述べ",
        "locator": "paragraph 6",
        "tags": ["minsk-talks", "military"],
    },
    {
        "key": "minsk-2022-kuleba-new-dance",
        "chain": [REF_P6],
        "speaker": "Dmytro Kuleba",
        "statement": "プーチンとルカシェンコの会談は、彼らの新たなダンスである。",
        "translation": "The talks between Putin and Lukashenko are their new dance.",
        "form": "quote",
        "said_on": D20,
        "event": "minsk",
        "kind": "opinion",
        "excerpt": "プーチンとルカシェンコの会談は、彼らの新たなダンスである。",
        "locator": "paragraph 4",
        "tags": ["minsk-talks"],
    },
    {
        "key": "minsk-2022-lukashenko-s400-iskander",
        "chain": [REF_P6],
        "speaker": "Alexander Lukashenko",
        "statement": "S-400 対空ミサイル複合施設とイスカンデル ミサイル複合施設がベラルーシ国内で戦闘任務に就いた。",
        "translation": "S-400 air-defence missile systems and Iskander missile systems have gone on combat duty in Belarus.",
        "said_on": None,
        "reporting_note": "The blog says Lukashenko boasted of it (“と言う”: hearsay), place and date unknown.",
        "kind": "fact",
        "excerpt": "ルカシェンコLukashenko大統領は、S-400 対空ミサイル複合施設とイスカンデル ミサイル複合施設がベラルーシ国内で戦闘任務に就いたことを自慢したと言う",
        "locator": "paragraph 4",
        "tags": ["military", "air-defence", "belarus"],
    },
    {
        "key": "minsk-2022-putin-economy",
        "chain": [VIDEO_P8],
        "speaker": "Vladimir Putin",
        "statement": "ロシア経済は上向きで、ベラルーシとの経済関係も今後さらに好転する。",
        "translation": "Russia's economy is improving, and economic relations with Belarus will improve further.",
        "said_on": D19,
        "event": "minsk",
        "kind": "fact",
        "excerpt": "プーチン氏はロシア経済は上向きで、ベラルーシとの経済関係も今後さらに好転すると強調し",
        "locator": "paragraph 7",
        "tags": ["minsk-talks", "economy"],
    },
    {
        "key": "minsk-2022-lukashenko-big-brother",
        "chain": [REF_P15],
        "speaker": "Alexander Lukashenko",
        "statement": "プーチン氏は「兄」であり、ロシアは原油や天然ガスを低価格で提供し「われわれに手を差し伸べる」友人だ。",
        "translation": "Putin is an “elder brother”; Russia is a friend that “extends a hand to us”, supplying oil and natural gas cheaply.",
        "said_on": D19,
        "event": "minsk",
        "kind": "fact",
        "excerpt": "会談でルカシェンコ大統領はプーチン氏を「兄」と呼び、ロシアは原油や天然ガスを低価格で提供し「われわれに手を差し伸べる」友人だと賞賛。",
        "locator": "paragraph 12",
        "tags": ["minsk-talks", "energy"],
    },
    {
        "key": "minsk-2022-lukashenko-cannot-manage",
        "chain": [REF_P15],
        "speaker": "Alexander Lukashenko",
        "statement": "ロシアはベラルーシ抜きでもやっていけるが、ベラルーシはロシア抜きではやっていけない。",
        "translation": "Russia can manage without Belarus, but Belarus cannot manage without Russia.",
        "form": "quote",
        "said_on": D19,
        "event": "minsk",
        "kind": "opinion",
        "excerpt": "「ロシアはベラルーシ抜きでもやっていけるが、ベラルーシはロシア抜きではやっていけない」と述べた。",
        "locator": "paragraph 12",
        "tags": ["minsk-talks", "belarus"],
    },
    {
        "key": "minsk-2022-lukashenko-gas-price",
        "chain": [REF_P15],
        "speaker": "Alexander Lukashenko",
        "statement": "ロシアから供給を受ける天然ガスの新価格で合意した（内容は明らかにしなかった）。",
        "translation": "A new price for natural gas supplied by Russia was agreed (the terms were not disclosed).",
        "said_on": D19,
        "event": "minsk",
        "kind": "fact",
        "excerpt": "ロシアから供給を受ける天然ガスの新価格で合意したとも表明。ただ内容は明らかにしなかった。",
        "locator": "paragraph 13",
        "tags": ["minsk-talks", "energy"],
    },
    {
        "key": "minsk-2022-putin-no-absorption",
        "chain": [REF_P15],
        "speaker": "Vladimir Putin",
        "statement": "ロシアは何かを吸収する意図は持っていない。そうしたことに何の適切性もない。不特定の「敵」がロシアのベラルーシとの統合を阻止しようとしている。",
        "translation": "Russia has no intention of absorbing anything; there is no point in it. Unnamed “enemies” are trying to obstruct Russia's integration with Belarus.",
        "form": "quote",
        "said_on": D19,
        "event": "minsk",
        "kind": "promise",
        "excerpt": "プーチン大統領は「ロシアは何かを吸収する意図は持っていない。そうしたことに何の適切性もない」とし、不特定の「敵」がロシアのベラルーシとの統合を阻止しようとしていると述べた。",
        "locator": "paragraph 14",
        "tags": ["minsk-talks", "belarus", "diplomacy"],
    },
    {
        "key": "minsk-2022-general-staff-strikes",
        "chain": [{"outlet": GENERAL_STAFF_FACEBOOK, "by_speaker": True, "date": D20, "cue": "12月20日、フェイスブックで"}, REF_P20],
        "speaker": "General Staff of the Armed Forces of Ukraine",
        "statement": "過去24時間にウクライナ全土でロシア軍による空爆が60回、ミサイル攻撃が4回、多連装ロケットシステム攻撃が80回以上行われた。",
        "translation": "In the past 24 hours Russian forces carried out 60 air strikes, 4 missile strikes and more than 80 multiple-launch rocket attacks across Ukraine.",
        "said_on": D20,
        "kind": "fact",
        "excerpt": "ウクライナ軍参謀本部は12月20日、フェイスブックで、過去24時間にウクライナ全土でロシア軍による空爆が60回、ミサイル攻撃が4回、多連装ロケットシステム攻撃が80回以上行われたと発表した。",
        "locator": "paragraph 19",
        "tags": ["military"],
        "context": [("2432", "FireShot Webpage Screenshot #2432 – ‘Ukraine War Live")],
    },
    {
        "key": "minsk-2022-general-staff-repelled",
        "chain": [REF_P20],
        "speaker": "General Staff of the Armed Forces of Ukraine",
        "statement": "ウクライナ側もルガンスク州やドネツク州の計10カ所でロシア軍の攻撃を撃退した。",
        "translation": "Ukrainian forces repelled Russian attacks at 10 places in the Luhansk and Donetsk regions.",
        "said_on": D20,
        "reporting_note": "The blog gives this right after the General Staff's Facebook report.",
        "kind": "fact",
        "excerpt": "ウクライナ側もルガンスク州やドネツク州の計10カ所でロシア軍の攻撃を撃退しており",
        "locator": "paragraph 20",
        "tags": ["military"],
    },
    {
        "key": "minsk-2022-rail-movement",
        "chain": [{"source": "Map published on 20 December 2022 (publisher not named)", "by_speaker": True, "date": D20, "cue": "12月20日公表された上左図"}],
        "speaker": None,
        "speaker_description": "An unnamed publisher of a map published on 20 December 2022",
        "statement": "20輌の露軍戦車T-80や20輌の歩兵戦闘車BMP-2等が鉄路でベラルーシ内の既存の露軍基地へ移動した。",
        "translation": "20 Russian T-80 tanks and 20 BMP-2 infantry fighting vehicles were moved by rail to existing Russian bases in Belarus.",
        "said_on": D20,
        "reporting_note": "The blog draws this from a map “published on 20 December” without naming its publisher.",
        "kind": "fact",
        "excerpt": "12月20日公表された上左図で20輌の露軍戦車T-80や20輌の歩兵戦闘車BMP-2等の鉄路での移動先を見れば、既存の露軍基地へ攻撃車輛を増強した事が分かる。",
        "locator": "paragraph 3",
        "tags": ["military", "belarus"],
    },
    {
        "key": "minsk-2022-zelenskyy-washington",
        "chain": [],
        "speaker": "Volodymyr Zelenskyy",
        "statement": "21日に首都ワシントンを訪問し、バイデン大統領と首脳会談を行い、現地21日夜、米連邦議会で演説する。",
        "translation": "He will visit Washington on the 21st, hold a summit with President Biden and address the US Congress on the evening of the 21st.",
        "said_on": D21,
        "event": "washington",
        "reporting_note": "Announced by Zelenskyy; the blog reports the announcement without citing a source.",
        "kind": "promise",
        "resolution_due": date(2022, 12, 22),  # the day after the announced visit and address
        "excerpt": "ウクライナのゼレンスキー大統領は21日、首都ワシントンを訪問し、バイデン大統領と首脳会談を行うと発表し、すでに向かっている。現地21日夜、米連邦議会で演説する予定だ。",
        "locator": "paragraph 18",
        "tags": ["diplomacy"],
    },
    {
        "key": "minsk-2022-citizen-crimea",
        "chain": [REF_P21],
        "speaker": None,
        "speaker_description": "A Ukrainian citizen (ウクライナ市民), not named",
        "statement": "われわれは2014年のロシアによるクリミア併合で思い知らされた。ロシアと妥協しても、結局彼らは再び攻撃してくるだけだ。ここで負けるわけにはいかない。",
        "translation": "The annexation of Crimea by Russia in 2014 taught us a lesson. Even if we compromise with Russia, they will only attack again in the end. We cannot lose here.",
        "form": "quote",
        "said_on": None,
        "kind": "opinion",
        "excerpt": "「われわれは2014年のロシアによるクリミア併合で思い知らされた。ロシアと妥協しても、結局彼らは再び攻撃してくるだけだ。ここで負けるわけにはいかない」",
        "locator": "paragraph 21",
        "tags": ["diplomacy"],
    },
    {
        "key": "minsk-2022-russian-media-donetsk",
        "chain": [{"source": "Footage aired by Russian media (not identified)", "by_speaker": True, "cue": "ロシア側メディアによる映像"}],
        "speaker": None,
        "speaker_description": "Russian media (ロシア側メディア), not named",
        "statement": "ロシアが9月に併合した東部ドネツク州で、ウクライナ側による攻撃の惨状が起きている（映像）。",
        "translation": "Footage shows devastation caused by Ukrainian attacks in the eastern Donetsk region, which Russia annexed in September.",
        "said_on": None,
        "reporting_note": "Footage repeatedly aired by Russian media, described by the blog.",
        "kind": "fact",
        "excerpt": "ロシア側メディアによる映像では、ロシアが9月に併合した東部ドネツク州での、ウクライナ側による攻撃の惨状とする映像を繰り返し報じている。",
        "locator": "paragraph 22",
        "tags": ["military"],
    },
    {
        "key": "minsk-2022-belarusians-fear",
        "chain": [{"cited": VIDEO_ARTICLE_SOURCE, "by_speaker": True, "post": "侵攻することを恐れていると言う。 映像記事"}],
        "speaker": None,
        "speaker_description": "An unnamed video report (映像記事) cited by the blog",
        "statement": "ベラルーシ人の多くは、プーチンがベラルーシを利用してウクライナに侵攻することを恐れている。",
        "translation": "Many Belarusians fear that Putin will use Belarus to invade Ukraine.",
        "said_on": None,
        "kind": "fact",
        "excerpt": "ベラルーシ人の多くは、プーチンがベラルーシを利用してウクライナに侵攻することを恐れていると言う。",
        "locator": "paragraph 10",
        "tags": ["belarus"],
    },
]
