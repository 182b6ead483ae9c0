"""One folding of text for search, used on what is indexed and on what is asked, so that case,
diacritics and this region's letters never decide whether a record is found."""

import re
import unicodedata

# Letters NFKD leaves whole: Turkish and Azerbaijani dotless ı, Azerbaijani schwa, and a few
# Latin letters with a stroke. The Kazakh Latin ä ğ ñ ö ş ū ü ī decompose, so NFKD handles them.
LETTERS = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})
# Apostrophes vanish: Uzbek Latin writes o‘ and g‘ with a turned comma (U+02BB), a quote or an
# ASCII apostrophe, so "O‘zbekiston", "O'zbekiston" and "Ozbekiston" agree; "Xi'an" is found by
# "xian"; and the analysis's English drops them itself ("Chinas", "Japans").
APOSTROPHE = re.compile("[\u02bb\u02bc\u2018\u2019`']")
MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """The text as search compares it: NFKD, without combining marks, case-folded, with
    ı→i, ə→e, Kazakh and Uzbek Latin letters reduced to their plain Latin base."""
    if not text:
        return ""
    if text.isascii():  # nothing to decompose or translate
        return APOSTROPHE.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = MARKS.sub("", decomposed)
    folded = stripped.casefold().translate(LETTERS)
    # casefold can produce new combining marks (İ → i̇): strip once more.
    folded = MARKS.sub("", unicodedata.normalize("NFKD", folded))
    return APOSTROPHE.sub("", folded)
