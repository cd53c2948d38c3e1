"""Who said what, when, where, and which sources show it.

The workflow state of a claim lives here as data, but every change to it goes
through `reviews.services`; see `reviews.workflow` for the states and rules.
"""

import datetime
import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.db.models import Q
from django.db.models.functions import Lower

from .validators import validate_web_url, web_url_or_none, web_url_q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factcheck.choices import ChoiceLabels
from factcheck.text import LONG_TEXT_MAX, SOURCE_TEXT_MAX, ExactTextField, PlainCharField, PlainTextField

from .files import HELP_TEXT as SOURCE_FILE_HELP
from .files import SourceFileField
from .languages import LanguageField, LanguageListField, language_name
from .states import State
from .states import due_date_applies
from .states import is_overdue as workflow_is_overdue



def fold(text):
    """Case- and width-insensitive form of a name, for any script (SQLite's LOWER() is ASCII-only)."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


class FoldedName(models.Model):
    """A name stored exactly as typed beside its folded copy (`fold`), which lookups and uniqueness use.

    Speakers' aliases, outlets and outlets' aliases share this rule, so the folded copy is always
    set on save and a name that NFKC spells out past the column is refused next to the field.
    """

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # NFKC spells some characters out (U+FDFA is 18 letters): the folded copy must still fit its column.
        limit = self._meta.get_field("folded").max_length
        if len(fold(self.name)) > limit:
            raise ValidationError(
                {
                    "name": _(
                        "This name is too long once special characters are spelled out for comparison "
                        "(%(length)s of at most %(limit)s characters). Shorten it."
                    )
                    % {"length": len(fold(self.name)), "limit": limit}
                }
            )


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")
    UNKNOWN = "unknown", _("Unknown")


def canonical_partial_date(value, precision):
    """The first day of the period a partial date names (2022-12 is stored as 2022-12-01)."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def partial_date_end(value, precision):
    """The last day of the period a partial date names (2022-12 ends on 2022-12-31)."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return value


def format_partial_date(value, precision):
    """A date shown only as precisely as it is known (2022-12, not 2022-12-01)."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()


# A role's start or end is a date known to the day, month or year ("unknown" is no date at all).
ROLE_PRECISIONS = [(p.value, p.label) for p in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)]


