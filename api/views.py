"""The JSON API's endpoints: thin views over `api.selectors` (reads) and the domain services (writes).

No endpoint writes a claim, its evidence or its workflow state itself: creating
and editing go through `claims.services`, every workflow step through
`reviews.services.perform`, so the API obeys exactly the rules the desk pages obey.
"""


from django.http import Http404
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import figures
from analytics.access import require_analytics_access
from claims import speakers
from matching import selectors as matching
from claims import services as claim_services
from publishing.claimreview import claim_review_for
from publishing.selectors import get_public_claim, public_promises
from desk.analytics import PAGE_FILTERS as ANALYTICS_FILTERS
from desk.analytics import selection as analytics_selection
from factcheck.errors import InvalidInput
from reviews import services as review_services
from reviews.models import Rating
from reviews.selectors import step_subject
from reviews.workflow import TRANSITIONS, allowed_transitions

from . import selectors
from .filters import ClaimFilter, CorrectionFilter, SourceFilter, SpeakerFilter, VerdictFilter
from .pagination import StrictLimitOffsetPagination
from .permissions import DeskOnly, ReadPublicWriteDesk
from .serializers import (
    AddEvidenceSerializer,
    AuditEntrySerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    CorrectionSerializer,
    EvidenceSerializer,
    PromiseSerializer,
    RatingSerializer,
    SourceCreateSerializer,
    SourceFileUploadSerializer,
    SourceSerializer,
    SpeakerCreateSerializer,
    SpeakerDetailsSerializer,
    SpeakerSerializer,
    TransitionInputSerializer,
    step_input_serializer,
    TransitionSerializer,
    VerdictSerializer,
    WorkflowErrorSerializer,
)
from .throttling import AnonReadThrottle

ID_PATTERN = r"[0-9]{1,18}"


class JSONLDRenderer(JSONRenderer):
    """schema.org markup is JSON-LD; clients that ask for plain JSON get the same object."""

    media_type = "application/ld+json"


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Malformed input; the body names each field at fault.")),
    403: OpenApiResponse(WorkflowErrorSerializer, description=_("Your role or a workflow rule forbids it.")),
    404: OpenApiResponse(description=_("No such record, or not published.")),
}
DESK_ERRORS = {
    401: OpenApiResponse(OpenApiTypes.OBJECT, description=_("No credentials, or a bad token.")),
    403: ERRORS[403],
    404: ERRORS[404],
}
WRITE_ERRORS = {
    **ERRORS,
    401: DESK_ERRORS[401],
    409: OpenApiResponse(WorkflowErrorSerializer, description=_("The claim changed since you read it, or its state forbids this.")),
}


class ApiViewMixin:
    """What every endpoint shares: JSON only, public reads throttled, strict paging and filters."""

    # Token first: a missing or bad token is answered 401 with `WWW-Authenticate: Token`.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    parser_classes = [JSONParser]
    throttle_classes = [AnonReadThrottle]
    pagination_class = StrictLimitOffsetPagination
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = ID_PATTERN

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["is_desk"] = selectors.is_desk(self.request.user)
        return context


class ReadOnlyViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]


