"""One resource per treaty table: agreement actions, agreement relations, mechanism relations."""

from ..models import Actor, Agreement, AgreementAction, AgreementRelation, Mechanism, MechanismRelation
from .base import CainfoResource
from .fields import PartialDateField, RelatedSlugField, TextField


class AgreementActionResource(CainfoResource):
    """An empty `actor` is an action of the agreement itself (its adoption, its entry into force)."""

    agreement = RelatedSlugField("agreement", Agreement)
    actor = RelatedSlugField("actor", Actor)
    kind = TextField("kind", strip=True)
    date = PartialDateField("date")
    text = TextField("text")
    note = TextField("note")

    key_columns = ("agreement", "actor", "kind", "date")
    required_columns = ("agreement", "kind", "date")
    select_related = ("agreement", "actor")

    class Meta:
        model = AgreementAction
        fields = ("agreement", "actor", "kind", "date", "text", "note")
        name = "agreement-actions"


class AgreementRelationResource(CainfoResource):
    """`target_agreement` or (for `implements`) `target_mechanism`, one of the two."""

    agreement = RelatedSlugField("agreement", Agreement)
    kind = TextField("kind", strip=True)
    target_agreement = RelatedSlugField("target_agreement", Agreement)
    target_mechanism = RelatedSlugField("target_mechanism", Mechanism)
    note = TextField("note")

    key_columns = ("agreement", "kind", "target_agreement", "target_mechanism")
    required_columns = ("agreement", "kind")
    select_related = ("agreement", "target_agreement", "target_mechanism")

    class Meta:
        model = AgreementRelation
        fields = ("agreement", "kind", "target_agreement", "target_mechanism", "note")
        name = "agreement-relations"


class MechanismRelationResource(CainfoResource):
    mechanism = RelatedSlugField("mechanism", Mechanism)
    kind = TextField("kind", strip=True)
    target = RelatedSlugField("target", Mechanism)
    note = TextField("note")

    key_columns = ("mechanism", "kind", "target")
    required_columns = ("mechanism", "kind", "target")
    select_related = ("mechanism", "target")

    class Meta:
        model = MechanismRelation
        fields = ("mechanism", "kind", "target", "note")
        name = "mechanism-relations"
