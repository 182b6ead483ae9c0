"""The project's URLs plus the benchmarks' baseline views."""

from django.urls import path

from cainfo.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [
    path("bench/minimal/", views.minimal, name="bench-minimal"),
    path("bench/summits/", views.summit_list, name="bench-summit-list"),
    path("bench/summits/<slug:slug>/", views.summit_detail, name="bench-summit-detail"),
    *project_urlpatterns,
]
