"""JoinedSelect writes the markup Django's Select renders from its templates."""

import pytest
from django import forms

from events.forms import JoinedSelect, TimelineFilterForm
from tests import factories as f

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "Any"),
    ("a&b", 'Quotes " and <tags>'),
    ("plain", "Plain"),
    ("Group & more", [("g1", "First in a group"), ("g2", "Second")]),
    (3, "A number"),
]


@pytest.mark.parametrize("value", [None, "", "a&b", "g2", 3, "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x"}, {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False}]
)
def test_joined_select_is_what_the_select_template_renders(value, attrs):
    assert JoinedSelect(choices=CHOICES).render("x", value, attrs) == forms.Select(choices=CHOICES).render(
        "x", value, attrs
    )


@pytest.mark.parametrize("data", [{}, {"topic": "energy", "kind": "treaty"}, {"topic": "no-such-topic"}])
def test_the_timeline_form_renders_its_selects_as_django_would(data):
    f.make_topic(slug="energy", name="Energy & <power>")
    f.make_topic(slug="trade", name="Trade")
    form = TimelineFilterForm(data)
    form.is_valid()
    for name in ("topic", "kind"):
        field = form[name]
        template_rendered = forms.Select(choices=field.field.widget.choices).render(
            field.html_name, field.value(), field.build_widget_attrs(field.field.widget.attrs)
            | {"id": field.auto_id}
        )
        assert field.as_widget() == template_rendered
