"""`python manage.py evaluate_intake`: how well article intake finds who said what.

`--set eval` (the default): the frozen evaluation set of issue #28 (`intake/eval/`, 36 articles in 9
languages), per language: recall, precision, speaker accuracy, statement-span agreement, date
accuracy, reporter-as-hop accuracy (each of the matched attributions), non-claims offered, and the
first and warm extraction times. Tune on `--split dev`, report `--split test`.

`--set eval_v2`: the second frozen set (`intake/eval_v2/`: Belarusian, Portuguese, Dutch, Czech, languages
without rules files, read by the general path), the same figures.

`--set gold`: the seed post with its 17 curated claims (demo.seed) and the older labelled articles in
intake/gold/ — precision and recall only (a candidate counts when its speaker matches and its excerpt
overlaps the gold excerpt).
"""

from django.core.management.base import BaseCommand

from demo import seed
from intake.evaluation import EVAL_SETS, GoldArticle, GoldStatement, Score, evaluate_set, gold_articles, score_article


def seed_article() -> GoldArticle:
    """The seed post as a gold article: its curated claims, its speakers with their aliases."""
    speakers = tuple((entry["name"], entry["name"], tuple(alias for alias, _language in entry["aliases"])) for entry in seed.PEOPLE + seed.ORGANISATIONS)
    statements = tuple(GoldStatement(claim["excerpt"], claim["speaker"]) for claim in seed.CLAIMS)
    return GoldArticle(
        name="seed", language="ja", text=seed.BLOG_TEXT_PATH.read_text(encoding="utf-8"),
        published_on=seed.BLOG["published_on"], speakers=speakers, statements=statements,
    )


def scores() -> dict[str, Score]:
    """{"seed": …, "en": …, "ja": …, …}: the seed post on its own, the labelled articles per language."""
    result = {"seed": score_article(seed_article())[0]}
    for article in gold_articles():
        result.setdefault(article.language, Score()).add(score_article(article)[0])
    return result


EVAL_COLUMNS = ("lang", "gold", "cands", "recall", "precision", "speaker", "statement", "date", "reporter", "not_claims", "first_ms", "warm_ms")


def eval_rows(split: str | None, which: str = "eval"):
    """(figures per language, mismatches) on the evaluation set `which`'s `split` (None: both)."""
    return evaluate_set(gold_articles(EVAL_SETS[which], split))


class Command(BaseCommand):
    help = "Print article intake's figures on the frozen evaluation set (or the older gold set) per language."

    def add_arguments(self, parser):
        parser.add_argument("--set", choices=[*EVAL_SETS, "gold"], default="eval", dest="which", help="eval: the frozen set of the rules languages; eval_v2: languages without rules (be, pt, nl, cs), read by the general path; gold: the seed post and intake/gold/.")
        parser.add_argument("--split", choices=["dev", "test", "all"], default="test", help="The evaluation set's split (tune on dev, report test).")
        parser.add_argument("--missed", action="store_true", help="Also list what went wrong, one line each.")

    def handle(self, *args, **options):
        if options["which"] == "gold":
            return self._gold(options["missed"])
        figures, mismatches = eval_rows(None if options["split"] == "all" else options["split"], options["which"])
        self.stdout.write(" ".join(f"{c:>10}" for c in EVAL_COLUMNS))
        for language, f in figures.items():
            values = (
                language, f.gold, f.candidates, f"{f.recall:.2f}", f"{f.precision:.2f}", f"{f.speaker_accuracy:.2f}",
                f"{f.statement_agreement:.2f}", f"{f.date_accuracy:.2f}", f"{f.reporter_accuracy:.2f}",
                f"{f.not_claims_offered}/{f.not_claims}", f"{f.first_seconds * 1000:.0f}", f"{f.warm_seconds * 1000:.0f}",
            )
            self.stdout.write(" ".join(f"{v:>10}" for v in values))
        if options["missed"]:
            for m in mismatches:
                self.stdout.write(f"{m.what:<9} [{m.article}] want: {m.gold} | got: {m.got}")

    def _gold(self, missed: bool):
        self.stdout.write(f"{'set':<8} {'gold':>5} {'found':>6} {'cands':>6} {'precision':>10} {'recall':>7}")
        for name, score in scores().items():
            self.stdout.write(f"{name:<8} {score.gold:>5} {score.found:>6} {score.candidates:>6} {score.precision:>10.2f} {score.recall:>7.2f}")
        if missed:
            for article in [seed_article(), *gold_articles()]:
                for statement in score_article(article)[2]:
                    self.stdout.write(f"missed [{article.name}] {statement.speaker}: {statement.excerpt[:80]}")
