from django.urls import path

from . import views

urlpatterns = [
    path("claims/<int:pk>/threads/new/", views.new_thread, name="comment_thread_new"),
    path("claims/<int:pk>/threads/<int:thread_pk>/reply/", views.reply, name="comment_reply"),
    path("claims/<int:pk>/threads/<int:thread_pk>/resolve/", views.resolve_thread, name="comment_thread_resolve"),
    path("claims/<int:pk>/threads/<int:thread_pk>/reopen/", views.reopen_thread, name="comment_thread_reopen"),
    path("claims/<int:pk>/comments/<int:comment_pk>/edit/", views.edit_comment, name="comment_edit"),
    path("claims/<int:pk>/comments/<int:comment_pk>/remove/", views.remove_comment, name="comment_remove"),
    path("claims/<int:pk>/comments/<int:comment_pk>/history/", views.comment_history, name="comment_history"),
    path("mentions/", views.mention_candidates, name="mention_candidates"),
    path("markdown-preview/", views.preview, name="markdown_preview"),
]
