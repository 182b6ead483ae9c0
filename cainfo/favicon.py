"""`/favicon.ico`, which browsers ask for on every page whatever the HTML says."""

from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = finders.find("events/favicon.ico")


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    return FileResponse(open(ICON, "rb"), content_type="image/x-icon")
