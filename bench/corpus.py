"""Vocabulary for the synthetic benchmark corpus (`manage.py generate_corpus`).

Parallel word lists in Japanese, English, Russian and Ukrainian, so a generated claim
reads in its own language and carries an English translation built from the same
slots. It includes the words the search must handle: two-character Japanese words
(会談, 戦車, 併合), katakana names (イスカンデル, ルカシェンコ), Latin tokens with
punctuation (S-400, Iskander) and Cyrillic names (Кулеба).
"""

# (ja, en, ru, uk)
PLACES = [
    ("ミンスク", "Minsk", "Минске", "Мінську"),
    ("キーウ", "Kyiv", "Киеве", "Києві"),
    ("モスクワ", "Moscow", "Москве", "Москві"),
    ("ワルシャワ", "Warsaw", "Варшаве", "Варшаві"),
    ("ブリュッセル", "Brussels", "Брюсселе", "Брюсселі"),
    ("東京", "Tokyo", "Токио", "Токіо"),
    ("イスタンブール", "Istanbul", "Стамбуле", "Стамбулі"),
    ("ヘルシンキ", "Helsinki", "Хельсинки", "Гельсінкі"),
    ("ジュネーブ", "Geneva", "Женеве", "Женеві"),
    ("ビリニュス", "Vilnius", "Вильнюсе", "Вільнюсі"),
]
WEAPONS = [
    ("イスカンデル", "Iskander missiles", "комплексы «Искандер»", "комплекси «Іскандер»"),
    ("S-400", "S-400 systems", "системы С-400", "системи С-400"),
    ("戦車", "tanks", "танки", "танки"),
    ("無人機", "drones", "беспилотники", "безпілотники"),
    ("長距離ミサイル", "long-range missiles", "ракеты большой дальности", "ракети великої дальності"),
    ("防空システム", "air-defence systems", "системы ПВО", "системи ППО"),
    ("戦闘機", "fighter jets", "истребители", "винищувачі"),
    ("核兵器", "nuclear weapons", "ядерное оружие", "ядерну зброю"),
    ("榴弾砲", "howitzers", "гаубицы", "гаубиці"),
]
REGIONS = [
    ("クリミア", "Crimea", "Крым", "Крим"),
    ("ドンバス", "Donbas", "Донбасс", "Донбас"),
    ("ヘルソン", "Kherson", "Херсон", "Херсон"),
    ("ザポリージャ", "Zaporizhzhia", "Запорожье", "Запоріжжя"),
    ("ベラルーシ", "Belarus", "Беларусь", "Білорусь"),
    ("バルト三国", "the Baltic states", "страны Балтии", "країни Балтії"),
    ("カリーニングラード", "Kaliningrad", "Калининград", "Калінінград"),
]
COUNTRIES = [
    ("ロシア", "Russia", "Россия", "Росія"),
    ("ウクライナ", "Ukraine", "Украина", "Україна"),
    ("ベラルーシ", "Belarus", "Беларусь", "Білорусь"),
    ("ポーランド", "Poland", "Польша", "Польща"),
    ("ドイツ", "Germany", "Германия", "Німеччина"),
    ("米国", "the United States", "США", "США"),
    ("日本", "Japan", "Япония", "Японія"),
    ("NATO", "NATO", "НАТО", "НАТО"),
]
VERBS = [
    ("配備する", "deploy", "разместит", "розмістить"),
    ("供与する", "supply", "передаст", "передасть"),
    ("撤退させる", "withdraw", "выведет", "виведе"),
    ("増強する", "reinforce", "усилит", "посилить"),
]
JUDGEMENTS = [
    ("違法", "illegal", "незаконной", "незаконною"),
    ("不可避", "inevitable", "неизбежной", "неминучою"),
    ("歴史的な誤り", "a historic mistake", "исторической ошибкой", "історичною помилкою"),
    ("合法", "lawful", "законной", "законною"),
]
LANGS = ("ja", "en", "ru", "uk")


