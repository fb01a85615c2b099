-- 003_catalog_version.sql: a version number of everything a search reads.
--
-- The search responders keep recent results in memory (search_cache_bytes
-- in scholarship-api.conf(5)).  Before serving a remembered result they
-- read catalog_version.version, one indexed row, and drop every result
-- remembered under another version.  Statement-level triggers bump it
-- whenever the scholarships or the search vocabulary change, whoever the
-- writer is (the API, scholarship-admin import/seed, psql), so a change
-- is visible to the next search after it commits.
--
-- The bump is an UPDATE of one row, hence transactional: a reader never
-- sees the new version before the change it stands for, which a
-- sequence (nextval is not rolled back and is visible at once) could not
-- guarantee.  The price: transactions that write the catalogue serialise
-- on that row until they commit.  Catalogue writes are rare (imports and
-- editors), searches are not.  The triggers run BEFORE each statement,
-- so a writer takes the version row before any row it writes: two
-- writers queue on it instead of deadlocking over rows each holds.
-- changed_at (the bump's transaction time) tells a re-created database
-- from the one before, whose version numbers it repeats.

CREATE TABLE catalog_version (
	one		boolean PRIMARY KEY DEFAULT true
	    CONSTRAINT catalog_version_one CHECK (one),
	version		bigint NOT NULL,
	changed_at	timestamptz NOT NULL DEFAULT now()
);
INSERT INTO catalog_version (version) VALUES (1);

CREATE FUNCTION catalog_version_bump() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
	UPDATE catalog_version SET version = version + 1, changed_at = now();
	RETURN NULL;
END;
$$;

CREATE TRIGGER scholarships_catalog_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON scholarships
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER search_lexeme_stats_catalog_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_lexeme_stats
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER search_words_catalog_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_words
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
