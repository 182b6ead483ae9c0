"""Nested rows read `as_of` a day (events.api.asof): only those that held then, with their certainty."""

from django.db import models
from rest_framework import serializers

from events.asof import certainty_on


class AsOfListSerializer(serializers.ListSerializer):
    """Nested rows with `start` / `end` dates: with `as_of` in the context, only the rows that
    certainly or possibly held on that day, each with its `certainty`."""

    def to_representation(self, data):
        day = self.context.get("as_of")
        if day is None:
            return super().to_representation(data)
        rows = data.all() if isinstance(data, models.manager.BaseManager) else data
        represented = []
        for row in rows:
            certainty = certainty_on(row, day)
            if certainty is not None:
                represented.append({**self.child.to_representation(row), "certainty": certainty})
        return represented
