"""Writes claims/matching_eval.jsonl: the labelled set `manage.py evaluate_matching` measures.

Every sentence below was written for this project. About 120 queries are written by hand
(paraphrases, other languages, names in other scripts, near-misses); the rest are derived
from them by three documented transformations, so the set grows without copying anything:
- "reordered": the two halves of a sentence around its first comma or "and" are swapped;
- "other_speaker": the same words typed for another speaker (a repeat must still match);
- "changed_number": every number is changed; the original claim must NOT be ranked first.

Run: python bench/make_matching_eval.py
"""

import json
import re
from pathlib import Path

SPEAKERS = {
    "kuleba": ("Dmytro Kuleba", ["Kuleba", "Кулеба", "Дмитро Кулеба", "Дмитрий Кулеба", "クレーバ"]),
    "lukashenko": ("Alexander Lukashenko", ["Lukashenko", "Лукашенко", "Александр Лукашенко", "ルカシェンコ"]),
    "putin": ("Vladimir Putin", ["Putin", "Путин", "Владимир Путин", "プーチン"]),
    "zelenskyy": ("Volodymyr Zelenskyy", ["Zelensky", "Zelenskyy", "Зеленский", "Зеленський", "ゼレンスキー"]),
    "peskov": ("Dmitry Peskov", ["Peskov", "Песков", "Дмитрий Песков", "ペスコフ"]),
    "genstaff": ("General Staff of the Armed Forces of Ukraine", ["Генштаб ЗСУ", "ウクライナ軍参謀本部"]),
}

# key: (speaker, language, statement, translation)
CLAIMS = {
    "s01": ("kuleba", "ja", "19日のミンスクでのプーチンとルカシェンコの直接会談では、何も重要な決定は下されなかった。",
            "No important decisions were taken at the direct talks between Putin and Lukashenko in Minsk on the 19th."),
    "s02": ("kuleba", "ja", "たとえ彼らが何に同意しようが、ウクライナは準備ができている。", "Whatever they agree on, Ukraine is ready."),
    "s03": ("kuleba", "ja", "プーチン氏はルカシェンコ氏がロシア軍の活動を最大限支えるよう説得し続けている。",
            "Putin keeps persuading Lukashenko to support the Russian army's activity to the maximum."),
    "s04": ("kuleba", "ja", "プーチンとルカシェンコの会談は、彼らの新たなダンスである。", "The talks between Putin and Lukashenko are their new dance."),
    "s05": ("lukashenko", "ja", "S-400 対空ミサイル複合施設とイスカンデル ミサイル複合施設がベラルーシ国内で戦闘任務に就いた。",
            "S-400 air-defence missile systems and Iskander missile systems have gone on combat duty in Belarus."),
    "s06": ("putin", "ja", "ロシア経済は上向きで、ベラルーシとの経済関係も今後さらに好転する。",
            "Russia's economy is improving, and economic relations with Belarus will improve further."),
    "s07": ("lukashenko", "ja", "プーチン氏は「兄」であり、ロシアは原油や天然ガスを低価格で提供し「われわれに手を差し伸べる」友人だ。",
            "Putin is an “elder brother”; Russia is a friend that “extends a hand to us”, supplying oil and natural gas cheaply."),
    "s08": ("lukashenko", "ja", "ロシアはベラルーシ抜きでもやっていけるが、ベラルーシはロシア抜きではやっていけない。",
            "Russia can manage without Belarus, but Belarus cannot manage without Russia."),
    "s09": ("lukashenko", "ja", "ロシアから供給を受ける天然ガスの新価格で合意した（内容は明らかにしなかった）。",
            "A new price for natural gas supplied by Russia was agreed (the terms were not disclosed)."),
    "s10": ("putin", "ja", "ロシアは何かを吸収する意図は持っていない。そうしたことに何の適切性もない。不特定の「敵」がロシアのベラルーシとの統合を阻止しようとしている。",
            "Russia has no intention of absorbing anything; there is no point in it. Unnamed “enemies” are trying to obstruct Russia's integration with Belarus."),
    "s11": ("genstaff", "ja", "過去24時間にウクライナ全土でロシア軍による空爆が60回、ミサイル攻撃が4回、多連装ロケットシステム攻撃が80回以上行われた。",
            "In the past 24 hours Russian forces carried out 60 air strikes, 4 missile strikes and more than 80 multiple-launch rocket attacks across Ukraine."),
    "s12": ("genstaff", "ja", "ウクライナ側もルガンスク州やドネツク州の計10カ所でロシア軍の攻撃を撃退した。",
            "Ukrainian forces repelled Russian attacks at 10 places in the Luhansk and Donetsk regions."),
    "s13": (None, "ja", "20輌の露軍戦車T-80や20輌の歩兵戦闘車BMP-2等が鉄路でベラルーシ内の既存の露軍基地へ移動した。",
            "20 Russian T-80 tanks and 20 BMP-2 infantry fighting vehicles were moved by rail to existing Russian bases in Belarus."),
    "s14": ("zelenskyy", "ja", "21日に首都ワシントンを訪問し、バイデン大統領と首脳会談を行い、現地21日夜、米連邦議会で演説する。",
            "He will visit Washington on the 21st, hold a summit with President Biden and address the US Congress on the evening of the 21st."),
    "s15": (None, "ja", "われわれは2014年のロシアによるクリミア併合で思い知らされた。ロシアと妥協しても、結局彼らは再び攻撃してくるだけだ。ここで負けるわけにはいかない。",
            "The annexation of Crimea by Russia in 2014 taught us a lesson. Even if we compromise with Russia, they will only attack again in the end. We cannot lose here."),
    "s16": (None, "ja", "ロシアが9月に併合した東部ドネツク州で、ウクライナ側による攻撃の惨状が起きている（映像）。",
            "Footage shows devastation caused by Ukrainian attacks in the eastern Donetsk region, which Russia annexed in September."),
    "s17": (None, "ja", "ベラルーシ人の多くは、プーチンがベラルーシを利用してウクライナに侵攻することを恐れている。",
            "Many Belarusians fear that Putin will use Belarus to invade Ukraine."),
    "x01": ("peskov", "en", "Inflation in Russia fell to 12 percent in November.", ""),
    "x02": ("zelenskyy", "en", "Ukraine needs 40 billion dollars of military aid next year.", ""),
    "x03": ("peskov", "ru", "Кремль не планирует новую волну мобилизации.", "The Kremlin does not plan a new wave of mobilisation."),
    "x04": ("kuleba", "en", "Thirty percent of Ukraine's power stations were destroyed in October.", ""),
    "x05": ("lukashenko", "ru", "Беларусь не будет отправлять свои войска в Украину.", "Belarus will not send its troops to Ukraine."),
    "x06": ("putin", "en", "Russian gas exports to Europe fell by 50 percent this year.", ""),
    "x07": ("kuleba", "en", "Russia has launched more than 1,000 drones at Ukraine since September.", ""),
    "x08": ("zelenskyy", "en", "Ten million Ukrainians are without electricity after the latest strikes.", ""),
    "x09": ("peskov", "en", "Kuleba's statements about the Minsk talks are pure fantasy.", ""),
    "x10": ("genstaff", "en", "Russia has lost 3,000 tanks since the start of the full-scale invasion.", ""),
}

