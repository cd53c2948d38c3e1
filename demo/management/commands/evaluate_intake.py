"""`python manage.py evaluate_intake`: precision and recall of article intake's candidates.

Gold sets: the seed post with its 17 curated claims (demo.seed), and the labelled articles in
intake/gold/ (written for this project in English, Russian, Ukrainian and Japanese). A candidate
counts when its speaker matches and its excerpt overlaps the gold excerpt.
"""

from django.core.management.base import BaseCommand

from demo import seed
from intake.evaluation import GoldArticle, GoldStatement, Score, gold_articles, score_article


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


class Command(BaseCommand):
    help = "Print the precision and recall of article intake on the seed post and per language."

    def add_arguments(self, parser):
        parser.add_argument("--missed", action="store_true", help="Also list the gold statements no candidate found.")

    def handle(self, *args, **options):
        self.stdout.write(f"{'set':<8} {'gold':>5} {'found':>6} {'cands':>6} {'precision':>10} {'recall':>7}")
        for name, score in scores().items():
            self.stdout.write(f"{name:<8} {score.gold:>5} {score.found:>6} {score.candidates:>6} {score.precision:>10.2f} {score.recall:>7.2f}")
        if options["missed"]:
            for article in [seed_article(), *gold_articles()]:
                for statement in score_article(article)[2]:
                    self.stdout.write(f"missed [{article.name}] {statement.speaker}: {statement.excerpt[:80]}")