def slots(rng, actor, *, most, last_year):
    """Values for a template's slots ({actor} is given: one name per language); the draws keep their order,
    so a seed gives the same corpus as before."""
    return {
        "actor": actor,
        "place": rng.choice(PLACES),
        "weapon": rng.choice(WEAPONS),
        "region": rng.choice(REGIONS),
        "country": rng.choice(COUNTRIES),
        "verb": rng.choice(VERBS),
        "judgement": rng.choice(JUDGEMENTS),
        "n": rng.randint(2, most),
        "year": rng.randint(2014, last_year),
    }

# Each template: one text per language; slots {actor} {place} {weapon} {region} {country} {verb} {judgement} {n} {year}.
TEMPLATES = [
    (
        "{place}での会談で、{country}は{region}に{weapon}を{verb}と{actor}は述べた。",
        "At the talks in {place}, {actor} said {country} would {verb} {weapon} in {region}.",
        "На переговорах в {place} {actor} заявил, что {country} {verb} {weapon} в регионе {region}.",
        "На переговорах у {place} {actor} заявив, що {country} {verb} {weapon} в регіоні {region}.",
    ),
    (
        "{actor}によると、{region}の併合は{judgement}だった。",
        "According to {actor}, the annexation of {region} was {judgement}.",
        "По словам {actor}, аннексия региона {region} была {judgement}.",
        "За словами {actor}, анексія регіону {region} була {judgement}.",
    ),
    (
        "{country}は{n}両の戦車を{region}に送ったと{actor}が語った。",
        "{actor} said {country} had sent {n} tanks to {region}.",
        "{actor} сказал, что {country} отправила {n} танков в регион {region}.",
        "{actor} сказав, що {country} відправила {n} танків у регіон {region}.",
    ),
    (
        "{weapon}が{place}の近くに配備されたと{actor}は主張した。",
        "{actor} claimed that {weapon} had been deployed near {place}.",
        "{actor} утверждал, что {weapon} размещены возле {place}.",
        "{actor} стверджував, що {weapon} розміщені поблизу {place}.",
    ),
    (
        "{actor}は、{country}が{year}年までに{region}を失うと予測した。",
        "{actor} predicted that {country} would lose {region} by {year}.",
        "{actor} предсказал, что {country} потеряет {region} к {year} году.",
        "{actor} передбачив, що {country} втратить {region} до {year} року.",
    ),
    (
        "{actor}は{place}で、{country}の{weapon}は{n}基しか残っていないと発言した。",
        "In {place}, {actor} said {country} had only {n} {weapon} left.",
        "В {place} {actor} заявил, что у страны {country} осталось лишь {n} единиц: {weapon}.",
        "У {place} {actor} заявив, що в країни {country} залишилося лише {n} одиниць: {weapon}.",
    ),
    (
        "{actor}は、{region}の住民の{n}%が併合を支持したと述べた。",
        "{actor} said {n}% of the people of {region} had backed the annexation.",
        "{actor} заявил, что {n}% жителей региона {region} поддержали аннексию.",
        "{actor} заявив, що {n}% мешканців регіону {region} підтримали анексію.",
    ),
    (
        "{country}と{place}で会談した後、{actor}は{weapon}の供与を約束した。",
        "After talks with {country} in {place}, {actor} promised to supply {weapon}.",
        "После переговоров со страной {country} в {place} {actor} пообещал передать {weapon}.",
        "Після переговорів із країною {country} у {place} {actor} пообіцяв передати {weapon}.",
    ),
]