# key: [(statement, translation, speaker, kind)]; speaker None means "as the claim's own".
QUERIES = {
    "s01": [
        ("ミンスクでのプーチンとルカシェンコの会談では重要な決定は何もなかった。", "", None, "paraphrase_ja"),
        ("プーチンとルカシェンコが19日にミンスクで会ったが、重要なことは何も決まらなかった。", "", None, "paraphrase_ja"),
        ("Nothing important was decided when Putin and Lukashenko met in Minsk on the 19th.", "", None, "paraphrase_en"),
        ("На встрече Путина и Лукашенко в Минске 19-го не было принято никаких важных решений.", "No important decisions were made at the Putin–Lukashenko meeting in Minsk on the 19th.", None, "language_ru"),
        ("Кулеба: в Минске Путин и Лукашенко ничего важного не решили.", "Kuleba: Putin and Lukashenko decided nothing important in Minsk.", "kuleba", "script_names"),
    ],
    "s02": [
        ("彼らが何で合意しても、ウクライナには準備がある。", "", None, "paraphrase_ja"),
        ("Ukraine is ready, whatever they agree on.", "", None, "paraphrase_en"),
        ("Что бы они ни решили, Украина готова.", "Whatever they decide, Ukraine is ready.", None, "language_ru"),
        ("クレーバ外相：たとえ何に同意しようとウクライナは準備ができている", "", "kuleba", "script_names"),
    ],
    "s03": [
        ("プーチンはロシア軍の活動を最大限支援するようルカシェンコを説得し続けている。", "", None, "paraphrase_ja"),
        ("Putin is still trying to persuade Lukashenko to give maximum support to the Russian army.", "", None, "paraphrase_en"),
        ("Путин продолжает уговаривать Лукашенко максимально поддержать действия российской армии.", "Putin continues to persuade Lukashenko to support the Russian army's actions as much as possible.", None, "language_ru"),
        ("Путин keeps persuading Лукашенко to support the Russian army to the maximum.", "", None, "script_names"),
    ],
    "s04": [
        ("プーチンとルカシェンコの会談は二人の新しいダンスだ。", "", None, "paraphrase_ja"),
        ("Putin and Lukashenko's talks are just their new dance.", "", None, "paraphrase_en"),
        ("Переговоры Путина и Лукашенко — это их новый танец.", "The Putin–Lukashenko talks are their new dance.", None, "language_ru"),
    ],
    "s05": [
        ("ベラルーシでS-400とイスカンデルのミサイル複合施設が戦闘任務についた。", "", None, "paraphrase_ja"),
        ("Iskander and S-400 missile systems are now on combat duty in Belarus.", "", None, "paraphrase_en"),
        ("Комплексы С-400 и «Искандер» заступили на боевое дежурство в Беларуси.", "S-400 and Iskander systems went on combat duty in Belarus.", None, "language_ru"),
        ("Лукашенко: S-400 and Iskander missile systems took up combat duty in Belarus.", "", "lukashenko", "script_names"),
    ],
    "s06": [
        ("ロシア経済は好調で、ベラルーシとの経済関係はこれからさらに良くなる。", "", None, "paraphrase_ja"),
        ("The Russian economy is getting better and economic ties with Belarus will improve even more.", "", None, "paraphrase_en"),
        ("Российская экономика растёт, и экономические связи с Беларусью станут ещё лучше.", "Russia's economy is growing and economic relations with Belarus will get even better.", None, "language_ru"),
    ],
    "s07": [
        ("ルカシェンコ氏は、プーチン氏は兄であり、ロシアは石油と天然ガスを安く供給してくれる友人だと述べた。", "", None, "paraphrase_ja"),
        ("Russia is a friend that supplies us oil and gas cheaply, and Putin is our elder brother.", "", None, "paraphrase_en"),
        ("Путин — «старший брат», а Россия — друг, который дёшево поставляет нефть и газ.", "Putin is an elder brother, and Russia is a friend supplying oil and gas cheaply.", None, "language_ru"),
    ],
    "s08": [
        ("ベラルーシはロシアなしではやっていけないが、ロシアはベラルーシなしでもやっていける。", "", None, "reordered_ja"),
        ("Belarus cannot manage without Russia, while Russia can manage without Belarus.", "", None, "paraphrase_en"),
        ("Россия может обойтись без Беларуси, а Беларусь без России — нет.", "Russia can do without Belarus, but Belarus cannot do without Russia.", None, "language_ru"),
    ],
    "s09": [
        ("ロシアからの天然ガスの新しい価格で合意したが、詳細は明かさなかった。", "", None, "paraphrase_ja"),
        ("A new price for Russian natural gas has been agreed, but the terms were not disclosed.", "", None, "paraphrase_en"),
        ("Договорились о новой цене на российский газ, условия не раскрываются.", "A new price for Russian gas was agreed; the terms are not disclosed.", None, "language_ru"),
    ],
    "s10": [
        ("ロシアには何かを吸収する意図はない。敵がロシアとベラルーシの統合を阻もうとしている。", "", None, "paraphrase_ja"),
        ("Russia does not intend to absorb anything; enemies are trying to block Russia's integration with Belarus.", "", None, "paraphrase_en"),
        ("Россия не намерена ничего поглощать; враги пытаются помешать интеграции России и Беларуси.", "Russia does not intend to absorb anything; enemies are trying to prevent Russia's integration with Belarus.", None, "language_ru"),
    ],
    "s11": [
        ("この24時間でロシア軍はウクライナ全土で60回の空爆と4回のミサイル攻撃、80回以上のロケット攻撃を行った。", "", None, "paraphrase_ja"),
        ("Over the last 24 hours Russia made 60 air strikes, 4 missile strikes and over 80 MLRS attacks on Ukraine.", "", None, "paraphrase_en"),
        ("За последние 24 часа российские войска нанесли 60 авиаударов, 4 ракетных удара и более 80 ударов из РСЗО.", "In the last 24 hours Russian troops made 60 air strikes, 4 missile strikes and more than 80 MLRS strikes.", None, "language_ru"),
        ("Генштаб ЗСУ: 60 air strikes, 4 missile strikes and more than 80 rocket attacks in 24 hours.", "", "genstaff", "script_names"),
    ],
    "s12": [
        ("ルガンスク州とドネツク州の10カ所でロシア軍の攻撃を撃退した。", "", None, "paraphrase_ja"),
        ("Ukrainian troops repelled Russian attacks in ten places in Donetsk and Luhansk regions.", "", None, "paraphrase_en"),
        ("ВСУ отбили атаки российских войск в 10 населённых пунктах Луганской и Донецкой областей.", "Ukraine's armed forces repelled Russian attacks at 10 places in the Luhansk and Donetsk regions.", None, "language_ru"),
    ],
    "s13": [
        ("露軍のT-80戦車20輌とBMP-2歩兵戦闘車20輌が鉄道でベラルーシの露軍基地へ移された。", "", None, "paraphrase_ja"),
        ("Twenty T-80 tanks and twenty BMP-2 vehicles of the Russian army were moved by rail to Russian bases in Belarus.", "", None, "paraphrase_en"),
        ("20 танков Т-80 и 20 БМП-2 переброшены по железной дороге на российские базы в Беларуси.", "20 T-80 tanks and 20 BMP-2s were moved by rail to Russian bases in Belarus.", None, "language_ru"),
    ],
    "s14": [
        ("ゼレンスキー大統領は21日にワシントンを訪れ、バイデン大統領と会談し、議会で演説する。", "", "zelenskyy", "paraphrase_ja"),
        ("Zelenskyy will visit Washington on the 21st, meet President Biden and speak to Congress.", "", "zelenskyy", "paraphrase_en"),
        ("Зеленский 21-го посетит Вашингтон, встретится с Байденом и выступит в Конгрессе.", "Zelensky will visit Washington on the 21st, meet Biden and address Congress.", "zelenskyy", "language_ru"),
    ],
    "s15": [
        ("2014年のクリミア併合で学んだ。ロシアと妥協しても彼らはまた攻撃してくる。", "", None, "paraphrase_ja"),
        ("Russia's 2014 annexation of Crimea taught us that if we compromise, they will attack again.", "", None, "paraphrase_en"),
        ("Аннексия Крыма в 2014 году нас научила: если пойти на компромисс с Россией, она снова нападёт.", "The 2014 annexation of Crimea taught us: compromise with Russia and it will attack again.", None, "language_ru"),
    ],
    "s16": [
        ("ロシアが9月に併合したドネツク州でウクライナ側の攻撃による惨状がある。", "", None, "paraphrase_ja"),
        ("Video shows the devastation of Ukrainian attacks in Donetsk region, annexed by Russia in September.", "", None, "paraphrase_en"),
    ],
    "s17": [
        ("多くのベラルーシ人は、プーチンがベラルーシを使ってウクライナに侵攻するのではないかと恐れている。", "", None, "paraphrase_ja"),
        ("Many people in Belarus are afraid Putin will use their country to invade Ukraine.", "", None, "paraphrase_en"),
        ("Многие белорусы боятся, что Путин использует Беларусь для вторжения в Украину.", "Many Belarusians fear that Putin will use Belarus to invade Ukraine.", None, "language_ru"),
    ],
    "x01": [
        ("Russian inflation dropped to 12 percent in November.", "", None, "paraphrase_en"),
        ("Инфляция в России в ноябре снизилась до 12 процентов.", "Inflation in Russia fell to 12 percent in November.", None, "language_ru"),
        ("ロシアのインフレ率は11月に12パーセントに低下した。", "Russia's inflation fell to 12 % in November.", None, "language_ja"),
        ("In November, inflation in Russia fell to 12%.", "", None, "reordered_en"),
    ],
    "x02": [
        ("Next year Ukraine will need $40 bn in military aid.", "", None, "paraphrase_en"),
        ("ウクライナは来年、400億ドルの軍事支援を必要としている。", "Ukraine needs 40 billion dollars in military aid next year.", None, "language_ja"),
        ("Украине в следующем году нужно 40 млрд долларов военной помощи.", "Ukraine needs $40 billion of military aid next year.", None, "language_ru"),
    ],
    "x03": [
        ("The Kremlin has no plans for another mobilisation wave.", "", None, "paraphrase_en"),
        ("Песков: новой мобилизации Кремль не планирует.", "Peskov: the Kremlin does not plan a new mobilisation.", "peskov", "script_names"),
        ("ペスコフ報道官は、クレムリンは新たな動員を計画していないと述べた。", "Peskov said the Kremlin is not planning a new mobilisation.", "peskov", "language_ja"),
    ],
    "x04": [
        ("30% of Ukraine's power stations were destroyed in October.", "", None, "paraphrase_en"),
        ("10月にウクライナの発電所の三割が破壊された。", "Thirty percent of Ukrainian power stations were destroyed in October.", None, "language_ja"),
        ("В октябре было уничтожено тридцать процентов электростанций Украины.", "In October 30 percent of Ukraine's power stations were destroyed.", None, "language_ru"),
    ],
    "x05": [
        ("Belarus will not send troops into Ukraine.", "", None, "paraphrase_en"),
        ("ベラルーシはウクライナに軍を派遣しない。", "Belarus will not send its army to Ukraine.", None, "language_ja"),
        ("Лукашенко: белорусские войска в Украину не пойдут.", "Lukashenko: Belarusian troops will not go to Ukraine.", "lukashenko", "script_names"),
    ],
    "x06": [
        ("This year Russia's gas exports to Europe dropped by 50 percent.", "", None, "paraphrase_en"),
        ("ロシアの欧州向けガス輸出は今年50パーセント減少した。", "Russian gas exports to Europe fell by 50 % this year.", None, "language_ja"),
    ],
    "x07": [
        ("Since September Russia has fired over 1000 drones at Ukraine.", "", None, "paraphrase_en"),
        ("Кулеба: с сентября Россия запустила по Украине более 1000 дронов.", "Kuleba: since September Russia has launched more than 1,000 drones at Ukraine.", "kuleba", "script_names"),
    ],
    "x08": [
        ("10 million Ukrainians have no electricity after the latest strikes.", "", None, "paraphrase_en"),
        ("最新の攻撃の後、1000万人のウクライナ人が電気のない状態にある。", "After the latest strikes 10 million Ukrainians are without electricity.", None, "language_ja"),
    ],
    "x09": [
        ("Peskov: what Kuleba says about the talks in Minsk is pure fantasy.", "", None, "script_names"),
        ("Песков назвал слова Кулебы о переговорах в Минске чистой фантазией.", "Peskov called Kuleba's statements about the Minsk talks pure fantasy.", None, "language_ru"),
    ],
    "x10": [
        ("Since the full-scale invasion began Russia has lost 3000 tanks.", "", None, "reordered_en"),
        ("ロシアは全面侵攻の開始以来、3000輌の戦車を失った。", "Russia has lost 3,000 tanks since the full-scale invasion started.", None, "language_ja"),
    ],
}