class Speaker(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = PlainCharField(_("name"), max_length=200, help_text=_("The name the desk uses, in Latin script."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        # Deleting an organisation must not silently change published pages (affiliation, ClaimReview).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "organisation"},
        help_text=_("The organisation the speaker belongs to (party, ministry, army)."),
    )
    description = PlainTextField(_("description"), max_length=LONG_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        indexes = [
            models.Index(Lower("name"), name="speaker_name_lower_idx"),
            # The desk's speaker list and the filters' suggestions, by name: 20k speakers at 1M claims.
            models.Index(fields=["name", "id"], name="speaker_name_id_idx"),
        ]
        permissions = [("merge_speaker", _("Can merge two records of one speaker"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("speaker_detail", args=[self.pk])

    def role_on(self, day):
        """The role held on `day` (or the latest role when the day is unknown).

        A period known only to the month or year covers all of it: a role "until 2024" was
        held on 2024-06-30.
        """
        roles = sorted(self.roles.all(), key=lambda r: (r.start_date or timezone.datetime.min.date()), reverse=True)
        if day is None:
            return roles[0] if roles else None
        for role in roles:
            if role.covers(day):
                return role
        return None


class SpeakerRedirect(models.Model):
    """A speaker record merged into another (claims.speakers.merge_speakers): its old address leads to the kept one."""

    merged_id = models.PositiveBigIntegerField(_("merged speaker's number"), unique=True)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="merged_redirects", verbose_name=_("kept speaker"))
    name = PlainCharField(_("merged speaker's name"), max_length=200)
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("merged by")
    )

    class Meta:
        verbose_name = _("merged speaker")
        verbose_name_plural = _("merged speakers")

    def __str__(self):
        return f"#{self.merged_id} {self.name} → {self.speaker}"


class SpeakerAlias(FoldedName):
    """Another name for a speaker, in any script: Кулеба, クレーバ, Dmytro Kuleba."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("speaker"))
    name = PlainCharField(_("alias"), max_length=200)
    folded = models.CharField(max_length=200, editable=False, help_text="fold(name), kept for lookups and uniqueness.")
    language = LanguageField(_("language"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            # An alias names exactly one speaker, whatever its case or width.
            models.UniqueConstraint(fields=["folded"], name="alias_folded_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_not_empty"),
        ]

    def get_language_display(self):
        return language_name(self.language)

    def validate_constraints(self, exclude=None):
        clash = SpeakerAlias.objects.filter(folded=fold(self.name)).exclude(pk=self.pk).select_related("speaker").first()
        if clash:
            if clash.speaker_id == self.speaker_id:
                message = _("%(speaker)s already has the alias “%(alias)s”.")
            else:
                message = _("“%(alias)s” is already an alias of %(speaker)s.")
            raise ValidationError({"name": message % {"alias": self.name, "speaker": clash.speaker}})
        super().validate_constraints(exclude=exclude)


class SpeakerRole(models.Model):
    """A title held for a period: Foreign Minister of Ukraine, 2020-03-04 – 2024-09-05."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles", verbose_name=_("speaker"))
    title = PlainCharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        Speaker,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "organisation"},
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of start"), max_length=10, choices=ROLE_PRECISIONS, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty while the role is held."))
    end_precision = models.CharField(
        _("precision of end"), max_length=10, choices=ROLE_PRECISIONS, default=DatePrecision.DAY
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_period_in_order",
                violation_error_message=_("A role cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def start_display(self):
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self):
        return format_partial_date(self.end_date, self.end_precision)

    def covers(self, day):
        """Whether the role was held on `day` (a partial end date covers its whole month or year)."""
        if self.start_date is not None and day < self.start_date:
            return False
        return self.end_date is None or day <= partial_date_end(self.end_date, self.end_precision)

    def clean(self):
        self.start_date = canonical_partial_date(self.start_date, self.start_precision)
        self.end_date = canonical_partial_date(self.end_date, self.end_precision)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A role cannot end before it starts.")})


class SpeakerIdentifier(models.Model):
    """An identifier elsewhere (Wikidata, an official page); feeds ClaimReview `sameAs`."""

    class Scheme(models.TextChoices):
        WIKIDATA = "wikidata", "Wikidata"
        WEBSITE = "website", _("Official website")
        WIKIPEDIA = "wikipedia", "Wikipedia"
        OTHER = "other", _("Other")

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("speaker"))
    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme.choices)
    value = PlainCharField(_("value"), max_length=300, help_text=_("A Wikidata id such as Q2354404, or a URL."))

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique"),
            # Every identifier but a Wikidata id is a web link (ClaimReview `sameAs`, public pages).
            models.CheckConstraint(
                condition=Q(scheme="wikidata") | web_url_q("value"),
                name="identifier_value_is_web_url",
                violation_error_message=_("Enter a web address that starts with http:// or https://."),
            ),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.value}"

    @property
    def url(self) -> str | None:
        """The link for public pages and `sameAs`; None for anything that is not http(s)."""
        if self.scheme == self.Scheme.WIKIDATA:
            if self.value[:1] == "Q" and self.value[1:].isascii() and self.value[1:].isdigit():
                return f"https://www.wikidata.org/wiki/{self.value}"
            return None
        return web_url_or_none(self.value)

    def clean(self):
        self.value = (self.value or "").strip()
        if self.scheme == self.Scheme.WIKIDATA:
            qid = wikidata_id(self.value)
            if qid is None:
                raise ValidationError(
                    {"value": _("A Wikidata id looks like Q2354404 (or paste its Wikidata page address).")}
                )
            self.value = qid
            return
        try:
            validate_web_url(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from None
        if self.scheme == self.Scheme.WIKIPEDIA:
            host = (urlsplit(self.value).hostname or "").lower()
            if not (host == "wikipedia.org" or host.endswith(".wikipedia.org")):
                raise ValidationError({"value": _("Paste the address of a Wikipedia article (…wikipedia.org/wiki/…).")})


_WIKIDATA_ID = re.compile(r"^[Qq]([1-9][0-9]{0,11})$")
_WIKIDATA_URL = re.compile(r"^https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]{0,11})/?$")


def wikidata_id(text: str) -> str | None:
    """Q2354404 from "Q2354404", "q2354404" or its Wikidata page address; None if it is none of these."""
    text = (text or "").strip()
    match = _WIKIDATA_ID.match(text)
    if match:
        return "Q" + match.group(1)
    match = _WIKIDATA_URL.match(text)
    return match.group(1) if match else None


class Event(ChoiceLabels, models.Model):
    """What a claim was made at or is about: the talks in Minsk on 2022-12-19."""

    name = PlainCharField(_("name"), max_length=300)
    place = PlainCharField(_("place"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    description = PlainTextField(_("description"), max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["name", "date"], name="event_unique_name_date"),
            models.CheckConstraint(
                condition=Q(date__isnull=True, date_precision="unknown") | (Q(date__isnull=False) & ~Q(date_precision="unknown")),
                name="event_date_matches_precision",
                violation_error_message=_("Give a date with its precision, or no date with precision “unknown”."),
            ),
        ]

    def __str__(self):
        when = format_partial_date(self.date, self.date_precision)
        return f"{self.name} ({when})" if when else self.name

    def get_absolute_url(self):
        return reverse("event_detail", args=[self.pk])


class TagQuerySet(models.QuerySet):
    def delete(self):
        for tag in self:
            tag.refuse_delete_if_used()
        return super().delete()


class Tag(models.Model):
    name = PlainCharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    # Published pages link their topics; many-to-many cannot PROTECT, so delete() does (claims.protection).
    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def refuse_delete_if_used(self):
        used = list(self.claims.all()[:50])
        if used:
            raise ProtectedError(_("“%(tag)s” is used by claims; remove it from them first.") % {"tag": self}, set(used))

    def delete(self, *args, **kwargs):
        self.refuse_delete_if_used()
        return super().delete(*args, **kwargs)


def validate_language_tags(value):
    """Kept for migration 0017, which names it: the rule is `claims.languages.validate_language_list`."""
    from .languages import validate_language_list

    validate_language_list(value)


def split_tags(value):
    return [tag.strip() for tag in (value or "").replace(";", ",").split(",") if tag.strip()]


def validate_country(value):
    """An ISO 3166-1 alpha-2 code (IT, RU, BY), checked against the CLDR data `langcodes` ships."""
    import langcodes

    if not value:
        return
    if not (len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()) or langcodes.Language.get(
        f"und-{value}"
    ).territory_name().startswith("Unknown"):
        raise ValidationError(_("Give the country as a two-letter ISO code such as IT, RU or BY."))


def validate_wikidata_id(value):
    if value and not (value[:1] == "Q" and value[1:].isascii() and value[1:].isdigit()):
        raise ValidationError(_("A Wikidata id looks like Q2354404."))


class Outlet(FoldedName):
    """Who publishes reports: a news agency, a newspaper, a broadcaster, a blog, an official channel.

    Sources belong to an outlet, and a reporting chain's hops name one. Names and aliases are
    stored as typed (any script) and compared folded (`fold`), like speakers' aliases.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("News agency")
        NEWSPAPER = "newspaper", _("Newspaper or news site")
        BROADCASTER = "broadcaster", _("Broadcaster")
        BLOG = "blog", _("Blog")
        OFFICIAL = "official", _("Official channel")
        OTHER = "other", _("Other")

    name = PlainCharField(_("name"), max_length=200)
    folded = models.CharField(max_length=200, editable=False, help_text="fold(name), kept for lookups and uniqueness.")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = PlainCharField(
        _("country"), max_length=2, blank=True, validators=[validate_country], help_text=_("Two-letter ISO code: IT, RU, BY.")
    )
    languages = LanguageListField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("BCP 47 language tags separated by commas: ru, en."),
    )
    homepage = models.URLField(_("homepage"), max_length=2000, blank=True, validators=[validate_web_url])
    wikidata_id = PlainCharField(_("Wikidata id"), max_length=20, blank=True, validators=[validate_wikidata_id])
    notes = PlainTextField(_("notes"), max_length=LONG_TEXT_MAX, blank=True)
    # Moves with every edit, so a form opened before someone else's save is refused (claims.outlets.update_outlet).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            models.UniqueConstraint(fields=["folded"], name="outlet_folded_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="outlet_name_not_empty"),
            models.CheckConstraint(
                condition=Q(homepage="") | web_url_q("homepage"),
                name="outlet_homepage_is_web",
                violation_error_message=_("Enter a web address that starts with http:// or https://."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("outlet_detail", args=[self.pk])

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    def validate_constraints(self, exclude=None):
        folded = fold(self.name)
        clash = Outlet.objects.filter(folded=folded).exclude(pk=self.pk).first()
        alias = OutletAlias.objects.filter(folded=folded).exclude(outlet_id=self.pk).select_related("outlet").first()
        if clash or alias:
            raise ValidationError(
                {"name": _("“%(name)s” already names the outlet %(outlet)s.") % {"name": self.name, "outlet": clash or alias.outlet}}
            )
        super().validate_constraints(exclude=exclude)


class OutletAlias(FoldedName):
    """Another name of an outlet, in any script: РИА Новости, RIA Novosti, РИА."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("outlet"))
    name = PlainCharField(_("alias"), max_length=200)
    folded = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("outlet alias")
        verbose_name_plural = _("outlet aliases")
        constraints = [
            models.UniqueConstraint(fields=["folded"], name="outlet_alias_folded_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="outlet_alias_name_not_empty"),
        ]


    def validate_constraints(self, exclude=None):
        folded = fold(self.name)
        clash = OutletAlias.objects.filter(folded=folded).exclude(pk=self.pk).select_related("outlet").first()
        other = Outlet.objects.filter(folded=folded).exclude(pk=self.outlet_id).first()
        owner = (clash.outlet if clash else None) or other
        if owner is not None:
            raise ValidationError(
                {"name": _("“%(name)s” already names the outlet %(outlet)s.") % {"name": self.name, "outlet": owner}}
            )
        super().validate_constraints(exclude=exclude)


class Source(ChoiceLabels, models.Model):
    """A place a claim or a fact can be read, watched or seen."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        BLOG_POST = "blog_post", _("Blog post")
        VIDEO = "video", _("Video")
        SOCIAL_POST = "social_post", _("Social media post")
        SCREENSHOT = "screenshot", _("Screenshot")
        OFFICIAL_STATEMENT = "official_statement", _("Official statement")
        DATASET = "dataset", _("Dataset")
        OTHER = "other", _("Other")

    title = PlainCharField(_("title"), max_length=500)
    url = models.URLField(
        _("URL"), max_length=2000, blank=True, validators=[validate_web_url], help_text=_("Leave empty for offline material.")
    )
    publisher = PlainCharField(_("publisher"), max_length=300, blank=True)
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text=_("The agency, paper, broadcaster, blog or channel that published it."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.ARTICLE)
    language = LanguageField(_("language"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    archive_url = models.URLField(_("archived copy"), max_length=2000, blank=True, validators=[validate_web_url])
    # Checked by content, re-encoded and named by the server (claims/files.py); served by claims.views.
    file = SourceFileField(_("file"), blank=True, db_index=True, help_text=SOURCE_FILE_HELP)
    text = ExactTextField(_("full text"), max_length=SOURCE_TEXT_MAX, blank=True, help_text=_("The source's text as captured, when the desk keeps it."))
    notes = PlainTextField(_("notes"), max_length=LONG_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL is already recorded: reuse it instead."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_not_empty"),
            # Links are web links (claims.validators); the database refuses anything else too.
            models.CheckConstraint(
                condition=Q(url="") | web_url_q("url"),
                name="source_url_is_web",
                violation_error_message=_("Enter a web address that starts with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=Q(archive_url="") | web_url_q("archive_url"),
                name="source_archive_url_is_web",
                violation_error_message=_("Enter a web address that starts with http:// or https://."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["outlet", "id"], name="source_outlet_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.pk])

    def get_language_display(self):
        return language_name(self.language)

    def clean(self):
        if self.published_on and self.accessed_on and self.accessed_on < self.published_on:
            raise ValidationError({"accessed_on": _("A source cannot be accessed before it was published.")})


class Claim(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        FACT = "fact", _("Checkable fact")
        OPINION = "opinion", _("Opinion")
        PREDICTION = "prediction", _("Prediction")
        PROMISE = "promise", _("Promise")

    class Form(models.TextChoices):
        QUOTE = "quote", _("Direct quote")
        PARAPHRASE = "paraphrase", _("Paraphrase")

    class Reporting(models.TextChoices):
        DIRECT = "direct", _("First hand: the desk has the speaker's own words")
        SECOND_HAND = "second_hand", _("Second hand: a source reports the speaker")
        THIRD_HAND = "third_hand", _("Third hand: a source reports another report")

    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text=_("Leave empty when the speaker is unknown or anonymous, and describe them below."),
    )
    speaker_description = PlainCharField(
        _("speaker as described"),
        max_length=300,
        blank=True,
        help_text=_("How the source describes the speaker: “a Ukrainian citizen”."),
    )
    statement = ExactTextField(_("statement"), max_length=LONG_TEXT_MAX, help_text=_("What was said, as reported, in the original language."))
    language = LanguageField(_("language"))
    translation = ExactTextField(_("translation"), max_length=LONG_TEXT_MAX, blank=True)
    translation_language = LanguageField(_("translation language"), blank=True, default="en")
    form = models.CharField(_("quote or paraphrase"), max_length=20, choices=Form.choices, default=Form.PARAPHRASE)
    kind = models.CharField(_("claim kind"), max_length=20, choices=Kind.choices, default=Kind.FACT)
    resolution_due = models.DateField(
        _("resolution date"),
        null=True,
        blank=True,
        help_text=_("Predictions and promises: the day to look at whether it came true."),
    )
    said_on = models.DateField(_("date said"), null=True, blank=True)
    said_on_precision = models.CharField(
        _("precision of date said"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    first_reported_on = models.DateField(_("first reported on"), null=True, blank=True)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    # Follows from the reporting chain (claims.chains.reporting_for); never typed.
    reporting = models.CharField(
        _("how the desk knows of it"),
        max_length=20,
        choices=Reporting.choices,
        default=Reporting.SECOND_HAND,
        editable=False,
    )
    reported_by = models.ForeignKey(
        Source,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_claims",
        help_text=_("The source through which the desk learned of the claim."),
    )
    reporting_note = PlainCharField(
        _("note on the reporting"),
        max_length=500,
        blank=True,
        help_text=_("What the reporting chain cannot say: “the blog says he boasted of it (hearsay)”."),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="claims")
    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("A stable id for claims loaded from a dataset, so loading it again updates nothing twice."),
    )

    # Workflow data: written only by reviews.services.
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_claims",
    )
    review_due = models.DateField(_("review due"), null=True, blank=True, editable=False)
    current_verdict = models.ForeignKey(
        "reviews.Verdict",
        verbose_name=_("verdict in force"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The latest approved verdict; kept here so lists can filter on it without a subquery."),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="held_claims",
        help_text=_("Who acts on the claim while it is with the editors; empty after a chief reopened it."),
    )
    recheck_due = models.DateField(_("re-check on"), null=True, blank=True, editable=False)
    recheck_reason = PlainCharField(_("why re-check"), max_length=300, blank=True, editable=False)
    current_resolution = models.ForeignKey(
        "reviews.Resolution",
        verbose_name=_("resolution in force"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_claims",
        help_text=_("Set when this claim was a duplicate: its page redirects to the kept claim."),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="created_claims",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("submit_claim", _("Can submit a claim for review")),
            ("review_claim", _("Can review a claim and propose a verdict")),
            ("approve_verdict", _("Can approve or reject a proposed verdict")),
            ("publish_claim", _("Can publish, correct and retract a fact-check")),
            ("assign_reviewer", _("Can assign and reassign reviewers")),
            ("take_in_article", _("Can take an article in and create its draft claims")),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(
                condition=Q(said_on__isnull=True, said_on_precision="unknown")
                | (Q(said_on__isnull=False) & ~Q(said_on_precision="unknown")),
                name="claim_said_on_matches_precision",
                violation_error_message=_("Give the date said with its precision, or no date with precision “unknown”."),
            ),
            models.CheckConstraint(
                condition=Q(speaker__isnull=False) | ~Q(speaker_description=""),
                name="claim_has_speaker_or_description",
                violation_error_message=_("Choose a speaker, or describe an unknown speaker."),
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="claim_state_valid"),
            models.UniqueConstraint(fields=["import_key"], condition=~Q(import_key=""), name="claim_import_key_unique"),
        ]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="claim_state_created_idx"),
            models.Index(fields=["speaker", "-said_on"], name="claim_speaker_said_idx"),
            models.Index(fields=["-said_on", "-id"], name="claim_said_on_idx"),
            models.Index(fields=["-first_reported_on", "-id"], name="claim_reported_on_idx"),
            models.Index(fields=["assigned_reviewer", "state"], name="claim_reviewer_state_idx"),
            models.Index(fields=["created_by", "state"], name="claim_creator_state_idx"),
            models.Index(fields=["kind"], name="claim_kind_idx"),
            models.Index(fields=["language"], name="claim_language_idx"),
            # The list's sorts and the dashboard queues (see claims/migrations/0004 for the
            # PostgreSQL NULLS LAST variants of the date sorts).
            models.Index(fields=["created_at", "id"], name="claim_created_id_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_id_idx"),
            models.Index(fields=["state", "updated_at", "id"], name="claim_state_updated_idx"),
            models.Index(fields=["published_at", "id"], name="claim_published_idx"),
            models.Index(fields=["speaker", "state", "created_at"], name="claim_speaker_state_idx"),
            # The public speaker page: its timeline and its paged list (latest published first) read one
            # speaker's rows in that order instead of walking every claim by publication date.
            models.Index(fields=["speaker", "-published_at", "-id"], name="claim_speaker_published_idx"),
            # The dashboard's overdue queue (review_due < today), oldest due first.
            models.Index(fields=["review_due", "id"], name="claim_review_due_idx", condition=Q(review_due__isnull=False)),
            # The dashboard's "Due for re-check" and "Promises to resolve" queues and the daily sweep.
            models.Index(fields=["recheck_due", "id"], name="claim_recheck_due_idx", condition=Q(recheck_due__isnull=False)),
            models.Index(
                fields=["resolution_due", "id"], name="claim_resolution_due_idx", condition=Q(resolution_due__isnull=False)
            ),
        ]

    def __str__(self):
        text = self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"
        return f"{self.speaker_name}: {text}"

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # A new claim is held by its author until a chief reopens it or hands it on (reviews.services).
        if self._state.adding and self.owner_id is None:
            self.owner_id = self.created_by_id
        super().save(*args, **kwargs)

    @property
    def resolves(self):
        """Predictions and promises are resolved when their date comes (the rule is in reviews.workflow)."""
        return self.kind in (self.Kind.PREDICTION, self.Kind.PROMISE)

    def get_language_display(self):
        """The statement's language, named in the reader's language (any BCP 47 tag: claims.languages)."""
        return language_name(self.language)

    def get_translation_language_display(self):
        return language_name(self.translation_language)

    @property
    def speaker_name(self):
        return self.speaker.name if self.speaker_id else (self.speaker_description or _("Unknown speaker"))

    @property
    def review_due_applies(self):
        """Whether to show the review due date (the rule is in reviews.workflow)."""
        return due_date_applies(self)

    @property
    def is_overdue(self):
        """Past its review due date while still open (the rule is in reviews.workflow)."""
        return workflow_is_overdue(self)

    @property
    def said_on_display(self):
        return format_partial_date(self.said_on, self.said_on_precision)

    @property
    def speaker_role(self):
        """The speaker's role when the claim was made."""
        return self.speaker.role_on(self.said_on) if self.speaker_id else None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.said_on and self.said_on > today:
            errors["said_on"] = _("A claim cannot have been made in the future.")
        if self.first_reported_on and self.first_reported_on > today:
            errors["first_reported_on"] = _("A claim cannot have been reported in the future.")
        if (
            self.said_on
            and self.first_reported_on
            and self.said_on_precision == DatePrecision.DAY
            and self.first_reported_on < self.said_on
        ):
            errors["first_reported_on"] = _("A claim cannot be reported before it was made.")
        if self.statement is not None and not self.statement.strip():
            errors["statement"] = _("The statement cannot be empty.")
        if self.resolution_due and self.kind not in (self.Kind.PREDICTION, self.Kind.PROMISE):
            errors["resolution_due"] = _(
                "Only a prediction or a promise has a resolution date: change the kind, or leave the date empty."
            )
        if self.translation and not self.translation_language:
            errors["translation_language"] = _("Say which language the translation is in.")
        if errors:
            raise ValidationError(errors)
        # Store partial dates canonically so ranges and sorting behave.
        if self.said_on and self.said_on_precision == DatePrecision.MONTH:
            self.said_on = self.said_on.replace(day=1)
        elif self.said_on and self.said_on_precision == DatePrecision.YEAR:
            self.said_on = self.said_on.replace(month=1, day=1)


class Evidence(ChoiceLabels, models.Model):
    """A source linked to a claim: it shows the claim was made, or bears on its truth."""

    class Relation(models.TextChoices):
        ATTRIBUTION = "attribution", _("Attribution: shows the claim was made")
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="evidence")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    excerpt = ExactTextField(_("excerpt"), max_length=LONG_TEXT_MAX, help_text=_("The exact words in the source."))
    locator = PlainCharField(
        _("locator"), max_length=200, blank=True, help_text=_("Where in the source: paragraph 3, 02:15, p. 4.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["relation", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "relation"],
                name="evidence_unique_relation",
                violation_error_message=_("This source is already linked to this claim with the same relation."),
            ),
            models.CheckConstraint(condition=~Q(excerpt=""), name="evidence_excerpt_not_empty"),
        ]
        indexes = [models.Index(fields=["source", "claim"], name="evidence_source_claim_idx")]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.source}"

    def clean(self):
        if self.excerpt is not None and not self.excerpt.strip():
            raise ValidationError({"excerpt": _("Quote the exact words from the source.")})


class ReportingHop(ChoiceLabels, models.Model):
    """One step of a claim's reporting chain: speaker → first report → relays → the source the desk read.

    A hop names an outlet, a source, or both (an AFP dispatch known only by its outlet has no
    source). Position 1 is the first report. Written only through `claims.chains.save_chain`.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="hops", verbose_name=_("claim"))
    position = models.PositiveSmallIntegerField(_("position"))
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="hops", verbose_name=_("outlet")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="hops", verbose_name=_("source")
    )
    by_speaker = models.BooleanField(
        _("the speaker's own channel"),
        default=False,
        help_text=_("The speaker's own words at first hand: their briefing, post or channel."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    wording = ExactTextField(_("wording at this hop"), max_length=LONG_TEXT_MAX, blank=True)
    note = PlainCharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["claim", "position"]
        verbose_name = _("reporting hop")
        verbose_name_plural = _("reporting chain")
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="hop_position_unique"),
            models.CheckConstraint(
                condition=Q(outlet__isnull=False) | Q(source__isnull=False),
                name="hop_has_outlet_or_source",
                violation_error_message=_("Name the outlet or the source of this hop."),
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True, date_precision="unknown") | (Q(date__isnull=False) & ~Q(date_precision="unknown")),
                name="hop_date_matches_precision",
                violation_error_message=_("Give a date with its precision, or no date with precision “unknown”."),
            ),
        ]
        indexes = [
            # "Claims that reached us via this outlet / source": claims.filters and the outlet page.
            models.Index(fields=["outlet", "claim"], name="hop_outlet_claim_idx"),
            models.Index(fields=["source", "claim"], name="hop_source_claim_idx"),
        ]

    def __str__(self):
        return self.label

    @property
    def effective_outlet(self):
        return self.outlet or (self.source.outlet if self.source_id and self.source.outlet_id else None)

    @property
    def label(self):
        """How the hop reads in a chain line: the outlet, or the source's title."""
        outlet = self.effective_outlet
        if outlet is not None:
            return outlet.name
        return self.source.title if self.source_id else ""

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision)


