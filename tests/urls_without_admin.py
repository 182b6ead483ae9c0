"""A URLconf whose admin site has no events models registered, so no admin change page exists."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.AdminSite(name="admin").urls),
    path("", include("events.urls")),
]
