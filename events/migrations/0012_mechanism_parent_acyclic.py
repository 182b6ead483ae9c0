"""A mechanism's parent chain can never form a cycle: a trigger on SQLite and on PostgreSQL walks up
from the new parent and refuses the write if it reaches the mechanism itself. Its error names the
trigger (events.models.PARENT_CYCLE_TRIGGER), which the API and the import turn into a 400 / a
report line with PARENT_CYCLE_MESSAGE."""

from django.db import migrations

NAME = "events_mechanism_parent_acyclic"
MESSAGE = f"{NAME}: the parent chain of a mechanism cannot form a cycle"

REACHES_ITSELF = """
    NEW.parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT m.parent_id FROM events_mechanism m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL
        )
        SELECT 1 FROM up WHERE up.id = NEW.id
    )
"""

SQLITE = [
    f"""CREATE TRIGGER {NAME}_{event.split()[0].lower()} BEFORE {event} ON events_mechanism
    FOR EACH ROW WHEN {REACHES_ITSELF}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for event in ("INSERT", "UPDATE OF parent_id")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {NAME}_insert", f"DROP TRIGGER IF EXISTS {NAME}_update"]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
    BEGIN
        -- one parent change at a time, so two transactions cannot each close half of a cycle
        PERFORM pg_advisory_xact_lock(hashtext('{NAME}'));
        IF {REACHES_ITSELF} THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER {NAME} BEFORE INSERT OR UPDATE OF parent_id ON events_mechanism
    FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL) EXECUTE FUNCTION {NAME}()""",
]
POSTGRESQL_DROP = [f"DROP TRIGGER IF EXISTS {NAME} ON events_mechanism", f"DROP FUNCTION IF EXISTS {NAME}()"]

STATEMENTS = {"sqlite": (SQLITE, SQLITE_DROP), "postgresql": (POSTGRESQL, POSTGRESQL_DROP)}


def run(schema_editor, index):
    create_and_drop = STATEMENTS.get(schema_editor.connection.vendor)
    if create_and_drop is None:  # another database: the model's clean() still refuses cycles
        return
    for statement in create_and_drop[index]:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    run(schema_editor, 0)


def drop(apps, schema_editor):
    run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("events", "0011_treaties")]

    operations = [migrations.RunPython(create, drop)]
