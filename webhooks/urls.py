"""The desk's webhook pages under /desk/webhooks/."""

from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/secret/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/deliveries/", views.delivery_list, name="webhook_deliveries"),
    path("webhooks/deliveries/<int:pk>/", views.delivery_detail, name="webhook_delivery"),
    path("webhooks/deliveries/<int:pk>/resend/", views.delivery_resend, name="webhook_resend"),
]
