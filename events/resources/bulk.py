"""Bulk mode (``bulk=True``): rows saved in batches with their history, many-to-many links per batch."""

from django.db import DatabaseError
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from ..bulk_sql import copy_history, create_rows, insert_rows
from ..cache import data_changed
from ..changes import record_many
from ..search import reindex_instances
from .cells import QUERY_CHUNK, BulkImportAbandoned
from .lists import SlugListField


class BulkWriteMixin:
    """The bulk mode of CainfoResource (``bulk=True``): rows are checked in Python, then saved in
    batches with their history; many-to-many links are written per batch; unchanged records are
    found by comparing their cells with the values stored before the row was read."""

    def init_instance(self, row=None):
        """In bulk mode, a copy of a new record made once per import (Model() sets each of its
        fields, a Summit's 27, and sends two signals: a quarter of a row's time)."""
        model = self._meta.model
        if not self.bulk:
            return super().init_instance(row)
        if "_blank" not in self.__dict__:
            signals = pre_init.has_listeners(model) or post_init.has_listeners(model)
            blank = model()
            fresh = [field for field in model._meta.concrete_fields if field.has_default() and callable(field.default)]
            self._blank = None if signals else ({k: v for k, v in blank.__dict__.items() if k != "_state"}, fresh)
        if self._blank is None:  # the model's own constructor then, for whoever listens
            return super().init_instance(row)
        values, fresh = self._blank
        instance = model.__new__(model)
        instance.__dict__.update(values)
        instance._state = ModelState()
        for field in fresh:  # a default such as dict: a new one for each record, as Model() gives
            instance.__dict__[field.attname] = field.get_default()
        return instance

    def after_init_instance(self, instance, new, row, **kwargs):
        """In bulk mode, note the stored values of an existing record (see skip_row)."""
        if not self.bulk:
            return
        self.stored = (
            None
            if new
            else {field.column_name: self._stored_value(field, instance) for field in self.get_import_fields()}
        )

    @staticmethod
    def _stored_value(field, instance):
        if isinstance(field, SlugListField):
            return sorted(item.pk for item in field.get_value(instance).all())
        return field.get_value(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """In bulk mode (no `original`): an existing record whose cells match its stored values."""
        if not self.bulk:
            return super().skip_row(instance, original, row, import_validation_errors)
        if self.stored is None or import_validation_errors:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field, SlugListField):
                value = sorted(item.pk for item in self.row_links[field.attribute])
            else:
                value = field.get_value(instance)
            if value != self.stored[field.column_name]:
                return False
        return True

    def save_m2m(self, instance, row, **kwargs):
        if not self.bulk:
            return super().save_m2m(instance, row, **kwargs)
        for field in self.get_import_fields():
            if isinstance(field, SlugListField) and field.column_name in row:
                links = self.row_links[field.attribute]
                self.pending_m2m[field.attribute].append((instance, [item.pk for item in links]))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances:
            return
        model = self._meta.model  # the date bounds are filled: validate_instance's clean_fields did it
        try:
            create_rows(model, self.create_instances)
            copy_history(model, self.create_instances, "+")
        except DatabaseError as error:
            raise BulkImportAbandoned(f"the database refused a batch of new rows: {error}") from error
        if hasattr(model, "slug"):
            for instance in self.create_instances:
                self.slug_cache.add(model, instance.slug, instance.pk)
        record_many(model, self.create_instances, "created")  # for the change feed: no signals here
        created = list(self.create_instances)
        self.create_instances.clear()
        self.write_pending_m2m(created=created)
        reindex_instances(model, created)  # bulk_create sends no signals
        data_changed()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances:
            return
        model = self._meta.model
        now = timezone.now()
        for instance in self.update_instances:
            instance.updated_at = now  # bulk_update() skips auto_now
        columns = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        try:
            model._default_manager.bulk_update(self.update_instances, columns, batch_size=batch_size)
            copy_history(model, self.update_instances, "~")
        except DatabaseError as error:
            raise BulkImportAbandoned(f"the database refused a batch of changed rows: {error}") from error
        record_many(model, self.update_instances, "updated")
        updated = list(self.update_instances)
        self.update_instances.clear()
        self.write_pending_m2m()
        reindex_instances(model, updated)
        data_changed()

    def write_pending_m2m(self, *, created=()):
        """Many-to-many cells of the rows saved so far: their links replaced in two queries per
        batch (the instances have primary keys once their batch is saved); the records just
        `created` have no links to remove."""
        fresh = {instance.pk for instance in created}
        for attribute, pending in self.pending_m2m.items():
            ready = [(instance, pks) for instance, pks in pending if instance.pk is not None]
            if not ready:
                continue
            relation = self._meta.model._meta.get_field(attribute)
            through = relation.remote_field.through
            own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            ids = [instance.pk for instance, _ in ready if instance.pk not in fresh]
            for start in range(0, len(ids), QUERY_CHUNK):
                through.objects.filter(**{f"{own}__in": ids[start : start + QUERY_CHUNK]}).delete()
            links = ((instance.pk, pk) for instance, pks in ready for pk in pks)
            insert_rows(through, (f"{own}_id", f"{other}_id"), links)
            self.pending_m2m[attribute] = [(instance, pks) for instance, pks in pending if instance.pk is None]