@extend_schema_view(
    list=extend_schema(
        summary=_("List claims"),
        description=_("Public readers see published, corrected and retracted claims; desk members see all."),
        responses={200: ClaimSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(summary=_("A claim with its evidence, verdicts and corrections"), responses={200: ClaimDetailSerializer, 404: ERRORS[404]}),
)
class ClaimViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Claims: read by anyone (as far as they may see), written by the desk through the services."""

    permission_classes = [ReadPublicWriteDesk]
    filterset_class = ClaimFilter
    # A public reader's list holds public claims only, so its count may be kept until the next public change.
    public_counts = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.claim_list_queryset(self.request.user)
        if self.action == "retrieve":
            return selectors.claim_detail_queryset(self.request.user)
        return selectors.claims_visible_to(self.request.user)

    def get_serializer_class(self):
        return ClaimSerializer if self.action == "list" else ClaimDetailSerializer

    def _detail(self, claim, status_code=status.HTTP_200_OK):
        claim = selectors.claim_detail_queryset(self.request.user).get(pk=claim.pk)
        return Response(ClaimDetailSerializer(claim, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(
        summary=_("Create a draft claim (desk)"),
        request=ClaimCreateSerializer,
        responses={201: ClaimDetailSerializer, 400: ERRORS[400], 401: DESK_ERRORS[401], 403: ERRORS[403]},
    )
    def create(self, request, *args, **kwargs):
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = [dict(item) for item in data.pop("evidence", [])]
        hops = [dict(item) for item in data.pop("hops", [])]
        claim = claim_services.create_claim(user=request.user, tags=data.pop("tags", []), evidence=evidence, hops=hops, **data)
        return self._detail(claim, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Edit a claim (desk)"),
        description=_("Send `version` as you read it; if someone saved since, the answer is 409 and nothing is written."),
        request=ClaimUpdateSerializer,
        responses={200: ClaimDetailSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "hops" in data:
            data["hops"] = [dict(item) for item in data["hops"]]
        claim = claim_services.update_claim(claim=claim, user=request.user, expected_version=version, **data)
        return self._detail(claim)

    @extend_schema(
        summary=_("Add evidence to a claim (desk)"),
        request=AddEvidenceSerializer,
        responses={201: EvidenceSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="evidence")
    def evidence(self, request, pk=None):
        claim = self.get_object()
        serializer = AddEvidenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = claim_services.add_evidence(
            claim=claim, user=request.user, expected_version=data.pop("version"), **data
        )
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Take a workflow step (desk)"),
        description=format_lazy(
            "{}\n\n{}",
            _(
                "Runs the named step through the review workflow, with its role and four-eyes rules. "
                "Each step takes `version` and the inputs listed here (* required); fields a step does not take "
                "are refused. `GET …/transitions/` lists the steps you may take now with the same inputs."
            ),
            "\n".join(
                f"- `{t.name}`: " + ", ".join(f"`{n}`" + ("*" if n in t.required_inputs else "") for n in t.input_names)
                for t in TRANSITIONS.values()
            ),
        ),
        parameters=[
            OpenApiParameter("transition", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(TRANSITIONS)),
        ],
        request=TransitionInputSerializer,
        responses={200: ClaimDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[a-z_]{1,40})")
    def transition(self, request, pk=None, transition=None):
        if transition not in TRANSITIONS:
            raise Http404(_("There is no workflow step called “%(name)s”.") % {"name": transition})
        claim = self.get_object()
        serializer = step_input_serializer(TRANSITIONS[transition])(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = dict(serializer.validated_data)
        kwargs["expected_version"] = kwargs.pop("version")
        claim = review_services.perform(transition, claim=claim, user=request.user, **kwargs)
        return self._detail(claim)

    @extend_schema(
        summary=_("Workflow steps you may take now (desk)"),
        responses={200: TransitionSerializer(many=True), **DESK_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="transitions", permission_classes=[DeskOnly], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        claim = self.get_object()
        steps = allowed_transitions(claim, request.user, proposed_verdict=step_subject(claim))
        data = [
            {
                "name": t.name,
                "label": str(t.label),
                "note_required": t.note_required,
                "fields": t.input_names,
                "required": t.required_inputs,
            }
            for t in steps
        ]
        return Response(TransitionSerializer(data, many=True).data)

    @extend_schema(
        summary=_("The claim's audit trail (desk)"),
        responses={200: AuditEntrySerializer(many=True), **DESK_ERRORS},
    )
    @action(detail=True, methods=["get"], permission_classes=[DeskOnly], pagination_class=None, filter_backends=[])
    def audit(self, request, pk=None):
        claim = self.get_object()
        entries = claim.audit_entries.select_related("actor").order_by("created_at", "id")
        return Response(AuditEntrySerializer(entries, many=True).data)

    @extend_schema(
        summary=_("schema.org ClaimReview of a published fact-check"),
        description=_("The same JSON-LD object the public page embeds. Retracted fact-checks have none (404)."),
        responses={200: OpenApiTypes.OBJECT, 404: ERRORS[404]},
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[AllowAny],
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[JSONLDRenderer, JSONRenderer],
    )
    def claimreview(self, request, pk=None):
        claim = get_public_claim(pk)
        markup = claim_review_for(claim)
        if markup is None:
            raise Http404(_("A retracted fact-check has no ClaimReview."))
        return Response(markup)

    @extend_schema(
        summary=_("Existing claims similar to a statement (“have we checked this before?”)"),
        description=_(
            "The closest claims to `q` (and an optional translation and speaker id), best first, with why they "
            "matched. The desk sees every claim; anyone else only published fact-checks."
        ),
        parameters=[
            OpenApiParameter("q", str, description=_("The statement as typed.")),
            OpenApiParameter("translation", str, description=_("The editor's translation, used to match across languages.")),
            OpenApiParameter("speaker", int, description=_("The speaker's id, if known.")),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], permission_classes=[AllowAny], pagination_class=None, filter_backends=[])
    def similar(self, request):
        found = matching.suggestions_for(
            request.user,
            statement=str(request.query_params.get("q", ""))[: matching.MAX_QUERY_CHARS],
            translation=str(request.query_params.get("translation", ""))[: matching.MAX_QUERY_CHARS],
            speaker=request.query_params.get("speaker"),
        )
        desk = matching.can_view_claim(request.user)

        def url(claim):
            return claim.get_absolute_url() if desk else reverse("publishing:claim", args=[claim.pk])

        return Response({"results": [matching.as_result(s, url(s.claim)) for s in found]})


class CreateThroughServiceMixin:
    """POST for desk members: validate the shape here, let `create_service` apply the rules and write."""

    create_serializer_class = None
    create_service = None

    def create(self, request, *args, **kwargs):
        serializer = self.create_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.create_service(user=request.user, **serializer.validated_data)
        created = self.get_queryset().get(pk=created.pk)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


CREATE_RESPONSES = {400: ERRORS[400], 401: DESK_ERRORS[401], 403: ERRORS[403]}


@extend_schema_view(
    list=extend_schema(summary=_("List speakers"), responses={200: SpeakerSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(summary=_("A speaker with aliases, roles and identifiers"), responses={200: SpeakerSerializer, 404: ERRORS[404]}),
    create=extend_schema(
        summary=_("Add a speaker with aliases (desk)"),
        request=SpeakerCreateSerializer,
        responses={201: SpeakerSerializer, **CREATE_RESPONSES},
    ),
)
class SpeakerViewSet(CreateThroughServiceMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Speakers: the public sees those with a published fact-check; desk members add them."""

    permission_classes = [ReadPublicWriteDesk]
    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilter
    create_serializer_class = SpeakerCreateSerializer
    create_service = staticmethod(claim_services.create_speaker)

    @extend_schema(
        summary=_("Add, change or remove a speaker's roles and identifiers (desk)"),
        description=_(
            "The desk speaker page's save: rows without `id` are added, rows with `id` change the fields given, "
            "rows with `id` and `delete` are removed; the same rules as the desk (claims.speakers), all or nothing."
        ),
        request=SpeakerDetailsSerializer,
        responses={200: SpeakerSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="details")
    def details(self, request, pk=None):
        speaker = self.get_object()
        serializer = SpeakerDetailsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        speakers.save_speaker_details(
            speaker=speaker,
            user=request.user,
            roles=[dict(row) for row in data.get("roles", [])],
            identifiers=[dict(row) for row in data.get("identifiers", [])],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=speaker.pk)).data)

    def get_queryset(self):
        return (
            selectors.speakers_visible_to(self.request.user)
            .select_related("affiliation")
            .prefetch_related("aliases", "roles__organisation", "identifiers")
            .order_by("name", "id")
        )


@extend_schema_view(
    list=extend_schema(summary=_("List sources"), responses={200: SourceSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(summary=_("A source"), responses={200: SourceSerializer, 404: ERRORS[404]}),
    create=extend_schema(
        summary=_("Add a source (desk)"),
        request=SourceCreateSerializer,
        responses={201: SourceSerializer, **CREATE_RESPONSES},
    ),
)
class SourceViewSet(CreateThroughServiceMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Sources: the public sees those cited by, or reporting, a published fact-check; desk members add them."""

    permission_classes = [ReadPublicWriteDesk]
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    create_serializer_class = SourceCreateSerializer
    create_service = staticmethod(claim_services.create_source)

    def get_queryset(self):
        return selectors.sources_visible_to(self.request.user).order_by("-published_on", "title", "id")

    @extend_schema(
        methods=["POST"],
        summary=_("Attach or replace a source's file (desk)"),
        request={"multipart/form-data": SourceFileUploadSerializer},
        responses={200: SourceSerializer, **WRITE_ERRORS},
    )
    @extend_schema(
        methods=["DELETE"],
        summary=_("Remove a source's file (desk)"),
        request=None,
        responses={200: SourceSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post", "delete"], url_path="file", parser_classes=[MultiPartParser])
    def file(self, request, pk=None):
        """The same checks as the desk and the admin (`claims.files`), through `claims.services`."""
        source = self.get_object()
        if request.method == "DELETE":
            claim_services.remove_source_file(source=source, user=request.user)
        else:
            serializer = SourceFileUploadSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            claim_services.attach_source_file(source=source, user=request.user, upload=serializer.validated_data["file"])
        return Response(self.get_serializer(self.get_queryset().get(pk=source.pk)).data)


@extend_schema_view(
    list=extend_schema(summary=_("List verdicts"), responses={200: VerdictSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(summary=_("A verdict"), responses={200: VerdictSerializer, 404: ERRORS[404]}),
)
class VerdictViewSet(ReadOnlyViewSet):
    """Verdicts: the public sees approved verdicts of published claims, including corrected ones."""

    serializer_class = VerdictSerializer
    filterset_class = VerdictFilter

    def get_queryset(self):
        return (
            selectors.verdicts_visible_to(self.request.user)
            .select_related("rating", "proposed_by", "decided_by")
            .prefetch_related("evidence")
            .order_by("-proposed_at", "-id")
        )


@extend_schema_view(
    list=extend_schema(summary=_("List corrections and retractions"), responses={200: CorrectionSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(summary=_("A correction or retraction"), responses={200: CorrectionSerializer, 404: ERRORS[404]}),
)
class CorrectionViewSet(ReadOnlyViewSet):
    """Corrections and retractions of published fact-checks (their notes are public)."""

    serializer_class = CorrectionSerializer
    filterset_class = CorrectionFilter

    def get_queryset(self):
        return selectors.corrections_visible_to(self.request.user).select_related("created_by").order_by("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(
        summary=_("Predictions and promises the desk tracks, with their status"),
        responses={200: PromiseSerializer(many=True), 400: ERRORS[400]},
    ),
    retrieve=extend_schema(summary=_("A tracked prediction or promise"), responses={200: PromiseSerializer, 404: ERRORS[404]}),
)
class PromiseViewSet(ReadOnlyViewSet):
    """The public promise list (`/promises/`) as JSON, each with the status the list shows: overdue, kept, broken, partly kept, not yet, or tracked."""

    serializer_class = PromiseSerializer

    def get_queryset(self):
        return public_promises().select_related("current_resolution__source").order_by("-id")


@extend_schema_view(
    list=extend_schema(summary=_("The rating scales' ratings"), responses={200: RatingSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(summary=_("A rating"), responses={200: RatingSerializer, 404: ERRORS[404]}),
)
class RatingViewSet(ReadOnlyViewSet):
    """Ratings are public: they are the desk's published methodology."""

    serializer_class = RatingSerializer

    def get_queryset(self):
        return Rating.objects.select_related("scale").order_by("scale__name", "-value", "id")



class AnalyticsView(APIView):
    """The desk analytics page's figures as JSON, for a newsroom's own dashboards (chief editors and admins)."""

    authentication_classes = ApiViewMixin.authentication_classes
    permission_classes = [DeskOnly]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary=_("Desk analytics: the analytics page's figures as tables"),
        description=_(
            "The same figures, with the same numbers, as the desk's analytics page and its CSV files: times in each "
            "state and from submission to publication (median, p90, hours) per month and per reviewer, open claims "
            "by state and age, throughput per week, send-back and correction rates per reviewer, rating mix per "
            "speaker, organisation and outlet. The period is in the time zone `tz`; the claim list's filters narrow the "
            "claims (a value that cannot be read is ignored and listed in `ignored`). Chief editors and admins only."
        ),
        parameters=[
            OpenApiParameter("period_from", OpenApiTypes.DATE, description=_("First day (default: 89 days ago).")),
            OpenApiParameter("period_until", OpenApiTypes.DATE, description=_("Last day, inclusive (default: today).")),
            OpenApiParameter("tz", str, description=_("IANA time zone for days, weeks and months, e.g. Asia/Tokyo.")),
            OpenApiParameter("figure", str, enum=figures.FIGURES, description=_("Only this figure.")),
            *[OpenApiParameter(name, str, description=_("As on the desk's claim list.")) for name in ANALYTICS_FILTERS],
        ],
        responses={200: OpenApiTypes.OBJECT, 400: ERRORS[400], **DESK_ERRORS},
    )
    def get(self, request):
        require_analytics_access(request.user)
        name = request.query_params.get("figure")
        if name and name not in figures.FIGURES:
            raise InvalidInput(
                _("There is no figure “%(name)s”; choose one of: %(names)s.")
                % {"name": name[:40], "names": ", ".join(figures.FIGURES)},
                field="figure",
            )
        period, claims, _filterset, ignored = analytics_selection(request)
        built = [figures.cached(name, period, claims)] if name else figures.cached_all(period, claims)
        return Response(
            {
                "period": {"from": period.start, "until": period.end, "time_zone": str(period.tz)},
                "ignored": ignored,
                "figures": [
                    {
                        "name": figure.name,
                        "title": figure.title,
                        "description": figure.description,
                        "columns": [{"key": key, "label": str(label)} for key, label in figure.columns],
                        "rows": figure.rows,
                    }
                    for figure in built
                ],
            }
        )
