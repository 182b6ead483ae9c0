"""The history page's entries as events.api.history built them through the ORM before
events.api.history_rows (historical model instances, `in_bulk` of every related record, `str()`
of each version's instance): the reference the plain-row reading is compared with."""

from collections import defaultdict

from django.db import models

from events.api.history_rows import CHANGES, NOT_COMPARED


def reference_page_entries(record, tables: list, wanted: list[tuple], show_users: bool) -> list[dict]:
    by_table = defaultdict(list)
    for _, history_id, index in wanted:
        by_table[index].append(history_id)
    versions, chains, previous = {}, {}, {}
    for index, history_ids in by_table.items():
        history_model, condition = tables[index]
        rows = history_model._default_manager.filter(**condition, history_id__in=history_ids)
        chains[index] = sorted(rows.select_related("history_user"), key=lambda row: (row.history_date, row.history_id))
        versions.update(((index, row.history_id), row) for row in chains[index])
        previous[index] = versions_before(history_model, chains[index])
    slugs, objects = related([row for chain in chains.values() for row in chain], *previous.values())
    shown = {}
    for index, chain in chains.items():
        last = {row_id: row_values(row, slugs) for row_id, row in previous[index].items()}
        for row in chain:
            values = row_values(row, slugs)
            shown[index, row.history_id] = values, last.get(row.id)
            last[row.id] = values
    return [
        entry(versions[index, history_id], objects, *shown[index, history_id], record, show_users)
        for _, history_id, index in wanted
    ]


def versions_before(history_model, chain: list) -> dict:
    versions, first = history_model._default_manager, chain[0]
    before_page = models.Q(history_date__lt=first.history_date) | models.Q(
        history_date=first.history_date, history_id__lt=first.history_id
    )
    latest_before = (
        versions.filter(before_page, id=models.OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = versions.filter(before_page, id__in={row.id for row in chain}, history_id=models.Subquery(latest_before))
    return {row.id: row for row in rows}


def related(rows, *more: dict) -> tuple[dict, dict]:
    wanted = defaultdict(set)
    for row in [*rows, *(row for found in more for row in found.values())]:
        for field in row.instance_type._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and getattr(row, field.attname) is not None:
                wanted[field.related_model].add(getattr(row, field.attname))
    objects = {model: model._default_manager.order_by().in_bulk(pks) for model, pks in wanted.items()}
    slugs = defaultdict(dict)
    for model, found in objects.items():
        if hasattr(model, "slug"):
            slugs[model] = {pk: obj.slug for pk, obj in found.items()}
    return slugs, objects


def entry(row, objects, values, before, record, show_users) -> dict:
    model = row.instance_type
    changed = [
        name for name, value in values.items() if name not in NOT_COMPARED and (before is None or before[name] != value)
    ]
    instance = row.instance
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and getattr(row, field.attname) is not None:
            found = objects.get(field.related_model, {}).get(getattr(row, field.attname))
            if found is not None:
                field.set_cached_value(instance, found)
    deleted_relation = row.history_type == "-" and model is not type(record)
    return {
        "history_id": row.history_id,
        "date": row.history_date,
        "user": row.history_user.get_username() if show_users and row.history_user else None,
        "change": CHANGES[row.history_type],
        "table": model._meta.model_name,
        "row_id": row.id,
        "row": row_text(instance) if deleted_relation else str(instance),
        "reason": row.history_change_reason,
        "changed_fields": [] if row.history_type == "-" else changed,
        "values": values,
        "previous": before,
    }


def field_value(field, row, slugs):
    if isinstance(field, models.ForeignKey):
        pk = getattr(row, field.attname)
        return slugs[field.related_model].get(pk, pk) if pk is not None else None
    value = getattr(row, field.attname)
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def row_values(row, slugs) -> dict:
    fields = [field for field in row.instance_type._meta.concrete_fields if field.attname != "id"]
    return {field.name: field_value(field, row, slugs) for field in fields}


def row_text(instance) -> str:
    try:
        return str(instance)
    except Exception:  # noqa: BLE001
        return f"{instance._meta.verbose_name} {instance.pk}"
