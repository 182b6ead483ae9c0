from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    """Page-number pagination with `page_size` up to `max_page_size`; a malformed `page` or an
    out-of-range `page_size` is a 400 naming the parameter instead of a silent default."""

    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = f"Number of results per page, from 1 to {max_page_size}."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Use a whole number from 1 to {self.max_page_size}; got {raw!r}."]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_query_param: [f"Use a page number from 1; got {raw!r}."]})
        return super().paginate_queryset(queryset, request, view)
