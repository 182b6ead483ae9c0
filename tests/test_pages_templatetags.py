import pytest

from events.templatetags.events_pages import ordinal_word


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "first"),
        (2, "second"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (111, "111th"),
        (None, ""),
        (0, ""),
    ],
)
def test_ordinals_are_words_up_to_ten(number, word):
    assert ordinal_word(number) == word
