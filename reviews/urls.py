"""Workflow steps on a claim, mounted under /desk/ next to the claim pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("claims/<int:pk>/actions/<slug:action>/", views.claim_action, name="claim_action"),
]