# Distractors: claims on the same topic with the same names, places or numbers, but a different
# statement. They sit in the evaluation corpus beside the claims above, so a query has to beat them;
# some are also the target of queries of their own (DISTRACTOR_QUERIES).
DISTRACTORS = {
    "d01": ("putin", "ja", "プーチン大統領は19日、ミンスクを訪問しルカシェンコ大統領と会談した。", "Putin visited Minsk on the 19th and held talks with Lukashenko."),
    "d02": ("lukashenko", "ru", "Беларусь получит от России новые комплексы С-400 до конца года.", "Belarus will receive new S-400 systems from Russia by the end of the year."),
    "d03": ("peskov", "en", "Inflation in Russia rose to 14 percent in October.", ""),
    "d04": ("zelenskyy", "en", "Ukraine needs 40 billion dollars to rebuild its energy system.", ""),
    "d05": ("kuleba", "en", "Forty percent of Ukraine's power stations were damaged in November.", ""),
    "d06": ("genstaff", "ja", "過去24時間にロシア軍はミサイル攻撃を12回行った。", "In the past 24 hours Russian forces carried out 12 missile strikes."),
    "d07": ("lukashenko", "ja", "ベラルーシはロシアから天然ガスを世界で最も安い価格で買っている。", "Belarus buys natural gas from Russia at the lowest price in the world."),
    "d08": ("putin", "en", "Russia and Belarus will build a common defence space.", ""),
    "d09": ("zelenskyy", "ja", "ゼレンスキー大統領は9月に国連総会でビデオ演説を行った。", "Zelenskyy gave a video address to the UN General Assembly in September."),
    "d10": (None, "ja", "2014年にロシアはクリミアを併合し、ドンバスで戦争を始めた。", "In 2014 Russia annexed Crimea and started a war in Donbas."),
    "d11": ("peskov", "ru", "Кремль не видит оснований для переговоров с Киевом.", "The Kremlin sees no grounds for talks with Kyiv."),
    "d12": ("lukashenko", "en", "Belarus will send its troops to Ukraine only if Belarus is attacked.", ""),
    "d13": ("kuleba", "en", "Russia has launched more than 1,000 missiles at Ukraine since October.", ""),
    "d14": ("genstaff", "en", "Russia has lost 300 aircraft since the start of the full-scale invasion.", ""),
    "d15": ("putin", "ja", "ロシア経済は制裁にもかかわらず安定している。", "Russia's economy is stable despite sanctions."),
    "d16": (None, "ja", "ベラルーシ人の多くはウクライナでの戦争への参戦に反対している。", "Many Belarusians oppose joining the war in Ukraine."),
    "d17": ("kuleba", "ja", "ルカシェンコはプーチンの命令に従っているだけだ。", "Lukashenko is just following Putin's orders."),
    "d18": ("zelenskyy", "en", "Six million Ukrainians are without electricity after the latest strikes.", ""),
    "d19": ("peskov", "en", "Zelenskyy's visit to Washington will not change anything.", ""),
    "d20": ("genstaff", "ru", "ВСУ отбили атаки российских войск в 15 населённых пунктах Херсонской области.", "Ukraine's forces repelled Russian attacks at 15 places in the Kherson region."),
    "d21": ("putin", "en", "Russian gas exports to China grew by 50 percent this year.", ""),
    "d22": (None, "en", "20 Belarusian tanks were moved by rail to the border with Ukraine.", ""),
}

