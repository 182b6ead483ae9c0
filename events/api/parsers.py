"""Request body parsing that answers hostile JSON with a 400 naming the problem."""

import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_path(value, path: str = "") -> str | None:
    """Where in `value` a text holds a lone surrogate (JSON's `"\\ud800"`: half of a character,
    which no text can store or encode), e.g. `participants[0].actor`; None if nowhere."""
    if isinstance(value, str):
        return path or "the body" if LONE_SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if LONE_SURROGATE.search(str(key)):
                return f"the key {where.encode('utf-8', 'backslashreplace').decode()}"
            if found := surrogate_path(item, where):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := surrogate_path(item, f"{path}[{index}]"):
                return found
    return None


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity); lists and objects nested past Python's
    recursion limit (about 1,000 levels) and lone surrogates (`"\\ud800"`) anywhere are a 400,
    not a RecursionError or a UnicodeEncodeError and a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - lists or objects are nested too deeply.") from None
        if where := surrogate_path(data):
            raise ParseError(
                f"JSON parse error - {where} holds a lone surrogate (such as \\ud800), half of a character: "
                "send whole characters."
            )
        return data
