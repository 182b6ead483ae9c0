"""One resource per relation table: mechanism levels, memberships, participations, agreement parties."""

from django.core.exceptions import ValidationError

from ..dates import parse_partial_date
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Mechanism,
    MechanismLevel,
    Membership,
    Participation,
    Summit,
)
from .base import CainfoResource
from .fields import PartialDateField, RelatedSlugField, TextField


class MechanismLevelResource(CainfoResource):
    mechanism = RelatedSlugField("mechanism", Mechanism)
    level = TextField("level", strip=True)
    since = PartialDateField("since")
    note = TextField("note")

    key_columns = ("mechanism", "level", "since")
    required_columns = ("mechanism", "level", "since")
    select_related = ("mechanism",)

    class Meta:
        model = MechanismLevel
        fields = ("mechanism", "level", "since", "note")
        name = "mechanism-levels"

    def row_key(self, row):
        return _key_with_date(self.key_from_values(row), 2)

    def instance_key(self, instance):
        return instance.mechanism.slug, instance.level, instance.since


class MembershipResource(CainfoResource):
    actor = RelatedSlugField("actor", Actor)
    mechanism = RelatedSlugField("mechanism", Mechanism)
    role = TextField("role", strip=True)
    start = PartialDateField("start")
    end = PartialDateField("end")
    curator_note = TextField("curator_note")

    key_columns = ("actor", "mechanism", "start")
    required_columns = ("actor", "mechanism", "role", "start")
    select_related = ("actor", "mechanism")

    class Meta:
        model = Membership
        fields = ("actor", "mechanism", "role", "start", "end", "curator_note")
        name = "memberships"

    def row_key(self, row):
        return _key_with_date(self.key_from_values(row), 2)

    def instance_key(self, instance):
        return instance.actor.slug, instance.mechanism.slug, instance.start


class ParticipationResource(CainfoResource):
    summit = RelatedSlugField("summit", Summit)
    actor = RelatedSlugField("actor", Actor)
    role = TextField("role", strip=True)
    representative = RelatedSlugField("representative", Actor)

    key_columns = ("summit", "actor")
    required_columns = ("summit", "actor", "role")
    select_related = ("summit", "actor", "representative")

    class Meta:
        model = Participation
        fields = ("summit", "actor", "role", "representative")
        name = "participations"

    def instance_key(self, instance):
        return instance.summit.slug, instance.actor.slug


class AgreementPartyResource(CainfoResource):
    agreement = RelatedSlugField("agreement", Agreement)
    actor = RelatedSlugField("actor", Actor)
    role = TextField("role", strip=True)
    representative = RelatedSlugField("representative", Actor)

    key_columns = ("agreement", "actor")
    required_columns = ("agreement", "actor", "role")
    select_related = ("agreement", "actor", "representative")

    class Meta:
        model = AgreementParty
        fields = ("agreement", "actor", "role", "representative")
        name = "agreement-parties"

    def instance_key(self, instance):
        return instance.agreement.slug, instance.actor.slug


def _key_with_date(key: tuple, position: int) -> tuple | None:
    """A natural key whose `position` holds a date as text, with the text replaced by the stored
    date ("2025-04" -> 2025-04-01); None when the date cannot be read (the row is then new and
    its date error is reported)."""
    text = key[position]
    if not text:
        return (*key[:position], None, *key[position + 1 :])
    try:
        value, _precision = parse_partial_date(text)
    except ValidationError:
        return None
    return (*key[:position], value, *key[position + 1 :])
