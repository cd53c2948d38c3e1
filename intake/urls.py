"""Article intake under /desk/intake/."""

from django.urls import path

from . import views

urlpatterns = [
    path("intake/", views.intake_start, name="intake_start"),
    path("intake/<int:pk>/", views.intake_review, name="intake_review"),
    path("intake/fetching/<int:pk>/", views.intake_fetching, name="intake_fetching"),
    path("intake/fetching/<int:pk>/status/", views.intake_fetch_status, name="intake_fetch_status"),
    path("intake/<int:pk>/language/", views.intake_language, name="intake_language"),
]
