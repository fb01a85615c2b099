-- 002_search.sql: full-text relevance search with bounded work (SPEC 5.1).
--
-- Runs inside the migration transaction after 001 (no BEGIN/COMMIT here),
-- on an empty or a populated catalogue.  docs/search-sql.md is the
-- design document: it explains every object below, the exact call the
-- search responder makes, and the measured plans.
--
-- In short:
--   search_rank_tsv  small weighted vector (name A, organisation B,
--                    criteria words C) used only for ranking;
--   search_tsv       everything that can be matched: the same words, the
--                    description (D), filter tags ('#f:nursing', '#s:*',
--                    ...) and hash-sample lexemes ('#1:5', '#2:44', ...),
--                    all under one partial GIN index.  Lexemes starting
--                    with '#' can never come out of the text parser, so
--                    user text cannot reach them.
--   search_lexeme_stats / search_words
--                    document frequencies (to pick a sampling level) and
--                    the word list (prefix completion, typo correction,
--                    "did you mean"); kept by triggers and search_refresh().
--   scholarship_search(...)
--                    the one function the responder calls.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Vector builders ----------------------------------------------------------

-- The words a student may type for the criteria columns.  Declared
-- IMMUTABLE (array_to_string is only STABLE because of other element
-- types) so that generated columns may use it.  Changing this function
-- requires rewriting the stored vectors: UPDATE scholarships SET id = id.
CREATE FUNCTION search_criteria_text(fields text[], stype text, grades text[])
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT concat_ws(' ',
    (SELECT string_agg(CASE f
	WHEN 'computer_science' THEN 'computer science computing'
	WHEN 'social_sciences' THEN 'social sciences'
	WHEN 'social_work' THEN 'social work'
	WHEN 'mathematics' THEN 'mathematics math'
	WHEN 'medicine' THEN 'medicine medical'
	WHEN 'law' THEN 'law legal'
	WHEN 'other' THEN ''
	ELSE f END, ' ') FROM unnest(fields) AS f),
    CASE stype
	WHEN 'merit_based' THEN 'merit'
	WHEN 'need_based' THEN 'need financial'
	WHEN 'athletic' THEN 'athletic athlete sports'
	WHEN 'minority' THEN 'minority diversity'
	WHEN 'academic_achievement' THEN 'academic achievement'
	WHEN 'community_service' THEN 'community service volunteer'
	END,
    (SELECT string_agg(CASE g
	WHEN 'high_school' THEN 'high school'
	WHEN 'doctoral' THEN 'doctoral phd'
	WHEN 'post_doctoral' THEN 'postdoctoral'
	ELSE g END, ' ') FROM unnest(grades) AS g))
$$;

-- Amount buckets shared by the filter tags and the amount facet:
-- 0: <1000, 1: <2500, 2: <5000, 3: <10000, 4: <25000, 5: <50000, 6: rest.
CREATE FUNCTION search_amount_bucket(amount numeric)
    RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT CASE WHEN amount < 1000 THEN 0 WHEN amount < 2500 THEN 1
    WHEN amount < 5000 THEN 2 WHEN amount < 10000 THEN 3
    WHEN amount < 25000 THEN 4 WHEN amount < 50000 THEN 5 ELSE 6 END
$$;

-- Filter tags and sample lexemes of one row (see docs/search-sql.md,
-- "Tags").  Every row has '#all'.  An empty array or a NULL criterion
-- ("open to all") gets the '*' tag of its group.  The sample lexemes put
-- the row into one of 8, 64, 512 and 4096 nested buckets derived from
-- its id.
CREATE FUNCTION search_tags(id text, fields text[], states text[],
    grades text[], citizenship text, stype text, renewable boolean,
    amount numeric, min_gpa numeric, deadline timestamptz)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT array_to_tsvector(ARRAY[
	'#all',
	'#t:' || coalesce(stype, ''),
	'#r:' || CASE WHEN renewable THEN 't' ELSE 'f' END,
	'#a:' || search_amount_bucket(coalesce(amount, 0)),
	'#m:' || coalesce(ceil(min_gpa * 2)::integer::text, '*'),
	'#c:' || coalesce(citizenship, '*'),
	'#d:' || coalesce(to_char_month, '*'),
	'#1:' || ((h & 4095) >> 9),
	'#2:' || ((h & 4095) >> 6),
	'#3:' || ((h & 4095) >> 3),
	'#4:' || (h & 4095)]
    || CASE WHEN cardinality(fields) > 0
	THEN ARRAY(SELECT '#f:' || x FROM unnest(fields) AS x)
	ELSE ARRAY['#f:*'] END
    || CASE WHEN cardinality(states) > 0
	THEN ARRAY(SELECT '#s:' || x FROM unnest(states) AS x)
	ELSE ARRAY['#s:*'] END
    || CASE WHEN cardinality(grades) > 0
	THEN ARRAY(SELECT '#g:' || x FROM unnest(grades) AS x)
	ELSE ARRAY['#g:*'] END)
FROM (SELECT hashtext(id) AS h,
	(extract(year FROM deadline AT TIME ZONE 'UTC') * 100
	 + extract(month FROM deadline AT TIME ZONE 'UTC'))::integer::text
	    AS to_char_month) AS v
$$;

-- Columns and indexes ------------------------------------------------------

-- Both vectors are generated columns: they cannot drift from the row,
-- and every writer (API, import, psql) keeps them right.  Adding them
-- rewrites the table once (about 40 s per 100 000 rows here, GIN index
-- and vocabulary included).
-- Each field after the first starts with a stop word: it takes a
-- position but is not stored, so || leaves a one-position gap between
-- fields and a quoted phrase cannot match across the end of the name
-- and the start of the organisation.
ALTER TABLE scholarships
    ADD COLUMN search_rank_tsv tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('english'::regconfig, name), 'A')
	|| setweight(to_tsvector('english'::regconfig, 'the ' || organization), 'B')
	|| setweight(to_tsvector('english'::regconfig, 'the ' ||
	    search_criteria_text(fields_of_study, scholarship_type,
	    grade_levels)), 'C')) STORED,
    ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('english'::regconfig, name), 'A')
	|| setweight(to_tsvector('english'::regconfig, 'the ' || organization), 'B')
	|| setweight(to_tsvector('english'::regconfig, 'the ' ||
	    search_criteria_text(fields_of_study, scholarship_type,
	    grade_levels)), 'C')
	|| setweight(to_tsvector('english'::regconfig, 'the ' || description), 'D')
	|| search_tags(id, fields_of_study, residency_states, grade_levels,
	    citizenship_required, scholarship_type, renewable, amount,
	    min_gpa, application_deadline)) STORED;

-- The one match index.  Inactive rows are never searched.  fastupdate
-- is off: with the default pending list every scan also reads up to
-- gin_pending_list_limit (4 MB) of not-yet-merged entries until VACUUM
-- merges them (measured: 0.24 ms became 1.5 ms after a 2000-row import).
-- Writes pay instead: about 1 ms more per inserted row.
CREATE INDEX scholarships_search_tsv_idx
    ON scholarships USING gin (search_tsv) WITH (fastupdate = off)
    WHERE is_active;

