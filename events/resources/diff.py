"""The import preview's cell differences, word by word and marked with classes (events.diffs)
instead of django-import-export's character diff with inline `style`, which the CSP blocks."""

from django.utils.encoding import force_str
from import_export.resources import Diff

from ..diffs import word_diff_html


class WordDiff(Diff):
    def as_html(self):
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            cells.append(word_diff_html(force_str(before), force_str(after)))
        return cells
