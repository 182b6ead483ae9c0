"""`{% json_ld record %}`: the record's schema.org JSON-LD as a data block (events.linked_data)."""

from django import template

from events.linked_data import script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, record):
    return script_tag(record, context["request"])
