from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("search/", views.search_page, name="search"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit-detail"),
    path("mechanisms/", views.mechanism_list, name="mechanism-list"),
    path("mechanisms/<slug:slug>/", views.mechanism_detail, name="mechanism-detail"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]
