"""Stored sentence vectors of claims (one row per claim), the semantic half of claim matching."""

from __future__ import annotations

import numpy as np
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim


class ClaimVector(models.Model):
    """A claim's statement and translation embedded by `matching.embedding` (float32 bytes, 384 each).

    `text_hash` is of the texts embedded and `model` of the model that did it: a changed statement or a
    new model makes the row stale, and the task embeds it again (`services.embed_claims`)."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="vector")
    model = models.CharField(_("model"), max_length=80)
    text_hash = models.CharField(_("text hash"), max_length=64)
    statement = models.BinaryField(_("statement vector"))
    translation = models.BinaryField(_("translation vector"), blank=True, default=b"")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("claim vector")
        verbose_name_plural = _("claim vectors")

    def __str__(self):
        return f"vector of claim #{self.claim_id}"

    @staticmethod
    def pack(vector: np.ndarray | None) -> bytes:
        return b"" if vector is None else np.asarray(vector, dtype=np.float32).tobytes()

    @staticmethod
    def unpack(data) -> np.ndarray | None:
        return np.frombuffer(bytes(data), dtype=np.float32) if data else None


class VectorRebuild(models.Model):
    """One run of `services.rebuild_vectors` (foreground or queued): how far it got, so its progress can be
    followed (`rebuild_matching_vectors --status`) and a run stopped half-way continues after `last_claim_id`."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("claims to check"), default=0)
    checked = models.PositiveIntegerField(_("claims checked"), default=0)
    embedded = models.PositiveIntegerField(_("claims embedded"), default=0)
    last_claim_id = models.BigIntegerField(_("last claim checked"), default=0)
    force = models.BooleanField(_("embed every claim again"), default=False)

    class Meta:
        verbose_name = _("vector rebuild")
        verbose_name_plural = _("vector rebuilds")
        ordering = ["-started_at"]

    def __str__(self):
        return f"vector rebuild {self.checked}/{self.total}"
