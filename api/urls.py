from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .docs import SwaggerDocsView

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("speakers", views.SpeakerViewSet, basename="api-speaker")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("verdicts", views.VerdictViewSet, basename="api-verdict")
router.register("corrections", views.CorrectionViewSet, basename="api-correction")
router.register("ratings", views.RatingViewSet, basename="api-rating")
router.register("promises", views.PromiseViewSet, basename="api-promise")

urlpatterns = [
    path("v1/analytics/", views.AnalyticsView.as_view(), name="api-analytics"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
