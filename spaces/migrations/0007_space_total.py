"""The number of cached spaces, kept by the database as rows come and go, so "All spaces" need not count them.

Counting 100,000 spaces is an index-only scan of every one of them (10–25 ms) on each view of the unfiltered list;
reading this row is one index lookup. The triggers run per statement (a COPY or bulk insert adds its rows in one
update) inside the writing transaction, so the number is always exactly what `count(*)` says to that transaction.
TRUNCATE (test teardown) sets it back to zero.
"""

from django.db import migrations

CREATE = """
CREATE TABLE spaces_space_total (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    spaces bigint NOT NULL
);
LOCK TABLE spaces_space IN SHARE MODE;
INSERT INTO spaces_space_total (spaces) SELECT count(*) FROM spaces_space;

CREATE FUNCTION spaces_space_total_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE spaces_space_total SET spaces = spaces + (SELECT count(*) FROM added);
    RETURN NULL;
END;
$$;
CREATE FUNCTION spaces_space_total_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE spaces_space_total SET spaces = spaces - (SELECT count(*) FROM removed);
    RETURN NULL;
END;
$$;
CREATE FUNCTION spaces_space_total_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE spaces_space_total SET spaces = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER spaces_space_total_added AFTER INSERT ON spaces_space
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION spaces_space_total_added();
CREATE TRIGGER spaces_space_total_removed AFTER DELETE ON spaces_space
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION spaces_space_total_removed();
CREATE TRIGGER spaces_space_total_emptied AFTER TRUNCATE ON spaces_space
    FOR EACH STATEMENT EXECUTE FUNCTION spaces_space_total_emptied();
"""

DROP = """
DROP TRIGGER IF EXISTS spaces_space_total_added ON spaces_space;
DROP TRIGGER IF EXISTS spaces_space_total_removed ON spaces_space;
DROP TRIGGER IF EXISTS spaces_space_total_emptied ON spaces_space;
DROP FUNCTION IF EXISTS spaces_space_total_added();
DROP FUNCTION IF EXISTS spaces_space_total_removed();
DROP FUNCTION IF EXISTS spaces_space_total_emptied();
DROP TABLE IF EXISTS spaces_space_total;
"""


class Migration(migrations.Migration):
    dependencies = [("spaces", "0006_list_indexes")]
    operations = [migrations.RunSQL(CREATE, DROP)]
