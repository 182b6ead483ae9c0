"""RecordSerializer, the base of every main record's serializer: nested rows replaced by key, model
validation errors answered as 400s."""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from events.provenance import represented_provenance

from ...models import SLUG_FIXED
from .fields import StrictFieldsMixin
from .rows import row_key, stored_row_key


def drf_errors(error: DjangoValidationError) -> dict:
    """A Django ValidationError as DRF error detail, with `__all__` as `non_field_errors`."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class RecordSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """Base for main records: validates the model (its database constraints included) before
    saving, writes to-many relations and nested relation rows, and keeps slugs stable.

    Subclasses set `Meta.validators = []`: DRF's validators for conditional unique constraints
    make nullable fields required; `Model.full_clean()` checks every constraint instead."""

    # Names of the nested relation-row fields (each a list serializer whose source is the
    # record's reverse relation to its rows).
    nested: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "provenance" in data:
            # Provenance is read off the whole representation; `?fields=` may have left out its parts.
            whole = data
            if "citations" not in data:
                whole = type(self)(instance, context=self.context).to_representation(instance)
            data["provenance"] = represented_provenance(self.Meta.model._meta.model_name, whole)
        return data

    def validate_slug(self, value):
        if self.instance is not None and self.instance.slug_is_fixed() and value != self.instance.slug:
            raise serializers.ValidationError(SLUG_FIXED)
        return value

    def validate(self, attrs):
        for name in self.nested:
            rows = attrs.get(self.fields[name].source, None)
            if rows is None:
                continue
            keys = [row_key(self.fields[name].child.Meta.model, row) for row in rows]
            duplicates = {
                index: {"non_field_errors": ["Listed twice in this record."]}
                for index, key in enumerate(keys)
                if keys.index(key) != index
            }
            if duplicates:
                raise serializers.ValidationError({name: duplicates})
        return attrs

    def create(self, validated_data):
        return self.save_record(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_record(instance, validated_data)

    def save_record(self, instance, validated_data):
        """Save the record and its relations; the caller holds a transaction."""
        rows = {name: validated_data.pop(self.fields[name].source, None) for name in self.nested}
        to_many = {
            field.name: validated_data.pop(field.name)
            for field in instance._meta.many_to_many
            if field.name in validated_data
        }
        for attr, value in validated_data.items():
            setattr(instance, attr, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(drf_errors(error)) from None
        instance.save()
        for name, values in to_many.items():
            getattr(instance, name).set(values)
        for name, items in rows.items():
            if items is not None:
                self.sync_rows(instance, name, items)
        return instance

    def check_row_permission(self, model, action: str, name: str) -> None:
        """A nested write that removes relation rows deletes them: it needs the permission to
        delete that relation, as the admin's inlines do (their delete boxes need it)."""
        request = self.context.get("request")
        if request is None:
            return
        codename = get_permission_codename(action, model._meta)
        if not request.user.has_perm(f"{model._meta.app_label}.{codename}"):
            raise PermissionDenied(
                f"Leaving rows out of `{name}` deletes them, which needs the permission to delete "
                f"{model._meta.verbose_name_plural}: send every existing row (or leave `{name}` out)."
            )

    def sync_rows(self, instance, name, items):
        manager = getattr(instance, self.fields[name].source)
        model, record_field = manager.model, manager.field.name
        existing = {stored_row_key(row): row for row in manager.all()}
        wanted = [row_key(model, item) for item in items]
        removed = [row.pk for key, row in existing.items() if key not in wanted]
        if removed:
            self.check_row_permission(model, "delete", name)
        model.objects.filter(pk__in=removed).delete()
        errors = {}  # by index, as DRF reports errors in lists
        for index, (key, item) in enumerate(zip(wanted, items, strict=True)):
            row = model(**{record_field: instance})
            if key in existing:  # rewrite the row in place: what the item leaves out goes back to its default
                row.pk, row.created_at = existing[key].pk, existing[key].created_at
                row._state.adding = False
            for attr, value in item.items():
                setattr(row, attr, value)
            try:
                row.full_clean()
            except DjangoValidationError as error:
                errors[index] = drf_errors(error)
                continue
            row.save()
        if errors:
            raise serializers.ValidationError({name: errors})
