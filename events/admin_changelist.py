"""A changelist's rows with less per-row rendering: the same HTML as Django's admin writes."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext


class CuratedChangeList(ChangeList):
    """A changelist whose rows' links to their change pages are reversed once per page, not once
    per row (the ids are whole numbers, which the URL writes as they are)."""

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return super().url_for_result(result)
        if not hasattr(self, "_change_url_around_pk"):
            url = reverse(admin_urlname(self.opts, "change"), args=(0,), current_app=self.model_admin.admin_site.name)
            self._change_url_around_pk = url.rsplit("/0/", 1)
        before, after = self._change_url_around_pk
        return f"{before}/{pk}/{after}"


class JoinedRowsMixin:
    """For a ModelAdmin: each row's action checkbox and change link without a template or a
    reverse of their own."""

    def get_changelist(self, request, **kwargs):
        return CuratedChangeList

    def action_checkbox(self, obj):
        """Django's checkbox column, the same HTML joined here: rendering the checkbox widget's
        template for each of a page's rows was a third of the participations changelist's time."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )
