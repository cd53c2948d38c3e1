"""The monitoring queue and the followed feeds under /desk/monitoring/."""

from django.urls import path

from . import views

urlpatterns = [
    path("monitoring/", views.monitoring_queue, name="monitoring_queue"),
    path("monitoring/feeds/", views.monitoring_feeds, name="monitoring_feeds"),
    path("monitoring/dismiss/", views.monitoring_dismiss, name="monitoring_dismiss"),
    path("monitoring/<int:pk>/accept/", views.monitoring_accept, name="monitoring_accept"),
    path("monitoring/<int:pk>/merge/", views.monitoring_merge, name="monitoring_merge"),
    path("monitoring/filters/<slug:name>/suggest/", views.monitoring_filter_suggest, name="monitoring_filter_suggest"),
]
