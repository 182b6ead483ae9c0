"""CSV / XLSX / JSON resources (django-import-export) for every record curators edit in bulk.

One file per table, with the same columns in admin export, ``manage.py export_csv``, the API's
``?format=csv`` and what import accepts:

- stable snake_case columns; related records by slug (``mechanism``, ``host``, ``actor``);
- many-to-many as ``;``-separated slugs (``topics``), unknown slugs reported, never dropped;
- one column per date, ISO 8601 at its precision (``2004``, ``2025-04``, ``2025-12-20``);
- money as ``value_amount`` + ``value_currency``;
- a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written with a leading ``'`` so a
  spreadsheet shows it as text, and the ``'`` is removed again on import.

Rows match existing records by natural key (the slug, or the natural key tuple of a relation
row), through one query per file rather than one per row; related slugs are looked up through a
per-import cache.

Two ways to write, with the same outcome (``events.importing`` runs them in one transaction):

- bulk (``bulk=True``, tried first): each row is parsed and checked in Python (field validators,
  choices, lengths), then saved in batches with django-simple-history's
  ``bulk_create_with_history`` / ``bulk_update_with_history``; the unique and check constraints
  are left to the database. The first problem of any kind abandons the attempt
  (``BulkImportAbandoned``) and it is rolled back.
- row by row (the default): every row is saved with ``save()`` after ``full_clean()``'s checks,
  so each bad row is reported with its column and reason. A file the bulk attempt gave up on is
  imported this way, which writes nothing and names every bad row.
"""

from .base import (
    GUARANTEED_CONSTRAINTS,
    CainfoResource,
    NaturalKeyInstanceLoader,
    RowResultWithoutText,
)
from .bulk import (
    BulkWriteMixin,
)
from .cells import (
    BULK_BATCH,
    ESCAPE_FIRST,
    FORMULA_STARTS,
    LIST_SEPARATOR,
    QUERY_CHUNK,
    BulkImportAbandoned,
    ColumnError,
    HeaderError,
    cell_text,
    escape_formula,
    unescape_formula,
)
from .fields import (
    CitedRecordField,
    DecimalField,
    IntegerField,
    PartialDateField,
    RecordTypeField,
    RelatedSlugField,
    SlugCache,
    TextField,
)
from .lists import (
    SlugListField,
    SlugListWidget,
    SlugRef,
)
from .names import (
    IdentifierResource,
    OtherNameResource,
)
from .provenance import (
    CitationResource,
)
from .records import (
    ActorResource,
    AgreementResource,
    MechanismResource,
    SourceResource,
    SummitResource,
    TopicResource,
)
from .registry import (
    MODEL_RESOURCES,
    RESOURCES,
    export_dataset,
    export_rows,
    get_resource,
)
from .relations import (
    AgreementPartyResource,
    MechanismLevelResource,
    MembershipResource,
    ParticipationResource,
)
from .treaties import (
    AgreementActionResource,
    AgreementRelationResource,
    MechanismRelationResource,
)

__all__ = [
    "LIST_SEPARATOR",
    "FORMULA_STARTS",
    "ESCAPE_FIRST",
    "QUERY_CHUNK",
    "BULK_BATCH",
    "escape_formula",
    "unescape_formula",
    "cell_text",
    "ColumnError",
    "HeaderError",
    "BulkImportAbandoned",
    "TextField",
    "IntegerField",
    "DecimalField",
    "PartialDateField",
    "SlugCache",
    "RelatedSlugField",
    "SlugRef",
    "SlugListWidget",
    "SlugListField",
    "CitedRecordField",
    "RecordTypeField",
    "GUARANTEED_CONSTRAINTS",
    "NaturalKeyInstanceLoader",
    "RowResultWithoutText",
    "CainfoResource",
    "BulkWriteMixin",
    "TopicResource",
    "SourceResource",
    "ActorResource",
    "MechanismResource",
    "SummitResource",
    "AgreementResource",
    "MechanismLevelResource",
    "MembershipResource",
    "ParticipationResource",
    "AgreementPartyResource",
    "AgreementActionResource",
    "AgreementRelationResource",
    "MechanismRelationResource",
    "CitationResource",
    "RESOURCES",
    "OtherNameResource",
    "IdentifierResource",
    "MODEL_RESOURCES",
    "get_resource",
    "export_rows",
    "export_dataset",
]
