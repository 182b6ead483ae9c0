"""The browsable API under the Content-Security-Policy."""

from rest_framework.renderers import BrowsableAPIRenderer as DRFBrowsableAPIRenderer


class BrowsableAPIRenderer(DRFBrowsableAPIRenderer):
    """DRF's browsable API, whose templates carry inline styles (the code highlighting, a few
    `style` attributes): its HTML pages, and only those, allow inline styles. Scripts stay
    restricted to this site."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return super().render(data, accepted_media_type, renderer_context)
