"""Agreements' actions and relations, and mechanisms' relations: nested rows written with their
record, the reverse directions ("implemented by …") read only, and an agreement's state as of a day."""

from rest_framework import serializers

from events.models import Actor, Agreement, AgreementAction, AgreementRelation, Mechanism, MechanismRelation
from events.treaty_state import agreement_state, label

from .fields import PartialDateField, PrecisionField, RecordField, record_summary
from .rows import RowSerializer


class AgreementActionSerializer(RowSerializer):
    """One act on the agreement: a party's (`actor`) or, with no actor, the agreement's own
    (adoption, entry into force overall). `text` only for a reservation or declaration."""

    actor = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    date = PartialDateField()
    date_precision = PrecisionField()

    class Meta:
        model = AgreementAction
        validators = []  # see RecordSerializer
        fields = ["actor", "kind", "date", "date_precision", "text", "note"]


class AgreementRelationSerializer(RowSerializer):
    """A relation from this agreement to another agreement or (`implements`) to a mechanism."""

    target_agreement = RecordField(queryset=Agreement.objects.all(), required=False, allow_null=True)
    target_mechanism = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)

    class Meta:
        model = AgreementRelation
        validators = []  # see RecordSerializer
        fields = ["kind", "target_agreement", "target_mechanism", "note"]


class MechanismRelationSerializer(RowSerializer):
    """A relation from this mechanism to another: it succeeds it, or may become it."""

    target = RecordField(queryset=Mechanism.objects.all())

    class Meta:
        model = MechanismRelation
        validators = []  # see RecordSerializer
        fields = ["kind", "target", "note"]


class InverseRelationSerializer(serializers.Serializer):
    """A relation another record holds to this one, named from this side ("implemented by")."""

    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(source="inverse_label", read_only=True)
    source = serializers.SerializerMethodField()
    note = serializers.CharField(read_only=True)

    def get_source(self, relation) -> dict:
        source = relation.holder
        return {"type": source._meta.model_name, **record_summary(source, self.context.get("request"))}


class ActionStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    date = serializers.CharField(allow_null=True)
    happened = serializers.CharField(allow_null=True, help_text="certain, possible, or null: not by that day.")


class PartyStateSerializer(serializers.Serializer):
    actor = serializers.DictField()
    state = serializers.CharField(help_text="not_recorded, none_yet, announced, adopted, signed, consented, …")
    label = serializers.CharField()
    certainty = serializers.CharField(allow_null=True)
    certain_state = serializers.CharField(allow_null=True)
    actions = ActionStateSerializer(many=True)


class AgreementStateSerializer(serializers.Serializer):
    """The agreement's state on `as_of`, per party and overall (events.treaty_state)."""

    as_of = serializers.DateField()
    overall = serializers.DictField()
    parties = PartyStateSerializer(many=True)


def state_representation(agreement, day, request) -> dict:
    state = agreement_state(agreement, day)

    def shown(stage: dict) -> dict:
        return {**stage, "label": label(stage["state"])}

    return {
        "as_of": day.isoformat(),
        "overall": shown(state["overall"]),
        "parties": [
            {
                "actor": record_summary(party["actor"], request),
                **shown({key: party[key] for key in ("state", "certainty", "certain_state")}),
                "actions": [
                    {"kind": action.kind, "date": action.partial_date() or None, "happened": happened}
                    for action, happened in party["actions"]
                ],
            }
            for party in state["parties"]
        ],
    }
