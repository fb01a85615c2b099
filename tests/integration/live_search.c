/*
 * Live search tests (SPEC §5.1 and the discovery endpoints of §4):
 * GET/POST /api/v1/search (and /search), the list with filters,
 * smart-search, organization/{org} and fields/{field}, over HTTP
 * against the stack of tests/integration/live.sh.
 *
 * The fixture inserts its own records (ids lsr_*) built from invented
 * words (zorblax, krentish, vexilloid, trundle, glomber-, quorvex,
 * plindor, snarfblat) and deadlines in 2041/2042, so that every
 * assertion can name the exact result whatever else the database
 * holds; it removes them again.  Visible records, in deadline order:
 *
 *   id  due     amount   type       gpa grades     citizen states fields  ren
 *   001 2041-02 5000     merit      3.5 undergrad  US      CA,NY  engin.  y
 *   002 2041-03 1200     need       -   any        any     any    arts    n
 *   003 2041-04 25000    academic   3.0 graduate   perm.   TX     any     n
 *   004 2041-05 800      community  2.0 high_sch.  intl.   WA     educ.   y
 *   005 2041-06 60000    minority   -   any        any     any    any     n
 *   008 2041-07 2500     community  -   any        any     any    any     n
 *   009 2041-08 9999.99  merit      4.0 doc,postd  US      NY     science y
 *
 * created_at, newest first: 002, 001, 005, 003, 009, 008, 004.
 * 006 is past its deadline (2020), 007 is inactive; 101-160 are 60
 * "snarfblat" records in 2042 for result-count thresholds.  Words:
 * zorblax in the names of 001 and 003 and the description of 002;
 * krentish in the names of 003 and 009, the organisation of 005 and
 * the description of 001.
 */
#include "config.h"

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "live.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define SEARCH	"/api/v1/search"
#define LIST	"/api/v1/scholarships"
#define SMART	LIST "/smart-search"
#define ORG	LIST "/organization/"
#define FIELDS	LIST "/fields/"
/* The 2041 window: exactly the visible lsr_0* records. */
#define W41	"deadline_after=2041-01-01&deadline_before=2041-12-31"
#define ALL41	"lsr_001,lsr_002,lsr_003,lsr_004,lsr_005,lsr_008,lsr_009"

static const char *const json_ct[] = { "Content-Type: application/json",
	NULL };

/* --- assertions --------------------------------------------------------- */

/* A 200 JSON answer. */
static struct json_object *
ok(struct live_resp *r, const char *what)
{
	const char	*ct;

	ck_assert_msg(r->status == 200, "%s: status %ld: %.400s", what,
	    r->status, r->body);
	ct = live_header(r, "Content-Type");
	ck_assert_msg(ct != NULL && strncmp(ct, "application/json", 16) == 0,
	    "%s: Content-Type %s", what, ct != NULL ? ct : "(none)");
	ck_assert_msg(live_header(r, "X-Request-ID") != NULL, "%s: no "
	    "X-Request-ID", what);
	ct = live_header(r, "X-Content-Type-Options");
	ck_assert_msg(ct != NULL && strcmp(ct, "nosniff") == 0,
	    "%s: X-Content-Type-Options %s", what, ct ? ct : "(none)");
	return body_json(r);
}

/* The one error envelope. */
static struct json_object *
err(struct live_resp *r, long status, const char *code, const char *what)
{
	struct json_object	*o;
	const char		*id;

	ck_assert_msg(r->status == status, "%s: status %ld, want %ld: %.400s",
	    what, r->status, status, r->body);
	o = body_json(r);
	id = live_header(r, "X-Request-ID");
	ck_assert_msg(id != NULL, "%s: no X-Request-ID", what);
	ck_assert_str_eq(jstr(o, "trace_id"), id);
	ck_assert_msg(strcmp(jstr(o, "code"), code) == 0, "%s: code %s, want %s",
	    what, jstr(o, "code"), code);
	ck_assert(jstr(o, "message")[0] != '\0');
	ck_assert_int_eq(jint(o, "status"), status);
	jget(o, "timestamp", json_type_int);
	id = live_header(r, "Cache-Control");
	ck_assert_msg(id != NULL && strstr(id, "no-store") != NULL,
	    "%s: %ld without Cache-Control: no-store", what, status);
	return o;
}

/* A 422 whose details.fields names field (exactly). */
static void
err_field(struct live_resp *r, const char *field, const char *what)
{
	struct json_object	*o, *f;
	size_t			 i, n;
	char			 seen[512] = "";

	o = err(r, 422, "VALIDATION_ERROR", what);
	f = jget(jget(o, "details", json_type_object), "fields",
	    json_type_array);
	n = json_object_array_length(f);
	for (i = 0; i < n; i++) {
		const char *name = jstr(json_object_array_get_idx(f, i),
		    "field");

		if (strcmp(name, field) == 0)
			return;
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
		    "[%s]", name);
	}
	ck_abort_msg("%s: 422 does not name %s (names %s)", what, field, seen);
}

/* The ids of an array of records, comma-joined, in order. */
static void
arr_ids(struct json_object *a, char *out, size_t len)
{
	size_t	 i, n;

	out[0] = '\0';
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
		    i > 0 ? "," : "", jstr(json_object_array_get_idx(a, i),
		    "id"));
}

