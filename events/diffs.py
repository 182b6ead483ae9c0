"""Word-level differences between two texts, as HTML a strict Content-Security-Policy lets through:
removed words in `<del class="diff-removed">`, added words in `<ins class="diff-added">`, styled by
events/static/events/workbench.css (no inline `style`). Used by the admin's history page and the
import preview."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words and the spaces between them, both kept, so that the pieces join back into the text.
TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff_html(old: str, new: str) -> SafeString:
    """The new text with what changed marked: every word of both texts appears once, nothing is clipped."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    pieces = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        removed, added = "".join(before[a_start:a_end]), "".join(after[b_start:b_end])
        if operation == "equal":
            pieces.append(escape(added))
            continue
        if removed:
            pieces.append(f'<del class="diff-removed">{escape(removed)}</del>')
        if added:
            pieces.append(f'<ins class="diff-added">{escape(added)}</ins>')
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)
