-- A frozen database clock for deterministic tests. The plugins write now() unqualified;
-- with the database's search_path starting "test_clock, pg_catalog", test_clock.now()
-- answers instead of pg_catalog.now(). Unfrozen (no row), it is the real clock.
CREATE SCHEMA test_clock;

CREATE TABLE test_clock.frozen (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    at TIMESTAMPTZ NOT NULL
);

CREATE FUNCTION test_clock.now() RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE
AS $$ SELECT coalesce((SELECT at FROM test_clock.frozen), pg_catalog.now()) $$;

GRANT USAGE ON SCHEMA test_clock TO PUBLIC;
GRANT SELECT ON test_clock.frozen TO PUBLIC;