class ClaimRelation(ChoiceLabels, models.Model):
    """Two claims that belong together: a repeat, a duplicate (merged) or a related claim.

    A repeat never inherits a verdict: each claim keeps its own, and the reviewer sees the
    earlier one. Written only by `claims.relations`.
    """

    class Kind(models.TextChoices):
        REPEAT = "repeat", _("Repeat of")
        DUPLICATE = "duplicate", _("Duplicate of")
        RELATED = "related", _("Related to")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations", verbose_name=_("claim"))
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="related_from", verbose_name=_("other claim"))
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    note = PlainCharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"), editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("claim relation")
        verbose_name_plural = _("claim relations")
        constraints = [
            models.UniqueConstraint(fields=["claim", "other", "kind"], name="claim_relation_unique"),
            models.CheckConstraint(condition=~Q(claim=models.F("other")), name="claim_relation_not_self"),
        ]

    def __str__(self):
        return f"{self.claim_id} {self.kind} {self.other_id}"


class ClaimSearchDocument(models.Model):
    """A claim's searchable text in one folded string, kept in sync by `claims.search.reindex_claims`.

    Denormalised so that one index (FTS5 on SQLite, pg_trgm on PostgreSQL) serves a
    search over statement, translation, speaker names and aliases, and evidence excerpts
    without joins. `cjk_tokens` holds the CJK unigrams and bigrams of the document, so
    one- and two-character Japanese words (会談, 戦車) are found through an index too,
    which trigram indexes cannot do.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    document = models.TextField()
    cjk_tokens = models.TextField(blank=True)

    class Meta:
        verbose_name = "claim search document"

    def __str__(self):
        return f"search document of claim {self.claim_id}"


class ClaimMatchKey(models.Model):
    """A claim's matching tokens (`claims.matching.features`), computed once when it is saved.

    Suggestions re-rank their short list from these strings instead of folding, name-mapping
    and number-normalising every candidate's text again on each keystroke.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="match_key")
    statement_tokens = models.TextField(blank=True)
    translation_tokens = models.TextField(blank=True)

    class Meta:
        verbose_name = "claim match key"

    def __str__(self):
        return f"match key of claim {self.claim_id}"