/* Does the comma list contain id (as a whole item)? */
static int
has_id(const char *list, const char *id)
{
	size_t		 n = strlen(id);
	const char	*p = list;

	while ((p = strstr(p, id)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' ||
		    p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* Number of UTF-8 code points. */
static size_t
u8len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A summary item (SPEC §5.1): no timestamps, description cut at 200. */
static void
assert_summary(struct json_object *it)
{
	const char	*d = jstr(it, "description");

	ck_assert_msg(!jhas(it, "created_at") && !jhas(it, "updated_at"),
	    "%s: summary has timestamps", jstr(it, "id"));
	ck_assert_msg(u8len(d) <= 200, "%s: description of %zu characters",
	    jstr(it, "id"), u8len(d));
	jget(it, "name", json_type_string);
	jget(it, "organization", json_type_string);
	jnum(it, "amount");
	jget(it, "application_deadline", json_type_string);
	jget(it, "scholarship_type", json_type_string);
	jget(it, "eligibility_criteria", json_type_object);
	jget(it, "application_url", json_type_string);
	jget(it, "renewable", json_type_boolean);
}

/* The shape of a /search answer; returns its items. */
static struct json_object *
assert_search_shape(struct json_object *o)
{
	struct json_object	*a;
	size_t			 i, n;

	a = jget(o, "items", json_type_array);
	ck_assert_int_ge(jint(o, "total"), 0);
	ck_assert_int_ge(jint(o, "page"), 1);
	ck_assert_int_ge(jint(o, "page_size"), 1);
	jget(o, "filters", json_type_object);
	ck_assert(jnum(o, "took_ms") >= 0);
	jget(o, "has_next", json_type_boolean);
	jget(o, "has_previous", json_type_boolean);
	n = json_object_array_length(a);
	ck_assert_int_le((long long)n, jint(o, "page_size"));
	for (i = 0; i < n; i++)
		assert_summary(json_object_array_get_idx(a, i));
	return a;
}

/*
 * GET path; 200; the ids of the array under key ("items",
 * "scholarships", "results") into out; returns the total ("total" or
 * "total_count").
 */
static long long
get_ids(const char *path, const char *key, char *out, size_t len)
{
	struct live_resp	 r;
	struct json_object	*o;
	long long		 total;

	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	arr_ids(jget(o, key, json_type_array), out, len);
	total = jhas(o, "total") ? jint(o, "total") : jint(o, "total_count");
	if (strcmp(key, "items") == 0)
		assert_search_shape(o);
	live_resp_free(&r);
	return total;
}

static int
post_json(struct live_resp *r, const char *path, const char *body)
{
	return live_request(r, "POST", path, json_ct, body, strlen(body));
}

/* Number of items in a comma list ("" = 0). */
static long long
n_ids(const char *ids)
{
	long long	 n;

	if (ids[0] == '\0')
		return 0;
	for (n = 1; *ids != '\0'; ids++)
		n += *ids == ',';
	return n;
}

/* --- fixture ------------------------------------------------------------ */

static const char cleanup_sql[] =
	"DELETE FROM interactions WHERE scholarship_id LIKE 'lsr\\_%';\n"
	"DELETE FROM scholarships WHERE id IN ('null', 'NuLL');\n"
	"DELETE FROM scholarships WHERE id LIKE 'lsr\\_%';\n"
	"DELETE FROM search_analytics WHERE query LIKE '%lsrprobe%';\n";

#define COLS \
	"INSERT INTO scholarships (id, name, organization, description," \
	" amount, max_awards, application_deadline, scholarship_type," \
	" min_gpa, grade_levels, citizenship_required, residency_states," \
	" fields_of_study, application_url, renewable, is_active," \
	" created_at) VALUES\n"

static const char records_sql[] = COLS
	"('lsr_001', 'Zorblax Quantum Welding Scholarship',"
	" 'Vexmoor Welding Guild', 'For students who master the torch:"
	" krentish alloys and engineering projects with real welders.',"
	" 5000, 1, '2041-02-01T12:00:00Z', 'merit_based', 3.5,"
	" '{undergraduate}', 'US', '{CA,NY}', '{engineering}',"
	" 'https://lsr.example.org/1', true, true, '2025-01-07'),\n"
	"('lsr_002', 'Plindor Arts Award', 'Plindor Society',"
	" 'Painters and sculptors welcome; past winners include a zorblax"
	" mural.', 1200, 1, '2041-03-01T12:00:00Z', 'need_based', NULL, '{}',"
	" NULL, '{}', '{arts}', 'https://lsr.example.org/2', false, true,"
	" '2025-01-08'),\n"
	"('lsr_003', 'Zorblax Krentish Fellowship', 'Halvard Institute',"
	" 'Graduate research fellowship.', 25000, 2, '2041-04-01T12:00:00Z',"
	" 'academic_achievement', 3.0, '{graduate}', 'permanent_resident',"
	" '{TX}', '{}', 'https://lsr.example.org/3', false, true,"
	" '2025-01-05'),\n"
	"('lsr_004', 'Vexilloid Trundle Grant', 'Trundle Fund',"
	" 'Open to every major. Glomberating encouraged. Sponsored by the"
	" O''Brien family.', 800, 1, '2041-05-01T12:00:00Z',"
	" 'community_service', 2.0, '{high_school}', 'international', '{WA}',"
	" '{education}', 'https://lsr.example.org/4', true, true,"
	" '2025-01-01'),\n"
	/* 201 characters: cut to 197 + "...". */
	"('lsr_005', 'Trundle Memorial Prize for Vexilloid Studies',"
	" 'Krentish Heritage Council', rpad('Flag history prize.', 201,"
	" ' qua'), 60000, 1, '2041-06-01T12:00:00Z', 'minority', NULL, '{}',"
	" NULL, '{}', '{}', 'https://lsr.example.org/5', false, true,"
	" '2025-01-06'),\n"
	"('lsr_006', 'Quorvex Legacy Award', 'Quorvex Athletics',"
	" 'Expired.', 3000, 1, '2020-06-01T12:00:00Z', 'athletic', NULL, '{}',"
	" NULL, '{}', '{}', 'https://lsr.example.org/6', false, true,"
	" '2025-01-09'),\n"
	"('lsr_007', 'Zorblax Hidden Award', 'Zorblax Hidden Trust',"
	" 'Inactive.', 7000, 1, '2041-07-15T12:00:00Z', 'athletic', NULL,"
	" '{}', NULL, '{}', '{}', 'https://lsr.example.org/7', false, false,"
	" '2025-01-09'),\n"
	/* 275 characters with two-byte ones: cut by characters. */
	"('lsr_008', 'Frumple Civic Scholarship', 'Zib_Zab 100% Trust',"
	" repeat('Civic caf\xc3\xa9 ', 25), 2500, 1, '2041-07-01T12:00:00Z',"
	" 'community_service', NULL, '{}', NULL, '{}', '{}',"
	" 'https://lsr.example.org/8', false, true, '2025-01-02'),\n"
	/* Exactly 200 characters: not cut. */
	"('lsr_009', 'Krentish Frumple Science Award', 'ZibXZab Club',"
	" rpad('Doctoral science in C++ and Rust.', 200, ' abc'), 9999.99, 1,"
	" '2041-08-01T12:00:00Z', 'merit_based', 4.0,"
	" '{doctoral,post_doctoral}', 'US', '{NY}', '{science}',"
	" 'https://lsr.example.org/9', true, true, '2025-01-04');\n"
	/* 60 records: amounts 100, 200, ... 6000. */
	"INSERT INTO scholarships (id, name, organization, description,"
	" amount, application_deadline, scholarship_type, application_url)"
	" SELECT 'lsr_' || (100 + i), 'Snarfblat Bulk Award ' || i,"
	" 'Snarfblat Bulk Trust', 'Bulk record.', i * 100,"
	" timestamptz '2042-01-01T12:00:00Z' + i * interval '1 day',"
	" 'merit_based', 'https://lsr.example.org/b' || i"
	" FROM generate_series(1, 60) AS i;\n";

static void
records_up(void)
{
	live_fixture_up(cleanup_sql, records_sql, "lsr_*");
}

static void
records_down(void)
{
	live_fixture_down(cleanup_sql, "lsr_*");
}

/* --- response shape ----------------------------------------------------- */

START_TEST(t_search_shape)
{
	struct live_resp	 r;
	struct json_object	*o, *a, *f, *it;
	char			 ids[256];
	size_t			 i;

	ck_assert_int_eq(live_get(&r, SEARCH "?q=%20zorblax%20&" W41
	    "&states=CA,NY&min_amount=1000&renewable=true&limit=5"), 0);
	o = ok(&r, "search shape");
	a = assert_search_shape(o);
	arr_ids(a, ids, sizeof(ids));
	ck_assert_str_eq(ids, "lsr_001");
	ck_assert_int_eq(jint(o, "total"), 1);
	ck_assert_int_eq(jint(o, "page"), 1);
	ck_assert_int_eq(jint(o, "page_size"), 5);
	ck_assert_int_eq(jbool(o, "has_next"), 0);
	ck_assert_int_eq(jbool(o, "has_previous"), 0);
	/* The filters as applied: trimmed, normalised, defaults filled. */
	f = jget(o, "filters", json_type_object);
	ck_assert_str_eq(jstr(f, "q"), "zorblax");
	ck_assert_uint_eq(json_object_array_length(jget(f, "states",
	    json_type_array)), 2);
	ck_assert_double_eq_tol(jnum(f, "min_amount"), 1000, 1e-9);
	ck_assert_str_eq(jstr(f, "deadline_after"), "2041-01-01T00:00:00Z");
	ck_assert_str_eq(jstr(f, "deadline_before"), "2041-12-31T00:00:00Z");
	ck_assert_int_eq(jbool(f, "renewable"), 1);
	ck_assert_int_eq(jbool(f, "include_expired"), 0);
	ck_assert_str_eq(jstr(f, "sort"), "relevance");
	ck_assert(!jhas(o, "facets"));
	ck_assert(!jhas(o, "suggestions"));
	it = json_object_array_get_idx(a, 0);
	ck_assert_str_eq(jstr(it, "name"), "Zorblax Quantum Welding Scholarship");
	ck_assert_double_eq_tol(jnum(jget(it, "eligibility_criteria",
	    json_type_object), "min_gpa"), 3.5, 1e-9);
	live_resp_free(&r);

	/* Without text: deadline order, no q in the echo. */
	ck_assert_int_eq(live_get(&r, SEARCH "?" W41), 0);
	o = ok(&r, "search no q");
	a = assert_search_shape(o);
	f = jget(o, "filters", json_type_object);
	ck_assert(!jhas(f, "q"));
	ck_assert_str_eq(jstr(f, "sort"), "deadline");
	ck_assert_int_eq(jint(o, "page_size"), 20);
	for (i = 0; i < json_object_array_length(a); i++)
		ck_assert(strncmp(jstr(json_object_array_get_idx(a, i), "id"),
		    "lsr_", 4) == 0);
	live_resp_free(&r);
}
END_TEST

/* Descriptions: 200 characters at most, "..." when cut, by characters. */
START_TEST(t_search_summary_cut)
{
	struct live_resp	 r, full;
	struct json_object	*a, *it;
	const char		*d, *fd, *p;
	size_t			 i, n, cp;
	int			 seen = 0;

	ck_assert_int_eq(live_get(&r, SEARCH "?" W41 "&limit=100"), 0);
	a = assert_search_shape(ok(&r, "summary"));
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		char path[128];

		it = json_object_array_get_idx(a, i);
		d = jstr(it, "description");
		snprintf(path, sizeof(path), LIST "/%s", jstr(it, "id"));
		ck_assert_int_eq(live_get(&full, path), 0);
		fd = jstr(ok(&full, path), "description");
		if (strcmp(jstr(it, "id"), "lsr_005") == 0 ||
		    strcmp(jstr(it, "id"), "lsr_008") == 0) {
			/* 201 and 275 characters: cut to 197 + "...". */
			ck_assert_msg(u8len(fd) > 200, "%s: full %zu",
			    jstr(it, "id"), u8len(fd));
			ck_assert_msg(u8len(d) == 200, "%s: %zu characters: %s",
			    jstr(it, "id"), u8len(d), d);
			ck_assert_str_eq(d + strlen(d) - 3, "...");
			/* The first 197 characters of the full text. */
			for (p = fd, cp = 0; cp < 197; p++)
				cp += ((unsigned char)p[1] & 0xc0) != 0x80;
			ck_assert_msg(strncmp(d, fd, (size_t)(p - fd)) == 0 &&
			    (size_t)(p - fd) == strlen(d) - 3,
			    "%s: cut \"%s\" is not a prefix of \"%s\"",
			    jstr(it, "id"), d, fd);
			seen++;
		} else if (strcmp(jstr(it, "id"), "lsr_009") == 0) {
			/* Exactly 200: whole. */
			ck_assert_uint_eq(u8len(fd), 200);
			ck_assert_str_eq(d, fd);
			seen++;
		} else
			ck_assert_str_eq(d, fd);
		/* The full record keeps its timestamps. */
		jget(full.json, "created_at", json_type_string);
		live_resp_free(&full);
	}
	ck_assert_int_eq(seen, 3);
	live_resp_free(&r);
}
END_TEST

/* --- text search -------------------------------------------------------- */

struct text_case {
	const char	*q;		/* encoded */
	const char	*ids;		/* exactly, in this order */
	int		 ordered;	/* 0: compare as a set */
};

static const struct text_case text_cases[] = {
	/* Name (A) outranks description (D), against deadline order. */
	{ "zorblax", "lsr_001,lsr_003,lsr_002", 1 },
	/* Name > organisation > description. */
	{ "krentish", "lsr_003,lsr_009,lsr_005,lsr_001", 1 },
	{ "KRENTISH", "lsr_003,lsr_009,lsr_005,lsr_001", 1 },
	/* All words count: both are required ... */
	{ "zorblax+krentish", "lsr_003,lsr_001", 1 },
	{ "krentish+zorblax", "lsr_003,lsr_001", 1 },
	{ "quantum+welding", "lsr_001", 1 },
	{ "quantum+welding+plindor", "", 1 },
	/* ... and with OR the record with both words comes first. */
	{ "zorblax+OR+krentish", "lsr_003,lsr_001,lsr_009,lsr_005,lsr_002",
	    1 },
	{ "plindor+OR+glomberating", "lsr_002,lsr_004", 0 },
	{ "plindor+or+glomberating", "lsr_002,lsr_004", 0 },
	/* Stemming. */
	{ "zorblax+engineers", "lsr_001", 1 },
	{ "glomberated", "lsr_004", 1 },
	{ "glomber", "lsr_004", 1 },
	{ "trundles", "lsr_004,lsr_005", 0 },
	/* Quoted phrases: adjacent words only. */
	{ "%22vexilloid+trundle%22", "lsr_004", 1 },
	{ "vexilloid+trundle", "lsr_004,lsr_005", 0 },
	{ "%22trundle+vexilloid%22", "", 1 },
	{ "%22quantum+welding%22", "lsr_001", 1 },
	{ "%22welding+scholarship%22", "lsr_001", 1 },
	/*
	 * A phrase does not run from the end of the name into the
	 * organisation: 004 is "Vexilloid Trundle Grant" by "Trundle Fund",
	 * 001 "Zorblax Quantum Welding Scholarship" by "Vexmoor Welding
	 * Guild", 003 "Zorblax Krentish Fellowship" by "Halvard Institute".
	 */
	{ "%22grant+trundle%22", "", 1 },
	{ "%22scholarship+vexmoor%22", "", 1 },
	{ "%22fellowship+halvard%22", "", 1 },
	/* -word excludes. */
	{ "zorblax+-krentish", "lsr_002", 1 },
	{ "trundle+-memorial", "lsr_004", 1 },
	{ "trundle+-glomberating", "lsr_005", 1 },
	/* Only a negation: everything else. */
	{ "-zorblax", "lsr_004,lsr_005,lsr_008,lsr_009", 0 },
	/* A prefix of the last word, while typing. */
	{ "zorbl", "lsr_001,lsr_003,lsr_002", 1 },
	{ "krent", "lsr_003,lsr_009,lsr_005,lsr_001", 0 },
	{ "vexil", "lsr_004,lsr_005", 0 },
	{ "zorblax+krent", "lsr_003,lsr_001", 0 },
	{ "glomberat", "lsr_004", 1 },
	/* Punctuation and quotes around a word. */
	{ "%27zorblax%27", "lsr_001,lsr_003,lsr_002", 1 },
	{ "zorblax%21%21", "lsr_001,lsr_003,lsr_002", 1 },
	/* O'Brien and C++ are words like any other. */
	{ "O%27Brien", "lsr_004", 1 },
	{ "C%2B%2B+rust", "lsr_009", 1 },
	/* Unknown words: nothing (suggestions are tested separately). */
	{ "zzqqxxvvwwyy", "", 1 },
};

static void
ids_match(const char *got, const char *want, int ordered, const char *what)
{
	char	 tmp[1024], *tok, *save;

	if (ordered) {
		ck_assert_msg(strcmp(got, want) == 0, "%s: got [%s], want [%s]",
		    what, got, want);
		return;
	}
	ck_assert_msg(n_ids(got) == n_ids(want), "%s: got [%s], want {%s}",
	    what, got, want);
	snprintf(tmp, sizeof(tmp), "%s", want);
	for (tok = strtok_r(tmp, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		ck_assert_msg(has_id(got, tok), "%s: got [%s], want {%s}",
		    what, got, want);
}

START_TEST(t_search_text)
{
	const struct text_case	*c = &text_cases[_i];
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[512], ids[1024];

	/* The window keeps other data out of the set. */
	snprintf(path, sizeof(path), SEARCH "?q=%s&" W41 "&limit=100", c->q);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	arr_ids(assert_search_shape(o), ids, sizeof(ids));
	ids_match(ids, c->ids, c->ordered, path);
	ck_assert_int_eq(jint(o, "total"), n_ids(c->ids));
	/* Found as typed, not through a spelling correction. */
	ck_assert_msg(!jhas(o, "corrected_query"), "%s: corrected to %s", path,
	    json_object_to_json_string(jget(o, "corrected_query",
	    json_type_string)));
	ck_assert_str_eq(jstr(jget(o, "filters", json_type_object), "sort"),
	    "relevance");
	live_resp_free(&r);

	/* The same through /search, the list and POST JSON. */
	snprintf(path, sizeof(path), "/search?q=%s&" W41 "&limit=100", c->q);
	get_ids(path, "items", ids, sizeof(ids));
	ids_match(ids, c->ids, c->ordered, path);
	snprintf(path, sizeof(path), LIST "?q=%s&" W41 "&limit=100", c->q);
	ck_assert_int_eq(get_ids(path, "scholarships", ids, sizeof(ids)),
	    n_ids(c->ids));
	ids_match(ids, c->ids, c->ordered, path);
}
END_TEST

/* Without q, sort=relevance falls back to deadline. */
START_TEST(t_search_no_text)
{
	static const char *const qs[] = { "", "q=", "q=%20%20",
	    "q=the", "q=%2B%2B%2B", "sort=relevance", "q=&sort=relevance" };
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[256], ids[1024];
	size_t			 i;

	for (i = 0; i < NELEM(qs); i++) {
		snprintf(path, sizeof(path), SEARCH "?%s&" W41, qs[i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		o = ok(&r, path);
		arr_ids(assert_search_shape(o), ids, sizeof(ids));
		ck_assert_msg(strcmp(ids, ALL41) == 0, "%s: [%s]", path, ids);
		/* The echo names the order applied: nothing to rank. */
		ck_assert_msg(strcmp(jstr(jget(o, "filters", json_type_object),
		    "sort"), "deadline") == 0, "%s: sort %s", path,
		    jstr(jget(o, "filters", json_type_object), "sort"));
		live_resp_free(&r);
	}
	/* Twin: real text narrows and ranks. */
	get_ids(SEARCH "?q=plindor&" W41, "items", ids, sizeof(ids));
	ck_assert_str_eq(ids, "lsr_002");
}
END_TEST

/* Typos: a corrected search, or suggestions when nothing is found. */
START_TEST(t_search_typo)
{
	struct live_resp	 r;
	struct json_object	*o, *s;
	char			 ids[1024];
	size_t			 i, n;
	int			 found = 0;

	/* zorblaks: no such word; corrected to zorblax. */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblaks&" W41), 0);
	o = ok(&r, "zorblaks");
	arr_ids(assert_search_shape(o), ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, "lsr_001,lsr_003,lsr_002") == 0,
	    "zorblaks: [%s] %s", ids, r.body);
	ck_assert_int_eq(jint(o, "total"), 3);
	ck_assert_str_eq(jstr(o, "corrected_query"), "zorblax");
	s = jget(o, "suggestions", json_type_array);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s,
	    0)), "zorblax");
	/* The echo keeps what the student typed. */
	ck_assert_str_eq(jstr(jget(o, "filters", json_type_object), "q"),
	    "zorblaks");
	live_resp_free(&r);

	/* One word of two misspelt. */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=krentish+zorblaks&" W41), 0);
	o = ok(&r, "krentish zorblaks");
	arr_ids(assert_search_shape(o), ids, sizeof(ids));
	ck_assert_str_eq(ids, "lsr_003,lsr_001");
	ck_assert_str_eq(jstr(o, "corrected_query"), "krentish zorblax");
	live_resp_free(&r);

	/* A dropped letter. */
	get_ids(SEARCH "?q=zorblx&" W41, "items", ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, "lsr_001,lsr_003,lsr_002") == 0, "zorblx: [%s]",
	    ids);

	/*
	 * quorvexx: its correction quorvex names only an expired record,
	 * so nothing is found, and "did you mean" offers quorvex.
	 */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=quorvexx"), 0);
	o = ok(&r, "quorvexx");
	ck_assert_uint_eq(json_object_array_length(assert_search_shape(o)), 0);
	ck_assert_int_eq(jint(o, "total"), 0);
	ck_assert(!jhas(o, "corrected_query"));
	s = jget(o, "suggestions", json_type_array);
	n = json_object_array_length(s);
	for (i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(s,
		    i)), "quorvex") == 0)
			found = 1;
	ck_assert_msg(found, "quorvexx: suggestions %s",
	    json_object_to_json_string(s));
	live_resp_free(&r);
	/* Twin: the suggested word finds the record once expired ones show. */
	get_ids(SEARCH "?q=quorvex&include_expired=true", "items", ids,
	    sizeof(ids));
	ck_assert_str_eq(ids, "lsr_006");

	/* A found word is not "corrected", and has no suggestions. */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblax&" W41), 0);
	o = ok(&r, "zorblax");
	ck_assert(!jhas(o, "corrected_query"));
	ck_assert(!jhas(o, "suggestions"));
	live_resp_free(&r);
}
END_TEST