# Written queries, harder than the ones above: another speaker saying the same in their own words,
# versions in another language (some without a translation), and queries that must find a
# distractor rather than the seed claim it resembles. (statement, translation, speaker, kind, expected)
WRITTEN = [
    ("Peskov said nothing important had been decided at the Minsk talks between Putin and Lukashenko.", "", "peskov", "other_speaker_written", "s01"),
    ("Переговоры в Минске 19 декабря не дали никаких важных решений.", "The Minsk talks on 19 December produced no important decisions.", None, "language_ru", "s01"),
    ("Zelenskyy: whatever Putin and Lukashenko agree, Ukraine is ready.", "", "zelenskyy", "other_speaker_written", "s02"),
    ("ルカシェンコ氏によると、イスカンデルとS-400がベラルーシで戦闘任務に就いている。", "", None, "paraphrase_ja", "s05"),
    ("Лукашенко назвал Путина старшим братом, а Россию — другом, который дёшево продаёт нефть и газ.", "Lukashenko called Putin an elder brother and Russia a friend that sells oil and gas cheaply.", None, "language_ru", "s07"),
    ("Putin: Belarus cannot survive without Russia, but Russia can survive without Belarus.", "", "putin", "other_speaker_written", "s08"),
    ("ベラルーシとロシアは天然ガスの新しい価格で合意したが、条件は公表されていない。", "", None, "paraphrase_ja", "s09"),
    ("Peskov: Russia is not going to absorb Belarus; enemies want to stop our integration.", "", "peskov", "other_speaker_written", "s10"),
    ("Генштаб: за сутки 60 авиаударов и 4 ракетных удара по Украине.", "General Staff: 60 air strikes and 4 missile strikes on Ukraine in a day.", None, "language_ru", "s11"),
    ("ウクライナ軍参謀本部：ドネツク州とルガンスク州の10か所でロシア軍の攻撃を撃退", "", None, "paraphrase_ja", "s12"),
    ("Twenty T-80 tanks and twenty BMP-2s of the Russian army arrived in Belarus by rail.", "", None, "paraphrase_en", "s13"),
    ("Zelensky travels to Washington on the 21st to meet Biden and address Congress.", "", "zelenskyy", "paraphrase_en", "s14"),
    ("Kuleba: after Crimea in 2014 we learned that a compromise with Russia only means they attack again.", "", "kuleba", "other_speaker_written", "s15"),
    ("Видео: разрушения в Донецкой области, аннексированной Россией в сентябре, после ударов ВСУ.", "Video: devastation in the Donetsk region, annexed by Russia in September, after Ukrainian attacks.", None, "language_ru", "s16"),
    ("Belarusians fear Putin will use their country to invade Ukraine.", "", None, "paraphrase_en", "s17"),
    ("Песков: инфляция в России в ноябре опустилась до 12%.", "Peskov: inflation in Russia dropped to 12% in November.", "peskov", "language_ru", "x01"),
    ("Putin said inflation fell to twelve percent in November.", "", "putin", "other_speaker_written", "x01"),
    ("Kuleba repeats that Ukraine needs $40bn in military aid next year.", "", "kuleba", "other_speaker_written", "x02"),
    ("来年、ウクライナには400億ドルの軍事支援が必要だ。", "", None, "language_ja_untranslated", "x02"),
    ("Кремль не собирается объявлять новую мобилизацию.", "The Kremlin is not going to announce a new mobilisation.", None, "language_ru", "x03"),
    ("В октябре разрушено 30% украинских электростанций.", "30% of Ukrainian power stations were destroyed in October.", None, "language_ru", "x04"),
    ("Zelenskyy: 30 percent of our power stations were destroyed in October.", "", "zelenskyy", "other_speaker_written", "x04"),
    ("ルカシェンコ大統領は、ベラルーシ軍はウクライナに入らないと述べた。", "Lukashenko said the Belarusian army will not enter Ukraine.", None, "language_ja", "x05"),
    ("Zelenskyy: more than 1000 Russian drones have been launched at Ukraine since September.", "", "zelenskyy", "other_speaker_written", "x07"),
    ("Десять миллионов украинцев остались без света после последних ударов.", "Ten million Ukrainians were left without power after the latest strikes.", None, "language_ru", "x08"),
    ("ペスコフ氏は、ミンスク会談に関するクレーバ氏の発言は全くの空想だと述べた。", "", None, "language_ja_untranslated", "x09"),
    ("Генштаб ВСУ: с начала вторжения Россия потеряла 3000 танков.", "General Staff: Russia has lost 3,000 tanks since the invasion began.", None, "language_ru", "x10"),
    # The distractor is the claim meant, not the seed claim it resembles.
    ("Путин 19-го прилетел в Минск на переговоры с Лукашенко.", "Putin flew to Minsk on the 19th for talks with Lukashenko.", None, "distractor_target", "d01"),
    ("Russian inflation climbed to 14% in October.", "", None, "distractor_target", "d03"),
    ("Ukraine will need $40 billion to rebuild the energy system.", "", None, "distractor_target", "d04"),
    ("ロシアは2014年にクリミアを併合してドンバスで戦争を始めた。", "", None, "distractor_target", "d10"),
    ("Kuleba says Lukashenko simply follows Putin's orders.", "", "kuleba", "distractor_target", "d17"),
    ("Since October Russia has fired over 1000 missiles at Ukraine.", "", None, "distractor_target", "d13"),
    ("Belarus buys Russian gas at the lowest price in the world.", "", None, "distractor_target", "d07"),
    ("ВСУ отразили атаки в 15 населённых пунктах Херсонской области.", "Ukrainian forces repelled attacks at 15 places in Kherson region.", None, "distractor_target", "d20"),
]

