"""What the API reads and accepts.

Read serializers show public fields to everyone and put what only the desk may
see (who wrote, reviewed or decided) in a `desk` block that is null for public
readers. Write serializers validate shape and size only; the domain rules live
in `claims.services` and `reviews.services`, which the views call.
"""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.fields import CLAIM_FIELDS, CLAIM_TAGS, EVIDENCE_FIELDS
from claims.models import Claim, Event, Evidence, Outlet, ReportingHop, Source, Speaker, SpeakerAlias, SpeakerIdentifier, SpeakerRole, Tag
from claims.speakers import IDENTIFIER_FIELDS, ROLE_FIELDS, checked_identifier, checked_role, speaker_as_published, speaker_name_as_published
from claims.states import PUBLIC_STATES
from factcheck.links import absolute
from factcheck.text import is_exact, serializer_kwargs
from reviews.models import AttributionFinding, Correction, Rating, Resolution, Verdict
from reviews.workflow import TRANSITIONS
from publishing.selectors import PROMISE_STATUSES
from claims.models import AuditEntry
from claims.languages import MAX_LENGTH as MAX_LANGUAGE_LENGTH
from claims.languages import validate_language_tag
from claims.validators import validate_web_url, web_url_or_none

# Upper bounds for values that reach the database, so no input can overflow a column.
MAX_ID = 2**63 - 1
MAX_LIST = 50
# Text the model leaves unbounded (none of the typed fields since factcheck.text).
MAX_TEXT = 20_000


def _is_desk(serializer):
    return bool(serializer.context.get("is_desk"))


def _username(user):
    return user.get_username() if user is not None else None


class StrictFieldsMixin:
    """Reject keys the serializer does not accept, so a typo or a read-only field never passes silently."""

    def unknown_field_message(self):
        return _("This field is not accepted here.")

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({key: [self.unknown_field_message()] for key in unknown})
        return super().to_internal_value(data)


class ModelInputSerializer(serializers.ModelSerializer):
    """Input fields built from the model, so labels, choices, nullability and lengths follow it.

    Text the model leaves unbounded (TextField) is capped at MAX_TEXT here. Only the
    validated data is used: the views hand it to the services, never to `save()`.
    """

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.CharField) and "max_length" not in kwargs:
            kwargs["max_length"] = MAX_TEXT
        if is_exact(model_field):
            kwargs["trim_whitespace"] = False  # quotes and excerpts are stored exactly (factcheck.text)
        return field_class, kwargs


# --- read side: small building blocks -----------------------------------------------------------


class SpeakerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind"]


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "kind", "published_on", "archive_url"]


class OutletBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "kind", "country", "wikidata_id"]


class HopSerializer(serializers.ModelSerializer):
    """One hop of the reporting chain (claims.chains), first report first."""

    outlet = OutletBriefSerializer(read_only=True, allow_null=True)
    source = SourceBriefSerializer(read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True, help_text=_("How the hop reads in the chain: its outlet, or its source's title."))

    class Meta:
        model = ReportingHop
        fields = ["position", "label", "outlet", "source", "by_speaker", "date", "date_precision", "wording", "note"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "name", "place", "date", "date_precision"]


class RatingSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.name", read_only=True)
    scale_is_active = serializers.BooleanField(source="scale.is_active", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "label", "value", "description", "scale", "scale_is_active"]


class RatingBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "value"]


class VerdictBriefSerializer(serializers.ModelSerializer):
    rating = RatingBriefSerializer(read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "attribution", "rating", "summary", "decided_at"]


class VerdictDeskSerializer(serializers.Serializer):
    proposed_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    def get_proposed_by(self, verdict) -> str:
        return _username(verdict.proposed_by)

    def get_decided_by(self, verdict) -> str | None:
        return _username(verdict.decided_by)