/* --- filters ------------------------------------------------------------ */

struct filter_case {
	const char	*query;
	const char	*ids;	/* exactly these, in this order */
};

static const struct filter_case filter_cases[] = {
	{ W41, ALL41 },
	/* Fields: listed or open to any field. */
	{ W41 "&fields_of_study=engineering", "lsr_001,lsr_003,lsr_005,lsr_008" },
	{ W41 "&fields_of_study=arts,science",
	    "lsr_002,lsr_003,lsr_005,lsr_008,lsr_009" },
	{ W41 "&fields_of_study=education&fields_of_study=engineering",
	    "lsr_001,lsr_003,lsr_004,lsr_005,lsr_008" },
	{ W41 "&field_of_study=law", "lsr_003,lsr_005,lsr_008" },
	/* States: listed or open to every state. */
	{ W41 "&states=CA", "lsr_001,lsr_002,lsr_005,lsr_008" },
	{ W41 "&states=NY", "lsr_001,lsr_002,lsr_005,lsr_008,lsr_009" },
	{ W41 "&states=CA,TX", "lsr_001,lsr_002,lsr_003,lsr_005,lsr_008" },
	{ W41 "&states=WY", "lsr_002,lsr_005,lsr_008" },
	{ W41 "&state=WA&state=WA", "lsr_002,lsr_004,lsr_005,lsr_008" },
	/* Citizenship: required one or none. */
	{ W41 "&citizenship=US", "lsr_001,lsr_002,lsr_005,lsr_008,lsr_009" },
	{ W41 "&citizenship=international", "lsr_002,lsr_004,lsr_005,lsr_008" },
	{ W41 "&citizenship=permanent_resident",
	    "lsr_002,lsr_003,lsr_005,lsr_008" },
	/* Grade level: listed or open. */
	{ W41 "&grade_level=graduate", "lsr_002,lsr_003,lsr_005,lsr_008" },
	{ W41 "&grade_level=doctoral", "lsr_002,lsr_005,lsr_008,lsr_009" },
	{ W41 "&grade_level=high_school", "lsr_002,lsr_004,lsr_005,lsr_008" },
	{ W41 "&grade_level=undergraduate", "lsr_001,lsr_002,lsr_005,lsr_008" },
	/* The student's GPA: minimum at most it, or no minimum. */
	{ W41 "&min_gpa=3.0", "lsr_002,lsr_003,lsr_004,lsr_005,lsr_008" },
	{ W41 "&min_gpa=3.49", "lsr_002,lsr_003,lsr_004,lsr_005,lsr_008" },
	{ W41 "&min_gpa=3.5",
	    "lsr_001,lsr_002,lsr_003,lsr_004,lsr_005,lsr_008" },
	{ W41 "&min_gpa=4", ALL41 },
	{ W41 "&min_gpa=1.99", "lsr_002,lsr_005,lsr_008" },
	{ W41 "&min_gpa=0", "lsr_002,lsr_005,lsr_008" },
	/* Amounts, bounds included. */
	{ W41 "&min_amount=2500", "lsr_001,lsr_003,lsr_005,lsr_008,lsr_009" },
	{ W41 "&max_amount=2500", "lsr_002,lsr_004,lsr_008" },
	{ W41 "&min_amount=1000&max_amount=9999.99",
	    "lsr_001,lsr_002,lsr_008,lsr_009" },
	{ W41 "&max_amount=9999.98", "lsr_001,lsr_002,lsr_004,lsr_008" },
	{ W41 "&min_amount=100000", "" },
	{ W41 "&min_amount=5000&max_amount=1000", "" },
	/* Types. */
	{ W41 "&scholarship_types=merit_based", "lsr_001,lsr_009" },
	{ W41 "&scholarship_types=need_based,minority", "lsr_002,lsr_005" },
	{ W41 "&scholarship_types=community_service"
	    "&scholarship_type=athletic", "lsr_004,lsr_008" },
	/* Renewable. */
	{ W41 "&renewable=true", "lsr_001,lsr_004,lsr_009" },
	{ W41 "&renewable=false", "lsr_002,lsr_003,lsr_005,lsr_008" },
	/* Deadlines: inclusive bounds, any zone. */
	{ "deadline_after=2041-03-01&deadline_before=2041-12-31",
	    "lsr_002,lsr_003,lsr_004,lsr_005,lsr_008,lsr_009" },
	{ "deadline_after=2041-03-01T12:00:01Z&deadline_before=2041-12-31",
	    "lsr_003,lsr_004,lsr_005,lsr_008,lsr_009" },
	{ "deadline_after=2041-01-01&deadline_before=2041-03-01T12:00:00Z",
	    "lsr_001,lsr_002" },
	{ "deadline_after=2041-01-01&deadline_before=2041-03-01T11:59:59Z",
	    "lsr_001" },
	{ "deadline_after=2041-03-01T13:00:00%2B01:00"
	    "&deadline_before=2041-04-01T07:00:00-05:00", "lsr_002,lsr_003" },
	{ "deadline_after=2041-03-01T13:00:01%2B01:00"
	    "&deadline_before=2041-04-01T06:59:59-05:00", "" },
	/* Everything together: the restricted record and the open ones. */
	{ W41 "&fields_of_study=engineering&states=CA&citizenship=US"
	    "&grade_level=undergraduate&min_gpa=3.5",
	    "lsr_001,lsr_005,lsr_008" },
	{ W41 "&fields_of_study=engineering&renewable=false",
	    "lsr_003,lsr_005,lsr_008" },
	/* With text: relevance order inside the filter. */
	{ W41 "&q=zorblax&fields_of_study=arts", "lsr_003,lsr_002" },
	{ W41 "&q=zorblax&min_amount=2000", "lsr_001,lsr_003" },
	{ W41 "&q=krentish&states=NY", "lsr_009,lsr_005,lsr_001" },
	/* Unknown parameters are ignored. */
	{ W41 "&no_such=1&scholarship_types=minority", "lsr_005" },
};

static const struct {
	const char	*path;
	const char	*key;
} filter_endpoints[] = {
	{ SEARCH, "items" },
	{ "/search", "items" },
	{ LIST, "scholarships" },
};

START_TEST(t_search_filters)
{
	const struct filter_case	*c = &filter_cases[_i];
	char				 path[512], ids[1024];
	size_t				 e;
	long long			 total;

	for (e = 0; e < NELEM(filter_endpoints); e++) {
		snprintf(path, sizeof(path), "%s?limit=100&%s",
		    filter_endpoints[e].path, c->query);
		total = get_ids(path, filter_endpoints[e].key, ids,
		    sizeof(ids));
		ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
		    path, ids, c->ids);
		ck_assert_msg(total == n_ids(c->ids), "%s: total %lld, want %lld",
		    path, total, n_ids(c->ids));
	}
}
END_TEST

/* Past deadlines are hidden unless asked for; inactive never shows. */
START_TEST(t_search_expired)
{
	static const struct {
		const char	*q, *ids;
	} cases[] = {
		{ "deadline_after=2020-06-01&deadline_before=2020-06-02", "" },
		{ "deadline_after=2020-06-01&deadline_before=2020-06-02"
		    "&include_expired=false", "" },
		{ "deadline_after=2020-06-01&deadline_before=2020-06-02"
		    "&include_expired=true", "lsr_006" },
		{ "q=quorvex", "" },
		{ "q=quorvex&include_expired=1", "lsr_006" },
		{ "q=quorvex+legacy&include_expired=true", "lsr_006" },
		{ "q=zorblax&include_expired=true", "lsr_001,lsr_003,lsr_002" },
		{ "q=hidden+zorblax&include_expired=true", "" },
		{ W41 "&include_expired=true", ALL41 },
	};
	char	 path[512], ids[1024];
	size_t	 i, e;

	for (i = 0; i < NELEM(cases); i++) {
		for (e = 0; e < NELEM(filter_endpoints); e++) {
			snprintf(path, sizeof(path), "%s?%s",
			    filter_endpoints[e].path, cases[i].q);
			get_ids(path, filter_endpoints[e].key, ids, sizeof(ids));
			ck_assert_msg(strcmp(ids, cases[i].ids) == 0,
			    "%s: got [%s], want [%s]", path, ids, cases[i].ids);
		}
	}
}
END_TEST

/* --- sorting ------------------------------------------------------------ */

