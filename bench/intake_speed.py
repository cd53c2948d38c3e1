"""Article intake speed: one 5,000-character article from text to candidates (target ≤ 1 s; warm ≤ 200 ms).

    python bench/intake_speed.py [--chars 5000] [--runs 20] [--aliases 2000]

For each language it builds an article of about --chars characters from the labelled articles
(intake/gold/, and intake/eval_v2/'s dev split for the general path's be, cs, nl, pt) and the seed post's text, with a speaker table of --aliases extra synthetic aliases (a
desk's real table size), then times language detection, sentence splitting and the candidates:
the first run (cold: the language detector loads its models) and the median/max of the rest.
No database: the review page adds two queries for the speaker table and the claim matching.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from intake.candidates import SpeakerTable, find_candidates  # noqa: E402
from intake.evaluation import EVAL_SETS, GoldArticle, gold_articles  # noqa: E402
from intake.sentences import detect_language  # noqa: E402


def article_of(texts: list[str], chars: int) -> str:
    body, index = "", 0
    while len(body) < chars:
        body += texts[index % len(texts)] + "\n\n"
        index += 1
    return body[:chars]


def synthetic_aliases(count: int):
    syllables = ["ka", "ri", "mo", "sen", "vo", "la", "dmi", "tro", "ko", "va", "le", "na"]
    kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
    for number in range(count):
        latin = "".join(syllables[(number // len(syllables) ** k) % len(syllables)] for k in range(3)).title()
        yield (f"synthetic-{number}", f"{latin} Testov{number}", [latin + str(number), "".join(kana[(number * 7 + k) % len(kana)] for k in range(4)) + str(number)])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--aliases", type=int, default=2000)
    options = parser.parse_args()
    if options.chars < 1 or options.runs < 2 or options.aliases < 0:
        parser.error("--chars ≥ 1, --runs ≥ 2, --aliases ≥ 0")

    # The labelled articles (en, ja, ru, uk: rules) and eval_v2's dev split (be, cs, nl, pt: the general path).
    articles = gold_articles() + gold_articles(EVAL_SETS["eval_v2"], "dev")
    # The seed post's text by path (bench and demo sit side by side in the layers: no import).
    seed_text = (Path(__file__).resolve().parent.parent / "demo" / "seed" / "blog_5397281.txt").read_text(encoding="utf-8")
    seed = GoldArticle("seed", "ja", seed_text, articles[0].published_on, (), ())
    by_language: dict[str, list] = {}
    for article in [seed, *articles]:
        by_language.setdefault(article.language, []).append(article)
    entries = [entry for article in [seed, *articles] for entry in article.speakers]
    started = time.perf_counter()
    table = SpeakerTable([*entries, *synthetic_aliases(options.aliases)])
    print(f"speaker table: {len(table.by_folded)} names, built in {1000 * (time.perf_counter() - started):.0f} ms")
    print(f"{'language':<9} {'chars':>6} {'cands':>6} {'cold ms':>8} {'p50 ms':>7} {'max ms':>7}")
    worst = 0.0
    for language, group in sorted(by_language.items()):
        text = article_of([article.text for article in group], options.chars)
        date = group[0].published_on
        timings, count = [], 0
        for _run in range(options.runs):
            begin = time.perf_counter()
            detected = detect_language(text)
            count = len(find_candidates(text, detected or language, table, date))
            timings.append(time.perf_counter() - begin)
        cold, warm = timings[0], timings[1:]
        worst = max(worst, max(timings))
        print(f"{language:<9} {len(text):>6} {count:>6} {1000 * cold:>8.0f} {1000 * statistics.median(warm):>7.0f} {1000 * max(warm):>7.0f}")
    print(f"slowest single run: {1000 * worst:.0f} ms (target ≤ 1000 ms)")
    from intake import general
    from matching.embedding import _rss_mb, load_stats

    stats = load_stats()
    print(
        f"general path: {stats.model}, loaded once per process in {1000 * stats.seconds:.0f} ms, +{stats.rss_delta_mb:.0f} MB; "
        f"{len(general.cue_model()._scores)} words scored and remembered; process RSS {_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
