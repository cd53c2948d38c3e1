from django.urls import path

from . import feeds, views
from .caching import public_export

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("fact-checks/<int:pk>/", views.claim_detail, name="claim"),
    path("archive/<int:pk>/", views.archived_copy, name="archived_copy"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("filters/<slug:name>/suggest/", views.filter_suggest, name="filter_suggest"),
    path("fact-checks/<int:pk>/versions/<int:number>/", views.claim_version, name="claim_version"),
    path("corrections/", views.corrections_log, name="corrections"),
    path("promises/", views.promises, name="promises"),
    path("updates/", views.updates_log, name="updates"),
    path("about/<slug:slug>/", views.desk_page, name="page"),
    path("language/", views.set_language, name="set_language"),
    path("suggest/", views.suggest_claim, name="suggest"),
    path("suggest/thanks/", views.tip_thanks, name="tip_thanks"),
    path("tips/<str:token>/", views.tip_status, name="tip_status"),
    path("feeds/fact-checks.rss", public_export(feeds.FactCheckFeed()), name="feed_rss"),
    path("feeds/fact-checks.atom", public_export(feeds.FactCheckAtomFeed()), name="feed_atom"),
    path("exports/claimreview.jsonl", public_export(views.export_claimreview_jsonl), name="export_jsonl"),
    path("exports/claimreview.json", public_export(views.export_claimreview_datafeed), name="export_datafeed"),
    path("exports/claimreview-markup-pages.json", public_export(views.export_markup_pages), name="export_markup_pages"),
]
