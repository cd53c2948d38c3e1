"""The monitoring queue and the followed feeds under /desk/monitoring/."""

from django.urls import path

from . import repeat_views, views

urlpatterns = [
    path("monitoring/", views.monitoring_queue, name="monitoring_queue"),
    path("monitoring/feeds/", views.monitoring_feeds, name="monitoring_feeds"),
    path("monitoring/dismiss/", views.monitoring_dismiss, name="monitoring_dismiss"),
    path("monitoring/<int:pk>/accept/", views.monitoring_accept, name="monitoring_accept"),
    path("monitoring/<int:pk>/merge/", views.monitoring_merge, name="monitoring_merge"),
    path("monitoring/repeats/", repeat_views.monitoring_repeats, name="monitoring_repeats"),
    path("monitoring/repeats/<int:pk>/confirm/", repeat_views.monitoring_repeat_confirm, name="monitoring_repeat_confirm"),
    path("monitoring/repeats/<int:pk>/dismiss/", repeat_views.monitoring_repeat_dismiss, name="monitoring_repeat_dismiss"),
    path("monitoring/filters/<slug:name>/suggest/", views.monitoring_filter_suggest, name="monitoring_filter_suggest"),
]
