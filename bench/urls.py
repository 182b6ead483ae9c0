"""The project's URLs plus the benchmarks' baseline views."""

from django.urls import path

from cainfo.urls import urlpatterns as project_urlpatterns

from . import sql_floor, views

urlpatterns = [
    path("bench/minimal/", views.minimal, name="bench-minimal"),
    path("bench/summits/", views.summit_list, name="bench-summit-list"),
    path("bench/summits/<slug:slug>/", views.summit_detail, name="bench-summit-detail"),
    path("bench/sql/summits/", sql_floor.summit_list, name="bench-sql-summit-list"),
    path("bench/sql/summits/<slug:slug>/", sql_floor.summit_detail, name="bench-sql-summit-detail"),
    *project_urlpatterns,
]
