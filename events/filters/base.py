"""The base of every FilterSet of the project."""

import django_filters


class RequestFilterSet(django_filters.FilterSet):
    """A FilterSet that, with `only_given=True`, copies, builds and validates only the filters its
    data names. Every other filter would leave the queryset as it is (each skips an empty value),
    and building the form of all of them was half of a filtered list's time. The API's filtering
    passes it; forms that show every filter (the browsable API's) do not."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, only_given=False):
        if only_given and data is not None:
            self.base_filters = {name: filter_ for name, filter_ in self.base_filters.items() if name in data}
        super().__init__(data, queryset, request=request, prefix=prefix)
