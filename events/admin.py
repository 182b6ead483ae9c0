import copy
import datetime

from django.contrib import admin
from django.db import models
from django.db.models.functions import Cast, Substr
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .admin_changelist import JoinedRowsMixin
from .admin_history import ReadableHistoryMixin
from .admin_treaties import AgreementActionInline, AgreementRelationInline, MechanismRelationInline
from .csv_admin import CsvImportExportMixin
from .forms import CitationAdminForm, CitationForm, VersionedForm, partial_date_form
from .models import (
    Actor,
    Agreement,
    AgreementAction,
    AgreementParty,
    Citation,
    Identifier,
    Mechanism,
    MechanismLevel,
    Membership,
    OtherName,
    Participation,
    SluggedModel,
    Source,
    SourceParagraph,
    Summit,
    Topic,
)

TIMESTAMPS = ("created_at", "updated_at")

admin.site.site_header = "cainfo workbench"
admin.site.site_title = "cainfo"
admin.site.index_title = "Curators’ workbench"
# The tables are listed on the index and in the breadcrumbs; without the side bar a changelist and
# its filters fit a 1280 px window.
admin.site.enable_nav_sidebar = False


def partial_date_column(field: str, label: str):
    """A changelist column showing a date at its precision, sorted by the stored date."""

    @admin.display(description=label, ordering=field)
    def column(obj):
        return obj.partial_date(field) or "—"

    # The cells' class is field-partial_<field>: workbench.css keeps them on one line.
    column.__name__ = f"partial_{field}"
    return column


class YearsQuerySet(models.QuerySet):
    """A queryset whose `dates(field, "year")` (the date hierarchy's list of years) reads the
    year as text in the database. Django truncates each date instead, which on SQLite is a
    Python function called once per row: at 50,000 summits that was half the changelist's time."""

    def dates(self, field_name, kind, order="ASC"):
        if kind != "year":
            return super().dates(field_name, kind, order)
        years = (
            self.order_by()
            .filter(**{f"{field_name}__isnull": False})
            .annotate(_year=Substr(Cast(field_name, models.CharField()), 1, 4))
            .values_list("_year", flat=True)
            .distinct()
        )
        return [datetime.date(int(year), 1, 1) for year in sorted(years, reverse=order == "DESC")]


class MostUsedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """The related records in use, at most `limit` of them: the most used, and the one selected.
    Listing all 2,000 mechanisms of a grown database cost two thirds of the summit changelist's
    time (one link each, with its query string), and nobody scans a list that long."""

    limit = 50

    def field_choices(self, field, request, model_admin):
        counts = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.field_path}__isnull": True})
            .order_by()
            .values(self.field_path)
            .annotate(uses=models.Count("pk"))
            .order_by("-uses", self.field_path)
        )
        wanted = [row[self.field_path] for row in counts[: self.limit]]
        wanted += [int(value) for value in self.lookup_val or () if str(value).isdigit()]
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": wanted}, ordering=ordering)


def require_whole_number(value: str, noun: str) -> None:
    """History URLs name records and versions by number; anything else is a 404, not a 500."""
    if not (value.isascii() and value.isdigit()):
        raise Http404(f"No {noun} {value!r}: history addresses name them by number.")