class VerdictSerializer(serializers.ModelSerializer):
    """A verdict; reviewers' names only in `desk`, for desk members."""

    rating = RatingBriefSerializer(read_only=True)
    evidence = serializers.SerializerMethodField()
    desk = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "status",
            "attribution",
            "rating",
            "summary",
            "explanation",
            "evidence",
            "corrects",
            "proposed_at",
            "decided_at",
            "desk",
        ]

    def get_evidence(self, verdict) -> list[int]:
        return sorted(item.pk for item in verdict.evidence.all())

    @extend_schema_field(VerdictDeskSerializer(allow_null=True))
    def get_desk(self, verdict):
        return VerdictDeskSerializer(verdict).data if _is_desk(self) else None


class CorrectionDeskSerializer(serializers.Serializer):
    created_by = serializers.SerializerMethodField()

    def get_created_by(self, correction) -> str:
        return _username(correction.created_by)


class CorrectionSerializer(serializers.ModelSerializer):
    desk = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = ["id", "claim", "kind", "note", "verdict", "previous_verdict", "created_at", "desk"]

    @extend_schema_field(CorrectionDeskSerializer(allow_null=True))
    def get_desk(self, correction):
        return CorrectionDeskSerializer(correction).data if _is_desk(self) else None


class PromiseSerializer(serializers.ModelSerializer):
    """A prediction or promise with a standing fact-check and its status, as /promises/ shows it: `overdue` once
    its date has passed unresolved, else how it resolved, else `tracked`."""

    speaker = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    resolved_on = serializers.SerializerMethodField()
    resolution_note = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = ["id", "statement", "language", "speaker", "kind", "resolution_due", "status", "resolved_on",
                  "resolution_note", "evidence_url"]  # fmt: skip

    def get_speaker(self, claim) -> str:
        """The speaker's name as the published fact-check shows it."""
        return speaker_name_as_published(claim) or str(claim.speaker_name)

    @extend_schema_field(serializers.ChoiceField(choices=list(PROMISE_STATUSES)))
    def get_status(self, claim) -> str:
        return claim.promise_status  # `publishing.selectors.promise_status`, as /promises/ shows it

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_resolved_on(self, claim):
        resolution = claim.current_resolution
        return resolution.decided_at.date().isoformat() if resolution and resolution.decided_at else None

    def get_resolution_note(self, claim) -> str | None:
        return claim.current_resolution.note if claim.current_resolution_id else None

    def get_evidence_url(self, claim) -> str | None:
        return web_url_or_none(claim.current_resolution.source.url) if claim.current_resolution_id else None


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", *EVIDENCE_FIELDS, "created_at"]


# --- claims --------------------------------------------------------------------------------------


class ClaimDeskSerializer(serializers.Serializer):
    """Workflow details only the desk sees."""

    created_by = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    assigned_reviewer = serializers.SerializerMethodField()
    review_due = serializers.DateField(allow_null=True)

    def get_created_by(self, claim) -> str:
        return _username(claim.created_by)

    def get_assigned_reviewer(self, claim) -> str | None:
        return _username(claim.assigned_reviewer)


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as a list row: who said what, when, and the verdict in force."""

    speaker = SpeakerBriefSerializer(read_only=True, allow_null=True)
    speaker_role = serializers.SerializerMethodField()
    said_on_display = serializers.CharField(read_only=True)
    event = EventSerializer(read_only=True, allow_null=True)
    reported_by = SourceBriefSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    current_verdict = VerdictBriefSerializer(read_only=True, allow_null=True)
    desk = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "state",
            "version",
            *CLAIM_FIELDS,
            "speaker_role",
            "said_on_display",
            CLAIM_TAGS,
            "current_verdict",
            "published_at",
            "desk",
        ]

    def get_speaker_role(self, claim) -> str | None:
        role = claim.speaker_role
        return role.title if role else None

    def to_representation(self, claim):
        """A public fact-check's speaker (name, kind, role at the time) as its version in force shows it
        (`claims.speakers.speaker_as_published`): an edit of the speaker record reaches it through a revision.
        The speaker's own resource (`/speakers/{id}/`) reads the record as it is now."""
        data = super().to_representation(claim)
        if claim.state in PUBLIC_STATES and claim.current_verdict_id and data.get("speaker"):
            shown = speaker_as_published(claim)
            data["speaker"] = {**data["speaker"], "name": shown.name, "kind": shown.kind or data["speaker"]["kind"]}
            data["speaker_role"] = shown.role or None
        return data

    @extend_schema_field(ClaimDeskSerializer(allow_null=True))
    def get_desk(self, claim):
        return ClaimDeskSerializer(claim).data if _is_desk(self) else None


class ClaimVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["published", "update", "correction"])
    date = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    verdict = serializers.IntegerField(allow_null=True)
    url = serializers.URLField()


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its evidence, verdict history and corrections."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    verdicts = VerdictSerializer(many=True, read_only=True, source="visible_verdicts")
    corrections = CorrectionSerializer(many=True, read_only=True)
    # Public versions (1 = first published, then one per update or correction), each at its stable `url`.
    versions = serializers.SerializerMethodField()

    hops = HopSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = ClaimSerializer.Meta.fields + ["reporting", "hops", "evidence", "verdicts", "corrections", "versions"]

    @extend_schema_field(ClaimVersionSerializer(many=True))
    def get_versions(self, claim):
        from claims.states import PUBLIC_STATES
        from publishing.selectors import version_list

        if claim.state not in PUBLIC_STATES or claim.current_verdict_id is None:
            return []
        rows = version_list(claim)
        for row in rows:
            row["url"] = absolute(reverse("publishing:claim_version", args=[claim.pk, row["number"]]))
        return ClaimVersionSerializer(rows, many=True).data


class TransitionSerializer(serializers.Serializer):
    """A step the user may take now, and exactly what `POST …/transitions/{name}/` accepts besides `version`."""

    name = serializers.CharField()
    label = serializers.CharField()
    note_required = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField(), help_text=_("Every input the step takes."))
    required = serializers.ListField(child=serializers.CharField(), help_text=_("The inputs it cannot do without."))


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor", "action", "from_state", "to_state", "note", "verdict", "snapshot"]

    def get_actor(self, entry) -> str | None:
        return _username(entry.actor)


# --- speakers and sources ------------------------------------------------------------------------


class SpeakerAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpeakerAlias
        fields = ["name", "language"]


class SpeakerRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = SpeakerBriefSerializer(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    start_precision = serializers.CharField()
    end_date = serializers.DateField(allow_null=True)
    end_precision = serializers.CharField()


class SpeakerIdentifierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme = serializers.CharField()
    value = serializers.CharField()
    url = serializers.CharField()


class SpeakerSerializer(serializers.ModelSerializer):
    affiliation = SpeakerBriefSerializer(read_only=True, allow_null=True)
    aliases = SpeakerAliasSerializer(many=True, read_only=True)
    roles = SpeakerRoleSerializer(many=True, read_only=True)
    identifiers = SpeakerIdentifierSerializer(many=True, read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "name", "kind", "affiliation", "description", "aliases", "roles", "identifiers"]


class SourceDeskSerializer(serializers.Serializer):
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()


class SourceSerializer(serializers.ModelSerializer):
    file = serializers.FileField(read_only=True, use_url=True, allow_null=True)
    desk = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "kind",
            "language",
            "published_on",
            "accessed_on",
            "archive_url",
            "file",
            "desk",
        ]

    @extend_schema_field(SourceDeskSerializer(allow_null=True))
    def get_desk(self, source):
        return SourceDeskSerializer(source).data if _is_desk(self) else None


# --- write side ----------------------------------------------------------------------------------


class EvidenceInputSerializer(StrictFieldsMixin, ModelInputSerializer):
    class Meta:
        model = Evidence
        fields = list(EVIDENCE_FIELDS)


