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