-- Ordered walks for amount_asc / amount_desc (deadline and newest use
-- 001's scholarships_active_deadline_idx and scholarships_created_idx).
CREATE INDEX scholarships_search_amount_idx
    ON scholarships (amount, id) WHERE is_active;

-- Case-insensitive substring search for /scholarships/organization/{org}.
CREATE INDEX scholarships_search_org_trgm_idx
    ON scholarships USING gin (lower(organization) gin_trgm_ops)
    WITH (fastupdate = off) WHERE is_active;

-- Vocabulary -----------------------------------------------------------------

-- Documents (active rows) per lexeme of search_tsv, tags included,
-- sample lexemes excluded; '#all' holds the number of active rows.
-- Only used to choose a sampling level: stale figures cost speed, never
-- correctness.  Rebuilt by search_refresh().
CREATE TABLE search_lexeme_stats (
	lexeme	text COLLATE "C" PRIMARY KEY,
	ndoc	integer NOT NULL
);

-- Lower-case words (letters only, 2-40 characters) of the active rows'
-- name, organisation, criteria words and description, with the number
-- of active rows containing them.  Prefix completion and typo correction
-- read it.  New words are added by the triggers below (ndoc 0 until the
-- next search_refresh()); search_refresh() recounts and prunes.
CREATE TABLE search_words (
	word	text COLLATE "C" PRIMARY KEY,
	ndoc	integer NOT NULL DEFAULT 0
);

CREATE INDEX search_words_trgm_idx
    ON search_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

-- The text the word list is made of, parsed with the 'simple'
-- configuration (lower-cased, not stemmed).
CREATE FUNCTION search_simple_tsv(name text, organization text,
    description text, fields text[], stype text, grades text[])
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT to_tsvector('simple'::regconfig, concat_ws(' ', name, organization,
    search_criteria_text(fields, stype, grades), description))
$$;

-- Statement-level: one INSERT ... ON CONFLICT per statement, so a bulk
-- COPY pays once, not once a row.  A statement that writes more than
-- 1000 rows and more than a tenth of the catalogue (an import, a seed, a
-- mass update) refreshes both tables instead, inside its own
-- transaction, so that the sampling statistics never lag an import.
CREATE FUNCTION search_words_add() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
	v_rows	bigint;
	v_all	bigint;
BEGIN
	SELECT count(*) INTO v_rows FROM search_new_rows;
	SELECT ndoc INTO v_all FROM search_lexeme_stats WHERE lexeme = '#all';
	IF v_rows > 1000 AND v_rows * 10 > coalesce(v_all, 0) THEN
		PERFORM search_refresh();
		RETURN NULL;
	END IF;
	INSERT INTO search_words (word)
	SELECT DISTINCT w
	FROM search_new_rows AS s,
	    unnest(tsvector_to_array(search_simple_tsv(s.name, s.organization,
	    s.description, s.fields_of_study, s.scholarship_type,
	    s.grade_levels))) AS w
	WHERE s.is_active AND w ~ '^[[:alpha:]]{2,40}$'
	ON CONFLICT (word) DO NOTHING;
	RETURN NULL;
END;
$$;

-- A trigger with transition tables serves exactly one event.
CREATE TRIGGER scholarships_search_words_ins
    AFTER INSERT ON scholarships
    REFERENCING NEW TABLE AS search_new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();

CREATE TRIGGER scholarships_search_words_upd
    AFTER UPDATE ON scholarships
    REFERENCING NEW TABLE AS search_new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();

-- Recount both vocabulary tables from the active rows.  Run after bulk
-- imports (scholarship-admin import/seed) and periodically (hourly is
-- plenty): 10-20 s per 100 000 rows here.  Readers see the old contents
-- until it commits.
CREATE FUNCTION search_refresh() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_lexeme_stats;
	INSERT INTO search_lexeme_stats (lexeme, ndoc)
	SELECT word, ndoc
	FROM ts_stat('SELECT search_tsv FROM scholarships WHERE is_active')
	WHERE word !~ '^#[1-4]:';

	CREATE TEMP TABLE search_words_new ON COMMIT DROP AS
	SELECT word, ndoc
	FROM ts_stat('SELECT search_simple_tsv(name, organization,
	    description, fields_of_study, scholarship_type, grade_levels)
	    FROM scholarships WHERE is_active')
	WHERE word ~ '^[[:alpha:]]{2,40}$';

	DELETE FROM search_words AS w
	WHERE NOT EXISTS (SELECT 1 FROM search_words_new AS n
	    WHERE n.word = w.word);
	INSERT INTO search_words (word, ndoc)
	SELECT word, ndoc FROM search_words_new
	ON CONFLICT (word) DO UPDATE SET ndoc = excluded.ndoc
	WHERE search_words.ndoc IS DISTINCT FROM excluded.ndoc;
	DROP TABLE search_words_new;
END;
$$;

-- Query builders -------------------------------------------------------------

-- OR / AND of tsqueries as aggregates (NULL when no input row).
CREATE AGGREGATE search_tsq_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);
CREATE AGGREGATE search_tsq_and(tsquery) (SFUNC = tsquery_and, STYPE = tsquery);

