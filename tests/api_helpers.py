"""Clients and users for the API tests."""

from django.contrib.auth.models import Group, Permission, User
from rest_framework.test import APIClient

from events.api.viewsets import RecordViewSet

EVENT_MODELS = [
    "actor",
    "agreement",
    "agreementaction",
    "agreementparty",
    "agreementrelation",
    "citation",
    "identifier",
    "mechanism",
    "mechanismlevel",
    "mechanismrelation",
    "membership",
    "othername",
    "participation",
    "source",
    "summit",
    "topic",
]


def anonymous() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def make_user(username: str = "reader", **fields) -> User:
    return User.objects.create_user(username, password="a-long-test-password", **fields)


def make_curator(username: str = "curator") -> User:
    """A user in a group that may add, change, delete and view every events model."""
    group, _ = Group.objects.get_or_create(name="API test curators")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="events", content_type__model__in=EVENT_MODELS)
    )
    user = make_user(username)
    user.groups.add(group)
    return user


def curator_client() -> APIClient:
    return client_for(make_curator())


def detail(endpoint: str, slug: str) -> str:
    return f"/api/v1/{endpoint}/{slug}/"


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def lean_and_serializer_answers(monkeypatch, url: str, viewset, replaced=("retrieve",)):
    """`viewset`'s answer to `url` on its lean path, and the serializer's: the same request with
    the `replaced` methods RecordViewSet's."""
    lean = anonymous().get(url)
    with monkeypatch.context() as serializer_path:
        for name in replaced:
            serializer_path.setattr(viewset, name, getattr(RecordViewSet, name))
        full = anonymous().get(url)
    return lean, full


def assert_same_answer(lean, full):
    assert lean.status_code == full.status_code
    assert lean.content == full.content
    assert lean.get("ETag") == full.get("ETag")
    assert lean["Content-Type"] == full["Content-Type"]
