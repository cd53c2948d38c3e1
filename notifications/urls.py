from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.mark_all_read, name="inbox_read_all"),
    path("inbox/<int:pk>/read/", views.mark_read, name="inbox_read"),
    path("inbox/<int:pk>/open/", views.open_notification, name="inbox_open"),
]
