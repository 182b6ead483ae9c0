from django.urls import path

from . import feeds, time_views, views

app_name = "events"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("chart/", time_views.timeline_chart, name="timeline-chart"),
    path("as-of/", time_views.state_on, name="state-on"),
    path("changes/", time_views.changes, name="changes"),
    path("search/", views.search_page, name="search"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit-detail"),
    path("mechanisms/", views.mechanism_list, name="mechanism-list"),
    path("mechanisms/<slug:slug>/", views.mechanism_detail, name="mechanism-detail"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("feeds/changes.atom", feeds.ChangesFeed(), name="feed-changes"),
    path("feeds/timeline.atom", feeds.TimelineFeed(), name="feed-timeline"),
    path("feeds/summits.ics", feeds.summits_ics, name="feed-summits"),
]
