"""A source's own text in numbered paragraphs, and checking quotes against it.

The paragraph rule (docs/provenance.md): the text's blank-line separated blocks are its
paragraphs, numbered from 1. A block that ends without closing punctuation stops mid-sentence at
a page break of the printed article; it continues in the next block and the two are joined with
one space. A quote matches a paragraph when it appears in it verbatim, white space aside.
"""

import re

CLOSING = (".", "?", "!", "]", ")", '"', "”", ":")
PARAGRAPH_LOCATOR = re.compile(r"^paragraph (\d+)$")

ANALYSIS_BODY_STARTS = "On 20 December 2025"
ANALYSIS_BODY_ENDS = "**Image:"


def split_paragraphs(text: str) -> list[str]:
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    paragraphs: list[str] = []
    continues = False
    for block in filter(None, blocks):
        if continues:
            paragraphs[-1] = f"{paragraphs[-1]} {block}"
        else:
            paragraphs.append(block)
        continues = not block.endswith(CLOSING)
    return paragraphs


def analysis_body(text: str) -> str:
    """The analysis's body: from its first paragraph to the image credit before the footnotes."""
    start = text.index(ANALYSIS_BODY_STARTS)
    return text[start : text.index(ANALYSIS_BODY_ENDS, start)]


def squeezed(text: str) -> str:
    return " ".join(text.split())


def quote_in(quote: str, paragraph: str) -> bool:
    return squeezed(quote) in squeezed(paragraph)


def paragraph_number(locator: str) -> int | None:
    match = PARAGRAPH_LOCATOR.match(locator.strip())
    return int(match.group(1)) if match else None