static const struct filter_case sort_cases[] = {
	{ W41, ALL41 },
	{ W41 "&sort=deadline", ALL41 },
	{ W41 "&sort=relevance", ALL41 },
	{ W41 "&sort=amount_desc",
	    "lsr_005,lsr_003,lsr_009,lsr_001,lsr_008,lsr_002,lsr_004" },
	{ W41 "&sort=amount_asc",
	    "lsr_004,lsr_002,lsr_008,lsr_001,lsr_009,lsr_003,lsr_005" },
	{ W41 "&sort_by=amount_asc",
	    "lsr_004,lsr_002,lsr_008,lsr_001,lsr_009,lsr_003,lsr_005" },
	{ W41 "&sort=newest",
	    "lsr_002,lsr_001,lsr_005,lsr_003,lsr_009,lsr_008,lsr_004" },
	{ W41 "&q=zorblax", "lsr_001,lsr_003,lsr_002" },
	{ W41 "&q=zorblax&sort=relevance", "lsr_001,lsr_003,lsr_002" },
	{ W41 "&q=zorblax&sort=deadline", "lsr_001,lsr_002,lsr_003" },
	{ W41 "&q=zorblax&sort=amount_desc", "lsr_003,lsr_001,lsr_002" },
	{ W41 "&q=zorblax&sort=amount_asc", "lsr_002,lsr_001,lsr_003" },
	{ W41 "&q=zorblax&sort=newest", "lsr_002,lsr_001,lsr_003" },
	{ W41 "&q=krentish&sort=deadline", "lsr_001,lsr_003,lsr_005,lsr_009" },
	{ W41 "&q=krentish&sort=amount_asc", "lsr_001,lsr_009,lsr_003,lsr_005" },
};

