"""Record page URLs reversed once per view (events.models.base.page_url) are what `reverse` gives."""

from django.urls import reverse, set_script_prefix

from events.models.base import page_url


def test_page_urls_are_what_reverse_gives():
    for view_name in ["events:summit-detail", "events:actor-detail", "events:source-detail"]:
        for slug in ["tokyo-2025", "a_b-9", "Kazakhstan"]:
            assert page_url(view_name, slug) == reverse(view_name, args=[slug])


def test_page_urls_follow_the_script_prefix():
    try:
        set_script_prefix("/cainfo/")
        assert page_url("events:summit-detail", "tokyo") == reverse("events:summit-detail", args=["tokyo"])
        assert page_url("events:summit-detail", "tokyo").startswith("/cainfo/")
    finally:
        set_script_prefix("/")