# Written near-misses and changed numbers: none of `not` may come first. (statement, translation, speaker, kind, not)
WRITTEN_MISSES = [
    ("プーチンとルカシェンコは20日に電話で会談した。", "Putin and Lukashenko spoke by phone on the 20th.", "putin", "near_miss", ["s01", "d01"]),
    ("Germany needs 40 billion euros for its army.", "", None, "near_miss", ["x02", "d04"]),
    ("Kuleba visited Washington on the 21st.", "", "kuleba", "near_miss", ["s14"]),
    ("Belarus sells oil to Ukraine at a low price.", "", None, "near_miss", ["s07", "d07"]),
    ("Russian forces repelled Ukrainian attacks at 10 places in the Kherson region.", "", None, "near_miss", ["s12"]),
    ("Inflation in Russia fell to 11 percent in November.", "", "peskov", "changed_number", ["x01"]),
    ("ウクライナ軍はルガンスク州とドネツク州の12カ所で攻撃を撃退した。", "", None, "changed_number", ["s12"]),
    ("Russia has lost 2,000 tanks since the full-scale invasion began.", "", None, "changed_number", ["x10"]),
    ("30 T-80 tanks were moved by rail to Russian bases in Belarus.", "", None, "changed_number", ["s13", "d22"]),
    ("Zelenskyy will visit Washington on the 22nd and meet Biden.", "", "zelenskyy", "changed_number", ["s14"]),
    ("В октябре было уничтожено сорок процентов электростанций Украины.", "In October forty percent of Ukraine's power stations were destroyed.", None, "changed_number", ["x04"]),
    ("ロシアの欧州向けガス輸出は今年30パーセント減少した。", "", None, "changed_number", ["x06"]),
]