class CuratedAdmin(ReadableHistoryMixin, CsvImportExportMixin, JoinedRowsMixin, SimpleHistoryAdmin):
    """Base for every model's admin: a readable change history, read-only timestamps, no lost edits,
    CSV / XLSX / JSON import and export (resource from events.resources.RESOURCES), changelist rows
    joined without a template per row (events.admin_changelist)."""

    form = VersionedForm
    readonly_fields = TIMESTAMPS
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def history_view(self, request, object_id, extra_context=None):
        require_whole_number(object_id, "record")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert page. django-simple-history builds it with the `prepopulated_fields`
        attribute, not get_prepopulated_fields: a fixed slug (left out of the form) would make it
        fail, so it runs on a copy of this admin without them."""
        require_whole_number(object_id, "record")
        require_whole_number(version_id, "version")
        reverting = copy.copy(self)
        reverting.prepopulated_fields = {}
        return super(CuratedAdmin, reverting).history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, VersionedForm):
            form = type(form.__name__, (form,), {"editing_user": request.user, "reload_url": request.path})
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if isinstance(obj, SluggedModel) and obj.slug_is_fixed():
            return ("slug", *fields)
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        """The slug is filled from the name while the record is new, and never again (SluggedModel.slug_is_fixed)."""
        if isinstance(obj, SluggedModel) and obj.slug_is_fixed():
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.date_hierarchy:
            queryset = YearsQuerySet(model=queryset.model, query=queryset.query, using=queryset._db)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    form = partial_date_form("start", "end")
    exclude = ("start_precision", "end_precision")
    autocomplete_fields = ("actor", "mechanism")
    extra = 0


class MechanismLevelInline(admin.TabularInline):
    model = MechanismLevel
    form = partial_date_form("since")
    exclude = ("since_precision",)
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    autocomplete_fields = ("actor", "representative")
    extra = 0


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    autocomplete_fields = ("actor", "representative")
    extra = 0


class CitationInline(admin.TabularInline):
    model = Citation
    form = CitationForm
    fields = ("source", "locator", "quote", "claims")
    autocomplete_fields = ("source",)
    extra = 0


class OtherNameInline(admin.TabularInline):
    model = OtherName
    form = partial_date_form("start", "end")
    fields = ("name", "kind", "language", "start", "end", "note", "loaded_version")
    extra = 0


class IdentifierInline(admin.TabularInline):
    model = Identifier
    fields = ("scheme", "value")
    extra = 0


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


class SourceParagraphInline(admin.TabularInline):
    model = SourceParagraph
    extra = 0


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    form = partial_date_form("published")
    exclude = ("published_precision",)
    list_display = ("title", "publisher", "author", partial_date_column("published", "published"), "language")
    list_filter = ("language", "publisher")
    search_fields = ("title", "author", "publisher", "url", "slug")
    inlines = (SourceParagraphInline,)


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    form = partial_date_form("office_start", "office_end")
    exclude = ("office_start_precision", "office_end_precision")
    list_display = ("name", "kind", "acronym", "iso3", "represents", "office")
    list_filter = ("kind",)
    list_select_related = ("represents",)
    search_fields = ("name", "acronym", "iso3", "slug", "office")
    autocomplete_fields = ("represents",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline, OtherNameInline, IdentifierInline, CitationInline)


@admin.register(Mechanism)
class MechanismAdmin(CuratedAdmin):
    form = partial_date_form("founded")
    exclude = ("founded_precision",)
    list_display = ("name", "acronym", "kind", partial_date_column("founded", "founded"), "initiator", "parent")
    list_filter = ("kind", ("initiator", MostUsedRelatedFilter))
    list_select_related = ("initiator", "parent")
    search_fields = ("name", "acronym", "slug", "description")
    autocomplete_fields = ("initiator", "parent", "topics")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (
        MechanismLevelInline,
        MembershipInline,
        MechanismRelationInline,
        OtherNameInline,
        IdentifierInline,
        CitationInline,
    )


@admin.register(Summit)
class SummitAdmin(CuratedAdmin):
    form = partial_date_form("date")
    exclude = ("date_precision",)
    list_display = ("name", partial_date_column("date", "date"), "city", "host", "mechanism", "level", "ordinal")
    list_filter = ("level", "date_precision", ("mechanism", MostUsedRelatedFilter))
    list_select_related = ("mechanism", "host")
    date_hierarchy = "date"
    search_fields = ("name", "slug", "city", "outcome")
    autocomplete_fields = ("mechanism", "host", "topics")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ParticipationInline, OtherNameInline, IdentifierInline, CitationInline)


@admin.register(Agreement)
class AgreementAdmin(CuratedAdmin):
    form = partial_date_form("date")
    exclude = ("date_precision",)
    list_display = (
        "name",
        "kind",
        partial_date_column("date", "date"),
        "summit",
        "mechanism",
        "value_amount",
        "value_currency",
    )
    list_filter = ("kind", "date_precision", ("mechanism", MostUsedRelatedFilter))
    list_select_related = ("summit", "mechanism")
    date_hierarchy = "date"
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("summit", "mechanism", "topics")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (
        AgreementPartyInline,
        AgreementActionInline,
        AgreementRelationInline,
        OtherNameInline,
        IdentifierInline,
        CitationInline,
    )


@admin.register(MechanismLevel)
class MechanismLevelAdmin(CuratedAdmin):
    form = partial_date_form("since")
    exclude = ("since_precision",)
    list_display = ("mechanism", "level", partial_date_column("since", "since"))
    list_filter = ("level",)
    list_select_related = ("mechanism",)
    search_fields = ("mechanism__name", "mechanism__acronym", "note")
    autocomplete_fields = ("mechanism",)


@admin.register(Membership)
class MembershipAdmin(CuratedAdmin):
    form = partial_date_form("start", "end")
    exclude = ("start_precision", "end_precision")
    list_display = (
        "actor",
        "mechanism",
        "role",
        partial_date_column("start", "start"),
        partial_date_column("end", "end"),
    )
    list_filter = ("role", ("mechanism", MostUsedRelatedFilter))
    list_select_related = ("actor", "mechanism")
    search_fields = ("actor__name", "mechanism__name", "mechanism__acronym")
    autocomplete_fields = ("actor", "mechanism")


@admin.register(Participation)
class ParticipationAdmin(CuratedAdmin):
    list_display = ("summit", "actor", "role", "representative")
    list_filter = ("role",)
    list_select_related = ("summit", "actor", "representative")
    # 376,000 rows at scale: newest first by the primary key (sorting them all by summit, role and
    # actor took most of the page), and one count, not a second one of the unfiltered table
    ordering = ("-pk",)
    show_full_result_count = False
    search_fields = ("summit__name", "actor__name", "representative__name")
    autocomplete_fields = ("summit", "actor", "representative")


@admin.register(AgreementParty)
class AgreementPartyAdmin(CuratedAdmin):
    list_display = ("agreement", "actor", "role", "representative")
    list_filter = ("role",)
    list_select_related = ("agreement", "actor", "representative")
    search_fields = ("agreement__name", "actor__name")
    autocomplete_fields = ("agreement", "actor", "representative")


@admin.register(AgreementAction)
class AgreementActionAdmin(CuratedAdmin):
    form = partial_date_form("date")
    exclude = ("date_precision",)
    list_display = ("agreement", "actor", "kind", partial_date_column("date", "date"))
    list_filter = ("kind",)
    list_select_related = ("agreement", "actor")
    search_fields = ("agreement__name", "actor__name", "text", "note")
    autocomplete_fields = ("agreement", "actor")


@admin.register(Citation)
class CitationAdmin(CuratedAdmin):
    form = CitationAdminForm
    list_display = ("source", "locator", "cited_record")
    list_select_related = ("source", "summit", "mechanism", "agreement", "actor")
    search_fields = ("source__title", "locator", "quote")
    autocomplete_fields = ("source", "summit", "mechanism", "agreement", "actor")

    @admin.display(description="cites")
    def cited_record(self, citation):
        """The one record a citation supports, whichever of its four columns holds it."""
        return f"{citation.record_type}: {citation.record}" if citation.record else "—"

@admin.register(OtherName)
class OtherNameAdmin(CuratedAdmin):
    form = partial_date_form("start", "end")
    exclude = ("start_precision", "end_precision")
    list_display = ("name", "kind", "language", "summit", "mechanism", "agreement", "actor")
    list_filter = ("kind",)
    list_select_related = ("summit", "mechanism", "agreement", "actor")
    search_fields = ("name", "note")
    autocomplete_fields = ("summit", "mechanism", "agreement", "actor")


@admin.register(Identifier)
class IdentifierAdmin(CuratedAdmin):
    list_display = ("scheme", "value", "summit", "mechanism", "agreement", "actor")
    list_filter = ("scheme",)
    list_select_related = ("summit", "mechanism", "agreement", "actor")
    search_fields = ("scheme", "value")
    autocomplete_fields = ("summit", "mechanism", "agreement", "actor")
