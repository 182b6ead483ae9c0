"""Requests refused before they reach a view."""

from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulMiddleware:
    """A NUL character (`%00`) in the path, or in a query parameter of the API or the admin, is a
    400 naming where it is (the public pages' filter forms answer it with their own page).

    No record holds one (imports refuse them, forms and serializers too), and PostgreSQL refuses
    one in any query (`A string literal cannot contain NUL`), which would otherwise be a 500 in
    whichever lookup meets it first (admin filters, autocomplete, API filters, pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, where = "detail", None
        if "\x00" in request.path:
            where = "The address"
        elif request.path.startswith(("/api/", "/admin/")):
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    key = name.replace("\x00", "%00")
                    where = f"The query parameter {key!r}"
                    break
        if where is None:
            return self.get_response(request)
        message = f"{where} holds a NUL character (%00), which no value may contain."
        if request.path.startswith("/api/"):
            # the API's shape for a bad parameter: its name, then the reasons
            return JsonResponse({key: [message]} if key != "detail" else {key: message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