class AddEvidenceSerializer(EvidenceInputSerializer):
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, help_text=_("The claim's version you saw; 409 if it changed.")
    )

    class Meta(EvidenceInputSerializer.Meta):
        fields = [*EvidenceInputSerializer.Meta.fields, "version"]


def _checked(check, attrs):
    """Run a `claims.speakers` row check; its refusals become 400s naming the row's field."""
    try:
        return check(attrs)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages})


class SpeakerRoleInputSerializer(StrictFieldsMixin, ModelInputSerializer):
    """A role as the desk enters it; checked by `claims.speakers.checked_role` (the desk's rules)."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.filter(kind=Speaker.Kind.ORGANISATION), required=False, allow_null=True,
        help_text=_("The id of an organisation speaker."),
    )

    class Meta:
        model = SpeakerRole
        fields = list(ROLE_FIELDS)
        validators = []  # the model's own checks run in `checked_role`, after normalising

    def validate(self, attrs):
        return _checked(checked_role, attrs)


class SpeakerIdentifierInputSerializer(StrictFieldsMixin, ModelInputSerializer):
    """An identifier (wikidata Q42, a Wikipedia article, an official site); checked by `claims.speakers.checked_identifier`."""

    class Meta:
        model = SpeakerIdentifier
        fields = list(IDENTIFIER_FIELDS)
        validators = []  # uniqueness is checked on the normalised value (q42 is Q42) in `checked_identifier`

    def validate(self, attrs):
        return _checked(checked_identifier, attrs)


class _DetailRowMixin(serializers.Serializer):
    """A row of `claims.speakers.save_speaker_details`: no `id` adds it, `id` changes the fields given, `delete` removes it."""

    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("The row to change or remove; none adds one."))
    delete = serializers.BooleanField(required=False, default=False)

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and data.get("id") and data.get("delete") in (True, "true", "1", 1):
            return {"id": serializers.IntegerField(min_value=1, max_value=MAX_ID).to_internal_value(data["id"]), "delete": True}
        return super().to_internal_value(data)  # every field optional: a new row is checked whole in `validate`

    def validate(self, attrs):
        if attrs.get("delete") or attrs.get("id"):
            return attrs  # save_speaker_details checks the row as changed (full_clean), before anything commits
        return super().validate(attrs)


class SpeakerRoleRowSerializer(_DetailRowMixin, SpeakerRoleInputSerializer):
    class Meta(SpeakerRoleInputSerializer.Meta):
        fields = ["id", "delete", *ROLE_FIELDS]
        extra_kwargs = {name: {"required": False} for name in ROLE_FIELDS}


class SpeakerIdentifierRowSerializer(_DetailRowMixin, SpeakerIdentifierInputSerializer):
    class Meta(SpeakerIdentifierInputSerializer.Meta):
        fields = ["id", "delete", *IDENTIFIER_FIELDS]
        extra_kwargs = {name: {"required": False} for name in IDENTIFIER_FIELDS}


class SpeakerDetailsSerializer(StrictFieldsMixin, serializers.Serializer):
    """The desk speaker page's roles and identifiers, as one save."""

    roles = SpeakerRoleRowSerializer(many=True, required=False, max_length=MAX_LIST)
    identifiers = SpeakerIdentifierRowSerializer(many=True, required=False, max_length=MAX_LIST)


class SpeakerCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices, required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=MAX_LIST, help_text=_("Other names, any script.")
    )
    roles = SpeakerRoleInputSerializer(many=True, required=False, max_length=MAX_LIST, help_text=_("Titles held, with from/to dates and their precision."))
    identifiers = SpeakerIdentifierInputSerializer(many=True, required=False, max_length=MAX_LIST, help_text=_("Wikidata id, Wikipedia article, official site."))


class SourceCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=500)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, validators=[validate_web_url])
    publisher = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False)
    language = serializers.CharField(
        max_length=MAX_LANGUAGE_LENGTH, required=False, allow_blank=True, validators=[validate_language_tag],
        help_text=_("A BCP 47 language tag: it, pt-BR, und."),
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    accessed_on = serializers.DateField(required=False, allow_null=True)
    archive_url = serializers.URLField(max_length=2000, required=False, allow_blank=True, validators=[validate_web_url])
    text = serializers.CharField(**serializer_kwargs(Source, "text"), required=False, allow_blank=True)
    notes = serializers.CharField(**serializer_kwargs(Source, "notes"), required=False, allow_blank=True)


class SourceFileUploadSerializer(StrictFieldsMixin, serializers.Serializer):
    """Multipart upload of a source's file; `claims.files` decides what is accepted."""

    file = serializers.FileField(
        help_text=_("PNG, JPEG, GIF or WebP image, or PDF, recognised by content; at most UPLOAD_MAX_BYTES (20 MB).")
    )


class ClaimWriteSerializer(StrictFieldsMixin, ModelInputSerializer):
    """The fields an editor may set (claims.fields); workflow fields (state, verdict, reviewer) are not here."""

    tags = serializers.ListField(
        child=serializers.SlugField(max_length=100, allow_unicode=True), required=False, max_length=MAX_LIST
    )

    class Meta:
        model = Claim
        fields = [*CLAIM_FIELDS, CLAIM_TAGS]

    def validate_tags(self, slugs):
        tags = list(Tag.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {tag.slug for tag in tags})
        if missing:
            raise serializers.ValidationError(_("Unknown tags: %(tags)s") % {"tags": ", ".join(missing)})
        return tags


class HopInputSerializer(StrictFieldsMixin, ModelInputSerializer):
    """A hop as written: an outlet and/or a source (ids), its date, the wording there (claims.chains checks the chain)."""

    class Meta:
        model = ReportingHop
        fields = ["outlet", "source", "by_speaker", "date", "date_precision", "wording", "note"]


HOPS_HELP = _(
    "The reporting chain, first report first; the reported-by source closes it. Replaces the chain; "
    "first/second/third hand (`reporting`) follows from it."
)


class ClaimCreateSerializer(ClaimWriteSerializer):
    evidence = EvidenceInputSerializer(many=True, required=False, max_length=MAX_LIST)
    hops = HopInputSerializer(many=True, required=False, max_length=MAX_LIST, help_text=HOPS_HELP)

    class Meta(ClaimWriteSerializer.Meta):
        fields = [*ClaimWriteSerializer.Meta.fields, "evidence", "hops"]


class ClaimUpdateSerializer(ClaimWriteSerializer):
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, help_text=_("The claim's version you saw; 409 if someone saved since.")
    )

    hops = HopInputSerializer(many=True, required=False, max_length=MAX_LIST, help_text=HOPS_HELP)

    class Meta(ClaimWriteSerializer.Meta):
        fields = [*ClaimWriteSerializer.Meta.fields, "hops", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every field but `version` may be left out (what is left out stays as it is).
        for name, field in self.fields.items():
            if name != "version":
                field.required = False

    # Never "partial" in DRF's sense, so `version` stays required in validation and in the schema.
    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        pass


# How the API reads each input of `reviews.workflow` (every input name has one; tested). `required`
# comes from the step's spec; a required note is left to the service, whose 400 names the field.
def _version_field(required=True):
    return serializers.IntegerField(
        min_value=0, max_value=MAX_ID, required=required, help_text=_("The claim's version you saw; 409 if it changed since.")
    )


INPUT_FIELDS = {
    "note": lambda required: serializers.CharField(**serializer_kwargs(Correction, "note"), default="", allow_blank=True),
    "reviewer": lambda required: serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=required,
        help_text=_("assign: the reviewer's username."),
    ),
    "due": lambda required: serializers.DateField(
        required=required, allow_null=True, help_text=_("take, assign: when the review is due.")
    ),
    "attribution": lambda required: serializers.ChoiceField(choices=AttributionFinding.choices, required=required),
    "rating": lambda required: serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=required, help_text=_("propose, correct: a rating id from /api/v1/ratings/.")
    ),
    "summary": lambda required: serializers.CharField(max_length=500, required=required, allow_blank=True),
    "explanation": lambda required: serializers.CharField(
        **serializer_kwargs(Verdict, "explanation"), required=required, allow_blank=True
    ),
    "evidence": lambda required: serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=required,
        max_length=MAX_LIST,
        help_text=_("propose, correct: ids of this claim's evidence the verdict rests on."),
    ),
    "confirm_open_threads": lambda required: serializers.BooleanField(
        required=required, help_text=_("approve: approve although discussion threads are still open.")
    ),
    "confirm_unverified_excerpts": lambda required: serializers.BooleanField(
        required=required,
        help_text=_("propose: propose although an excerpt is not in the desk's capture of its source (reason in `note`)."),
    ),
    "recheck_on": lambda required: serializers.DateField(
        required=required, allow_null=True, help_text=_("propose, record_recheck: a day after today to look again.")
    ),
    "recheck_reason": lambda required: serializers.CharField(
        max_length=300, required=required, allow_blank=True, help_text=_("propose, record_recheck: what to look for then.")
    ),
    "outcome": lambda required: serializers.ChoiceField(choices=Resolution.Outcome.choices, required=required),
    "source_url": lambda required: serializers.CharField(
        max_length=2000, required=required, help_text=_("propose_resolution: URL of the source that shows the outcome.")
    ),
    "excerpt": lambda required: serializers.CharField(
        **serializer_kwargs(Resolution, "excerpt"), required=required, allow_blank=True
    ),
    "next_resolution_on": lambda required: serializers.DateField(
        required=required, allow_null=True, help_text=_("propose_resolution: the next date to look, for “not yet”.")
    ),
    "editor": lambda required: serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=required,
        help_text=_("hand_over: the editor's username."),
    ),
}


