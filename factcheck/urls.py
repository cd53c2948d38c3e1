from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from publishing.exports import claims_csv

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Accounts: django.contrib.auth's views, templates in templates/registration/ (logout is POST-only).
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("desk/claims/export.csv", claims_csv, name="claims_export_csv"),
    path("desk/", include("claims.urls")),
    path("desk/", include("comments.urls")),
    path("desk/", include("notifications.urls")),
    path("api/", include("api.urls")),
    # The public site (published fact-checks, feeds, exports) lives at the root; the desk under /desk/.
    path("", include("publishing.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "factcheck.views.bad_request"
handler403 = "factcheck.views.permission_denied"
handler404 = "factcheck.views.page_not_found"
handler500 = "factcheck.views.server_error"
