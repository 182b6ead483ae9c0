import re

from django.db.models import Count, F, Func, Subquery
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits: "²" and "①" are digits to str.isdigit(), not to int()


def whole_number(raw: str) -> int | None:
    return int(raw) if WHOLE_NUMBER.fullmatch(raw) else None


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
        size = whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Use a whole number from 1 to {self.max_page_size}; got {raw!r}."]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings and not (whole_number(raw) or 0) >= 1:
            raise ValidationError({self.page_query_param: [f"Use a page number from 1; got {raw!r}."]})
        return super().paginate_queryset(queryset, request, view)


class CountedApart:
    """The timeline's merged rows for the paginator, counted as the sum of the two tables'
    counts in one query: SQLite materialises a UNION ALL to count it (13 ms against 5 ms for
    the 1,184 records of one actor at scale)."""

    ordered = True

    def __init__(self, merged, summits, agreements):
        self.merged, self.summits, self.agreements = merged, summits, agreements

    def count(self):
        if self.summits.query.is_empty():
            return self.agreements.count()
        if self.agreements.query.is_empty():
            return self.summits.count()
        agreements = Subquery(self.agreements.annotate(n=Func(F("pk"), function="COUNT")).values("n"))
        return self.summits.aggregate(total=Count("pk") + agreements)["total"]

    def __getitem__(self, index):
        return self.merged[index]

    def __len__(self):
        return self.count()


class MergedNewestFirst(CountedApart):
    """The public timeline's (record type, rank, date, name, pk) rows of two tables, newest first
    (undated last, then rank, name, pk), for Django's paginator. A page is the first rows of
    each table in that order (each read from its date index) merged here: an ORDER BY over the
    UNION ALL sorted every row of both tables for every page (about 250 ms of the home page's
    time on SQLite at scale). Python's sort is stable and sorts only by date and rank, which
    never tie across the tables, so names keep the database's collation."""

    ORDER = (F("date").desc(nulls_last=True), "rank", "name", "pk")

    def __init__(self, summits, agreements):
        # unordered for the count (PostgreSQL refuses an ORDER BY in its aggregate subquery)
        super().__init__(None, summits.order_by(), agreements.order_by())

    def __getitem__(self, page: slice):
        rows = [*self.summits.order_by(*self.ORDER)[: page.stop], *self.agreements.order_by(*self.ORDER)[: page.stop]]
        rows.sort(key=lambda row: (row[2] is None, -row[2].toordinal() if row[2] else 0, row[1]))
        return rows[page]
