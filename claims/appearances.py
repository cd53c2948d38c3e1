"""Where a published claim appeared again after its fact-check: a repeat the desk confirmed.

An appearance is not a change of the fact-check's content (the verdict, the evidence, the text stay
as approved), so it needs no second person and never reopens the verdict; it is audited (the claim's
audit trail, action `add_appearance`) and moves the claim's `updated_at`, so the public page cache and
the feeds keyed on the last public change show it at once (`publishing.caching`).

`publishing.claimreview` lists appearances in ClaimReview `appearance`; the public page shows a repeat by
the claim's own speaker after publication as "Repeated on …" and the others as "Also appeared in …".
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from factcheck.text import LONG_TEXT_MAX, PlainCharField, PlainTextField

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .models import Claim, Outlet, Source, Speaker


class Appearance(models.Model):
    """One more place a published claim was said: the article, its outlet, the date, who said it."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="appearances", verbose_name=_("claim"))
    url = PlainCharField(_("address"), max_length=2000)
    title = PlainCharField(_("title"), max_length=500, blank=True)
    outlet = models.ForeignKey(
        "claims.Outlet", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("outlet")
    )
    appeared_on = models.DateField(_("date"), null=True, blank=True)
    speaker = models.ForeignKey(
        "claims.Speaker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("speaker")
    )
    speaker_name = PlainCharField(_("speaker (as named)"), max_length=200, blank=True)
    language = PlainCharField(_("language"), max_length=35, blank=True)
    excerpt = PlainTextField(_("excerpt"), max_length=LONG_TEXT_MAX, blank=True)
    source = models.ForeignKey(
        "claims.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("source")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    added_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        app_label = "claims"
        ordering = ["appeared_on", "id"]
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        constraints = [models.UniqueConstraint(fields=["claim", "url"], name="appearance_once_per_address")]

    def __str__(self):
        return self.url

    @property
    def is_repeat(self) -> bool:
        """Said again by the claim's own speaker after the fact-check was published: "Repeated on …"."""
        claim = self.claim
        if not (self.speaker_id and self.speaker_id == claim.speaker_id and claim.published_at and self.appeared_on):
            return False
        return self.appeared_on >= timezone.localtime(claim.published_at).date()

    @property
    def outlet_name(self) -> str:
        return self.outlet.name if self.outlet_id else ""


@transaction.atomic
def add_appearance(
    *,
    claim: Claim,
    user: User,
    url: str,
    title: str = "",
    outlet: Outlet | None = None,
    appeared_on: datetime.date | None = None,
    speaker: Speaker | None = None,
    speaker_name: str = "",
    language: str = "",
    excerpt: str = "",
    source: Source | None = None,
    note: str = "",
) -> Appearance:
    """Record a new appearance of a published claim, audited, without touching its verdict or version.

    The caller has checked the role and the object (`monitoring.repeats.confirm`); a claim that is not
    public (any more) or already lists this address is refused with a clear message."""
    from factcheck.errors import Conflict

    from . import audit
    from .models import Claim
    from .states import PUBLIC_STATES, State

    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.state not in PUBLIC_STATES or locked.state == State.RETRACTED:
        raise Conflict(gettext_now("Only a published fact-check gains appearances; claim #%(pk)s is not one.") % {"pk": claim.pk}, rule="not_public")
    if Appearance.objects.filter(claim=locked, url=url).exists():
        raise Conflict(gettext_now("Claim #%(pk)s already lists this article as an appearance.") % {"pk": claim.pk}, rule="already_listed")
    appearance = Appearance.objects.create(
        claim=locked,
        url=url,
        title=title[:500],
        outlet=outlet,
        appeared_on=appeared_on,
        speaker=speaker,
        speaker_name=speaker_name[:200],
        language=language,
        excerpt=excerpt,
        source=source,
        added_by=user,
    )
    now = timezone.now()
    audit.record(
        claim=locked,
        actor=user,
        created_at=now,
        action="add_appearance",
        from_state=locked.state,
        to_state=locked.state,
        note=note,
        snapshot={"appearance": appearance.pk, "url": url, "outlet": outlet.name if outlet else "", "date": appeared_on.isoformat() if appeared_on else ""},
    )
    # Not `version`: an open form of the claim stays valid. `updated_at` keys the public caches.
    Claim.objects.filter(pk=locked.pk).update(updated_at=now)
    return appearance
