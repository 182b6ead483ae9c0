from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("actors", views.ActorViewSet)
router.register("mechanisms", views.MechanismViewSet)
router.register("summits", views.SummitViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("topics", views.TopicViewSet)
router.register("sources", views.SourceViewSet)

urlpatterns = [
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    *router.urls,
]
