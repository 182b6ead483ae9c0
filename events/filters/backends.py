"""The filter backend of every list endpoint: unknown query parameters are a 400 naming them."""

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError as APIValidationError

# Parameters every list endpoint accepts besides its FilterSet's: paging and the renderer.
NON_FILTER_PARAMETERS = frozenset({"page", "page_size", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that refuses query parameters nobody declared (django-filter
    ignores them, #860), so a typo such as `?yaer=2025` is a 400, not every row."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        allowed = NON_FILTER_PARAMETERS | set(filterset_class.base_filters if filterset_class else ())
        # the view's other backends and its shared parameters (fields=, brief=, modified_since=)
        allowed |= set(getattr(view, "shared_query_parameters", ()))
        for backend in getattr(view, "filter_backends", ()):
            allowed |= set(getattr(backend, "query_parameters", ()))
        reject_unknown_parameters(request, allowed)
        if filterset_class is None:
            return queryset
        # only the given filters (RequestFilterSet; none when none is given): the browsable API's
        # form, built by get_filterset, still shows them all
        filterset = filterset_class(**self.get_filterset_kwargs(request, queryset, view), only_given=True)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs


def reject_unknown_parameters(request, allowed) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        accepted = ", ".join(sorted(allowed))
        raise APIValidationError(
            {name: [f"Unknown query parameter {name!r}. This endpoint accepts: {accepted}."] for name in unknown}
        )