EXCERPTS = [
    ("{actor}は記者会見で「{weapon}」に言及した。", "{actor} mentioned {weapon} at the press conference.",
     "{actor} упомянул {weapon} на пресс-конференции.", "{actor} згадав {weapon} на пресконференції."),
    ("公式記録には{region}についての発言がない。", "The official transcript has no remark about {region}.",
     "В официальной стенограмме нет слов о регионе {region}.", "В офіційній стенограмі немає слів про регіон {region}."),
    ("衛星画像では{place}付近に{weapon}は確認できない。", "Satellite images show no {weapon} near {place}.",
     "Спутниковые снимки не показывают {weapon} возле {place}.", "Супутникові знімки не показують {weapon} поблизу {place}."),
    ("国防省は{n}両の戦車の移送を認めた。", "The defence ministry confirmed moving {n} tanks.",
     "Минобороны подтвердило переброску {n} танков.", "Міноборони підтвердило перекидання {n} танків."),
    ("{year}年の統計によれば、数字は異なる。", "Statistics for {year} give a different figure.",
     "Статистика за {year} год даёт другую цифру.", "Статистика за {year} рік дає іншу цифру."),
]

# Well-known speakers first, with aliases in several scripts (names the search tests use).
FAMOUS = [
    ("Dmytro Kuleba", ["Кулеба", "Дмитро Кулеба", "クレーバ", "ドミトロ・クレーバ"]),
    ("Alexander Lukashenko", ["Лукашенко", "Аляксандр Лукашэнка", "ルカシェンコ", "Lukashenka"]),
    ("Vladimir Putin", ["Путин", "Владимир Путин", "プーチン"]),
    ("Volodymyr Zelensky", ["Зеленський", "Зеленский", "ゼレンスキー", "Zelenskyy"]),
    ("Sergei Lavrov", ["Лавров", "Сергей Лавров", "ラブロフ"]),
    ("Sergei Shoigu", ["Шойгу", "ショイグ"]),
    ("Fumio Kishida", ["岸田文雄", "Кисида", "キシダ"]),
    ("Dmitry Peskov", ["Песков", "ペスコフ"]),
    ("Maria Zakharova", ["Захарова", "ザハロワ"]),
    ("Jens Stoltenberg", ["Столтенберг", "ストルテンベルグ"]),
]

# (latin, katakana, cyrillic)
GIVEN_NAMES = [
    ("Dmytro", "ドミトロ", "Дмитро"), ("Olena", "オレーナ", "Олена"), ("Ivan", "イワン", "Иван"),
    ("Anna", "アンナ", "Анна"), ("Sergei", "セルゲイ", "Сергей"), ("Maria", "マリア", "Мария"),
    ("Yuri", "ユーリ", "Юрий"), ("Oksana", "オクサナ", "Оксана"), ("Pavel", "パヴェル", "Павел"),
    ("Natalia", "ナタリア", "Наталья"), ("Andriy", "アンドリー", "Андрій"), ("Viktor", "ヴィクトル", "Виктор"),
    ("Irina", "イリーナ", "Ирина"), ("Mykola", "ミコラ", "Микола"), ("Svetlana", "スヴェトラーナ", "Светлана"),
    ("Taras", "タラス", "Тарас"), ("Alexei", "アレクセイ", "Алексей"), ("Yulia", "ユリア", "Юлия"),
    ("Bohdan", "ボフダン", "Богдан"), ("Kateryna", "カテリーナ", "Катерина"),
]
JAPANESE_GIVEN = [("Taro", "太郎", "Таро"), ("Hanako", "花子", "Ханако"), ("Kenji", "健二", "Кэндзи"),
                  ("Yuki", "由紀", "Юки"), ("Makoto", "誠", "Макото"), ("Akira", "明", "Акира"),
                  ("Haruka", "遥", "Харука"), ("Shinji", "真司", "Синдзи")]
JAPANESE_FAMILY = [("Yamada", "山田", "Ямада"), ("Suzuki", "鈴木", "Судзуки"), ("Tanaka", "田中", "Танака"),
                   ("Sato", "佐藤", "Сато"), ("Takahashi", "高橋", "Такахаси"), ("Ito", "伊藤", "Ито"),
                   ("Watanabe", "渡辺", "Ватанабэ"), ("Nakamura", "中村", "Накамура"), ("Kobayashi", "小林", "Кобаяси"),
                   ("Kato", "加藤", "Като"), ("Yoshida", "吉田", "Ёсида"), ("Matsumoto", "松本", "Мацумото")]