-- One tag as a tsquery.  The value is whitelisted, never escaped: it
-- must be 1-40 characters of [A-Za-z0-9_*], otherwise the tag '#x',
-- which no row has, is used.  Hence the cast cannot fail whatever the
-- caller passes.
CREATE FUNCTION search_tag_query(grp text, val text)
    RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT CASE WHEN grp ~ '^[a-z1-4]$' AND val ~ '^[A-Za-z0-9_*]{1,40}$'
    THEN ('''#' || grp || ':' || val || '''')::tsquery
    ELSE '''#x'''::tsquery END
$$;

-- The user's text as the search functions read it: at most 10 000
-- characters and 64 blank-separated words; the characters of the
-- to_tsquery syntax that websearch_to_tsquery does not use (! ( ) & | :
-- * < > \) become blanks (the parser treats them as separators anyway);
-- runs of '-' (negations of negations) become one '-'.  The last two
-- avoid "tsquery stack too small", which websearch_to_tsquery raises for
-- about 32 stacked negations such as '- - - ...' or '-! -! ...'.  NULL
-- when nothing is left.  Declared STABLE, like array_to_string, so that
-- the planner inlines it into the caller's expression: a SQL function
-- that is not inlined is parsed and planned again in every transaction
-- that calls it (about 0.08 ms here).
CREATE FUNCTION search_clean_query(q text)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT nullif(array_to_string((regexp_split_to_array(btrim(
    regexp_replace(regexp_replace(left(q, 10000), '[!()&|:*<>\\]', ' ', 'g'),
    '(-[[:space:]]*){2,}', '-', 'g')), '[[:space:]]+'))[1:64], ' '), '')
$$;

-- The text part of a search.  Returns q_clean (search_clean_query(q)),
-- tsq and est:
--   tsq  websearch_to_tsquery('english', q) (quoted phrases, OR, -word,
--        stemming), where a last word still being typed also matches the
--        8 most frequent known words it begins (see "Prefix" in the
--        design doc); NULL when q has no searchable word (empty, only
--        stop words or punctuation).  Never raises for any input: the
--        text is cleaned first, and only websearch_to_tsquery and
--        plainto_tsquery parse text.
--   est  the estimated number of active rows matching tsq, from
--        search_lexeme_stats: for words joined by AND the independence
--        estimate N * prod(ndoc / N), but never below min(ndoc) / 2
--        (words typed together are correlated: "marine biology"); with
--        OR the sum of the ndocs; the completed word counts its own
--        frequency plus its completions'.  Negated words are ignored.
--        Only steers the sampling level: a wrong figure costs time,
--        never correctness.
--   tsq_match  tsq for matching only: the same rows, but without the
--        completions that equal the typed word itself ("engin" is
--        completed by "engineering", "engineer", ..., all 'engin':
--        tsq is 'engin' | 'engin', tsq_match 'engin').  GIN does not
--        merge equal entries of a tsquery and would decode the posting
--        list once per copy (0.55 instead of 0.85 ms for that sample).
--        tsq itself stays as built: it is ranked with, and its text
--        picks the sample bucket.
-- p_all is N: the '#all' count of search_lexeme_stats, at least 1 (the
-- caller reads it once per search).  Only scholarship_search calls
-- this; the NOTICEs of the tsquery functions for stop-word-only text
-- are silenced by its client_min_messages setting.
CREATE FUNCTION search_text_query(q text, p_all double precision,
    OUT q_clean text, OUT tsq tsquery, OUT est double precision,
    OUT tsq_match tsquery)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	v_last	text;
	v_rest	text;
	v_wl	tsquery;	-- the typed last word
	v_exp	tsquery;
	v_mexp	tsquery;	-- v_exp without copies of v_wl
	v_head	tsquery;
	v_nlast	double precision;
	v_min	double precision;
	v_sum	double precision;
	v_prod	double precision;
BEGIN
	q_clean := search_clean_query(q);
	IF q_clean IS NULL OR q_clean !~ '[[:alnum:]]' THEN
		RETURN;
	END IF;
	-- The last word is completed when it stands alone at the very end
	-- (not negated, not inside an open quote, not "or", not a stop
	-- word such as "for" or "the") and is not itself a known word
	-- ("nurs" is completed, "nursing" or "art" are taken as typed).
	v_last := lower(substring(q_clean FROM
	    '(?:^|[[:space:]])([[:alnum:]]{2,40})$'));
	IF v_last IS NULL OR v_last = 'or'
	    OR (length(q_clean) - length(replace(q_clean, '"', ''))) % 2 = 1
	    OR numnode(websearch_to_tsquery('english', v_last)) = 0
	    OR EXISTS (SELECT 1 FROM search_words AS sw
		WHERE sw.word = v_last) THEN
		v_last := NULL;
		v_rest := q_clean;
		tsq := websearch_to_tsquery('english', q_clean);
		tsq_match := tsq;
	ELSE
		v_rest := left(q_clean, length(q_clean) - length(v_last));
		v_wl := websearch_to_tsquery('english', v_last);
		-- Its 8 most frequent completions.
		SELECT search_tsq_or(DISTINCT plainto_tsquery('english', w.word)),
		    search_tsq_or(DISTINCT plainto_tsquery('english', w.word))
			FILTER (WHERE plainto_tsquery('english', w.word) <> v_wl),
		    sum(w.ndoc)
		INTO v_exp, v_mexp, v_nlast
		FROM (SELECT sw.word, sw.ndoc FROM search_words AS sw
		    WHERE sw.word > v_last AND sw.word < v_last || chr(1114111)
		    ORDER BY sw.ndoc DESC, sw.word
		    LIMIT 8) AS w;
		v_exp := coalesce(v_wl || v_exp, v_wl);
		v_mexp := coalesce(v_wl || v_mexp, v_wl);
		IF v_rest ~* '(^|[[:space:]])or[[:space:]]+$' THEN
			v_head := websearch_to_tsquery('english', regexp_replace(
			    v_rest, '(^|[[:space:]])or[[:space:]]+$', '', 'i'));
			tsq := v_head || v_exp;
			tsq_match := v_head || v_mexp;
		ELSE
			v_head := websearch_to_tsquery('english', v_rest);
			tsq := v_head && v_exp;
			tsq_match := v_head && v_mexp;
		END IF;
	END IF;
	IF numnode(tsq) = 0 THEN
		tsq := NULL;
		tsq_match := NULL;
		RETURN;
	END IF;

	-- The estimate, over the positive words.
	SELECT min(x.n), sum(x.n), exp(sum(ln(greatest(x.n, 0.5) / p_all)))
	INTO v_min, v_sum, v_prod
	FROM (SELECT coalesce(st.ndoc, 0) AS n
	    FROM unnest(tsvector_to_array(to_tsvector('english',
		regexp_replace(v_rest, '(^|[[:space:]])-[^[:space:]]*', ' ',
		'g')))) AS l
	    LEFT JOIN search_lexeme_stats AS st ON st.lexeme = l
	    LIMIT 64) AS x;
	IF v_last IS NOT NULL THEN
		v_nlast := coalesce(v_nlast, 0);
		v_sum := coalesce(v_sum, 0) + v_nlast;
		v_prod := coalesce(v_prod, 1) * greatest(v_nlast, 0.5) / p_all;
		v_min := least(coalesce(v_min, v_nlast), v_nlast);
	END IF;
	IF v_min IS NULL THEN
		est := p_all;		-- only negations: anything may match
	ELSIF q_clean ~* '(^|[[:space:]])or([[:space:]]|$)' THEN
		est := v_sum;
	ELSE
		est := greatest(p_all * v_prod, v_min / 2);
	END IF;
END;
$$;

-- The filter part of a search as tag groups: tsq is the AND of one
-- OR-group per filter given; tsq_index the AND of the selective groups
-- only (those keeping at most 30 % of the rows: decoding the long
-- posting lists of '#s:*' and the like costs more in the GIN scan than
-- testing the rows it returns); sel the estimated fraction of active
-- rows tsq keeps (product of the groups' fractions).  NULL tsqueries
-- when no group applies.  Tags are exact for fields, states, grade
-- level, citizenship, types and renewable; for amount, minimum GPA and
-- deadline month they only narrow the candidates (the exact comparison
-- stays in SQL).  p_all: as for search_text_query.  scholarship_search
-- calls it only when some filter is given (else: NULL, NULL, 1).
CREATE FUNCTION search_filter_query(p_fields text[], p_types text[],
    p_states text[], p_citizenship text, p_grade_level text,
    p_renewable boolean, p_min_amount numeric, p_max_amount numeric,
    p_min_gpa numeric, p_deadline_lo timestamptz, p_deadline_hi timestamptz,
    p_all double precision,
    OUT tsq tsquery, OUT tsq_index tsquery, OUT sel double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	v_grp	text[] := '{}';		-- group letter of each tag
	v_val	text[] := '{}';		-- its value
	v_lo	integer;
	v_hi	integer;
	v_m	timestamp;
BEGIN
	sel := 1;
	IF p_fields IS NOT NULL THEN
		v_grp := v_grp || array_fill('f'::text,
		    ARRAY[cardinality(p_fields) + 1]);
		v_val := v_val || p_fields || '*'::text;
	END IF;
	IF p_types IS NOT NULL THEN
		v_grp := v_grp || array_fill('t'::text, ARRAY[cardinality(p_types)]);
		v_val := v_val || p_types;
	END IF;
	IF p_states IS NOT NULL THEN
		v_grp := v_grp || array_fill('s'::text,
		    ARRAY[cardinality(p_states) + 1]);
		v_val := v_val || p_states || '*'::text;
	END IF;
	IF p_citizenship IS NOT NULL THEN
		v_grp := v_grp || ARRAY['c', 'c'];
		v_val := v_val || ARRAY[p_citizenship, '*'];
	END IF;
	IF p_grade_level IS NOT NULL THEN
		v_grp := v_grp || ARRAY['g', 'g'];
		v_val := v_val || ARRAY[p_grade_level, '*'];
	END IF;
	IF p_renewable IS NOT NULL THEN
		v_grp := v_grp || 'r'::text;
		v_val := v_val || CASE WHEN p_renewable THEN 't' ELSE 'f' END;
	END IF;
	-- Amount buckets overlapping [min, max], unless that is all 7.
	IF p_min_amount >= 1000 OR p_max_amount < 50000 THEN
		v_lo := search_amount_bucket(coalesce(p_min_amount, 0));
		v_hi := search_amount_bucket(coalesce(p_max_amount, 'Infinity'));
		FOR b IN v_lo..v_hi LOOP
			v_grp := v_grp || 'a'::text;
			v_val := v_val || b::text;
		END LOOP;
		IF v_lo > v_hi THEN
			v_grp := v_grp || 'a'::text;	-- empty range: '#a:x'
			v_val := v_val || 'x'::text;	-- matches nothing
		END IF;
	END IF;
	-- Minimum-GPA buckets a student with this GPA may pass (pointless
	-- above 3.5: all buckets; none for a negative or NaN GPA).
	IF p_min_gpa >= 0 AND p_min_gpa <= 3.5 THEN
		v_grp := v_grp || 'm'::text;
		v_val := v_val || '*'::text;
		FOR b IN 0..ceil(p_min_gpa * 2)::integer LOOP
			v_grp := v_grp || 'm'::text;
			v_val := v_val || b::text;
		END LOOP;
	END IF;
	-- Deadline months, when the window is finite and at most a year.
	IF isfinite(p_deadline_lo) AND isfinite(p_deadline_hi)
	    AND p_deadline_hi >= p_deadline_lo
	    AND p_deadline_hi - p_deadline_lo <= interval '366 days' THEN
		v_m := date_trunc('month', p_deadline_lo AT TIME ZONE 'UTC');
		WHILE v_m <= p_deadline_hi AT TIME ZONE 'UTC' LOOP
			v_grp := v_grp || 'd'::text;
			v_val := v_val || to_char(v_m, 'YYYYMM');
			v_m := v_m + interval '1 month';
		END LOOP;
	END IF;
	IF cardinality(v_grp) = 0 THEN
		RETURN;
	END IF;

	SELECT search_tsq_and(g.q),
	    search_tsq_and(g.q) FILTER (WHERE g.n / p_all <= 0.3),
	    coalesce(exp(sum(ln(greatest(least(g.n / p_all, 1), 1e-9)))), 1)
	INTO tsq, tsq_index, sel
	FROM (SELECT u.g, search_tsq_or(search_tag_query(u.g, u.v)) AS q,
		sum(coalesce(st.ndoc, 0))::double precision AS n
	    FROM unnest(v_grp, v_val) AS u(g, v)
	    LEFT JOIN search_lexeme_stats AS st
		ON st.lexeme = '#' || u.g || ':' || u.v
	    GROUP BY u.g) AS g;
END;
$$;

-- "Did you mean": up to 3 rewritings of q in which every word of 3+
-- letters that is not in search_words is replaced by its 1st, 2nd or 3rd
-- most similar known word (pg_trgm similarity >= 0.3, the % operator).
-- Words are taken from the first 16 of q; operators and quotes are
-- dropped, a leading '-' is kept.  NULL when nothing needs correcting.
-- A q of one plain word (the usual typo) takes a shorter statement with
-- the same result: the word's up to 3 most similar known words, best
-- first.
CREATE FUNCTION search_suggest(q text)
    RETURNS text[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	v_out	text[];
	v_w	text;
BEGIN
	v_w := lower(left(q, 10000));
	IF left(q, 10000) ~ '^[[:alpha:]]+$' AND v_w ~ '^[[:alpha:]]{3,}$' THEN
		SELECT array_agg(c.word ORDER BY c.rk)
		INTO v_out
		FROM (SELECT sw.word, row_number() OVER (ORDER BY
			similarity(sw.word, v_w) DESC, sw.ndoc DESC, sw.word) AS rk
		    FROM search_words AS sw
		    WHERE sw.word % v_w
		    ORDER BY similarity(sw.word, v_w) DESC, sw.ndoc DESC, sw.word
		    LIMIT 3) AS c
		WHERE NOT EXISTS (SELECT 1 FROM search_words AS sw
		    WHERE sw.word = v_w);
		RETURN v_out;
	END IF;
	WITH raw AS (
		SELECT r.ord, r.tok
		FROM regexp_split_to_table(left(q, 10000), '[[:space:]]+')
		    WITH ORDINALITY AS r(tok, ord)
		WHERE r.tok <> ''
		LIMIT 16
	), words AS (
		SELECT raw.ord, m.ord AS sub, (raw.tok ~ '^-') AS neg,
		    lower(m.w[1]) AS w
		FROM raw, regexp_matches(raw.tok, '([[:alnum:]]+)', 'g')
		    WITH ORDINALITY AS m(w, ord)
	), fix AS (
		SELECT words.ord, words.sub, c.word, c.rk
		FROM words
		CROSS JOIN LATERAL (
			SELECT sw.word, row_number() OVER (ORDER BY
			    similarity(sw.word, words.w) DESC, sw.ndoc DESC,
			    sw.word) AS rk
			FROM search_words AS sw
			WHERE sw.word % words.w
			ORDER BY similarity(sw.word, words.w) DESC, sw.ndoc DESC,
			    sw.word
			LIMIT 3) AS c
		WHERE length(words.w) >= 3 AND words.w ~ '^[[:alpha:]]+$'
		    AND NOT EXISTS (SELECT 1 FROM search_words AS sw
			WHERE sw.word = words.w)
	), variants AS (
		SELECT k.rk, string_agg(
		    CASE WHEN words.neg AND words.sub = 1 THEN '-' ELSE '' END
		    || coalesce((SELECT f.word FROM fix AS f WHERE f.ord = words.ord
			AND f.sub = words.sub
			AND f.rk = least(k.rk, (SELECT max(f2.rk) FROM fix AS f2
			    WHERE f2.ord = words.ord AND f2.sub = words.sub))),
			words.w),
		    ' ' ORDER BY words.ord, words.sub) AS s
		FROM words, generate_series(1, 3) AS k(rk)
		WHERE EXISTS (SELECT 1 FROM fix)
		GROUP BY k.rk
	)
	SELECT array_agg(v.s ORDER BY v.first_rk)
	INTO v_out
	FROM (SELECT s, min(rk) AS first_rk FROM variants GROUP BY s) AS v;
	RETURN v_out;
END;
$$;

-- Sample lexeme of level 1..4 (1/8, 1/64, 1/512, 1/4096 of the rows) for
-- a 12-bit bucket; the levels are nested, so a level-j sample contains
-- the level-(j+1) one.  NULL for level 0 (no sampling).
CREATE FUNCTION search_sample_query(lvl integer, bucket integer)
    RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT CASE WHEN lvl BETWEEN 1 AND 4 THEN search_tag_query(lvl::text,
    ((bucket & 4095) >> (12 - 3 * lvl))::text) END
$$;

-- Multiplies every count of a facets object by factor (rounded).
-- plpgsql, not sql: a SQL function that cannot be inlined (this one has
-- a FROM) is parsed and planned again in every transaction, a plpgsql
-- one keeps its plan for the session.
CREATE FUNCTION search_facets_scale(f jsonb, factor double precision)
    RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_object_agg(g.key, (
		SELECT coalesce(jsonb_object_agg(c.key,
		    round((c.value)::text::numeric * factor::numeric)),
		    '{}'::jsonb)
		FROM jsonb_each(g.value) AS c)), '{}'::jsonb)
	    FROM jsonb_each(f) AS g);
END;
$$;

-- The candidate set: at most p_k + 1 active rows matching p_match and
-- the range filters, read either through the GIN index (p_tid_lo NULL;
-- p_match then holds text AND tags AND, when sampling, a sample lexeme)
-- or from the heap pages [p_tid_lo, p_tid_hi) testing p_match on each
-- row (the "window", for very broad sets; p_match NULL = every row).
-- p_recheck (filter tags left out of the GIN scan) is tested on each row
-- read, never through the index.
-- Returns their number, for the window the block of the last one read
-- (its progress when the LIMIT stopped it; NULL from the GIN), the ids
-- of the page [p_off, p_off + p_lim) in p_sort order and their scores
-- (when p_want_page; the scores are NULL unless p_sort is relevance) and
-- facet counts over the whole set (when p_facets).  The plan_cache_mode
-- of the caller (scholarship_search: force_generic_plan) applies; only
-- it calls this.  Its work is bounded by p_k + 1 heap rows
-- plus the GIN scan, or by the window.  Relevance is ts_rank over the
-- small search_rank_tsv with the weights D 0.05, C 0.2, B 0.4, A 1.0.
-- The window test is written coalesce(search_tsv @@ p_match, false) so
-- that the planner cannot use the GIN index for it.
CREATE FUNCTION search_candidates(p_match tsquery, p_tsq tsquery,
    p_sort text, p_lo timestamptz, p_hi timestamptz, p_min_amount numeric,
    p_max_amount numeric, p_min_gpa numeric, p_k integer, p_off integer,
    p_lim integer, p_want_page boolean, p_facets boolean,
    p_recheck tsquery DEFAULT NULL,
    p_tid_lo tid DEFAULT NULL, p_tid_hi tid DEFAULT NULL,
    OUT n integer, OUT last_block bigint, OUT ids text[], OUT facets jsonb,
    OUT scores real[])
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
	-- Four variants of one statement (GIN or window, with or without
	-- facets): every subplan of a statement is initialised on each
	-- execution, used or not, so the common calls carry none of the
	-- facet subplans, and only the window computes last_block.
	IF p_tid_lo IS NULL AND NOT p_facets THEN
		WITH c AS MATERIALIZED (
			SELECT s.id, s.application_deadline AS dl,
			    s.amount AS amt, s.created_at AS ct,
			    CASE WHEN p_sort = 'relevance' AND p_want_page
				THEN ts_rank('{0.05, 0.2, 0.4, 1.0}',
				    s.search_rank_tsv, p_tsq) END AS sc
			FROM scholarships AS s
			WHERE s.is_active
			    AND s.search_tsv @@ p_match
			    AND coalesce(s.search_tsv @@ p_recheck, true)
			    AND (p_lo IS NULL OR s.application_deadline >= p_lo)
			    AND (p_hi IS NULL OR s.application_deadline <= p_hi)
			    AND (p_min_amount IS NULL OR s.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR s.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR s.min_gpa IS NULL
				OR s.min_gpa <= p_min_gpa)
			LIMIT p_k + 1
		)
		-- One key list for every sort; the keys of other sorts are
		-- NULL.  Top-N sort of the candidates, then the page in order,
		-- with the scores of its rows (scholarship_search returns them).
		SELECT (SELECT count(*) FROM c),
		    pg.ids, pg.scores
		FROM (SELECT array_agg(p.id ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS ids,
		    array_agg(p.k0 ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS scores
		    FROM (SELECT c.id, c.sc AS k0,
			CASE WHEN p_sort IN ('relevance', 'deadline') THEN c.dl END
			    AS k1,
			CASE WHEN p_sort = 'amount_asc' THEN c.amt END AS k2,
			CASE WHEN p_sort = 'amount_desc' THEN c.amt END AS k3,
			CASE WHEN p_sort = 'newest' THEN c.ct END AS k4,
			CASE WHEN p_sort = 'amount_desc' THEN c.id END AS k5
			FROM c
			WHERE p_want_page
			ORDER BY 2 DESC, 3, 4, 5 DESC, 6 DESC, 7 DESC, 1
			OFFSET p_off LIMIT p_lim) AS p) AS pg
		INTO n, ids, scores;
	ELSIF p_tid_lo IS NULL THEN
		WITH c AS MATERIALIZED (
			SELECT s.id, s.application_deadline AS dl,
			    s.amount AS amt, s.created_at AS ct, s.fields_of_study AS fos,
			    s.scholarship_type AS typ,
			    CASE WHEN p_sort = 'relevance' AND p_want_page
				THEN ts_rank('{0.05, 0.2, 0.4, 1.0}',
				    s.search_rank_tsv, p_tsq) END AS sc
			FROM scholarships AS s
			WHERE s.is_active
			    AND s.search_tsv @@ p_match
			    AND coalesce(s.search_tsv @@ p_recheck, true)
			    AND (p_lo IS NULL OR s.application_deadline >= p_lo)
			    AND (p_hi IS NULL OR s.application_deadline <= p_hi)
			    AND (p_min_amount IS NULL OR s.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR s.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR s.min_gpa IS NULL
				OR s.min_gpa <= p_min_gpa)
			LIMIT p_k + 1
		)
		SELECT (SELECT count(*) FROM c),
		    pg.ids, pg.scores,
		    jsonb_build_object(
			'fields_of_study', (SELECT coalesce(
			    jsonb_object_agg(x.f, x.n), '{}')
			    FROM (SELECT coalesce(f.f, 'any') AS f, count(*) AS n
				FROM c LEFT JOIN LATERAL unnest(c.fos) AS f(f) ON true
				GROUP BY 1) AS x),
			'scholarship_types', (SELECT coalesce(
			    jsonb_object_agg(x.t, x.n), '{}')
			    FROM (SELECT c.typ AS t, count(*) AS n
				FROM c GROUP BY 1) AS x),
			'amount_ranges', (SELECT coalesce(
			    jsonb_object_agg(x.b, x.n), '{}')
			    FROM (SELECT (ARRAY['0-999', '1000-2499', '2500-4999',
				'5000-9999', '10000-24999', '25000-49999',
				'50000+'])[search_amount_bucket(c.amt) + 1] AS b,
				count(*) AS n
				FROM c GROUP BY 1) AS x))
		FROM (SELECT array_agg(p.id ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS ids,
		    array_agg(p.k0 ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS scores
		    FROM (SELECT c.id, c.sc AS k0,
			CASE WHEN p_sort IN ('relevance', 'deadline') THEN c.dl END
			    AS k1,
			CASE WHEN p_sort = 'amount_asc' THEN c.amt END AS k2,
			CASE WHEN p_sort = 'amount_desc' THEN c.amt END AS k3,
			CASE WHEN p_sort = 'newest' THEN c.ct END AS k4,
			CASE WHEN p_sort = 'amount_desc' THEN c.id END AS k5
			FROM c
			WHERE p_want_page
			ORDER BY 2 DESC, 3, 4, 5 DESC, 6 DESC, 7 DESC, 1
			OFFSET p_off LIMIT p_lim) AS p) AS pg
		INTO n, ids, scores, facets;
	ELSIF NOT p_facets THEN
		WITH c AS MATERIALIZED (
			SELECT s.id, s.ctid AS tid, s.application_deadline AS dl,
			    s.amount AS amt, s.created_at AS ct,
			    CASE WHEN p_sort = 'relevance' AND p_want_page
				THEN ts_rank('{0.05, 0.2, 0.4, 1.0}',
				    s.search_rank_tsv, p_tsq) END AS sc
			FROM scholarships AS s
			WHERE s.ctid >= p_tid_lo AND s.ctid < p_tid_hi
			    AND s.is_active
			    AND (p_match IS NULL OR coalesce(s.search_tsv @@ p_match, false))
			    AND (p_lo IS NULL OR s.application_deadline >= p_lo)
			    AND (p_hi IS NULL OR s.application_deadline <= p_hi)
			    AND (p_min_amount IS NULL OR s.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR s.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR s.min_gpa IS NULL
				OR s.min_gpa <= p_min_gpa)
			LIMIT p_k + 1
		)
		SELECT (SELECT count(*) FROM c),
		    (SELECT (max(c.tid)::text::point)[0] FROM c),
		    pg.ids, pg.scores
		FROM (SELECT array_agg(p.id ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS ids,
		    array_agg(p.k0 ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS scores
		    FROM (SELECT c.id, c.sc AS k0,
			CASE WHEN p_sort IN ('relevance', 'deadline') THEN c.dl END
			    AS k1,
			CASE WHEN p_sort = 'amount_asc' THEN c.amt END AS k2,
			CASE WHEN p_sort = 'amount_desc' THEN c.amt END AS k3,
			CASE WHEN p_sort = 'newest' THEN c.ct END AS k4,
			CASE WHEN p_sort = 'amount_desc' THEN c.id END AS k5
			FROM c
			WHERE p_want_page
			ORDER BY 2 DESC, 3, 4, 5 DESC, 6 DESC, 7 DESC, 1
			OFFSET p_off LIMIT p_lim) AS p) AS pg
		INTO n, last_block, ids, scores;
	ELSE
		WITH c AS MATERIALIZED (
			SELECT s.id, s.ctid AS tid, s.application_deadline AS dl,
			    s.amount AS amt, s.created_at AS ct, s.fields_of_study AS fos,
			    s.scholarship_type AS typ,
			    CASE WHEN p_sort = 'relevance' AND p_want_page
				THEN ts_rank('{0.05, 0.2, 0.4, 1.0}',
				    s.search_rank_tsv, p_tsq) END AS sc
			FROM scholarships AS s
			WHERE s.ctid >= p_tid_lo AND s.ctid < p_tid_hi
			    AND s.is_active
			    AND (p_match IS NULL OR coalesce(s.search_tsv @@ p_match, false))
			    AND (p_lo IS NULL OR s.application_deadline >= p_lo)
			    AND (p_hi IS NULL OR s.application_deadline <= p_hi)
			    AND (p_min_amount IS NULL OR s.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR s.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR s.min_gpa IS NULL
				OR s.min_gpa <= p_min_gpa)
			LIMIT p_k + 1
		)
		SELECT (SELECT count(*) FROM c),
		    (SELECT (max(c.tid)::text::point)[0] FROM c),
		    pg.ids, pg.scores,
		    jsonb_build_object(
			'fields_of_study', (SELECT coalesce(
			    jsonb_object_agg(x.f, x.n), '{}')
			    FROM (SELECT coalesce(f.f, 'any') AS f, count(*) AS n
				FROM c LEFT JOIN LATERAL unnest(c.fos) AS f(f) ON true
				GROUP BY 1) AS x),
			'scholarship_types', (SELECT coalesce(
			    jsonb_object_agg(x.t, x.n), '{}')
			    FROM (SELECT c.typ AS t, count(*) AS n
				FROM c GROUP BY 1) AS x),
			'amount_ranges', (SELECT coalesce(
			    jsonb_object_agg(x.b, x.n), '{}')
			    FROM (SELECT (ARRAY['0-999', '1000-2499', '2500-4999',
				'5000-9999', '10000-24999', '25000-49999',
				'50000+'])[search_amount_bucket(c.amt) + 1] AS b,
				count(*) AS n
				FROM c GROUP BY 1) AS x))
		FROM (SELECT array_agg(p.id ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS ids,
		    array_agg(p.k0 ORDER BY p.k0 DESC, p.k1, p.k2,
			p.k3 DESC, p.k4 DESC, p.k5 DESC, p.id) AS scores
		    FROM (SELECT c.id, c.sc AS k0,
			CASE WHEN p_sort IN ('relevance', 'deadline') THEN c.dl END
			    AS k1,
			CASE WHEN p_sort = 'amount_asc' THEN c.amt END AS k2,
			CASE WHEN p_sort = 'amount_desc' THEN c.amt END AS k3,
			CASE WHEN p_sort = 'newest' THEN c.ct END AS k4,
			CASE WHEN p_sort = 'amount_desc' THEN c.id END AS k5
			FROM c
			WHERE p_want_page
			ORDER BY 2 DESC, 3, 4, 5 DESC, 6 DESC, 7 DESC, 1
			OFFSET p_off LIMIT p_lim) AS p) AS pg
		INTO n, last_block, ids, scores, facets;
	END IF;
END;
$$;

-- The page of a keyed sort over a large set: walk the index of the sort
-- key in order, testing each row, until p_off + p_lim + 1 rows matched or
-- p_cap index rows were read.  Returns up to p_lim + 1 ids (the page and
-- one more, for has_more) and whether the cap was reached.  The text and
-- tag test is written coalesce(search_tsv @@ p_base, true) so that the
-- planner cannot answer it from the GIN index: the order must come from
-- the sort index.  The row numbered p_cap always passes the WHERE as a
-- sentinel, so reaching the cap shows in the result.  Every layer orders
-- by the index key (k1, id) so that no Sort node is needed and the LIMIT
-- stops the index scan early.
CREATE FUNCTION search_walk(p_base tsquery, p_sort text, p_lo timestamptz,
    p_hi timestamptz, p_min_amount numeric, p_max_amount numeric,
    p_min_gpa numeric, p_off integer, p_lim integer, p_cap integer,
    OUT ids text[], OUT capped boolean)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
	IF p_sort = 'newest' THEN
		SELECT array_agg(y.id ORDER BY y.rn) FILTER (WHERE y.hit),
		    coalesce(bool_or(y.rn = p_cap), false)
		INTO ids, capped
		FROM (SELECT x.id, x.rn, x.hit
		    FROM (SELECT i.id, i.k1, i.rn, i.hit,
			count(*) FILTER (WHERE i.hit)
			    OVER (ORDER BY i.k1 DESC, i.id) AS m
			FROM (SELECT j.id, j.k1, j.rn,
			    coalesce(j.search_tsv @@ p_base, true)
			    AND (p_lo IS NULL OR j.dl >= p_lo)
			    AND (p_hi IS NULL OR j.dl <= p_hi)
			    AND (p_min_amount IS NULL OR j.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR j.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR j.min_gpa IS NULL
				OR j.min_gpa <= p_min_gpa) AS hit
			    FROM (SELECT s.id, s.created_at AS k1, s.search_tsv, s.application_deadline AS dl, s.amount, s.min_gpa,
				row_number() OVER (ORDER BY s.created_at DESC, s.id) AS rn
				FROM scholarships AS s
				WHERE s.is_active
				ORDER BY s.created_at DESC, s.id
				LIMIT p_cap) AS j) AS i
			WHERE i.hit OR i.rn = p_cap
			ORDER BY i.k1 DESC, i.id) AS x
		    WHERE x.m > p_off OR NOT x.hit
		    ORDER BY x.k1 DESC, x.id LIMIT p_lim + 1) AS y;
	ELSIF p_sort = 'amount_asc' THEN
		SELECT array_agg(y.id ORDER BY y.rn) FILTER (WHERE y.hit),
		    coalesce(bool_or(y.rn = p_cap), false)
		INTO ids, capped
		FROM (SELECT x.id, x.rn, x.hit
		    FROM (SELECT i.id, i.k1, i.rn, i.hit,
			count(*) FILTER (WHERE i.hit)
			    OVER (ORDER BY i.k1, i.id) AS m
			FROM (SELECT j.id, j.k1, j.rn,
			    coalesce(j.search_tsv @@ p_base, true)
			    AND (p_lo IS NULL OR j.dl >= p_lo)
			    AND (p_hi IS NULL OR j.dl <= p_hi)
			    AND (p_min_gpa IS NULL OR j.min_gpa IS NULL
				OR j.min_gpa <= p_min_gpa) AS hit
			    FROM (SELECT s.id, s.amount AS k1, s.search_tsv, s.application_deadline AS dl, s.min_gpa,
				row_number() OVER (ORDER BY s.amount, s.id) AS rn
				FROM scholarships AS s
				WHERE s.is_active
				    AND s.amount >= coalesce(p_min_amount, '-Infinity')
				    AND s.amount <= coalesce(p_max_amount, 'Infinity')
				ORDER BY s.amount, s.id
				LIMIT p_cap) AS j) AS i
			WHERE i.hit OR i.rn = p_cap
			ORDER BY i.k1, i.id) AS x
		    WHERE x.m > p_off OR NOT x.hit
		    ORDER BY x.k1, x.id LIMIT p_lim + 1) AS y;
	ELSIF p_sort = 'amount_desc' THEN
		SELECT array_agg(y.id ORDER BY y.rn) FILTER (WHERE y.hit),
		    coalesce(bool_or(y.rn = p_cap), false)
		INTO ids, capped
		FROM (SELECT x.id, x.rn, x.hit
		    FROM (SELECT i.id, i.k1, i.rn, i.hit,
			count(*) FILTER (WHERE i.hit)
			    OVER (ORDER BY i.k1 DESC, i.id DESC) AS m
			FROM (SELECT j.id, j.k1, j.rn,
			    coalesce(j.search_tsv @@ p_base, true)
			    AND (p_lo IS NULL OR j.dl >= p_lo)
			    AND (p_hi IS NULL OR j.dl <= p_hi)
			    AND (p_min_gpa IS NULL OR j.min_gpa IS NULL
				OR j.min_gpa <= p_min_gpa) AS hit
			    FROM (SELECT s.id, s.amount AS k1, s.search_tsv, s.application_deadline AS dl, s.min_gpa,
				row_number() OVER (ORDER BY s.amount DESC, s.id DESC) AS rn
				FROM scholarships AS s
				WHERE s.is_active
				    AND s.amount >= coalesce(p_min_amount, '-Infinity')
				    AND s.amount <= coalesce(p_max_amount, 'Infinity')
				ORDER BY s.amount DESC, s.id DESC
				LIMIT p_cap) AS j) AS i
			WHERE i.hit OR i.rn = p_cap
			ORDER BY i.k1 DESC, i.id DESC) AS x
		    WHERE x.m > p_off OR NOT x.hit
		    ORDER BY x.k1 DESC, x.id DESC LIMIT p_lim + 1) AS y;
	ELSE	-- deadline
		SELECT array_agg(y.id ORDER BY y.rn) FILTER (WHERE y.hit),
		    coalesce(bool_or(y.rn = p_cap), false)
		INTO ids, capped
		FROM (SELECT x.id, x.rn, x.hit
		    FROM (SELECT i.id, i.k1, i.rn, i.hit,
			count(*) FILTER (WHERE i.hit)
			    OVER (ORDER BY i.k1, i.id) AS m
			FROM (SELECT j.id, j.k1, j.rn,
			    coalesce(j.search_tsv @@ p_base, true)
			    AND (p_min_amount IS NULL OR j.amount >= p_min_amount)
			    AND (p_max_amount IS NULL OR j.amount <= p_max_amount)
			    AND (p_min_gpa IS NULL OR j.min_gpa IS NULL
				OR j.min_gpa <= p_min_gpa) AS hit
			    FROM (SELECT s.id, s.application_deadline AS k1, s.search_tsv, s.amount, s.min_gpa,
				row_number() OVER (ORDER BY s.application_deadline, s.id) AS rn
				FROM scholarships AS s
				WHERE s.is_active
				    AND s.application_deadline >= coalesce(p_lo, '-infinity')
				    AND s.application_deadline <= coalesce(p_hi, 'infinity')
				ORDER BY s.application_deadline, s.id
				LIMIT p_cap) AS j) AS i
			WHERE i.hit OR i.rn = p_cap
			ORDER BY i.k1, i.id) AS x
		    WHERE x.m > p_off OR NOT x.hit
		    ORDER BY x.k1, x.id LIMIT p_lim + 1) AS y;
	END IF;
END;
$$;

-- The search (SPEC 5.1); the only function the responder calls.
-- Parameters: NULL (or an empty array) turns a filter off; p_sort NULL
-- means relevance when q has a searchable word, else deadline.  Returns
-- the page in order, one row per item; when the page is empty, one row
-- whose id is NULL.  The meta columns (total ... suggestions) are the
-- same on every row; facets is set on the first row only.
-- docs/search-sql.md describes the algorithm and every column.  Its SET
-- clauses also hold for the helpers it calls, which have none of their
-- own (a function-level SET costs a GUC save and restore per call).
CREATE FUNCTION scholarship_search(
	p_q			text DEFAULT NULL,
	p_fields_of_study	text[] DEFAULT NULL,
	p_scholarship_types	text[] DEFAULT NULL,
	p_states		text[] DEFAULT NULL,
	p_min_amount		numeric DEFAULT NULL,
	p_max_amount		numeric DEFAULT NULL,
	p_min_gpa		numeric DEFAULT NULL,
	p_citizenship		text DEFAULT NULL,
	p_grade_level		text DEFAULT NULL,
	p_deadline_after	timestamptz DEFAULT NULL,
	p_deadline_before	timestamptz DEFAULT NULL,
	p_renewable		boolean DEFAULT NULL,
	p_include_expired	boolean DEFAULT false,
	p_sort			text DEFAULT NULL,
	p_limit			integer DEFAULT 20,
	p_offset		integer DEFAULT 0,
	p_facets		boolean DEFAULT false,
	p_candidate_limit	integer DEFAULT 1000)
    RETURNS TABLE (
	id			text,
	name			text,
	organization		text,
	description		text,
	amount			numeric,
	max_awards		integer,
	application_deadline	text,
	notification_date	text,
	scholarship_type	text,
	min_gpa			numeric,
	max_gpa			numeric,
	grade_levels		text[],
	citizenship_required	text,
	residency_states	text[],
	fields_of_study		text[],
	min_age			smallint,
	max_age			smallint,
	financial_need		boolean,
	essay_required		boolean,
	recommendation_letters	smallint,
	application_url		text,
	contact_email		text,
	website_url		text,
	renewable		boolean,
	is_active		boolean,
	score			numeric,
	total			bigint,
	total_exact		boolean,
	has_more		boolean,
	search_mode		text,
	corrected_query		text,
	suggestions		text[],
	facets			jsonb,
	applied_sort		text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET plan_cache_mode = force_generic_plan
    SET client_min_messages = warning
AS $$
#variable_conflict use_column
DECLARE
	k		integer;	-- candidate limit
	lim		integer;
	off		integer;
	v_sort		text;
	v_q		text;		-- the text searched (maybe corrected)
	v_tsq		tsquery;	-- its tsquery; NULL = no text
	v_mtsq		tsquery;	-- the same for matching (tsq_match)
	v_ftsq		tsquery;	-- filter tags; NULL = none
	v_ftsq_index	tsquery;	-- the selective ones
	v_ibase		tsquery;	-- text AND selective tags
	v_recheck	tsquery;	-- tags to test on rows, or NULL
	v_fsel		double precision;
	v_lo		timestamptz;	-- effective deadline window
	v_hi		timestamptz;
	v_nall		double precision;
	v_sall		double precision;	-- '#all' of the stats, >= 1
	v_est		double precision;
	v_base		tsquery;	-- text AND tags
	v_bucket	integer;
	v_lvl		integer;
	v_n		integer;
	v_cnt		integer;
	v_ids		text[];
	v_scores	real[];		-- relevance: the scores of v_ids
	v_facets	jsonb;
	v_total		bigint;
	v_exact		boolean;
	v_more		boolean;
	v_mode		text;
	v_corrected	text;
	v_sugg		text[];
	v_capped	boolean;
	v_target	integer;
	v_need		integer;
	v_scale		double precision;
	v_src		text;		-- window | sample | index
	v_nblk		bigint;
	v_w		bigint;
	v_b0		bigint;
	v_last		bigint;
	v_r		record;		-- a helper's OUT parameters
	v_suggested	boolean := false;	-- search_suggest(v_q) ran
BEGIN
	k := least(greatest(coalesce(p_candidate_limit, 1000), 100), 100000);
	lim := least(greatest(coalesce(p_limit, 20), 1), 100);
	-- Past 10^9 no catalogue has rows; also keeps the arithmetic below
	-- inside integer.
	off := least(greatest(coalesce(p_offset, 0), 0), 1000000000);
	IF cardinality(p_fields_of_study) = 0 THEN
		p_fields_of_study := NULL;
	END IF;
	IF cardinality(p_scholarship_types) = 0 THEN
		p_scholarship_types := NULL;
	END IF;
	IF cardinality(p_states) = 0 THEN
		p_states := NULL;
	END IF;
	v_lo := CASE WHEN coalesce(p_include_expired, false)
	    THEN p_deadline_after ELSE greatest(p_deadline_after, now()) END;
	v_hi := p_deadline_before;
	v_q := p_q;

	-- The helpers are called as expressions (v_r := f(...)), which is
	-- cheaper than SELECT ... FROM f(...).
	SELECT st.ndoc INTO v_nall
	FROM search_lexeme_stats AS st WHERE st.lexeme = '#all';
	v_sall := greatest(coalesce(v_nall, 0), 1);
	IF p_fields_of_study IS NULL AND p_scholarship_types IS NULL
	    AND p_states IS NULL AND p_citizenship IS NULL
	    AND p_grade_level IS NULL AND p_renewable IS NULL
	    AND p_min_amount IS NULL AND p_max_amount IS NULL
	    AND p_min_gpa IS NULL AND v_hi IS NULL THEN
		-- No filter: what search_filter_query would return.
		v_fsel := 1;
	ELSE
		v_r := search_filter_query(p_fields_of_study,
		    p_scholarship_types, p_states, p_citizenship, p_grade_level,
		    p_renewable, p_min_amount, p_max_amount, p_min_gpa, v_lo,
		    v_hi, v_sall);
		v_ftsq := v_r.tsq;
		v_ftsq_index := v_r.tsq_index;
		v_fsel := v_r.sel;
	END IF;
	IF v_nall IS NULL THEN
		-- Never refreshed: use the planner's row count.
		SELECT greatest(c.reltuples, 0) INTO v_nall
		FROM pg_class AS c WHERE c.oid = 'scholarships'::regclass;
	END IF;

	-- Pass 1: the text as typed; pass 2 (only when pass 1 found nothing
	-- and a word is unknown): its corrected spelling.
	FOR pass IN 1..2 LOOP
		IF v_q IS NULL THEN
			-- (What search_text_query returns for no text.)
			v_tsq := NULL;
			v_est := NULL;
			v_mtsq := NULL;
		ELSE
			v_r := search_text_query(v_q, v_sall);
			v_q := v_r.q_clean;
			v_tsq := v_r.tsq;
			v_est := v_r.est;
			v_mtsq := v_r.tsq_match;
		END IF;
		v_sort := CASE WHEN p_sort IN ('relevance', 'deadline',
		    'amount_desc', 'amount_asc', 'newest') THEN p_sort END;
		IF v_sort IS NULL OR (v_sort = 'relevance' AND v_tsq IS NULL) THEN
			v_sort := CASE WHEN v_tsq IS NULL THEN 'deadline'
			    ELSE 'relevance' END;
		END IF;
		v_est := CASE WHEN v_tsq IS NULL THEN v_nall
		    ELSE least(v_est, v_nall) END * v_fsel;
		v_base := CASE WHEN v_tsq IS NULL THEN v_ftsq
		    WHEN v_ftsq IS NULL THEN v_mtsq ELSE v_mtsq && v_ftsq END;
		-- What the GIN scan gets: the text and the selective tags;
		-- the other tags are tested on the rows (v_recheck).
		v_ibase := CASE WHEN v_tsq IS NULL THEN v_ftsq_index
		    WHEN v_ftsq_index IS NULL THEN v_mtsq
		    ELSE v_mtsq && v_ftsq_index END;
		v_recheck := CASE WHEN v_ftsq IS DISTINCT FROM v_ftsq_index
		    THEN v_ftsq END;
		v_bucket := hashtext(coalesce(v_tsq::text, '')) & 4095;

		-- Candidate source ("Levels" and "Window" in the design doc).
		-- v_scale: matches per candidate read (1 = the whole set).
		v_target := least(k, greatest(k / 4, 4 * (off + lim + 1)::bigint));
		v_need := CASE WHEN v_sort = 'relevance'
		    THEN greatest(off + lim + 1, k / 32) ELSE 16 END;
		v_scale := NULL;
		v_src := NULL;
		-- A very broad set: read a window of consecutive heap pages
		-- expected to hold v_target matches, placed by the query's
		-- hash, when that is cheaper than a hash sample.  Costs in us
		-- measured on the reference box: 1.3 a heap row tested in the
		-- window; 0.02 a GIN posting entry decoded plus 2 a sampled
		-- row fetched.
		IF v_nall > 4 * k AND v_est > 0
		    AND v_target * v_nall / v_est * 1.3
			< v_est * 0.02 + v_target * 2.0 THEN
			v_nblk := pg_relation_size('scholarships')
			    / current_setting('block_size')::integer;
			v_w := least(v_nblk, greatest(1,
			    ceil(v_target * v_nblk / v_est)))::bigint;
			v_b0 := (v_bucket::bigint * 2654435761 % 4294967296)
			    % (v_nblk - v_w + 1);
			v_r := search_candidates(v_base, v_tsq, v_sort, v_lo, v_hi,
			    p_min_amount, p_max_amount, p_min_gpa, k, off, lim,
			    v_sort = 'relevance', p_facets, NULL,
			    format('(%s,0)', v_b0)::tid,
			    format('(%s,0)', v_b0 + v_w)::tid);
			v_n := v_r.n;
			v_last := v_r.last_block;
			v_ids := v_r.ids;
			v_scores := v_r.scores;
			v_facets := v_r.facets;
			v_scale := v_nblk::double precision / CASE WHEN v_n > k
			    THEN v_last - v_b0 + 1 ELSE v_w END;
			IF v_n >= v_need AND v_n * v_scale > k THEN
				v_src := 'window';
				v_lvl := -1;
			END IF;
		END IF;

		IF v_src IS NULL THEN
			-- The nested hash samples: none when the set is
			-- expected to be small (<= k/2: with the estimator's
			-- min/2 floor an AND set then holds at most k rows),
			-- else the largest sample expected to hold at most
			-- v_target rows.
			v_lvl := CASE WHEN v_est <= k / 2 THEN 0
			    ELSE least(4, ceil(ln(v_est / v_target) / ln(8)))
			    END;
			LOOP
				v_r := search_candidates(CASE WHEN v_lvl = 0
				    THEN coalesce(v_ibase, '''#all'''::tsquery)
				    ELSE coalesce(v_ibase && search_sample_query(
					v_lvl, v_bucket),
					search_sample_query(v_lvl, v_bucket)) END,
				    v_tsq, v_sort, v_lo, v_hi, p_min_amount,
				    p_max_amount, p_min_gpa, k, off, lim,
				    v_sort = 'relevance' OR v_lvl = 0,
				    p_facets, v_recheck);
				v_n := v_r.n;
				v_ids := v_r.ids;
				v_scores := v_r.scores;
				v_facets := v_r.facets;
				v_scale := 8 ^ v_lvl;
				EXIT WHEN v_lvl = 0;
				IF v_sort = 'relevance' THEN
					-- Enough candidates for this page and
					-- the next one's first row?
					EXIT WHEN v_n >= v_need;
					-- Too few: re-estimate from the sample
					-- and go up at least one level.
					v_est := greatest(v_n, 1) * 8 ^ v_lvl;
					v_lvl := least(v_lvl - 1, CASE
					    WHEN v_est <= k / 2 THEN 0
					    ELSE ceil(ln(v_est / v_target) / ln(8))
					    END);
				ELSE
					-- A large set (> k): walk the sort
					-- index.
					EXIT WHEN v_n * v_scale > k;
					-- A small set: fetch it whole (a sample
					-- that found under 16 rows is too coarse
					-- to say: one level up).
					v_lvl := CASE WHEN v_n >= 16 THEN 0
					    ELSE v_lvl - 1 END;
				END IF;
			END LOOP;
			v_src := CASE WHEN v_lvl = 0 THEN 'index' ELSE 'sample' END;
		END IF;

		-- Total: exact when the whole set was fetched, else scaled up;
		-- a hash sample that hit the limit is recounted on smaller
		-- samples.
		v_exact := (v_lvl = 0 AND v_n <= k);
		v_total := round(v_n * v_scale);
		v_cnt := v_n;
		WHILE v_lvl >= 0 AND v_cnt > k AND v_lvl < 4 LOOP
			v_lvl := v_lvl + 1;
			v_r := search_candidates(coalesce(v_ibase
			    && search_sample_query(v_lvl, v_bucket),
			    search_sample_query(v_lvl, v_bucket)),
			    NULL, v_sort, v_lo, v_hi, p_min_amount, p_max_amount,
			    p_min_gpa, k, 0, 0, false, false, v_recheck);
			v_cnt := v_r.n;
			v_total := v_cnt * 8 ^ v_lvl;
		END LOOP;
		IF p_facets AND NOT v_exact THEN
			v_facets := search_facets_scale(v_facets,
			    v_total::double precision / greatest(v_n, 1));
		END IF;

		EXIT WHEN pass = 2 OR v_tsq IS NULL OR v_total > 0;
		v_sugg := search_suggest(v_q);
		v_suggested := true;
		v_corrected := v_sugg[1];
		EXIT WHEN v_corrected IS NULL;
		v_q := v_corrected;
	END LOOP;
	IF v_corrected IS NOT NULL AND v_total = 0 THEN
		v_corrected := NULL;	-- the correction found nothing either
	END IF;
	-- (Not again when the loop already found no suggestion for v_q.)
	IF v_q IS NOT NULL AND v_sugg IS NULL AND NOT v_suggested
	    AND v_total < 5 THEN
		v_sugg := search_suggest(v_q);
	END IF;

	-- The page.
	IF v_sort = 'relevance' THEN
		-- Paging stays inside the ranked candidates.
		v_mode := CASE WHEN v_exact THEN 'exact' WHEN v_src = 'window'
		    THEN 'window' ELSE 'sampled' END;
		v_more := off + lim < least(v_n, k);
	ELSIF v_exact THEN
		v_mode := 'exact';
		v_more := off + lim < v_n;
	ELSIF off >= v_nall + 1 THEN
		-- Past the end of any possible result: do not walk.
		v_mode := 'walk';
		v_ids := NULL;
		v_scores := NULL;
		v_more := false;
	ELSE
		v_mode := 'walk';
		-- Expected index rows to read: (off + lim + 1) / selectivity;
		-- allow 4 times that, and at least 20 k.
		v_r := search_walk(v_base, v_sort, v_lo, v_hi, p_min_amount,
		    p_max_amount, p_min_gpa, off, lim, least(2000000000,
		    20 * k + 4 * (off + lim + 1)::bigint
		    * ceil(v_nall / greatest(v_total, 1)))::integer);
		v_ids := v_r.ids;
		v_scores := NULL;	-- (a keyed sort: no scores)
		v_capped := v_r.capped;
		v_more := coalesce(cardinality(v_ids), 0) > lim;
		v_ids := v_ids[1:lim];
		IF v_capped AND NOT v_more THEN
			-- The matches sit far down the sort order: sort the
			-- first k + 1 matches instead (exact if there are no
			-- more than k).
			v_mode := 'walk_capped';
			v_r := search_candidates(coalesce(v_ibase,
			    '''#all'''::tsquery), v_tsq, v_sort, v_lo, v_hi,
			    p_min_amount, p_max_amount, p_min_gpa, k, off, lim,
			    true, false, v_recheck);
			v_ids := v_r.ids;
			v_scores := v_r.scores;
			v_n := v_r.n;
			v_more := off + lim < least(v_n, k);
		END IF;
	END IF;

	RETURN QUERY
	SELECT s.id, s.name, s.organization,
	    CASE WHEN length(s.description) > 200
		THEN rtrim(left(s.description, 197)) || '...'
		ELSE s.description END,
	    s.amount, s.max_awards,
	    to_char(s.application_deadline AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(s.notification_date AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    s.scholarship_type, s.min_gpa, s.max_gpa, s.grade_levels,
	    s.citizenship_required, s.residency_states, s.fields_of_study,
	    s.min_age, s.max_age, s.financial_need, s.essay_required,
	    s.recommendation_letters, s.application_url, s.contact_email,
	    s.website_url, s.renewable, s.is_active,
	    -- The score search_candidates computed for the row:
	    -- ts_rank('{0.05, 0.2, 0.4, 1.0}', search_rank_tsv, v_tsq).
	    CASE WHEN v_sort = 'relevance' THEN round(u.sc::numeric, 4) END,
	    v_total, v_exact, v_more, v_mode, v_corrected, v_sugg,
	    CASE WHEN u.ord = 1 THEN v_facets END, v_sort
	FROM unnest(v_ids, v_scores) WITH ORDINALITY AS u(id, sc, ord)
	JOIN scholarships AS s ON s.id = u.id
	ORDER BY u.ord;
	IF NOT FOUND THEN
		RETURN QUERY SELECT NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::numeric, NULL::integer, NULL::text,
		    NULL::text, NULL::text, NULL::numeric, NULL::numeric,
		    NULL::text[], NULL::text, NULL::text[], NULL::text[],
		    NULL::smallint, NULL::smallint, NULL::boolean,
		    NULL::boolean, NULL::smallint, NULL::text, NULL::text,
		    NULL::text, NULL::boolean, NULL::boolean, NULL::numeric,
		    v_total, v_exact, v_more, v_mode, v_corrected, v_sugg,
		    v_facets, v_sort;
	END IF;
END;
$$;

-- Fill the vocabulary from the rows already there.
SELECT search_refresh();