class StepInputSerializer(StrictFieldsMixin, serializers.Serializer):
    """The input of one workflow step: `version` plus exactly the step's inputs (built by `step_input_serializer`)."""

    transition = None

    def unknown_field_message(self):
        return _("The step “%(step)s” does not take this field.") % {"step": self.transition.name}


_STEP_SERIALIZERS = {}


def step_input_serializer(transition):
    """The serializer class for `transition`'s input, derived from its spec in `reviews.workflow`."""
    if transition.name not in _STEP_SERIALIZERS:
        needs = _("The step “%(step)s” needs this field.") % {"step": transition.name}
        fields = {"version": _version_field()}
        for item in transition.inputs:
            field = INPUT_FIELDS[item.name](item.required)
            if field.required:
                field.error_messages["required"] = needs
            fields[item.name] = field
        name = "".join(part.title() for part in transition.name.split("_")) + "StepInputSerializer"
        _STEP_SERIALIZERS[transition.name] = type(name, (StepInputSerializer,), {**fields, "transition": transition})
    return _STEP_SERIALIZERS[transition.name]


class TransitionInputSerializer(StrictFieldsMixin, serializers.Serializer):
    """For the schema: every input any step takes; each step accepts only its own (`step_input_serializer`)."""

    version = _version_field()

    def get_fields(self):
        fields = super().get_fields()
        for transition in TRANSITIONS.values():
            for item in transition.inputs:
                fields.setdefault(item.name, INPUT_FIELDS[item.name](False))
        return fields


class WorkflowErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    rule = serializers.CharField(required=False, help_text=_("The workflow rule that refused the step, e.g. not_proposer."))
    field = serializers.CharField(required=False, help_text=_("The input the step lacks."))

