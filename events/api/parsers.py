"""Request body parsing that answers hostile JSON with a 400 naming the problem."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity); lists and objects nested past Python's
    recursion limit (about 1,000 levels) are a 400, not a RecursionError and a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - lists or objects are nested too deeply.") from None