START_TEST(t_search_sort)
{
	const struct filter_case	*c = &sort_cases[_i];
	struct live_resp		 r;
	struct json_object		*o;
	char				 path[512], ids[1024];
	const char			*want;

	snprintf(path, sizeof(path), SEARCH "?limit=100&%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	arr_ids(assert_search_shape(o), ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    path, ids, c->ids);
	/* The echo names the sort applied. */
	/* The sort parameter, when given, is the last one. */
	if (strstr(c->query, "sort=") != NULL)
		want = strstr(c->query, "sort=") + 5;
	else if (strstr(c->query, "sort_by=") != NULL)
		want = strstr(c->query, "sort_by=") + 8;
	else
		want = strstr(c->query, "q=") ? "relevance" : "deadline";
	if (strcmp(want, "relevance") == 0 && strstr(c->query, "q=") == NULL)
		want = "deadline";
	ck_assert_str_eq(jstr(jget(o, "filters", json_type_object), "sort"),
	    want);
	live_resp_free(&r);

	snprintf(path, sizeof(path), LIST "?limit=100&%s", c->query);
	get_ids(path, "scholarships", ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    path, ids, c->ids);
}
END_TEST

/* --- pagination --------------------------------------------------------- */

struct page_case {
	const char	*query;
	const char	*ids;
	long long	 total, page, page_size;
	int		 has_next, has_previous;
};

static const struct page_case page_cases[] = {
	{ W41 "&limit=1", "lsr_001", 7, 1, 1, 1, 0 },
	{ W41 "&limit=1&offset=1", "lsr_002", 7, 2, 1, 1, 1 },
	{ W41 "&limit=1&offset=6", "lsr_009", 7, 7, 1, 0, 1 },
	{ W41 "&limit=3", "lsr_001,lsr_002,lsr_003", 7, 1, 3, 1, 0 },
	{ W41 "&limit=3&offset=3", "lsr_004,lsr_005,lsr_008", 7, 2, 3, 1, 1 },
	{ W41 "&limit=3&offset=6", "lsr_009", 7, 3, 3, 0, 1 },
	{ W41 "&limit=7", ALL41, 7, 1, 7, 0, 0 },
	{ W41 "&limit=2&offset=5", "lsr_008,lsr_009", 7, 3, 2, 0, 1 },
	{ W41 "&limit=5&offset=4", "lsr_005,lsr_008,lsr_009", 7, 1, 5, 0, 1 },
	{ W41 "&page_size=2&offset=2", "lsr_003,lsr_004", 7, 2, 2, 1, 1 },
	/* Past the end: no items, the same total. */
	{ W41 "&limit=5&offset=7", "", 7, 2, 5, 0, 1 },
	{ W41 "&limit=5&offset=100", "", 7, 21, 5, 0, 1 },
	{ W41 "&limit=100&offset=1000000", "", 7, 10001, 100, 0, 1 },
	/* Relevance pages too. */
	{ W41 "&q=krentish&limit=2", "lsr_003,lsr_009", 4, 1, 2, 1, 0 },
	{ W41 "&q=krentish&limit=2&offset=2", "lsr_005,lsr_001", 4, 2, 2, 0,
	    1 },
	{ W41 "&q=krentish&limit=3&offset=3", "lsr_001", 4, 2, 3, 0, 1 },
	{ W41 "&q=krentish&limit=2&offset=10", "", 4, 6, 2, 0, 1 },
	/* Other sorts. */
	{ W41 "&sort=amount_desc&limit=2&offset=2", "lsr_009,lsr_001", 7, 2, 2,
	    1, 1 },
	{ W41 "&sort=newest&limit=4&offset=4", "lsr_009,lsr_008,lsr_004", 7, 2,
	    4, 0, 1 },
	/* Sixty records, default page of 20. */
	{ "q=snarfblat&sort=amount_asc", "lsr_101,lsr_102,lsr_103,lsr_104,"
	    "lsr_105,lsr_106,lsr_107,lsr_108,lsr_109,lsr_110,lsr_111,lsr_112,"
	    "lsr_113,lsr_114,lsr_115,lsr_116,lsr_117,lsr_118,lsr_119,lsr_120",
	    60, 1, 20, 1, 0 },
	{ "q=snarfblat&sort=amount_desc&offset=55", "lsr_105,lsr_104,lsr_103,"
	    "lsr_102,lsr_101", 60, 3, 20, 0, 1 },
};

START_TEST(t_search_paging)
{
	const struct page_case	*c = &page_cases[_i];
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[512], ids[2048];

	snprintf(path, sizeof(path), SEARCH "?%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	arr_ids(assert_search_shape(o), ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    path, ids, c->ids);
	ck_assert_msg(jint(o, "total") == c->total, "%s: total %lld", path,
	    jint(o, "total"));
	ck_assert_msg(jint(o, "page") == c->page, "%s: page %lld, want %lld",
	    path, jint(o, "page"), c->page);
	ck_assert_int_eq(jint(o, "page_size"), c->page_size);
	ck_assert_msg(jbool(o, "has_next") == c->has_next,
	    "%s: has_next %d", path, jbool(o, "has_next"));
	ck_assert_msg(jbool(o, "has_previous") == c->has_previous,
	    "%s: has_previous %d", path, jbool(o, "has_previous"));
	live_resp_free(&r);

	/* The list has the same paging. */
	snprintf(path, sizeof(path), LIST "?%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	arr_ids(jget(o, "scholarships", json_type_array), ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    path, ids, c->ids);
	ck_assert_int_eq(jint(o, "total_count"), c->total);
	ck_assert_int_eq(jint(o, "page"), c->page);
	ck_assert_int_eq(jint(o, "page_size"), c->page_size);
	ck_assert_int_eq(jbool(o, "has_next"), c->has_next);
	ck_assert_int_eq(jbool(o, "has_previous"), c->has_previous);
	live_resp_free(&r);
}
END_TEST

/* Walking every page of one gives the single page, in order. */
START_TEST(t_search_paging_walk)
{
	static const char *const sorts[] = { "deadline", "amount_desc",
	    "amount_asc", "newest" };
	char	 path[256], one[4096], all[4096], page[256];
	long long off;
	size_t	 i;

	for (i = 0; i < NELEM(sorts); i++) {
		snprintf(path, sizeof(path), SEARCH "?" W41 "&sort=%s&limit=100",
		    sorts[i]);
		get_ids(path, "items", one, sizeof(one));
		all[0] = '\0';
		for (off = 0; off < 7; off++) {
			snprintf(path, sizeof(path), SEARCH "?" W41
			    "&sort=%s&limit=1&offset=%lld", sorts[i], off);
			ck_assert_int_eq(get_ids(path, "items", page,
			    sizeof(page)), 7);
			snprintf(all + strlen(all), sizeof(all) - strlen(all),
			    "%s%s", off ? "," : "", page);
		}
		ck_assert_msg(strcmp(one, all) == 0, "%s: pages [%s], one [%s]",
		    sorts[i], all, one);
	}
}
END_TEST

/* --- facets ------------------------------------------------------------- */

static long long
facet(struct json_object *f, const char *group, const char *key)
{
	struct json_object	*g, *v;

	g = jget(f, group, json_type_object);
	if (!json_object_object_get_ex(g, key, &v))
		return 0;
	return json_object_get_int64(v);
}

START_TEST(t_search_facets)
{
	struct live_resp	 r;
	struct json_object	*o, *f;
	long long		 sum = 0;

	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblax&" W41 "&facets=true"),
	    0);
	o = ok(&r, "facets");
	f = jget(o, "facets", json_type_object);
	ck_assert_int_eq(facet(f, "fields_of_study", "engineering"), 1);
	ck_assert_int_eq(facet(f, "fields_of_study", "arts"), 1);
	/* 003 is open to any field. */
	ck_assert_int_eq(facet(f, "fields_of_study", "any"), 1);
	ck_assert_int_eq(facet(f, "fields_of_study", "science"), 0);
	ck_assert_int_eq(facet(f, "scholarship_types", "merit_based"), 1);
	ck_assert_int_eq(facet(f, "scholarship_types", "need_based"), 1);
	ck_assert_int_eq(facet(f, "scholarship_types",
	    "academic_achievement"), 1);
	ck_assert_int_eq(facet(f, "amount_ranges", "5000-9999"), 1);
	ck_assert_int_eq(facet(f, "amount_ranges", "1000-2499"), 1);
	ck_assert_int_eq(facet(f, "amount_ranges", "25000-49999"), 1);
	live_resp_free(&r);

	/* The whole window: counts add up, across pages. */
	ck_assert_int_eq(live_get(&r, SEARCH "?" W41 "&facets=yes&limit=2"),
	    0);
	o = ok(&r, "facets window");
	f = jget(o, "facets", json_type_object);
	ck_assert_int_eq(facet(f, "scholarship_types", "merit_based"), 2);
	ck_assert_int_eq(facet(f, "scholarship_types", "community_service"),
	    2);
	ck_assert_int_eq(facet(f, "fields_of_study", "any"), 3);
	ck_assert_int_eq(facet(f, "fields_of_study", "engineering"), 1);
	ck_assert_int_eq(facet(f, "fields_of_study", "education"), 1);
	ck_assert_int_eq(facet(f, "amount_ranges", "0-999"), 1);
	ck_assert_int_eq(facet(f, "amount_ranges", "50000+"), 1);
	json_object_object_foreach(jget(f, "amount_ranges", json_type_object),
	    k, v) {
		(void)k;
		sum += json_object_get_int64(v);
	}
	ck_assert_int_eq(sum, 7);
	live_resp_free(&r);

	/* Twins: no facets unless asked. */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblax&" W41), 0);
	ck_assert(!jhas(ok(&r, "no facets"), "facets"));
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblax&" W41 "&facets=false"),
	    0);
	ck_assert(!jhas(ok(&r, "facets=false"), "facets"));
	live_resp_free(&r);
}
END_TEST

/* --- POST and JSON ------------------------------------------------------ */

struct post_case {
	const char	*body;
	const char	*ids;
};

static const struct post_case post_cases[] = {
	{ "{\"q\": \"zorblax\", \"deadline_after\": \"2041-01-01\"}",
	    "lsr_001,lsr_003,lsr_002" },
	{ "{\"query\": \"krentish\", \"deadline_after\": \"2041-01-01\","
	    " \"limit\": 2}", "lsr_003,lsr_009" },
	{ "{\"keyword\": \"plindor\"}", "lsr_002" },
	{ "{\"states\": [\"CA\", \"NY\"], \"deadline_after\": \"2041-01-01\","
	    " \"deadline_before\": \"2041-12-31\"}",
	    "lsr_001,lsr_002,lsr_005,lsr_008,lsr_009" },
	{ "{\"states\": \"CA,NY\", \"deadline_after\": \"2041-01-01\","
	    " \"deadline_before\": \"2041-12-31\"}",
	    "lsr_001,lsr_002,lsr_005,lsr_008,lsr_009" },
	{ "{\"fields_of_study\": [\"engineering\"], \"renewable\": false,"
	    " \"deadline_after\": \"2041-01-01\", \"deadline_before\":"
	    " \"2041-12-31\"}", "lsr_003,lsr_005,lsr_008" },
	{ "{\"renewable\": true, \"min_gpa\": 4, \"deadline_after\":"
	    " \"2041-01-01\", \"deadline_before\": \"2041-12-31\"}",
	    "lsr_001,lsr_004,lsr_009" },
	{ "{\"min_gpa\": 3.0, \"min_amount\": 1000, \"max_amount\": 30000.5,"
	    " \"deadline_after\": \"2041-01-01\", \"deadline_before\":"
	    " \"2041-12-31\"}", "lsr_002,lsr_003,lsr_008" },
	{ "{\"scholarship_types\": [\"merit_based\", \"minority\"],"
	    " \"sort\": \"amount_desc\", \"deadline_after\": \"2041-01-01\","
	    " \"deadline_before\": \"2041-12-31\"}",
	    "lsr_005,lsr_009,lsr_001" },
	{ "{\"citizenship\": \"international\", \"grade_level\":"
	    " \"high_school\", \"deadline_after\": \"2041-01-01T00:00:00+05:00\","
	    " \"deadline_before\": \"2041-12-31\"}",
	    "lsr_002,lsr_004,lsr_005,lsr_008" },
	{ "{\"q\": \"zorblax\", \"include_expired\": true, \"offset\": 1,"
	    " \"limit\": 1}", "lsr_003" },
	/* Nulls and objects are not arguments; unknown keys are ignored. */
	{ "{\"q\": null, \"filters\": {\"q\": \"x\"}, \"nope\": 1,"
	    " \"deadline_after\": \"2041-01-01\", \"deadline_before\":"
	    " \"2041-12-31\"}", ALL41 },
};

START_TEST(t_search_post)
{
	const struct post_case	*c = &post_cases[_i];
	static const char *const paths[] = { SEARCH, "/search" };
	struct live_resp	 r;
	struct json_object	*o;
	char			 ids[1024];
	size_t			 i;

	for (i = 0; i < NELEM(paths); i++) {
		ck_assert_int_eq(post_json(&r, paths[i], c->body), 0);
		o = ok(&r, c->body);
		arr_ids(assert_search_shape(o), ids, sizeof(ids));
		ck_assert_msg(strcmp(ids, c->ids) == 0, "POST %s %s: got [%s], "
		    "want [%s]", paths[i], c->body, ids, c->ids);
		live_resp_free(&r);
	}
}
END_TEST

/* POST and GET of the same search answer the same. */
START_TEST(t_search_post_get_same)
{
	struct live_resp	 g, p;
	struct json_object	*go, *po;
	char			 gi[1024], pi[1024];

	ck_assert_int_eq(live_get(&g, SEARCH "?q=krentish&" W41
	    "&states=NY&limit=2&offset=1&facets=true"), 0);
	ck_assert_int_eq(post_json(&p, SEARCH, "{\"q\": \"krentish\","
	    " \"deadline_after\": \"2041-01-01\", \"deadline_before\":"
	    " \"2041-12-31\", \"states\": [\"NY\"], \"limit\": 2, \"offset\": 1,"
	    " \"facets\": true}"), 0);
	go = ok(&g, "GET");
	po = ok(&p, "POST");
	arr_ids(jget(go, "items", json_type_array), gi, sizeof(gi));
	arr_ids(jget(po, "items", json_type_array), pi, sizeof(pi));
	ck_assert_str_eq(gi, "lsr_005,lsr_001");
	ck_assert_str_eq(gi, pi);
	ck_assert_int_eq(jint(go, "total"), jint(po, "total"));
	ck_assert_int_eq(jint(go, "page"), jint(po, "page"));
	ck_assert_int_eq(jbool(go, "has_next"), jbool(po, "has_next"));
	ck_assert_int_eq(jbool(go, "has_previous"), 1);
	ck_assert_str_eq(json_object_to_json_string(jget(go, "filters",
	    json_type_object)), json_object_to_json_string(jget(po, "filters",
	    json_type_object)));
	ck_assert_str_eq(json_object_to_json_string(jget(go, "facets",
	    json_type_object)), json_object_to_json_string(jget(po, "facets",
	    json_type_object)));
	live_resp_free(&g);
	live_resp_free(&p);
}
END_TEST

/* --- bad input: 4xx naming the field, never 500, each with a twin ------- */

struct bad_get {
	const char	*query;
	long		 status;
	const char	*code;
	const char	*field;		/* for 422 */
	const char	*good;
};

static const struct bad_get bad_gets[] = {
	{ "q=%C3%28", 422, "VALIDATION_ERROR", "q", "q=%C3%A9" },
	{ "q=%80abc", 422, "VALIDATION_ERROR", "q", "q=%C2%80abc" },
	{ "q=abc%C3", 422, "VALIDATION_ERROR", "q", "q=abc%C3%A9" },
	{ "query=%ED%A0%80", 422, "VALIDATION_ERROR", "q", "query=%ED%9F%BF" },
	{ "sort=bogus", 422, "VALIDATION_ERROR", "sort", "sort=newest" },
	{ "sort=RELEVANCE", 422, "VALIDATION_ERROR", "sort", "sort=relevance" },
	{ "fields_of_study=astrology", 422, "VALIDATION_ERROR",
	    "fields_of_study", "fields_of_study=arts" },
	{ "fields_of_study=arts,astrology", 422, "VALIDATION_ERROR",
	    "fields_of_study", "fields_of_study=arts,law" },
	{ "scholarship_types=lottery", 422, "VALIDATION_ERROR",
	    "scholarship_types", "scholarship_types=athletic" },
	{ "states=XX", 422, "VALIDATION_ERROR", "states", "states=TX" },
	{ "states=CA&states=ZZ", 422, "VALIDATION_ERROR", "states",
	    "states=CA&states=DC" },
	{ "citizenship=martian", 422, "VALIDATION_ERROR", "citizenship",
	    "citizenship=US" },
	{ "grade_level=kindergarten", 422, "VALIDATION_ERROR", "grade_level",
	    "grade_level=graduate" },
	{ "limit=1000", 422, "VALIDATION_ERROR", "limit", "limit=100" },
	{ "limit=0", 422, "VALIDATION_ERROR", "limit", "limit=1" },
	{ "page_size=101", 422, "VALIDATION_ERROR", "limit", "page_size=99" },
	{ "offset=-5", 422, "VALIDATION_ERROR", "offset", "offset=5" },
	{ "offset=1000001", 422, "VALIDATION_ERROR", "offset",
	    "offset=1000000" },
	{ "deadline_after=yesterday", 422, "VALIDATION_ERROR",
	    "deadline_after", "deadline_after=2026-03-01" },
	{ "deadline_before=2041-02-30", 422, "VALIDATION_ERROR",
	    "deadline_before", "deadline_before=2041-02-28" },
	{ "min_gpa=4.5", 422, "VALIDATION_ERROR", "min_gpa", "min_gpa=4.0" },
	{ "min_gpa=1e999", 422, "VALIDATION_ERROR", "min_gpa", "min_gpa=1e0" },
	{ "min_amount=-1", 422, "VALIDATION_ERROR", "min_amount",
	    "min_amount=0" },
	{ "max_amount=NaN", 422, "VALIDATION_ERROR", "max_amount",
	    "max_amount=10" },
	{ "renewable=maybe", 422, "VALIDATION_ERROR", "renewable",
	    "renewable=true" },
	{ "include_expired=2", 422, "VALIDATION_ERROR", "include_expired",
	    "include_expired=1" },
	{ "facets=perhaps", 422, "VALIDATION_ERROR", "facets", "facets=true" },
	{ "q=%00", 400, "BAD_REQUEST", NULL, "q=%30" },
	{ "q=%zz", 400, "BAD_REQUEST", NULL, "q=%7A" },
	{ "q=abc%", 400, "BAD_REQUEST", NULL, "q=abc%25" },
};

/* Every endpoint that takes the search inputs. */
static const char *const search_paths[] = {
	SEARCH, "/search", LIST, SMART, FIELDS "arts",
};

START_TEST(t_search_bad_get)
{
	const struct bad_get	*c = &bad_gets[_i];
	struct live_resp	 r;
	char			 path[512];
	size_t			 i;

	for (i = 0; i < NELEM(search_paths); i++) {
		snprintf(path, sizeof(path), "%s?%s", search_paths[i], c->query);
		ck_assert_int_eq(live_get(&r, path), 0);
		ck_assert_msg(r.status > 0 && r.status < 500, "%s: status %ld",
		    path, r.status);
		if (c->field != NULL)
			err_field(&r, c->field, path);
		else
			err(&r, c->status, c->code, path);
		live_resp_free(&r);

		snprintf(path, sizeof(path), "%s?%s", search_paths[i], c->good);
		ck_assert_int_eq(live_get(&r, path), 0);
		ok(&r, path);
		live_resp_free(&r);
	}
}
END_TEST

/*
 * Bytes that can never start a UTF-8 character (C0, C1, F5-FF) are
 * refused by lighttpd itself before the responder sees them (400); the
 * others reach the responder (422).  Either way: a 4xx, never a 5xx.
 */
START_TEST(t_search_bad_bytes)
{
	static const char *const bad[] = { "%FF", "%FE%FF", "%C0%AF",
	    "%C1%BF", "%F5%80%80%80", "zorblax%FF" };
	struct live_resp	 r;
	char			 path[128];
	size_t			 i;

	for (i = 0; i < NELEM(bad); i++) {
		snprintf(path, sizeof(path), SEARCH "?q=%s", bad[i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		ck_assert_msg(r.status == 400 || r.status == 422,
		    "%s: status %ld", path, r.status);
		live_resp_free(&r);
	}
	/* Twin. */
	ck_assert_int_eq(live_get(&r, SEARCH "?q=zorblax%C3%BF"), 0);
	ok(&r, "zorblax\xff as UTF-8");
	live_resp_free(&r);
}
END_TEST

/* Every bad field is named in one 422. */
START_TEST(t_search_bad_many)
{
	static const char *const fields[] = { "q", "sort", "states", "limit",
	    "offset", "deadline_after" };
	struct live_resp	 r;
	size_t			 i;

	ck_assert_int_eq(live_get(&r, SEARCH "?q=%C3%28&sort=x&states=XX&"
	    "limit=1000&offset=-5&deadline_after=yesterday&citizenship=US"), 0);
	for (i = 0; i < NELEM(fields); i++)
		err_field(&r, fields[i], "many");
	ck_assert_uint_eq(json_object_array_length(jget(jget(r.json,
	    "details", json_type_object), "fields", json_type_array)),
	    NELEM(fields));
	live_resp_free(&r);
}
END_TEST

/* Text that looks hostile is a normal search: 200, never 500. */
static const char *const odd_q[] = {
	"%27+OR+1%3D1+--",
	"select+*+from+users",
	"%27%3B+DROP+TABLE+scholarships%3B+--",
	"Robert%27)%3B+DELETE+FROM+scholarships%3B--",
	"O%27Brien",
	"C%2B%2B",
	"%F0%9F%8E%93%F0%9F%92%B8",		/* emoji */
	"%F0%9F%8E%93+zorblax",
	"%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9",	/* Arabic */
	"%E4%B8%AD%E6%96%87",			/* CJK */
	"%E2%80%8B",				/* zero-width space */
	"%5C", "%5C%5C%27", "%25", "_", "%25_%25", "%22", "%22unbalanced",
	"%22%22", "-", "----", "-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-"
	    "+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-x",
	"!(%26|:*<>)", "zorblax%3A*", "zorblax+%26+!krentish",
	"or", "OR+OR+OR", "-zorblax", "%22-%22", "a%3A1%3A2%3A%3A",
	"%27%27%27%27", "%24%24+%24q%24", "%24%24%3B+SELECT+1%3B+%24%24",
	"%7B%22a%22%3A1%7D", "NULL", "%E2%80%AE", "x%0Ay%0Dz%09w",
};

START_TEST(t_search_odd_text)
{
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[1024];
	size_t			 i;

	for (i = 0; i < NELEM(search_paths); i++) {
		snprintf(path, sizeof(path), "%s?q=%s", search_paths[i],
		    odd_q[_i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		ck_assert_msg(r.status == 200, "%s: status %ld: %.300s", path,
		    r.status, r.body);
		o = ok(&r, path);
		if (strcmp(search_paths[i], SEARCH) == 0 ||
		    strcmp(search_paths[i], "/search") == 0)
			assert_search_shape(o);
		live_resp_free(&r);
	}
}
END_TEST

/* After all of that, the catalogue is intact. */
START_TEST(t_search_odd_text_harmless)
{
	char	 n[64];
	char	 ids[256];

	ck_assert_int_eq(live_psql_value("SELECT count(*) FROM scholarships"
	    " WHERE id LIKE 'lsr\\_%'", n, sizeof(n)), 0);
	ck_assert_str_eq(n, "69");
	get_ids(SEARCH "?q=O%27Brien&" W41, "items", ids, sizeof(ids));
	ck_assert_str_eq(ids, "lsr_004");
}
END_TEST

/* Length limits: q over 500 bytes → 422, URL over 2048 → 414. */
START_TEST(t_search_long)
{
	struct live_resp	 r;
	char			*path, *body;
	size_t			 n, i;

	path = malloc(4096);
	body = malloc(20100);
	ck_assert(path != NULL && body != NULL);

	/* 3000-byte URL: 414. */
	n = (size_t)snprintf(path, 4096, SEARCH "?q=");
	memset(path + n, 'a', 3000 - n);
	path[3000] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	ck_assert(r.status < 500);
	err(&r, 414, "URI_TOO_LONG", "3000-byte URL");
	live_resp_free(&r);
	/* 1500 bytes of q in a short enough URL: 422 naming q. */
	path[n + 1500] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	err_field(&r, "q", "q of 1500");
	live_resp_free(&r);
	/* 501 bytes: 422. */
	path[n + 501] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	err_field(&r, "q", "q of 501");
	live_resp_free(&r);
	/* Twin: 500 bytes is fine. */
	path[n + 500] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	assert_search_shape(ok(&r, "q of 500"));
	live_resp_free(&r);

	/* POST: 10 000 characters of q → 422 naming q. */
	n = (size_t)snprintf(body, 20100, "{\"q\": \"");
	memset(body + n, 'z', 10000);
	snprintf(body + n + 10000, 20100 - n - 10000, "\"}");
	ck_assert_int_eq(post_json(&r, SEARCH, body), 0);
	ck_assert(r.status < 500);
	err_field(&r, "q", "POST q of 10000");
	live_resp_free(&r);
	/* 10 000 two-byte characters. */
	n = (size_t)snprintf(body, 20100, "{\"q\": \"");
	for (i = 0; i < 10000; i++) {
		body[n++] = '\xc3';
		body[n++] = '\xa9';
	}
	snprintf(body + n, 20100 - n, "\"}");
	ck_assert_int_eq(post_json(&r, "/search", body), 0);
	err_field(&r, "q", "POST q of 10000 x U+00E9");
	live_resp_free(&r);
	/* Twin: 500 characters. */
	n = (size_t)snprintf(body, 20100, "{\"q\": \"");
	memset(body + n, 'z', 500);
	snprintf(body + n + 500, 20100 - n - 500, "\"}");
	ck_assert_int_eq(post_json(&r, SEARCH, body), 0);
	assert_search_shape(ok(&r, "POST q of 500"));
	live_resp_free(&r);
	free(path);
	free(body);
}
END_TEST

/* POST bodies: JSON only, an object, valid fields. */
struct bad_post {
	const char	*ctype;		/* NULL: none */
	const char	*body;
	long		 status;
	const char	*code;
	const char	*field;
};

static const struct bad_post bad_posts[] = {
	{ "application/json", "{\"q\": ", 400, "BAD_REQUEST", NULL },
	{ "application/json", "{\"q\": \"zorblax\",}", 400, "BAD_REQUEST",
	    NULL },
	{ "application/json", "not json", 400, "BAD_REQUEST", NULL },
	{ "application/json", "", 400, "BAD_REQUEST", NULL },
	{ "application/json", "[\"zorblax\"]", 400, "BAD_REQUEST", NULL },
	{ "application/json", "\"zorblax\"", 400, "BAD_REQUEST", NULL },
	{ "application/json", "{\"q\": \"\xc3\x28\"}", 400, "BAD_REQUEST",
	    NULL },
	{ "text/plain", "{\"q\": \"zorblax\"}", 415, "UNSUPPORTED_MEDIA_TYPE",
	    NULL },
	{ "application/x-www-form-urlencoded", "q=zorblax", 415,
	    "UNSUPPORTED_MEDIA_TYPE", NULL },
	{ NULL, "{\"q\": \"zorblax\"}", 415, "UNSUPPORTED_MEDIA_TYPE", NULL },
	{ "application/json", "{\"limit\": 1000}", 422, "VALIDATION_ERROR",
	    "limit" },
	{ "application/json", "{\"limit\": 2.5}", 422, "VALIDATION_ERROR",
	    "limit" },
	{ "application/json", "{\"offset\": -5}", 422, "VALIDATION_ERROR",
	    "offset" },
	{ "application/json", "{\"sort\": \"bogus\"}", 422, "VALIDATION_ERROR",
	    "sort" },
	{ "application/json", "{\"states\": [\"CA\", \"XX\"]}", 422,
	    "VALIDATION_ERROR", "states" },
	{ "application/json", "{\"fields_of_study\": [\"astrology\"]}", 422,
	    "VALIDATION_ERROR", "fields_of_study" },
	{ "application/json", "{\"deadline_after\": \"yesterday\"}", 422,
	    "VALIDATION_ERROR", "deadline_after" },
	{ "application/json", "{\"min_gpa\": 5}", 422, "VALIDATION_ERROR",
	    "min_gpa" },
	{ "application/json", "{\"renewable\": \"maybe\"}", 422,
	    "VALIDATION_ERROR", "renewable" },
	{ "application/json", "{\"grade_level\": \"kindergarten\"}", 422,
	    "VALIDATION_ERROR", "grade_level" },
};

START_TEST(t_search_bad_post)
{
	const struct bad_post	*c = &bad_posts[_i];
	const char		*hdr[2] = { NULL, NULL };
	char			 ct[128];
	struct live_resp	 r;
	const char		*what = c->body;

	if (c->ctype != NULL) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", c->ctype);
		hdr[0] = ct;
	} else
		hdr[0] = "Content-Type:";	/* removes curl's default */
	ck_assert_int_eq(live_request(&r, "POST", SEARCH, hdr, c->body,
	    strlen(c->body)), 0);
	ck_assert_msg(r.status > 0 && r.status < 500, "%s: status %ld", what,
	    r.status);
	if (c->field != NULL)
		err_field(&r, c->field, what);
	else
		err(&r, c->status, c->code, what);
	live_resp_free(&r);
}
END_TEST

/* Twins of the bad bodies: well-formed JSON with the right type. */
START_TEST(t_search_good_post)
{
	static const char *const ctypes[] = { "application/json",
	    "application/json; charset=utf-8", "Application/JSON" };
	static const char *const bodies[] = {
		"{\"q\": \"zorblax\"}", "{}", "{\"limit\": 100}",
		"{\"offset\": 5}", "{\"sort\": \"newest\"}",
		"{\"states\": [\"CA\", \"DC\"]}", "{\"deadline_after\":"
		" \"2026-03-01\"}", "{\"min_gpa\": 4}", "{\"renewable\": false}",
		"{\"q\": \"O'Brien\"}", "{\"q\": \"C++\"}",
		"{\"q\": \"' OR 1=1 --\"}", "{\"q\": \"select * from users\"}",
		"{\"q\": \"\\ud83c\\udf93 zorblax\"}",
		"{\"q\": \"\xf0\x9f\x8e\x93\"}", "{\"q\": \"\\u0000x\"}",
		"{\"q\": \"\\ud800\"}", "{\"q\": \"a\\\\b\\\"c\"}",
		"{\"grade_level\": \"graduate\", \"citizenship\": \"US\"}",
	};
	char			 ct[128];
	const char		*hdr[2] = { ct, NULL };
	struct live_resp	 r;
	size_t			 i, j;

	for (i = 0; i < NELEM(ctypes); i++) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", ctypes[i]);
		for (j = 0; j < NELEM(bodies); j++) {
			ck_assert_int_eq(live_request(&r, "POST", SEARCH, hdr,
			    bodies[j], strlen(bodies[j])), 0);
			/* "\u0000" may be refused, but never with a 5xx. */
			if (strstr(bodies[j], "u0000") != NULL) {
				ck_assert_msg(r.status == 200 ||
				    r.status == 400 || r.status == 422,
				    "%s: %ld", bodies[j], r.status);
				live_resp_free(&r);
				continue;
			}
			assert_search_shape(ok(&r, bodies[j]));
			live_resp_free(&r);
		}
	}
}
END_TEST

/* --- smart-search ------------------------------------------------------- */

static int
has_str(struct json_object *a, const char *needle)
{
	size_t	 i, n = json_object_array_length(a);

	for (i = 0; i < n; i++)
		if (strstr(json_object_get_string(json_object_array_get_idx(a,
		    i)), needle) != NULL)
			return 1;
	return 0;
}

struct smart_case {
	const char	*query;
	long long	 total;
	const char	*quality;
	long long	 filters_applied;
	const char	*advice;	/* a suggestion containing this, or NULL */
};

static const struct smart_case smart_cases[] = {
	{ "q=quorvexx", 0, "no_results", 0, "Did you mean \"quorvex\"?" },
	{ "q=plindor", 1, "few_results", 0, "fewer or more general" },
	{ "q=zorblax&states=WY", 1, "few_results", 1, "state filter" },
	{ "q=zorblax&fields_of_study=arts&grade_level=graduate", 2,
	    "few_results", 2, "field" },
	{ "q=zorblaks", 3, "few_results", 0, "Showing results for \"zorblax\"" },
	{ "q=snarfblat&max_amount=400", 4, "few_results", 1, "maximum amount" },
	{ "q=snarfblat&max_amount=500", 5, "good_results", 1, NULL },
	{ W41, 7, "good_results", 2, NULL },
	{ "q=snarfblat&max_amount=2000", 20, "good_results", 1, NULL },
	{ "q=snarfblat&max_amount=2100", 21, "many_results", 1, NULL },
	{ "q=snarfblat&max_amount=5000", 50, "many_results", 1, NULL },
	{ "q=snarfblat&max_amount=5100", 51, "too_many_results", 1,
	    "field of study" },
	{ "q=snarfblat", 60, "too_many_results", 0, "state" },
};

START_TEST(t_search_smart)
{
	const struct smart_case	*c = &smart_cases[_i];
	struct live_resp	 r;
	struct json_object	*o, *res, *md, *sg, *a;
	char			 path[512];
	size_t			 i, n;

	snprintf(path, sizeof(path), SMART "?%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = ok(&r, path);
	res = jget(o, "results", json_type_object);
	a = jget(res, "scholarships", json_type_array);
	ck_assert_msg(jint(res, "total_count") == c->total, "%s: total %lld, "
	    "want %lld", path, jint(res, "total_count"), c->total);
	n = json_object_array_length(a);
	ck_assert_int_eq((long long)n, c->total < 20 ? c->total : 20);
	for (i = 0; i < n; i++)
		ck_assert(strncmp(jstr(json_object_array_get_idx(a, i), "id"),
		    "lsr_", 4) == 0);
	ck_assert_int_eq(jint(res, "page"), 1);
	ck_assert_int_eq(jint(res, "page_size"), 20);
	ck_assert_int_eq(jbool(res, "has_next"), c->total > 20);
	ck_assert_int_eq(jbool(res, "has_previous"), 0);
	sg = jget(o, "suggestions", json_type_array);
	for (i = 0; i < json_object_array_length(sg); i++)
		ck_assert(json_object_is_type(json_object_array_get_idx(sg, i),
		    json_type_string));
	if (c->advice != NULL)
		ck_assert_msg(has_str(sg, c->advice), "%s: no \"%s\" in %s",
		    path, c->advice, json_object_to_json_string(sg));
	md = jget(o, "search_metadata", json_type_object);
	ck_assert_str_eq(jstr(md, "search_quality"), c->quality);
	ck_assert_msg(jint(md, "filters_applied") == c->filters_applied,
	    "%s: filters_applied %lld", path, jint(md, "filters_applied"));
	live_resp_free(&r);
}
END_TEST

/* --- organization/{org} ------------------------------------------------- */

struct org_case {
	const char	*org;		/* as sent in the path */
	const char	*query;		/* extra query string or "" */
	const char	*ids;		/* NULL: 404 */
};

static const struct org_case org_cases[] = {
	{ "vexmoor", "", "lsr_001" },
	{ "VEXMOOR", "", "lsr_001" },
	{ "vExMoOr%20wElDiNg", "", "lsr_001" },
	{ "moor%20weld", "", "lsr_001" },
	{ "Vexmoor%20Welding%20Guild", "", "lsr_001" },
	{ "krentish%20heritage", "", "lsr_005" },
	/* LIKE metacharacters are literal. */
	{ "zib_zab", "", "lsr_008" },
	{ "zibxzab", "", "lsr_009" },
	{ "zib%25zab", "", NULL },
	{ "100%25", "", "lsr_008" },
	{ "b_zab%20100%25%20t", "", "lsr_008" },
	{ "zab%20100%25%20trust", "", "lsr_008" },
	{ "zab%201000", "", NULL },
	{ "a%5Cb", "", NULL },
	{ "vexmoor%5C", "", NULL },
	/* Expired: hidden unless asked; inactive: never. */
	{ "quorvex", "", NULL },
	{ "quorvex", "?include_expired=true", "lsr_006" },
	{ "zorblax%20hidden", "?include_expired=true", NULL },
	/* Paging, soonest deadline first. */
	{ "snarfblat%20bulk", "?limit=3", "lsr_101,lsr_102,lsr_103" },
	{ "snarfblat%20bulk", "?limit=2&offset=58", "lsr_159,lsr_160" },
	{ "zzq-no-such-organization-qqz", "", NULL },
};

START_TEST(t_search_org)
{
	const struct org_case	*c = &org_cases[_i];
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[512], ids[1024];

	snprintf(path, sizeof(path), ORG "%s%s", c->org, c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	ck_assert_msg(r.status > 0 && r.status < 500, "%s: %ld", path,
	    r.status);
	if (c->ids == NULL) {
		o = err(&r, 404, "NOT_FOUND", path);
		ck_assert_msg(strstr(jstr(o, "message"), "rganization") != NULL,
		    "%s: message %s", path, jstr(o, "message"));
		live_resp_free(&r);
		return;
	}
	o = ok(&r, path);
	arr_ids(jget(o, "scholarships", json_type_array), ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    path, ids, c->ids);
	jget(o, "organization", json_type_string);
	if (strstr(c->org, "snarfblat") != NULL) {
		ck_assert_int_eq(jint(o, "scholarship_count"), 60);
		ck_assert_int_eq(jbool(o, "has_next"),
		    strstr(c->query, "offset") == NULL);
	} else
		ck_assert_int_eq(jint(o, "scholarship_count"), n_ids(c->ids));
	live_resp_free(&r);
}
END_TEST

/*
 * Patterns with "%" and "_" match only organisations containing them
 * literally: the count agrees with a literal strpos() in SQL.  (Three
 * characters at least: shorter patterns are a 422.)
 */
START_TEST(t_search_org_meta)
{
	/* URL form, literal, and the literal as SQL (no '%' for psql). */
	static const char *const pats[][3] = {
		{ "0%25%20", "0% ", "'0' || chr(37) || ' '" },
		{ "b_z", "b_z", "'b_z'" },
	};
	struct live_resp	 r;
	struct json_object	*o, *a;
	char			 path[128], sql[512], want[64], ids[4096];
	size_t			 i, j, n;

	for (i = 0; i < NELEM(pats); i++) {
		snprintf(path, sizeof(path), ORG "%s?limit=100", pats[i][0]);
		ck_assert_int_eq(live_get(&r, path), 0);
		o = ok(&r, path);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM scholarships"
		    " WHERE is_active AND application_deadline >= now() AND"
		    " strpos(lower(organization), lower(%s)) > 0", pats[i][2]);
		ck_assert_int_eq(live_psql_value(sql, want, sizeof(want)), 0);
		ck_assert_int_eq(jint(o, "scholarship_count"),
		    strtoll(want, NULL, 10));
		a = jget(o, "scholarships", json_type_array);
		n = json_object_array_length(a);
		for (j = 0; j < n; j++)
			ck_assert_msg(strcasestr(jstr(json_object_array_get_idx(a, j),
			    "organization"), pats[i][1]) != NULL,
			    "%s: %s", path, jstr(json_object_array_get_idx(a, j),
			    "organization"));
		arr_ids(a, ids, sizeof(ids));
		ck_assert_msg(has_id(ids, "lsr_008"), "%s: [%s]", path, ids);
		ck_assert_msg(!has_id(ids, "lsr_009") && !has_id(ids, "lsr_001"),
		    "%s: [%s]", path, ids);
		live_resp_free(&r);
	}
}
END_TEST

START_TEST(t_search_org_bad)
{
	static const struct {
		const char	*path, *field, *good;
	} cases[] = {
		{ ORG "vexmoor?limit=0", "limit", ORG "vexmoor?limit=1" },
		{ ORG "vexmoor?limit=101", "limit", ORG "vexmoor?limit=100" },
		{ ORG "vexmoor?offset=-5", "offset", ORG "vexmoor?offset=0" },
		{ ORG "vexmoor?include_expired=x", "include_expired",
		    ORG "vexmoor?include_expired=false" },
		{ ORG "%C3%28", "organization", ORG "caf%C3%A9" },
		{ ORG "ab", "organization", ORG "abc" },
		{ ORG "%25", "organization", ORG "%25%25%25" },
	};
	struct live_resp	 r;
	size_t			 i;

	for (i = 0; i < NELEM(cases); i++) {
		ck_assert_int_eq(live_get(&r, cases[i].path), 0);
		ck_assert(r.status > 0 && r.status < 500);
		err_field(&r, cases[i].field, cases[i].path);
		live_resp_free(&r);
		ck_assert_int_eq(live_get(&r, cases[i].good), 0);
		ck_assert_msg(r.status == 200 || r.status == 404, "%s: %ld",
		    cases[i].good, r.status);
		live_resp_free(&r);
	}
}
END_TEST

/* --- fields/{field} ----------------------------------------------------- */

START_TEST(t_search_fields)
{
	static const struct {
		const char	*path, *ids;
	} cases[] = {
		/* The field, or open to any field. */
		{ FIELDS "arts?" W41, "lsr_002,lsr_003,lsr_005,lsr_008" },
		{ FIELDS "engineering?" W41, "lsr_001,lsr_003,lsr_005,lsr_008" },
		{ FIELDS "science?" W41, "lsr_003,lsr_005,lsr_008,lsr_009" },
		{ FIELDS "law?" W41, "lsr_003,lsr_005,lsr_008" },
		/* The path wins over a fields_of_study parameter. */
		{ FIELDS "education?" W41 "&fields_of_study=arts",
		    "lsr_003,lsr_004,lsr_005,lsr_008" },
		/* Other filters and text apply. */
		{ FIELDS "engineering?q=zorblax&" W41, "lsr_001,lsr_003" },
		{ FIELDS "arts?" W41 "&states=TX&sort=amount_desc",
		    "lsr_005,lsr_003,lsr_008,lsr_002" },
		{ FIELDS "science?" W41 "&limit=2&offset=2",
		    "lsr_008,lsr_009" },
	};
	struct live_resp	 r;
	struct json_object	*o, *a;
	char			 ids[1024];
	size_t			 i, j;

	for (i = 0; i < NELEM(cases); i++) {
		ck_assert_int_eq(live_get(&r, cases[i].path), 0);
		o = ok(&r, cases[i].path);
		a = jget(o, "results", json_type_array);
		arr_ids(a, ids, sizeof(ids));
		ck_assert_msg(strcmp(ids, cases[i].ids) == 0,
		    "%s: got [%s], want [%s]", cases[i].path, ids, cases[i].ids);
		for (j = 0; j < json_object_array_length(a); j++)
			assert_summary(json_object_array_get_idx(a, j));
		ck_assert_msg(strncmp(jstr(o, "field_of_study"),
		    cases[i].path + strlen(FIELDS), strlen(jstr(o,
		    "field_of_study"))) == 0, "%s: field_of_study %s",
		    cases[i].path, jstr(o, "field_of_study"));
		live_resp_free(&r);
	}
}
END_TEST

START_TEST(t_search_fields_bad)
{
	/* post_doctoral is a grade level, not a field. */
	static const char *const bad[] = { "astrology", "Engineering",
	    "computer%20science", "arts%00", "%C3%28", "arts,law", "*",
	    "post_doctoral" };
	static const char *const good[] = { "arts", "engineering",
	    "computer_science", "social_work", "other", "psychology" };
	struct live_resp	 r;
	char			 path[256];
	size_t			 i;

	for (i = 0; i < NELEM(bad); i++) {
		snprintf(path, sizeof(path), FIELDS "%s", bad[i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		ck_assert_msg(r.status > 0 && r.status < 500, "%s: %ld", path,
		    r.status);
		if (strcmp(bad[i], "arts%00") == 0)
			ck_assert_msg(r.status == 400 || r.status == 404 ||
			    r.status == 422, "%s: %ld", path, r.status);
		else
			err_field(&r, "field", path);
		live_resp_free(&r);
	}
	for (i = 0; i < NELEM(good); i++) {
		snprintf(path, sizeof(path), FIELDS "%s", good[i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		ck_assert_str_eq(jstr(ok(&r, path), "field_of_study"), good[i]);
		live_resp_free(&r);
	}
}
END_TEST

/* --- analytics ---------------------------------------------------------- */

/* Ask every responder process to flush (they do so after responses). */
static void
nudge(void)
{
	live_parallel_get(SEARCH "?limit=1", 8, 4);
	live_parallel_get(LIST "?limit=1", 8, 4);
}

/* Wait up to ~3 s for the analytics row of query; returns its count. */
static long long
analytics_count(const char *query, char *filters, size_t flen)
{
	char		 sql[512], out[1024];
	double		 t0 = live_now();

	snprintf(sql, sizeof(sql), "SELECT result_count || '|' ||"
	    " coalesce(filters::text, '') || '|' || (took_ms >= 0)"
	    " FROM search_analytics WHERE query = $lsrq$%s$lsrq$ ORDER BY id DESC"
	    " LIMIT 1", query);
	do {
		live_sleep_ms(250);
		nudge();
		ck_assert_int_eq(live_psql_value(sql, out, sizeof(out)), 0);
		if (out[0] != '\0') {
			char *bar = strchr(out, '|'), *bar2;

			ck_assert_ptr_nonnull(bar);
			bar2 = strrchr(out, '|');
			ck_assert_str_eq(bar2 + 1, "true");
			*bar2 = '\0';
			snprintf(filters, flen, "%s", bar + 1);
			return strtoll(out, NULL, 10);
		}
	} while (live_now() - t0 < 3.5);
	return -1;
}

START_TEST(t_search_analytics)
{
	struct live_resp	 r;
	char			 q1[64], q2[64], q3[64], q4[64], q5[128];
	char			 q6[64];
	char			 path[256];
	char			 body[256], filters[1024];
	long long		 total, n;
	unsigned long		 nonce;

	nonce = (unsigned long)getpid() * 1000003UL ^ (unsigned long)time(NULL);
	snprintf(q1, sizeof(q1), "zorblax OR lsrprobe%lxa", nonce);
	snprintf(q2, sizeof(q2), "lsrprobe%lxb", nonce);
	snprintf(q3, sizeof(q3), "lsrprobe%lxc", nonce);
	snprintf(q4, sizeof(q4), "lsrprobe%lxd", nonce);
	snprintf(q6, sizeof(q6), "lsrprobe%lxf", nonce);
	/* Characters that need quoting in an array literal or JSON. */
	snprintf(q5, sizeof(q5), "lsrprobe%lxe \"quoted\" back\\slash,"
	    " {brace} 'single' NULL \xf0\x9f\x8e\x93", nonce);

	/* GET /api/v1/search: 001 (CA) and 002 (open to every state). */
	snprintf(path, sizeof(path), SEARCH "?q=zorblax+OR+lsrprobe%lxa&"
	    W41 "&states=CA", nonce);
	ck_assert_int_eq(live_get(&r, path), 0);
	total = jint(ok(&r, path), "total");
	ck_assert_int_eq(total, 2);
	live_resp_free(&r);
	/* POST, nothing found. */
	snprintf(body, sizeof(body), "{\"q\": \"%s\", \"sort\": \"newest\"}",
	    q2);
	ck_assert_int_eq(post_json(&r, SEARCH, body), 0);
	ck_assert_int_eq(jint(ok(&r, body), "total"), 0);
	live_resp_free(&r);
	/* The list and smart-search are searches too. */
	snprintf(path, sizeof(path), LIST "?q=%s", q3);
	ck_assert_int_eq(live_get(&r, path), 0);
	ok(&r, path);
	live_resp_free(&r);
	snprintf(path, sizeof(path), SMART "?q=%s", q4);
	ck_assert_int_eq(live_get(&r, path), 0);
	ok(&r, path);
	live_resp_free(&r);
	/* fields/{field}: the field in the path is the filter recorded. */
	snprintf(path, sizeof(path), FIELDS "nursing?q=%s", q6);
	ck_assert_int_eq(live_get(&r, path), 0);
	ok(&r, path);
	live_resp_free(&r);

	snprintf(body, sizeof(body), "{\"q\": \"lsrprobe%lxe \\\"quoted\\\""
	    " back\\\\slash, {brace} 'single' NULL \xf0\x9f\x8e\x93\"}",
	    nonce);
	ck_assert_int_eq(post_json(&r, "/search", body), 0);
	ck_assert_str_eq(jstr(jget(ok(&r, body), "filters", json_type_object),
	    "q"), q5);
	live_resp_free(&r);

	n = analytics_count(q1, filters, sizeof(filters));
	ck_assert_msg(n == 2, "analytics row for \"%s\": count %lld", q1, n);
	ck_assert_msg(strstr(filters, "\"states\"") != NULL &&
	    strstr(filters, "\"CA\"") != NULL, "filters %s", filters);
	ck_assert_msg(strstr(filters, "\"deadline_after\"") != NULL,
	    "filters %s", filters);
	n = analytics_count(q2, filters, sizeof(filters));
	ck_assert_msg(n == 0, "analytics row for \"%s\": count %lld", q2, n);
	ck_assert_msg(strstr(filters, "newest") != NULL, "filters %s",
	    filters);
	n = analytics_count(q3, filters, sizeof(filters));
	ck_assert_msg(n == 0, "analytics row for \"%s\" (list): %lld", q3, n);
	n = analytics_count(q4, filters, sizeof(filters));
	ck_assert_msg(n == 0, "analytics row for \"%s\" (smart): %lld", q4, n);
	n = analytics_count(q6, filters, sizeof(filters));
	ck_assert_msg(n == 0, "analytics row for \"%s\" (field): %lld", q6, n);
	ck_assert_msg(strstr(filters, "\"fields_of_study\": [\"nursing\"]") !=
	    NULL, "field endpoint filters %s", filters);
	n = analytics_count(q5, filters, sizeof(filters));
	ck_assert_msg(n == 0, "analytics row for \"%s\": %lld", q5, n);
	ck_assert_msg(strstr(filters, "NULL") != NULL, "filters %s", filters);
}
END_TEST

/* --- result cache ------------------------------------------------------- */

/*
 * The body of a search without took_ms (smart-search: in its
 * search_metadata), the one field that may differ.
 */
static char *
body_sans_took(const char *path, const char *const *hdrs)
{
	struct live_resp	 r;
	struct json_object	*o, *m;
	char			*s;

	ck_assert_int_eq(live_request(&r, "GET", path, hdrs, NULL, 0), 0);
	o = ok(&r, path);
	json_object_object_del(o, "took_ms");
	if (json_object_object_get_ex(o, "search_metadata", &m))
		json_object_object_del(m, "took_ms");
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	ck_assert_ptr_nonnull(s);
	live_resp_free(&r);
	return s;
}

#define CACHE_HITS	"search_cache_hits_total"

/* Remembered answers are the answers: cached and fresh bodies agree. */
static const char *const cache_paths[] = {
	SEARCH "?q=zorblax&" W41,
	SEARCH "?q=zorblax+krentish&" W41 "&facets=true",
	SEARCH "?q=zorblx&" W41,		/* corrected */
	SEARCH "?q=lsrnothingatall",		/* suggestions, empty */
	SEARCH "?" W41 "&sort=amount_desc&limit=3&offset=3",
	SEARCH "?q=snarfblat&limit=7&offset=50&sort=amount_asc",
	LIST "?q=krentish&" W41,
	FIELDS "engineering?" W41,
	SMART "?q=zorblax+welding",
};

/* GET path afresh, then n times as clients do: the bodies must agree. */
static void
assert_cached_same(const char *path, int n)
{
	static const char *const nocache[] = { "Cache-Control: no-cache",
		NULL };
	char	*fresh, *again;
	int	 i;

	fresh = body_sans_took(path, nocache);
	for (i = 0; i < n; i++) {
		again = body_sans_took(path, NULL);
		ck_assert_msg(strcmp(fresh, again) == 0, "%s: cached answer"
		    " differs:\n%s\n%s", path, fresh, again);
		free(again);
	}
	free(fresh);
}

START_TEST(t_search_cache_same)
{
	const char	*path = cache_paths[_i];
	double		 h0 = live_metric_now(CACHE_HITS);

	/* Enough repeats that some process answers from its cache. */
	assert_cached_same(path, 12);
	ck_assert_msg(live_metric_now(CACHE_HITS) > h0, "%s: no cache hit in"
	    " 12 repeats", path);
}
END_TEST

/* A change to the catalogue is seen by the very next search. */
START_TEST(t_search_cache_fresh)
{
	char	ids[1024];
	int	i;

	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=zorblax&" W41, "items", ids, sizeof(ids));
		ck_assert_str_eq(ids, "lsr_001,lsr_003,lsr_002");
	}
	ck_assert_int_eq(live_psql(COLS "('lsr_170', 'Zorblax Late Entry',"
	    " 'Late Trust', 'Added while cached.', 100, 1,"
	    " '2041-09-01T12:00:00Z', 'merit_based', NULL, '{}', NULL, '{}',"
	    " '{}', 'https://lsr.example.org/170', false, true,"
	    " '2025-01-03');"), 0);
	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=zorblax&" W41, "items", ids, sizeof(ids));
		ck_assert_msg(has_id(ids, "lsr_170"), "inserted record not"
		    " found by a cached search: %s", ids);
	}
	ck_assert_int_eq(live_psql("UPDATE scholarships SET name ="
	    " 'Late Entry' WHERE id = 'lsr_170';"), 0);
	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=zorblax&" W41, "items", ids, sizeof(ids));
		ck_assert_str_eq(ids, "lsr_001,lsr_003,lsr_002");
	}
	ck_assert_int_eq(live_psql("UPDATE scholarships SET name ="
	    " 'Zorblax Late Entry' WHERE id = 'lsr_170';"), 0);
	get_ids(SEARCH "?q=zorblax&" W41, "items", ids, sizeof(ids));
	ck_assert_msg(has_id(ids, "lsr_170"), "renamed record: %s", ids);
	ck_assert_int_eq(live_psql("DELETE FROM scholarships"
	    " WHERE id = 'lsr_170';"), 0);
	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=zorblax&" W41, "items", ids, sizeof(ids));
		ck_assert_str_eq(ids, "lsr_001,lsr_003,lsr_002");
	}
}
END_TEST

/*
 * Ids are words the array literals of the cache must not take for
 * something else: "null" (in any case) is a valid id.
 */
START_TEST(t_search_cache_odd_ids)
{
	char	ids[256];

	ck_assert_int_eq(live_psql("DELETE FROM scholarships WHERE id IN"
	    " ('null', 'NuLL');\n" COLS "('null', 'Quimbleworth Award',"
	    " 'Quimbleworth Trust', 'Odd id.', 100, 1,"
	    " '2043-01-01T12:00:00Z', 'merit_based', NULL, '{}', NULL, '{}',"
	    " '{}', 'https://lsr.example.org/n1', false, true, '2025-01-03'),"
	    " ('NuLL', 'Quimbleworth Prize', 'Quimbleworth Trust', 'Odd id.',"
	    " 200, 1, '2043-01-02T12:00:00Z', 'merit_based', NULL, '{}', NULL,"
	    " '{}', '{}', 'https://lsr.example.org/n2', false, true,"
	    " '2025-01-03');"), 0);
	assert_cached_same(SEARCH "?q=quimbleworth&sort=deadline", 8);
	get_ids(SEARCH "?q=quimbleworth&sort=deadline", "items", ids,
	    sizeof(ids));
	ck_assert_str_eq(ids, "null,NuLL");
	ck_assert_int_eq(live_psql("DELETE FROM scholarships WHERE id IN"
	    " ('null', 'NuLL');"), 0);
}
END_TEST

/* A scholarship leaves cached results the moment its deadline passes. */
START_TEST(t_search_cache_deadline)
{
	char	ids[1024];
	int	i;

	ck_assert_int_eq(live_psql(COLS "('lsr_171', 'Blinquor Last Call',"
	    " 'Blinquor Trust', 'Closes in two seconds.', 100, 1,"
	    " now() + interval '2 seconds', 'merit_based', NULL, '{}', NULL,"
	    " '{}', '{}', 'https://lsr.example.org/171', false, true,"
	    " '2025-01-03');"), 0);
	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=blinquor", "items", ids, sizeof(ids));
		ck_assert_str_eq(ids, "lsr_171");
	}
	live_sleep_ms(2500);
	for (i = 0; i < 6; i++) {
		get_ids(SEARCH "?q=blinquor", "items", ids, sizeof(ids));
		ck_assert_msg(ids[0] == '\0', "past deadline still found by a"
		    " cached search: %s", ids);
	}
	get_ids(SEARCH "?q=blinquor&include_expired=true", "items", ids,
	    sizeof(ids));
	ck_assert_str_eq(ids, "lsr_171");
	ck_assert_int_eq(live_psql("DELETE FROM scholarships"
	    " WHERE id = 'lsr_171';"), 0);
}
END_TEST

/* --- driver ------------------------------------------------------------- */

Suite *
live_search_suite(void)
{
	Suite	*s = suite_create("search");
	TCase	*tc;

	tc = tcase_create("search");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, records_up, records_down);
	tcase_add_test(tc, t_search_shape);
	tcase_add_test(tc, t_search_summary_cut);
	tcase_add_loop_test(tc, t_search_text, 0, NELEM(text_cases));
	tcase_add_test(tc, t_search_no_text);
	tcase_add_test(tc, t_search_typo);
	tcase_add_loop_test(tc, t_search_filters, 0, NELEM(filter_cases));
	tcase_add_test(tc, t_search_expired);
	tcase_add_loop_test(tc, t_search_sort, 0, NELEM(sort_cases));
	tcase_add_loop_test(tc, t_search_paging, 0, NELEM(page_cases));
	tcase_add_test(tc, t_search_paging_walk);
	tcase_add_test(tc, t_search_facets);
	tcase_add_loop_test(tc, t_search_post, 0, NELEM(post_cases));
	tcase_add_test(tc, t_search_post_get_same);
	tcase_add_loop_test(tc, t_search_bad_get, 0, NELEM(bad_gets));
	tcase_add_test(tc, t_search_bad_bytes);
	tcase_add_test(tc, t_search_bad_many);
	tcase_add_loop_test(tc, t_search_odd_text, 0, NELEM(odd_q));
	tcase_add_test(tc, t_search_odd_text_harmless);
	tcase_add_test(tc, t_search_long);
	tcase_add_loop_test(tc, t_search_bad_post, 0, NELEM(bad_posts));
	tcase_add_test(tc, t_search_good_post);
	tcase_add_loop_test(tc, t_search_smart, 0, NELEM(smart_cases));
	tcase_add_loop_test(tc, t_search_org, 0, NELEM(org_cases));
	tcase_add_test(tc, t_search_org_meta);
	tcase_add_test(tc, t_search_org_bad);
	tcase_add_test(tc, t_search_fields);
	tcase_add_test(tc, t_search_fields_bad);
	tcase_add_test(tc, t_search_analytics);
	tcase_add_loop_test(tc, t_search_cache_same, 0, NELEM(cache_paths));
	tcase_add_test(tc, t_search_cache_fresh);
	tcase_add_test(tc, t_search_cache_deadline);
	tcase_add_test(tc, t_search_cache_odd_ids);
	suite_add_tcase(s, tc);
	return s;
}
