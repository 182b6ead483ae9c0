"""Renderers: CSV errors for `?format=csv`, JSON-LD, and the browsable API under the Content-Security-Policy."""

import csv
import io

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.renderers import BrowsableAPIRenderer as DRFBrowsableAPIRenderer


class CSVRenderer(BaseRenderer):
    """`?format=csv` on list endpoints. The rows themselves are streamed by the list view in the
    CSV files' columns; this renderer only writes what else may answer such a request (an error)
    as `field,message` rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["field", "message"])
        for field, messages in (data or {}).items():
            for message in messages if isinstance(messages, list) else [messages]:
                writer.writerow([field, message])
        return buffer.getvalue().encode(self.charset)


class BrowsableAPIRenderer(DRFBrowsableAPIRenderer):
    """DRF's browsable API, whose templates carry inline styles (the code highlighting, a few
    `style` attributes): its HTML pages, and only those, allow inline styles. Scripts stay
    restricted to this site."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return super().render(data, accepted_media_type, renderer_context)


class JSONLDRenderer(JSONRenderer):
    """`Accept: application/ld+json` (or `?format=jsonld`) on a record with a public page: its
    schema.org JSON-LD (events.linked_data)."""

    media_type = "application/ld+json"
    format = "jsonld"
