"""Why a record matched and a short snippet of the text that did, with the query's words marked
(HTML-escaped, so a snippet can be shown as is)."""

import re

from django.utils.html import escape

from .folding import fold

SNIPPET_LENGTH = 160
NAME_LABELS = ("name", "title", "acronym", "other name")


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """`text` folded a character at a time, and for each folded character the index of the
    original character it came from."""
    if text.isascii() and "'" not in text and "`" not in text:  # most text: one character each
        return text.lower(), list(range(len(text)))
    folded, offsets = [], []
    for index, char in enumerate(text):
        piece = char.lower() if char.isascii() and char not in "'`" else fold(char)
        folded.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(folded), offsets


def mark(text: str, tokens: list[str], length: int = SNIPPET_LENGTH) -> tuple[str, bool]:
    """A window of `text` around the first word starting with a token, each such word in
    <mark>; and whether any word matched."""
    folded, offsets = _folded_with_offsets(text)
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(t) for t in tokens) + r")[^\W_]*")
    spans = [(offsets[m.start()], offsets[m.end() - 1] + 1) for m in pattern.finditer(folded) if m.end() > m.start()]
    if not spans:
        return escape(text[:length]) + ("…" if len(text) > length else ""), False
    start = max(0, spans[0][0] - length // 3)
    end = min(len(text), start + length)
    pieces, at = [], start
    for span_start, span_end in spans:
        if span_start < at or span_end > end:
            continue
        pieces += [escape(text[at:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        at = span_end
    pieces.append(escape(text[at:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else ""), True


def explain(labels: list, tokens: list[str], matched: str, query: str) -> tuple[str, str]:
    """(why the record matched, its snippet) from the entry's [field, text] pairs."""
    names = [(label, text) for label, text in labels if label in NAME_LABELS or label.startswith("identifier")]
    texts = [(label, text) for label, text in labels if (label, text) not in names]
    phrase = " ".join(tokens)
    if matched in ("exact", "prefix", "word prefix", "similar"):
        for label, text in names:
            folded = " ".join(re.findall(r"[^\W_]+", fold(text)))
            hit = {
                "exact": folded == phrase,
                "prefix": folded.startswith(phrase),
                "word prefix": f" {phrase}" in f" {folded}",
                "similar": True,
            }[matched]
            if hit:
                snippet, _ = mark(text, tokens)
                verb = {"exact": "is", "prefix": "starts with", "word prefix": "has a word starting with",
                        "similar": "is close to"}[matched]  # fmt: skip
                return f"{label} {verb} “{query.strip()}”", snippet
    for label, text in [*names, *texts]:
        snippet, found = mark(text, tokens)
        if found:
            return f"words in {label}", snippet
    label, text = (labels or [["name", ""]])[0]
    return f"words in {label}", mark(text, tokens)[0]
