"""The admin's inlines for agreement actions and for relations between agreements and between
mechanisms (docs/treaties.md). Deleting a row through them needs its delete permission, as for
every inline."""

from django.contrib import admin

from .forms import partial_date_form
from .models import AgreementAction, AgreementRelation, MechanismRelation


class AgreementActionInline(admin.TabularInline):
    model = AgreementAction
    form = partial_date_form("date")
    fields = ("actor", "kind", "date", "text", "note", "loaded_version")
    autocomplete_fields = ("actor",)
    extra = 0


class AgreementRelationInline(admin.TabularInline):
    model = AgreementRelation
    fk_name = "agreement"
    fields = ("kind", "target_agreement", "target_mechanism", "note")
    autocomplete_fields = ("target_agreement", "target_mechanism")
    extra = 0
    verbose_name_plural = "relations to other agreements and mechanisms"


class MechanismRelationInline(admin.TabularInline):
    model = MechanismRelation
    fk_name = "mechanism"
    fields = ("kind", "target", "note")
    autocomplete_fields = ("target",)
    extra = 0
    verbose_name_plural = "relations to other mechanisms"
