"""The filter backend of every list endpoint: unknown query parameters are a 400 naming them."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError as APIValidationError

# Parameters every list endpoint accepts besides its FilterSet's: paging and the renderer.
NON_FILTER_PARAMETERS = frozenset({"page", "page_size", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that refuses query parameters nobody declared (django-filter
    ignores them, #860), so a typo such as `?yaer=2025` is a 400, not every row."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        allowed = NON_FILTER_PARAMETERS | set(filterset_class.base_filters if filterset_class else ())
        reject_unknown_parameters(request, allowed)
        return super().filter_queryset(request, queryset, view)


def reject_unknown_parameters(request, allowed) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        accepted = ", ".join(sorted(allowed))
        raise APIValidationError(
            {name: [f"Unknown query parameter {name!r}. This endpoint accepts: {accepted}."] for name in unknown}
        )
