"""The change feed's numbering trigger, shared by 0005 and the squashed 0001-0010."""

# The feed's order (docs/changes.md): on PostgreSQL a deferred trigger numbers each change at
# commit time, under a transaction-level advisory lock, so numbers are given out in commit order;
# SQLite lets one writer at a time, so the row id already is commit order.
POSTGRESQL = """
CREATE SEQUENCE events_change_seq_counter;
CREATE FUNCTION events_change_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(2026121701);
    UPDATE events_change SET seq = nextval('events_change_seq_counter') WHERE id = NEW.id;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER events_change_number AFTER INSERT ON events_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION events_change_number();
"""
# 0020: the same numbers in the same order, given to every change of the transaction (in id
# order) when the first one's trigger runs; the others' triggers find theirs given already. One
# UPDATE per transaction instead of one per change (a CSV import writes 40,000 changes).
POSTGRESQL_ONE_UPDATE = """
CREATE OR REPLACE FUNCTION events_change_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    numbered_to bigint := nullif(current_setting('events.change_numbered_to', true), '')::bigint;
BEGIN
    IF NEW.id <= numbered_to THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(2026121701);
    -- the transaction's changes from this one on: others' are numbered, or not visible yet
    WITH pending AS (
        SELECT id, nextval('events_change_seq_counter') AS seq
        FROM (SELECT id FROM events_change WHERE id >= NEW.id AND seq IS NULL ORDER BY id) AS unnumbered
    ), numbered AS (
        UPDATE events_change SET seq = pending.seq FROM pending WHERE events_change.id = pending.id
        RETURNING events_change.id
    )
    SELECT max(id) INTO numbered_to FROM numbered;
    PERFORM set_config('events.change_numbered_to', numbered_to::text, true);
    RETURN NULL;
END
$$;
"""
POSTGRESQL_ONE_UPDATE_REVERSE = """
CREATE OR REPLACE FUNCTION events_change_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(2026121701);
    UPDATE events_change SET seq = nextval('events_change_seq_counter') WHERE id = NEW.id;
    RETURN NULL;
END
$$;
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER events_change_number ON events_change;
DROP FUNCTION events_change_number();
DROP SEQUENCE events_change_seq_counter;
"""
SQLITE = """
CREATE TRIGGER events_change_number AFTER INSERT ON events_change
BEGIN
    UPDATE events_change SET seq = NEW.id WHERE id = NEW.id;
END;
"""


def number_changes(apps, schema_editor):
    sql = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    schema_editor.execute(sql)


def unnumber_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    else:
        schema_editor.execute("DROP TRIGGER events_change_number;")
