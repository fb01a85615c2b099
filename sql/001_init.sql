-- 001_init.sql: the initial schema (SPEC section 3).
--
-- scholarship-admin migrate runs this file inside one transaction and
-- records it in schema_version itself, so there is no BEGIN/COMMIT and
-- no schema_version table here.  The enum lists below are the same
-- lists as valid_*[] in src/lib/valid.c; change both together.
--
-- Eligibility criteria are plain columns rather than one JSON document
-- so that the search filters stay simple, indexable SQL.  An empty
-- array or a NULL criterion means "open to all".

-- Scholarships -----------------------------------------------------------

CREATE TABLE scholarships (
	-- Same as '^[A-Za-z0-9_-]{1,64}$', written so that a bulk load
	-- does not pay for the bounded-repetition regex (~10 us a row).
	id			text PRIMARY KEY
	    CONSTRAINT scholarships_id_check
	    CHECK (length(id) BETWEEN 1 AND 64
	    AND id !~ '[^A-Za-z0-9_-]'),
	name			text NOT NULL
	    CONSTRAINT scholarships_name_check CHECK (btrim(name) <> ''),
	organization		text NOT NULL
	    CONSTRAINT scholarships_organization_check
	    CHECK (btrim(organization) <> ''),
	description		text NOT NULL DEFAULT '',
	amount			numeric(12,2) NOT NULL
	    CONSTRAINT scholarships_amount_check CHECK (amount >= 0),
	max_awards		integer NOT NULL DEFAULT 1
	    CONSTRAINT scholarships_max_awards_check CHECK (max_awards >= 1),
	application_deadline	timestamptz NOT NULL,
	notification_date	timestamptz,
	scholarship_type	text NOT NULL
	    CONSTRAINT scholarships_type_check
	    CHECK (scholarship_type IN ('merit_based', 'need_based',
	    'athletic', 'minority', 'academic_achievement',
	    'community_service')),

	-- Eligibility criteria.
	min_gpa			numeric(3,2)
	    CONSTRAINT scholarships_min_gpa_check
	    CHECK (min_gpa BETWEEN 0 AND 4),
	max_gpa			numeric(3,2)
	    CONSTRAINT scholarships_max_gpa_check
	    CHECK (max_gpa BETWEEN 0 AND 4),
	grade_levels		text[] NOT NULL DEFAULT '{}'
	    CONSTRAINT scholarships_grade_levels_check
	    CHECK (grade_levels <@ ARRAY['high_school', 'undergraduate',
	    'graduate', 'doctoral', 'post_doctoral']::text[]),
	citizenship_required	text
	    CONSTRAINT scholarships_citizenship_check
	    CHECK (citizenship_required IN ('US', 'permanent_resident',
	    'international')),
	residency_states	text[] NOT NULL DEFAULT '{}'
	    CONSTRAINT scholarships_residency_states_check
	    CHECK (residency_states <@ ARRAY[
	    'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL',
	    'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
	    'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH',
	    'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
	    'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI',
	    'WY']::text[]),
	fields_of_study		text[] NOT NULL DEFAULT '{}'
	    CONSTRAINT scholarships_fields_of_study_check
	    CHECK (fields_of_study <@ ARRAY['engineering', 'computer_science',
	    'technology', 'mathematics', 'science', 'medicine', 'nursing',
	    'business', 'arts', 'education', 'law', 'psychology',
	    'social_sciences', 'social_work', 'other']::text[]),
	min_age			smallint
	    CONSTRAINT scholarships_min_age_check
	    CHECK (min_age BETWEEN 0 AND 120),
	max_age			smallint
	    CONSTRAINT scholarships_max_age_check
	    CHECK (max_age BETWEEN 0 AND 120),
	financial_need		boolean,
	essay_required		boolean NOT NULL DEFAULT false,
	recommendation_letters	smallint NOT NULL DEFAULT 0
	    CONSTRAINT scholarships_recommendation_letters_check
	    CHECK (recommendation_letters BETWEEN 0 AND 10),

	application_url		text NOT NULL,
	contact_email		text,
	website_url		text,
	renewable		boolean NOT NULL DEFAULT false,
	is_active		boolean NOT NULL DEFAULT true,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),

	CONSTRAINT scholarships_gpa_range_check
	    CHECK (min_gpa IS NULL OR max_gpa IS NULL OR min_gpa <= max_gpa),
	CONSTRAINT scholarships_age_range_check
	    CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);

-- The default list: active records ordered by deadline, id as the
-- tie-breaker so that pages are stable.
CREATE INDEX scholarships_active_deadline_idx
    ON scholarships (is_active, application_deadline, id);

