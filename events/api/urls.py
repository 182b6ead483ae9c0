from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views
from .history import HISTORIES, history_view
from .search import SearchView

app_name = "api"


class Router(DefaultRouter):
    """DefaultRouter whose root also links the views registered outside the router."""

    extra_root_links = {"timeline": "timeline", "search": "search"}  # prefix -> URL name

    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {prefix: list_name.format(basename=basename) for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**api_root_dict, **self.extra_root_links})


router = Router()
router.register("actors", views.ActorViewSet)
router.register("mechanisms", views.MechanismViewSet)
router.register("summits", views.SummitViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("topics", views.TopicViewSet)
router.register("sources", views.SourceViewSet)

urlpatterns = [
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("search/", SearchView.as_view(), name="search"),
    *[path(f"{name}/<slug:slug>/history/", history_view(name), name=f"{name}-history") for name in HISTORIES],
    *router.urls,
]
