"""Article intake under /desk/intake/."""

from django.urls import path

from . import views

urlpatterns = [
    path("intake/", views.intake_start, name="intake_start"),
    path("intake/<int:pk>/", views.intake_review, name="intake_review"),
    path("intake/<int:pk>/language/", views.intake_language, name="intake_language"),
]