# Near-misses from the seed topic: same names and places, a different claim. Nothing may be ranked first
# among `not` (they are listed as the claims most likely to be confused).
NEAR_MISSES = [
    ("プーチン大統領は19日にミンスクを訪問した。", "Putin visited Minsk on the 19th.", "putin", ["s01"]),
    ("Lukashenko said Belarus will buy more Russian oil next year.", "", "lukashenko", ["s07", "s09"]),
    ("ウクライナはベラルーシとの国境に部隊を増強した。", "Ukraine reinforced its troops on the border with Belarus.", "genstaff", ["x05", "s17"]),
    ("Russia's inflation rose to 15 percent in December.", "", "peskov", ["x01"]),
    ("Zelenskyy met Biden in Washington in September.", "", "zelenskyy", ["s14"]),
    ("Ukraine needs 40 billion dollars to rebuild its power grid.", "", "zelenskyy", ["x02"]),
    ("ロシア軍はドネツク州で新たな攻勢を始めた。", "Russian forces started a new offensive in Donetsk region.", "genstaff", ["s16", "s12"]),
    ("Crimea was annexed by Russia in 2014.", "", None, ["s15"]),
    ("Belarus has deployed 20 of its own tanks near the Ukrainian border.", "", "lukashenko", ["s13"]),
    ("Putin says the Russian economy shrank this year.", "", "putin", ["s06"]),
]

