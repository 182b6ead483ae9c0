from django import forms
from django.core.exceptions import ValidationError

from .dates import parse_partial_date

PARTIAL_DATE_HELP = "ISO 8601 at the precision known: 2004, 2025-04 or 2025-12-20."


class PartialDateForm(forms.ModelForm):
    """Edits each (field, field_precision) pair as one text box holding ISO 8601 at its precision."""

    partial_date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.partial_date_fields:
            if name in self.fields and self.instance.pk:
                self.initial[name] = self.instance.partial_date(name)

    def clean(self):
        cleaned_data = super().clean()
        for name in self.partial_date_fields:
            if name not in self.fields or name in self.errors:
                continue
            text = (cleaned_data.get(name) or "").strip()
            if not text:
                cleaned_data[name] = None
                setattr(self.instance, f"{name}_precision", "")
                continue
            try:
                value, precision = parse_partial_date(text)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned_data[name] = value
            setattr(self.instance, f"{name}_precision", precision)
        return cleaned_data


def partial_date_form(*names: str) -> type[PartialDateForm]:
    """A model form whose date fields `names` are each one ISO text box; the precision follows from the text."""
    fields = {
        name: forms.CharField(
            label=name.replace("_", " ").capitalize(),
            required=False,
            help_text=PARTIAL_DATE_HELP,
            widget=forms.TextInput(attrs={"placeholder": "YYYY, YYYY-MM or YYYY-MM-DD", "size": 12}),
        )
        for name in names
    }
    return type("PartialDateForm", (PartialDateForm,), {"partial_date_fields": names, **fields})