class MatchTerm(models.Model):
    """How many claims carry a matching term (document frequency), kept by `claims.matching`.

    The query asks the postings only for its rarest terms, weighted by rarity; the row
    with term `*` counts the indexed claims.
    """

    term = models.CharField(max_length=40, primary_key=True)
    df = models.IntegerField(default=0)

    class Meta:
        verbose_name = "match term"


class MatchPosting(models.Model):
    """One (term, claim) pair of the matching index: a plain B-tree table, the same on every backend."""

    term = models.CharField(max_length=40)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "match posting"
        indexes = [models.Index(fields=["term", "claim"], name="match_posting_term_idx")]


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes would rewrite history, so the audit trail refuses them."""

    def update(self, **kwargs):
        raise RuntimeError("Audit entries are append-only.")

    def delete(self):
        raise RuntimeError("Audit entries are append-only.")


class AuditEntry(ChoiceLabels, models.Model):
    """One step in a claim's life. Append-only: rows are never updated or deleted.

    Written only through `claims.audit.record`, which links each row into the checksum chain.
    """

    objects = AppendOnlyQuerySet.as_manager()

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="audit_entries", verbose_name=_("claim"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    verdict = models.ForeignKey("reviews.Verdict", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    # The checksum chain (claims.audit): SHA-256 over this row's content and the row before it.
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["claim", "created_at"], name="audit_claim_idx")]
        # The table keeps the name it had when the audit trail lived in `reviews`
        # (moved in claims 0007 without touching the data or its triggers).
        db_table = "reviews_auditentry"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only.")

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.claim_id]) + f"#audit-{self.pk}"


class ClaimStateCount(models.Model):
    """How many claims are in each state, kept by database triggers on `claims_claim` (migration 0019).

    The triggers run in the transaction that inserts, moves or deletes a claim, whichever
    code does it (the workflow's `_run`, bulk loaders, the admin), so the dashboard and
    the public index read a handful of rows instead of counting the archive.
    `claims.counters.recount()` rebuilds the table (after a load that bypassed triggers).
    """

    state = models.CharField(max_length=20, primary_key=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "claim count by state"


# Appearances after publication live in their own module (claims.appearances); imported here so Django finds the model.
from .appearances import Appearance  # noqa: E402,F401
