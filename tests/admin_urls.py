"""A URLconf with the events models registered on an admin site, for the public pages' admin links."""

from django.contrib import admin
from django.urls import include, path

from events.models import Actor, Agreement, Mechanism, Source, Summit

site = admin.AdminSite(name="admin")
for model in (Actor, Agreement, Mechanism, Source, Summit):
    site.register(model)

urlpatterns = [
    path("admin/", site.urls),
    path("", include("events.urls")),
]
