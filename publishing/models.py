"""Pages the desk writes for readers (methodology, corrections policy), edited in the admin."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from factcheck.text import PlainCharField, PlainTextField

# A desk page is an essay, not a quote: longer than other texts, still bounded.
DESK_PAGE_MAX = 100_000


class DeskPage(models.Model):
    """A standing page whose address is fixed (ClaimReview markup links to it), whose text is not."""

    METHODOLOGY = "methodology"
    CORRECTIONS_POLICY = "corrections-policy"

    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title = PlainCharField(_("title"), max_length=200)
    body = PlainTextField(_("text"), max_length=DESK_PAGE_MAX, help_text=_("Markdown."))
    title_ja = PlainCharField(_("title in Japanese"), max_length=200, blank=True)
    body_ja = PlainTextField(_("text in Japanese"), max_length=DESK_PAGE_MAX, blank=True, help_text=_("Markdown. Leave empty to show the English text."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("desk page")
        verbose_name_plural = _("desk pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publishing:page", args=[self.slug])

    def localized(self):
        """(title, body) in the reader's language when the desk has written it, else English."""
        if (get_language() or "").startswith("ja") and self.body_ja.strip():
            return (self.title_ja or self.title), self.body_ja
        return self.title, self.body
