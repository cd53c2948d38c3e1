"""The desk under /desk/: dashboard, claims, workflow steps, speakers, sources, events, CSV export."""

from django.urls import path

from . import analytics, captures, exports, outlets, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/relate/", views.claim_relate, name="claim_relate"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim_merge"),
    path("claims/similar/", views.claim_suggestions, name="claim_suggestions"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/search/", views.speaker_search, name="speaker_search"),
    path("filters/<slug:name>/suggest/", views.filter_suggest, name="desk_filter_suggest"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker_detail"),
    path("speakers/<int:pk>/details/", views.speaker_details_save, name="speaker_details_save"),
    path("speakers/<int:pk>/merge/", views.speaker_merge, name="speaker_merge"),
    path("outlets/", outlets.outlet_list, name="outlet_list"),
    path("outlets/new/", outlets.outlet_create, name="outlet_create"),
    path("outlets/search/", outlets.outlet_search, name="outlet_search"),
    path("outlets/<int:pk>/", outlets.outlet_detail, name="outlet_detail"),
    path("outlets/<int:pk>/edit/", outlets.outlet_edit, name="outlet_edit"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/search/", views.source_search, name="source_search"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sources/<int:pk>/file/", views.source_file_attach, name="source_file_attach"),
    path("sources/<int:pk>/file/remove/", views.source_file_remove, name="source_file_remove"),
    path("sources/<int:pk>/capture/", captures.source_capture, name="source_capture"),
    path("captures/<int:pk>/", captures.capture_text, name="capture_text"),
    path("captures/<int:pk>/warc/", captures.capture_warc, name="capture_warc"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("claims/<int:pk>/actions/<slug:action>/", views.claim_action, name="claim_action"),
    path("claims/export.csv", exports.claims_csv, name="claims_export_csv"),
    path("analytics/", analytics.analytics_page, name="analytics"),
    path("analytics/<slug:name>.csv", analytics.analytics_csv, name="analytics_csv"),
]
