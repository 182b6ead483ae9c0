from django.urls import path
from rest_framework.routers import DefaultRouter

from . import snapshot, treaties, views
from .changes import ChangeFeedView
from .history import HISTORIES, history_view
from .search import SearchView

app_name = "api"


class Router(DefaultRouter):
    """DefaultRouter whose root also links the views registered outside the router."""

    extra_root_links = {
        "agreement-actions": "agreement-actions",
        "timeline": "timeline",
        "changes": "changes",
        "snapshot": "snapshot",
        "search": "search",
    }
    # bulk writes on the list URL (events.api.bulk): PATCH and DELETE with a list
    routes = [
        DefaultRouter.routes[0]._replace(
            mapping={**DefaultRouter.routes[0].mapping, "patch": "bulk_partial_update", "delete": "bulk_destroy"}
        ),
        *DefaultRouter.routes[1:],
    ]

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
    path("agreement-actions/", treaties.AgreementActionListView.as_view(), name="agreement-actions"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("snapshot/", snapshot.SnapshotView.as_view(), name="snapshot"),
    path("snapshot/diff/", snapshot.SnapshotDiffView.as_view(), name="snapshot-diff"),
    path("search/", SearchView.as_view(), name="search"),
    *[path(f"{name}/<slug:slug>/history/", history_view(name), name=f"{name}-history") for name in HISTORIES],
    *router.urls,
]
