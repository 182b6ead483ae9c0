"""Bulk writes on a list endpoint (NetBox's bulk operations): `POST` a list creates many records,
`PATCH` a list (each item with its `slug`) updates many, `DELETE` a list of slugs deletes many.
All or nothing, in one transaction; errors name each failing item by index and slug; an item may
carry the `updated_at` it was read with, and a stale one makes the whole request a 412.
See docs/api.md#bulk-writes."""

import re

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.response import Response

from .exceptions import constraint_message, protected_response

MAX_BULK_ITEMS = 100
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # RecordViewSet.lookup_value_regex


class TooManyItems(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"At most {MAX_BULK_ITEMS} items per bulk request: send the rest in another."
    default_code = "too_many_items"


class BulkFailed(Exception):
    """Some items failed: the response says which, and the transaction is rolled back."""

    def __init__(self, response: Response):
        self.response = response


def item_slug(item):
    return item.get("slug") if isinstance(item, dict) else item if isinstance(item, str) else None


def failure(index: int, item, errors) -> dict:
    return {"index": index, "slug": item_slug(item), "errors": errors}


class BulkItemSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    updated_at = serializers.DateTimeField(
        required=False, help_text="The version you read: a record changed since is a 412 and nothing is written."
    )


BULK_RESPONSES = {  # the schema's (events.api.schema): 200 or 204 is added there
    400: OpenApiResponse(description="Items that failed, each `{index, slug, errors}`; nothing was written."),
    412: OpenApiResponse(description="Items changed since their `updated_at`; nothing was written."),
    413: OpenApiResponse(description=f"More than {MAX_BULK_ITEMS} items."),
}


class BulkWritesMixin:
    """Bulk create, update and delete for RecordViewSet; each item is checked like a single write
    (serializer, model validation, object permissions)."""

    def items(self, request, *, slugs_alone: bool = False, need_slug: bool = True) -> list:
        """The request's list of items: objects (with a slug unless creating), or slugs alone."""
        data = request.data
        if not isinstance(data, list) or not data:
            raise ParseError("Send a non-empty JSON list of items.")
        if len(data) > MAX_BULK_ITEMS:
            raise TooManyItems()
        def acceptable(item):
            if isinstance(item, str):
                return slugs_alone and SLUG.fullmatch(item)
            slug = item.get("slug") if isinstance(item, dict) else None
            return isinstance(item, dict) and (not need_slug or (isinstance(slug, str) and SLUG.fullmatch(slug)))

        message = "Each item must be an object with a slug" + (", or a slug." if slugs_alone else ".")
        bad = [failure(index, item, [message]) for index, item in enumerate(data) if not acceptable(item)]
        if bad:
            raise ValidationError({"detail": f"{len(bad)} item(s) failed; nothing was written.", "items": bad})
        return data

    def run_bulk(self, work):
        try:
            with transaction.atomic():
                return work()
        except BulkFailed as failed:
            return failed.response

    def bulk_create(self, request):
        """Create many records at once: a list of records (POST to the list URL)."""
        data = self.items(request, need_slug=False)

        def work():
            created, errors = [], []
            for index, item in enumerate(data):
                serializer = self.get_serializer(data=item)
                record = self.save_item(serializer, index, item, errors)
                if record is not None:
                    created.append(record)
            self.fail_if(errors)
            return Response(self.bulk_data(created), status=status.HTTP_201_CREATED)

        return self.run_bulk(work)

    @extend_schema(
        summary="Update many records",
    )
    def bulk_partial_update(self, request, *args, **kwargs):
        """Update many records at once: a list of partial records, each with its `slug` (and
        optionally the `updated_at` it was read with)."""
        data = self.items(request)

        def work():
            records = self.locked(data)
            errors, updated = [], []
            for index, item in enumerate(data):
                serializer = self.get_serializer(records[item["slug"]], data=item, partial=True)
                record = self.save_item(serializer, index, item, errors)
                if record is not None:
                    updated.append(record)
            self.fail_if(errors)
            return Response(self.bulk_data(updated))

        return self.run_bulk(work)

    @extend_schema(
        summary="Delete many records",
        request=BulkItemSerializer(many=True),
    )
    def bulk_destroy(self, request, *args, **kwargs):
        """Delete many records at once: a list of slugs, or of `{slug, updated_at}`."""
        data = self.items(request, slugs_alone=True)

        def work():
            records = self.locked(data)
            errors, conflict = [], False
            for index, item in enumerate(data):
                try:
                    with transaction.atomic():
                        records[item_slug(item)].delete()
                except (ProtectedError, RestrictedError) as error:
                    conflict = True
                    errors.append(failure(index, item, protected_response(error).data))
            self.fail_if(errors, status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST)
            return Response(status=status.HTTP_204_NO_CONTENT)

        return self.run_bulk(work)

    def locked(self, data) -> dict:
        """The records the items name, locked; a 400 for unknown or repeated slugs, a 412 for stale ones."""
        slugs = [item_slug(item) for item in data]
        records = {
            record.slug: record
            for record in self.get_queryset().select_for_update(of=("self",)).filter(slug__in=slugs)
        }
        errors = []
        for index, (slug, item) in enumerate(zip(slugs, data, strict=True)):
            if slug not in records:
                errors.append(failure(index, item, [f"No {self.queryset.model._meta.verbose_name} has this slug."]))
            elif slugs.index(slug) != index:
                errors.append(failure(index, item, ["Listed twice in this request."]))
            else:
                self.check_object_permissions(self.request, records[slug])
        self.fail_if(errors)
        stale = []
        for index, item in enumerate(data):
            if isinstance(item, dict) and "updated_at" in item:
                guard = BulkItemSerializer(data=item)
                if not guard.is_valid():
                    errors.append(failure(index, item, guard.errors))
                elif guard.validated_data["updated_at"] != records[item["slug"]].updated_at:
                    stale.append(failure(index, item, ["Changed since you read it: fetch it again."]))
        self.fail_if(errors)
        self.fail_if(stale, status.HTTP_412_PRECONDITION_FAILED)
        return records

    def save_item(self, serializer, index, item, errors):
        if not serializer.is_valid():
            errors.append(failure(index, item, serializer.errors))
            return None
        try:
            with transaction.atomic():
                return serializer.save()
        except ValidationError as error:
            errors.append(failure(index, item, error.detail))
        except IntegrityError as error:
            errors.append(failure(index, item, {"non_field_errors": [constraint_message(error)]}))
        return None

    @staticmethod
    def fail_if(errors, status_code=status.HTTP_400_BAD_REQUEST):
        if errors:
            word = {412: "changed since they were read", 409: "are still referred to"}.get(status_code, "failed")
            detail = f"{len(errors)} item(s) {word}; nothing was written."
            raise BulkFailed(Response({"detail": detail, "items": errors}, status=status_code))

    def bulk_data(self, records) -> list:
        return [self.get_serializer(self.reload(record)).data for record in records]
