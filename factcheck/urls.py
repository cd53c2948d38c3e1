from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

urlpatterns = [
    # The audit trail moved from `reviews` to `claims`; bookmarks of its admin pages keep working.
    re_path(
        r"^admin/reviews/auditentry/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/claims/auditentry/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Accounts: django.contrib.auth's views, templates in templates/registration/ (logout is POST-only).
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("desk/", include("desk.urls")),
    path("desk/", include("comments.urls")),
    path("desk/", include("notifications.urls")),
    path("desk/", include("intake.urls")),
    path("desk/", include("monitoring.urls")),
    path("desk/", include("webhooks.urls")),
    path("api/", include("api.urls")),
    # Uploaded files: never static, always through a view that checks who asks (MEDIA_URL).
    path("files/", include("claims.urls")),
    # The public site (published fact-checks, feeds, exports) lives at the root; the desk under /desk/.
    path("", include("publishing.urls")),
]

handler400 = "factcheck.views.bad_request"
handler403 = "factcheck.views.permission_denied"
handler404 = "factcheck.views.page_not_found"
handler500 = "factcheck.views.server_error"
