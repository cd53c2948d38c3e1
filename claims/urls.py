from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
]