SYLLABLES = [
    ("ko", "コ", "ко"), ("va", "ヴァ", "ва"), ("len", "レン", "лен"), ("ka", "カ", "ка"), ("ru", "ル", "ру"),
    ("shen", "シェン", "шен"), ("to", "ト", "то"), ("mi", "ミ", "ми"), ("dro", "ドロ", "дро"), ("sa", "サ", "са"),
    ("na", "ナ", "на"), ("ki", "キ", "ки"), ("le", "レ", "ле"), ("ba", "バ", "ба"), ("vo", "ヴォ", "во"),
    ("po", "ポ", "по"), ("ta", "タ", "та"), ("go", "ゴ", "го"), ("bo", "ボ", "бо"), ("dan", "ダン", "дан"),
    ("mar", "マル", "мар"), ("zen", "ゼン", "зен"), ("ho", "ホ", "хо"), ("ser", "セル", "сер"), ("pe", "ペ", "пе"),
    ("tro", "トロ", "тро"), ("sy", "シ", "си"), ("hor", "ホル", "хор"), ("mel", "メル", "мел"), ("nyk", "ニク", "ник"),
]
SURNAME_ENDINGS = [("enko", "エンコ", "енко"), ("ov", "フ", "ов"), ("sky", "スキー", "ский"), ("uk", "ーク", "ук"),
                   ("ich", "ーチ", "ич"), ("in", "ン", "ин"), ("chuk", "チューク", "чук")]
ORG_KINDS = [("Ministry of Defence", "国防省", "Министерство обороны"),
             ("Ministry of Foreign Affairs", "外務省", "Министерство иностранных дел"),
             ("General Staff", "参謀本部", "Генеральный штаб"), ("Parliament", "議会", "Парламент"),
             ("Presidential Office", "大統領府", "Офис президента"), ("State Television", "国営テレビ", "Гостелевидение")]
ORG_COUNTRIES = [("Russia", "ロシア", "России"), ("Ukraine", "ウクライナ", "Украины"), ("Belarus", "ベラルーシ", "Беларуси"),
                 ("Poland", "ポーランド", "Польши"), ("Japan", "日本", "Японии"), ("Lithuania", "リトアニア", "Литвы"),
                 ("Germany", "ドイツ", "Германии"), ("Moldova", "モルドバ", "Молдовы"), ("Georgia", "ジョージア", "Грузии"),
                 ("Kazakhstan", "カザフスタン", "Казахстана")]
PUBLISHERS = ["Kyiv Independent", "NHK", "TASS", "Meduza", "Ukrainska Pravda", "Reuters", "Asahi Shimbun",
              "Nasha Niva", "RIA Novosti", "Kommersant", "Yomiuri Shimbun", "Novaya Gazeta", "Euromaidan Press"]
TAGS = ["military", "diplomacy", "annexation", "sanctions", "energy", "elections", "casualties", "weapons",
        "propaganda", "refugees", "nuclear", "economy", "history", "borders", "talks", "air defence", "navy",
        "grain", "prisoners", "occupation", "crimea", "belarus", "japan", "nato", "eu", "media", "law",
        "humanitarian", "infrastructure", "cyber"]
COMMENT_BODIES = [
    "Checked the transcript: the quote is **accurate**.",
    "The satellite source is from 2021, not the date claimed. Can someone confirm?",
    "> {excerpt}\n\nThis excerpt does not support the rating.",
    "Agree with the proposed verdict.",
    "We need a second source for the number of tanks.",
    "会談の記録を確認しました。発言は正確です。",
    "Источник ссылается на другой брифинг — проверьте дату.",
    "The translation drops the hedge (\"possibly\"); please fix before approval.",
    "Duplicate of an earlier claim? See the speaker page.",
    "イスカンデルの配備については公式発表がありません。",
]