-- Sort by newest.
CREATE INDEX scholarships_created_idx
    ON scholarships (created_at DESC, id);

-- Organisation pages and the partner ownership check compare
-- case-insensitively; text_pattern_ops also serves prefix LIKE.
CREATE INDEX scholarships_organization_idx
    ON scholarships (lower(organization) text_pattern_ops);

-- Keep updated_at truthful for every writer (API, admin imports, psql)
-- unless the statement sets it explicitly, as an import may.
CREATE FUNCTION scholarships_touch() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
		NEW.updated_at := now();
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER scholarships_touch_trg
    BEFORE UPDATE ON scholarships
    FOR EACH ROW EXECUTE FUNCTION scholarships_touch();

-- Users ------------------------------------------------------------------

-- Roles per SPEC section 4.  organization ties a partner to the records
-- it may edit.
CREATE TABLE users (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL
	    CONSTRAINT users_email_check
	    CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'
	    AND length(email) <= 254),
	password_hash	text NOT NULL,
	full_name	text,
	organization	text,
	roles		text[] NOT NULL DEFAULT '{student}'
	    CONSTRAINT users_roles_check
	    CHECK (roles <@ ARRAY['admin', 'partner', 'student',
	    'readonly']::text[] AND cardinality(roles) >= 1),
	is_active	boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

-- E-mail addresses are unique regardless of case; logins look them up
-- through lower(email).
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- The stored profile of a user, same fields and ranges as the profile
-- accepted by eligibility and recommendations; every field optional.
CREATE TABLE user_profiles (
	user_id			bigint PRIMARY KEY
	    REFERENCES users (id) ON DELETE CASCADE,
	gpa			numeric(3,2)
	    CONSTRAINT user_profiles_gpa_check CHECK (gpa BETWEEN 0 AND 4),
	grade_level		text
	    CONSTRAINT user_profiles_grade_level_check
	    CHECK (grade_level IN ('high_school', 'undergraduate',
	    'graduate', 'doctoral', 'post_doctoral')),
	field_of_study		text
	    CONSTRAINT user_profiles_field_of_study_check
	    CHECK (field_of_study IN ('engineering', 'computer_science',
	    'technology', 'mathematics', 'science', 'medicine', 'nursing',
	    'business', 'arts', 'education', 'law', 'psychology',
	    'social_sciences', 'social_work', 'other')),
	citizenship		text
	    CONSTRAINT user_profiles_citizenship_check
	    CHECK (citizenship IN ('US', 'permanent_resident',
	    'international')),
	state_of_residence	text
	    CONSTRAINT user_profiles_state_check
	    CHECK (state_of_residence IN (
	    'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL',
	    'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
	    'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH',
	    'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
	    'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI',
	    'WY')),
	age			smallint
	    CONSTRAINT user_profiles_age_check CHECK (age BETWEEN 13 AND 120),
	financial_need		boolean,
	updated_at		timestamptz NOT NULL DEFAULT now()
);

-- Interactions -----------------------------------------------------------

-- One row per student event.  scholarship_id and user_id are not
-- foreign keys on purpose: events may be logged anonymously or with a
-- client-side user id, scholarships are only ever soft-deleted, and
-- analytics must never make an event fail.
CREATE TABLE interactions (
	id		bigserial PRIMARY KEY,
	event_type	text NOT NULL
	    CONSTRAINT interactions_event_type_check
	    CHECK (event_type IN ('view', 'save', 'apply', 'dismiss',
	    'search', 'filter')),
	scholarship_id	text,
	user_id		text,
	search_query	text,
	metadata	jsonb,
	filters		jsonb,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- Analytics windows ("last N days") and "newest first".
CREATE INDEX interactions_created_idx ON interactions (created_at);

-- Popular scholarships and per-scholarship counts.
CREATE INDEX interactions_scholarship_idx
    ON interactions (scholarship_id, created_at)
    WHERE scholarship_id IS NOT NULL;

-- Per-user activity.
CREATE INDEX interactions_user_idx
    ON interactions (user_id, created_at)
    WHERE user_id IS NOT NULL;

-- Search analytics -------------------------------------------------------

-- One row per executed search, written by the search responder.
CREATE TABLE search_analytics (
	id		bigserial PRIMARY KEY,
	query		text,
	filters		jsonb,
	result_count	integer NOT NULL DEFAULT 0
	    CONSTRAINT search_analytics_result_count_check
	    CHECK (result_count >= 0),
	took_ms		double precision
	    CONSTRAINT search_analytics_took_ms_check CHECK (took_ms >= 0),
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX search_analytics_created_idx ON search_analytics (created_at);