OTHER_SPEAKER = {"kuleba": "zelenskyy", "zelenskyy": "kuleba", "lukashenko": "putin", "putin": "peskov", "peskov": "putin", "genstaff": "kuleba", None: "peskov"}


def reorder(text):
    for sep in (", and ", " and ", ", "):
        if sep in text:
            first, rest = text.split(sep, 1)
            rest = rest.rstrip(".")
            return f"{rest[:1].upper()}{rest[1:]}{sep}{first[:1].lower()}{first[1:]}."
    return None


def change_numbers(text):
    if not re.search(r"\d", text):
        return None
    return re.sub(r"\d+", lambda m: str(int(m.group(0).replace(",", "")) * 3 + 7), text)


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SCRIPT_SWAPS = [("Putin", "Путин"), ("Lukashenko", "ルカシェンコ"), ("Kuleba", "Кулеба"), ("Zelenskyy", "ゼレンスキー"),
                ("Peskov", "ペスコフ"), ("プーチン", "Putin"), ("ルカシェンコ", "Лукашенко"), ("Путин", "プーチン"),
                ("Лукашенко", "Lukashenko"), ("Кулеба", "Kuleba")]


def swap_scripts(text):
    """The same sentence with each known name written in another script."""
    for old, new in SCRIPT_SWAPS:
        if old in text:
            return text.replace(old, new)
    return text


