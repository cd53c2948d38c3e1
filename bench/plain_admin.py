"""Baseline (b): what a desk gets from Django alone — a plain, untuned ModelAdmin.

Mounted only by the benchmark (bench/run.py sets ROOT_URLCONF to this module);
the application never imports it.
"""

from django.contrib import admin
from django.urls import include, path

from claims.models import Claim


class PlainClaimAdmin(admin.ModelAdmin):
    # The obvious first version: the columns and the search a desk would ask for, no tuning.
    list_display = ["id", "statement", "speaker", "state", "said_on"]
    list_filter = ["state"]
    search_fields = ["statement", "translation", "speaker__name", "speaker__aliases__name", "evidence__excerpt"]


site = admin.AdminSite(name="plainadmin")
site.register(Claim, PlainClaimAdmin)

urlpatterns = [
    path("bench-plain-admin/", site.urls),
    path("", include("factcheck.urls")),
]
