from django.urls import path

from . import views

urlpatterns = [path("<path:name>", views.source_file, name="source_file")]