def main():
    out = []
    for name, (full, aliases) in SPEAKERS.items():
        out.append({"type": "speaker", "key": name, "name": full, "aliases": aliases})
    for key, (speaker, language, statement, translation) in {**CLAIMS, **DISTRACTORS}.items():
        out.append({"type": "claim", "key": key, "speaker": speaker, "language": language, "statement": statement, "translation": translation})
    pairs = []
    for key, queries in QUERIES.items():
        own = CLAIMS[key][0]
        for statement, translation, speaker, kind in queries:
            speaker = speaker or own
            pairs.append({"statement": statement, "translation": translation, "speaker": speaker, "expect": key, "kind": kind})
            other = OTHER_SPEAKER[speaker]
            pairs.append({"statement": statement, "translation": translation, "speaker": other, "expect": key, "kind": "other_speaker"})
            swapped = reorder(statement) if kind.endswith("_en") or kind == "script_names" else None
            if swapped and swapped != statement:
                pairs.append({"statement": swapped, "translation": translation, "speaker": speaker, "expect": key, "kind": "reordered"})
            changed = change_numbers(statement)
            if changed:
                pairs.append({"statement": changed, "translation": change_numbers(translation) or translation, "speaker": speaker, "expect": None, "not": [key], "kind": "changed_number"})
    for key, (speaker, language, statement, translation) in CLAIMS.items():
        changed = change_numbers(statement)
        if changed:
            pairs.append({"statement": changed, "translation": change_numbers(translation) or translation, "speaker": speaker, "expect": None, "not": [key], "kind": "changed_number"})
    for key, (speaker, language, statement, translation) in CLAIMS.items():
        # A duplicate entered by a colleague: full-width digits, extra spaces, no final stop.
        duplicate = " ".join(statement.translate(FULL_WIDTH).split()).rstrip("。.")
        pairs.append({"statement": duplicate, "translation": "", "speaker": speaker, "expect": key, "kind": "duplicate"})
        if translation:
            pairs.append({"statement": translation.lower().rstrip("."), "translation": "", "speaker": None, "expect": key, "kind": "translation_only"})
    for key, queries in QUERIES.items():
        for statement, translation, speaker, kind in queries:
            swapped = swap_scripts(statement)
            if swapped != statement:
                pairs.append({"statement": swapped, "translation": translation, "speaker": speaker or CLAIMS[key][0], "expect": key, "kind": "names_other_script"})
    for statement, translation, speaker, confusable in NEAR_MISSES:
        pairs.append({"statement": statement, "translation": translation, "speaker": speaker, "expect": None, "not": confusable, "kind": "near_miss"})
    for statement, translation, speaker, kind, expected in WRITTEN:
        own = {**CLAIMS, **DISTRACTORS}[expected][0]
        pairs.append({"statement": statement, "translation": translation, "speaker": speaker or own, "expect": expected, "kind": kind})
    for statement, translation, speaker, kind, confusable in WRITTEN_MISSES:
        pairs.append({"statement": statement, "translation": translation, "speaker": speaker, "expect": None, "not": confusable, "kind": kind})
    for pair in pairs:
        out.append({"type": "pair", **pair})
    path = Path(__file__).resolve().parent.parent / "claims" / "matching_eval.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in out), encoding="utf-8")
    print(f"{len(pairs)} pairs written to {path}")


if __name__ == "__main__":
    main()
