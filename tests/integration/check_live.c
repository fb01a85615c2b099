/*
 * Live tests: the real lighttpd + FastCGI responders + PostgreSQL
 * stack started by tests/integration/live.sh, driven over HTTP.
 *
 * The catalogue tests insert their own records (ids live_*) with
 * deadlines in 2040 so that they can assert exact result sets whatever
 * else the database holds; the fixture removes them again.  The
 * database outage test stops and restarts the stack's PostgreSQL; its
 * teardown always starts it again.
 */
#include "config.h"

#include <sys/types.h>

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>

#include "version.h"

#include "live.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define LIST	"/api/v1/scholarships"
/* The 2040 window that holds exactly the visible live_* records. */
#define WIN	"deadline_after=2040-01-01&deadline_before=2040-12-31"

/* --- assertions --------------------------------------------------------- */

static void
hdr_eq(const struct live_resp *r, const char *name, const char *want)
{
	const char	*v = live_header(r, name);

	ck_assert_msg(v != NULL, "status %ld: no %s header", r->status, name);
	ck_assert_msg(strcmp(v, want) == 0, "%s: \"%s\", want \"%s\"", name, v,
	    want);
}

/* The headers every response carries (SPEC §2). */
static void
assert_common(const struct live_resp *r)
{
	const char	*id;

	id = live_header(r, "X-Request-ID");
	ck_assert_msg(id != NULL && id[0] != '\0', "status %ld: no X-Request-ID",
	    r->status);
	hdr_eq(r, "X-Content-Type-Options", "nosniff");
	hdr_eq(r, "X-Frame-Options", "SAMEORIGIN");
	hdr_eq(r, "Referrer-Policy", "no-referrer");
	hdr_eq(r, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'");
}

static void
assert_json_ct(const struct live_resp *r)
{
	const char	*ct = live_header(r, "Content-Type");

	ck_assert_msg(ct != NULL && strncmp(ct, "application/json", 16) == 0,
	    "Content-Type %s", ct != NULL ? ct : "(none)");
}

/* A 200 JSON answer. */
static struct json_object *
assert_ok(struct live_resp *r)
{
	ck_assert_msg(r->status == 200, "status %ld: %.300s", r->status,
	    r->body);
	assert_json_ct(r);
	assert_common(r);
	return body_json(r);
}

/* The one error envelope, with the headers of an error response. */
static struct json_object *
assert_error(struct live_resp *r, long status, const char *code)
{
	struct json_object	*o;
	const char		*cc;
	long long		 ts, now = (long long)time(NULL);

	ck_assert_msg(r->status == status, "status %ld, want %ld: %.300s",
	    r->status, status, r->body);
	assert_json_ct(r);
	assert_common(r);
	cc = live_header(r, "Cache-Control");
	ck_assert_msg(cc != NULL && strstr(cc, "no-store") != NULL,
	    "%ld without Cache-Control: no-store", status);
	o = body_json(r);
	ck_assert_str_eq(jstr(o, "trace_id"), live_header(r, "X-Request-ID"));
	ck_assert_str_eq(jstr(o, "code"), code);
	ck_assert(jstr(o, "message")[0] != '\0');
	ck_assert_int_eq(jint(o, "status"), status);
	ts = jint(o, "timestamp");
	ck_assert_msg(ts > now - 300 && ts < now + 300, "timestamp %lld", ts);
	return o;
}

/* The ids of a list response, comma-joined, in order. */
static void
list_ids(struct json_object *o, char *out, size_t outlen)
{
	struct json_object	*a;
	size_t			 i, n;

	out[0] = '\0';
	a = jget(o, "scholarships", json_type_array);
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s",
		    i > 0 ? "," : "", jstr(json_object_array_get_idx(a, i),
		    "id"));
}

static int
is_uuid4(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[14] == '4' && strchr("89abAB", s[19]) != NULL;
}

static int
is_rfc3339z(const char *s)
{
	static const char	 pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t			 i;

	if (s == NULL || strlen(s) != sizeof(pat) - 1)
		return 0;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return 0;
	return 1;
}

/* --- fixtures ----------------------------------------------------------- */

static const char cleanup_sql[] =
	"DELETE FROM interactions WHERE scholarship_id LIKE 'live\\_%';\n"
	"DELETE FROM scholarships WHERE id LIKE 'live\\_%';\n";

/*
 * Visible in the 2040 window: 001, 002, 003, 006 (003 and 006 share a
 * deadline; 006 is inserted first so that id order is not insertion
 * order).  004 is past its deadline, 005 is inactive.
 */
static const char records_sql[] =
	"INSERT INTO scholarships (id, name, organization, description,"
	" amount, max_awards, application_deadline, notification_date,"
	" scholarship_type, min_gpa, max_gpa, grade_levels,"
	" citizenship_required, residency_states, fields_of_study, min_age,"
	" max_age, financial_need, essay_required, recommendation_letters,"
	" application_url, contact_email, website_url, renewable, is_active)"
	" VALUES\n"
	"('live_006', 'Live Six', 'Live Test Org', 'Tie on deadline.', 20000,"
	" 1, '2040-03-15T12:00:00Z', NULL, 'community_service', NULL, NULL,"
	" '{}', NULL, '{}', '{}', NULL, NULL, NULL, false, 0,"
	" 'https://live.example.org/6', NULL, NULL, false, true),\n"
	"('live_001', 'Live One', 'Live Test Org', 'The first live record.',"
	" 1234.50, 3, '2040-01-15T12:00:00Z', '2040-04-01T00:00:00Z',"
	" 'athletic', 3.5, 4.0, '{undergraduate,graduate}', 'US', '{CA,NY}',"
	" '{engineering}', 18, 30, true, true, 2,"
	" 'https://live.example.org/1', 'live@example.org',"
	" 'https://live.example.org', true, true),\n"
	"('live_002', 'Live Two', 'Live Test Org', 'Second.', 98765, 1,"
	" '2040-02-15T12:00:00Z', NULL, 'minority', NULL, NULL, '{}', NULL,"
	" '{}', '{}', NULL, NULL, NULL, false, 0,"
	" 'https://live.example.org/2', NULL, NULL, false, true),\n"
	"('live_003', 'Live Three', 'Live Test Org', 'Third.', 55555, 1,"
	" '2040-03-15T12:00:00Z', NULL, 'athletic', NULL, NULL, '{}', NULL,"
	" '{}', '{}', NULL, NULL, NULL, false, 0,"
	" 'https://live.example.org/3', NULL, NULL, false, true),\n"
	"('live_004', 'Live Four (expired)', 'Live Test Org', 'Past.', 5000, 1,"
	" '2020-01-01T00:00:00Z', NULL, 'athletic', NULL, NULL, '{}', NULL,"
	" '{}', '{}', NULL, NULL, NULL, false, 0,"
	" 'https://live.example.org/4', NULL, NULL, false, true),\n"
	"('live_005', 'Live Five (inactive)', 'Live Test Org', 'Off.', 7000,"
	" 1, '2040-01-20T00:00:00Z', NULL, 'athletic', NULL, NULL, '{}', NULL,"
	" '{}', '{}', NULL, NULL, NULL, false, 0,"
	" 'https://live.example.org/5', NULL, NULL, false, false);\n";

static void
records_up(void)
{
	live_fixture_up(cleanup_sql, records_sql, "live_*");
}

static void
records_down(void)
{
	live_fixture_down(cleanup_sql, "live_*");
}

/* --- service index and health ------------------------------------------- */

static const char *const index_paths[] = { "/", "/api", "/status" };

START_TEST(t_index)
{
	struct live_resp	 r, h;
	const char		*path = index_paths[_i];

	ck_assert_int_eq(live_get(&r, path), 0);
	assert_ok(&r);
	ck_assert_msg(strstr(r.body, SCH_SERVICE_NAME) != NULL,
	    "%s: no service name: %s", path, r.body);
	ck_assert_msg(strstr(r.body, PACKAGE_VERSION) != NULL,
	    "%s: no version: %s", path, r.body);
	ck_assert_ptr_nonnull(strstr(r.body, "/healthz"));

	ck_assert_int_eq(live_request(&h, "HEAD", path, NULL, NULL, 0), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_uint_eq(h.body_len, 0);
	assert_common(&h);
	live_resp_free(&h);
	live_resp_free(&r);
}
END_TEST

START_TEST(t_health)
{
	static const char *const hdr[] = { "X-Request-ID: live-health.1", NULL };
	struct live_resp	 r;
	struct json_object	*o;

	ck_assert_int_eq(live_get(&r, "/health"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "status"), "healthy");
	ck_assert_str_eq(jstr(o, "trace_id"), live_header(&r, "X-Request-ID"));
	ck_assert(is_uuid4(jstr(o, "trace_id")));
	live_resp_free(&r);

	ck_assert_int_eq(live_request(&r, "GET", "/health", hdr, NULL, 0), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "trace_id"), "live-health.1");
	hdr_eq(&r, "X-Request-ID", "live-health.1");
	live_resp_free(&r);
}
END_TEST

START_TEST(t_healthz)
{
	struct live_resp	 r, h;
	struct json_object	*o;
	const char		*cl;
	char			 len[32];

	ck_assert_int_eq(live_get(&r, "/healthz"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "status"), "ok");
	ck_assert_str_eq(jstr(o, "service"), "scholarship-api");

	ck_assert_int_eq(live_request(&h, "HEAD", "/healthz", NULL, NULL, 0), 0);
	ck_assert_int_eq(h.status, 200);
	ck_assert_uint_eq(h.body_len, 0);
	assert_common(&h);
	assert_json_ct(&h);
	cl = live_header(&h, "Content-Length");
	ck_assert_ptr_nonnull(cl);
	snprintf(len, sizeof(len), "%zu", r.body_len);
	ck_assert_str_eq(cl, len);
	live_resp_free(&h);
	live_resp_free(&r);
}
END_TEST

START_TEST(t_readyz)
{
	struct live_resp	 r;
	struct json_object	*o, *c, *d;

	ck_assert_int_eq(live_get(&r, "/readyz"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "status"), "ready");
	c = jget(o, "checks", json_type_object);
	d = jget(c, "database", json_type_object);
	ck_assert_str_eq(jstr(d, "status"), "ok");
	ck_assert(jnum(d, "latency_ms") >= 0);
	d = jget(c, "migrations", json_type_object);
	ck_assert_str_eq(jstr(d, "status"), "ok");
	ck_assert_int_eq(jint(d, "version"), SCH_SCHEMA_VERSION);
	d = jget(c, "configuration", json_type_object);
	ck_assert_str_eq(jstr(d, "status"), "ok");
	live_resp_free(&r);
}
END_TEST

/* Nothing about the connection leaks: no conninfo, no socket path. */
static void
assert_no_conninfo(const struct live_resp *r)
{
	ck_assert_msg(strstr(r->body, "host=") == NULL, "host= in %s", r->body);
	ck_assert_msg(strstr(r->body, "dbname=") == NULL, "dbname= in %s",
	    r->body);
	ck_assert_msg(strstr(r->body, live_env("LIVE_VAR")) == NULL,
	    "stack path in %s", r->body);
	ck_assert_msg(strstr(r->body, ".s.PGSQL") == NULL, "socket in %s",
	    r->body);
}

START_TEST(t_db_status)
{
	struct live_resp	 r;
	struct json_object	*o, *d;
	char			 n[64];

	ck_assert_int_eq(live_get(&r, "/db/status"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "status"), "ok");
	d = jget(o, "database", json_type_object);
	ck_assert_int_eq(jbool(d, "connected"), 1);
	ck_assert_int_ge(jint(d, "scholarships"), 1);
	ck_assert_int_ge(jint(d, "interactions"), 0);
	ck_assert(jnum(o, "took_ms") >= 0);
	assert_no_conninfo(&r);
	/* The count is the real one. */
	ck_assert_int_eq(live_psql_value("SELECT count(*) FROM scholarships",
	    n, sizeof(n)), 0);
	ck_assert_int_eq(jint(d, "scholarships"), strtoll(n, NULL, 10));
	live_resp_free(&r);
}
END_TEST

START_TEST(t_metrics_text)
{
	struct live_resp	 r;
	const char		*ct;

	ck_assert_int_eq(live_get(&r, "/healthz"), 0);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, "/metrics"), 0);
	ck_assert_int_eq(r.status, 200);
	assert_common(&r);
	ct = live_header(&r, "Content-Type");
	ck_assert_msg(ct != NULL && strncmp(ct, "text/plain", 10) == 0,
	    "Content-Type %s", ct != NULL ? ct : "(none)");
	ck_assert_ptr_nonnull(strstr(r.body, "# TYPE http_requests_total counter\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "# HELP http_requests_total "));
	ck_assert_ptr_nonnull(strstr(r.body,
	    "# TYPE http_request_duration_seconds histogram\n"));
	ck_assert(live_metric(r.body, "http_requests_total{method=\"GET\","
	    "endpoint=\"/healthz\",status=\"200\"}") >= 1);
	live_resp_free(&r);
}
END_TEST

/* --- catalogue ---------------------------------------------------------- */

/* Every item is in (deadline, id) order, in the future and active. */
static void
assert_list_order(struct json_object *o, const char *nowz)
{
	struct json_object	*a, *it;
	const char		*dl, *id, *pdl = NULL, *pid = NULL;
	size_t			 i, n;

	a = jget(o, "scholarships", json_type_array);
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(a, i);
		id = jstr(it, "id");
		dl = jstr(it, "application_deadline");
		ck_assert_msg(is_rfc3339z(dl), "%s: deadline %s", id, dl);
		ck_assert_msg(strcmp(dl, nowz) > 0, "%s: past deadline %s shown",
		    id, dl);
		if (pdl != NULL)
			ck_assert_msg(strcmp(pdl, dl) < 0 ||
			    (strcmp(pdl, dl) == 0 && strcmp(pid, id) < 0),
			    "order: %s (%s) before %s (%s)", pid, pdl, id, dl);
		pdl = dl;
		pid = id;
	}
}

static void
now_z(char *out, size_t len)
{
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static long long
total_count(void)
{
	struct live_resp	 r;
	long long		 n;

	ck_assert_int_eq(live_get(&r, LIST "?limit=1"), 0);
	n = jint(assert_ok(&r), "total_count");
	live_resp_free(&r);
	return n;
}

START_TEST(t_list_default)
{
	struct live_resp	 r;
	struct json_object	*o, *a;
	long long		 total;
	char			 nowz[32];

	now_z(nowz, sizeof(nowz));
	ck_assert_int_eq(live_get(&r, LIST), 0);
	o = assert_ok(&r);
	a = jget(o, "scholarships", json_type_array);
	total = jint(o, "total_count");
	ck_assert_int_ge(total, 4);
	ck_assert_int_eq(jint(o, "page"), 1);
	ck_assert_int_eq(jint(o, "page_size"), 20);
	ck_assert_int_eq(jbool(o, "has_previous"), 0);
	ck_assert_int_eq(jbool(o, "has_next"), total > 20);
	ck_assert_uint_eq(json_object_array_length(a),
	    (size_t)(total < 20 ? total : 20));
	assert_list_order(o, nowz);
	live_resp_free(&r);
}
END_TEST

/* The whole visible catalogue: ordered, no expired or inactive record. */
START_TEST(t_list_all)
{
	struct live_resp	 r;
	struct json_object	*o, *a;
	char			 path[128], nowz[32], ids[8192], want[64];
	char			 last[64] = "";
	const char		*first;
	long long		 total, off;
	size_t			 n;
	int			 seen001 = 0;

	now_z(nowz, sizeof(nowz));
	total = total_count();
	/* A plain SQL count of what the list must show. */
	ck_assert_int_eq(live_psql_value("SELECT count(*) FROM scholarships"
	    " WHERE is_active AND application_deadline > now()", want,
	    sizeof(want)), 0);
	ck_assert_int_eq(total, strtoll(want, NULL, 10));
	for (off = 0; off < total; off += 100) {
		snprintf(path, sizeof(path), LIST "?limit=100&offset=%lld", off);
		ck_assert_int_eq(live_get(&r, path), 0);
		o = assert_ok(&r);
		ck_assert_int_eq(jint(o, "total_count"), total);
		assert_list_order(o, nowz);
		list_ids(o, ids, sizeof(ids));
		ck_assert_ptr_null(strstr(ids, "live_004"));
		ck_assert_ptr_null(strstr(ids, "live_005"));
		if (strstr(ids, "live_001") != NULL)
			seen001 = 1;
		/* Pages join in deadline order. */
		a = jget(o, "scholarships", json_type_array);
		n = json_object_array_length(a);
		ck_assert_uint_gt(n, 0);
		first = jstr(json_object_array_get_idx(a, 0),
		    "application_deadline");
		ck_assert_msg(strcmp(last, first) <= 0, "page at %lld starts "
		    "at %s, previous ended at %s", off, first, last);
		snprintf(last, sizeof(last), "%s", jstr(
		    json_object_array_get_idx(a, n - 1), "application_deadline"));
		live_resp_free(&r);
	}
	ck_assert(seen001);
}
END_TEST

START_TEST(t_pagination)
{
	struct live_resp	 r;
	struct json_object	*o;
	long long		 total;
	char			 path[128], a[4096], b[4096], c[4096];
	char			 ab[8200];

	total = total_count();
	ck_assert_int_ge(total, 4);

	/* First page of one. */
	ck_assert_int_eq(live_get(&r, LIST "?limit=1&offset=0"), 0);
	o = assert_ok(&r);
	ck_assert_uint_eq(json_object_array_length(jget(o, "scholarships",
	    json_type_array)), 1);
	ck_assert_int_eq(jbool(o, "has_next"), 1);
	ck_assert_int_eq(jbool(o, "has_previous"), 0);
	ck_assert_int_eq(jint(o, "page"), 1);
	ck_assert_int_eq(jint(o, "page_size"), 1);
	ck_assert_int_eq(jint(o, "total_count"), total);
	live_resp_free(&r);

	/* Last page of one. */
	snprintf(path, sizeof(path), LIST "?limit=1&offset=%lld", total - 1);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = assert_ok(&r);
	ck_assert_uint_eq(json_object_array_length(jget(o, "scholarships",
	    json_type_array)), 1);
	ck_assert_int_eq(jbool(o, "has_next"), 0);
	ck_assert_int_eq(jbool(o, "has_previous"), 1);
	ck_assert_int_eq(jint(o, "page"), total);
	live_resp_free(&r);

	/* Past the end: empty, the count unchanged. */
	snprintf(path, sizeof(path), LIST "?limit=5&offset=%lld", total + 10);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = assert_ok(&r);
	ck_assert_uint_eq(json_object_array_length(jget(o, "scholarships",
	    json_type_array)), 0);
	ck_assert_int_eq(jint(o, "total_count"), total);
	ck_assert_int_eq(jbool(o, "has_next"), 0);
	ck_assert_int_eq(jbool(o, "has_previous"), 1);
	live_resp_free(&r);

	/* page = offset / limit + 1. */
	ck_assert_int_eq(live_get(&r, LIST "?limit=3&offset=7"), 0);
	o = assert_ok(&r);
	ck_assert_int_eq(jint(o, "page"), 3);
	ck_assert_int_eq(jint(o, "page_size"), 3);
	ck_assert_int_eq(jbool(o, "has_previous"), 1);
	ck_assert_int_eq(jbool(o, "has_next"), total > 10);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, LIST "?limit=100"), 0);
	o = assert_ok(&r);
	ck_assert_int_eq(jint(o, "page_size"), 100);
	live_resp_free(&r);

	/* Two pages of two are the first four of one page of four. */
	ck_assert_int_eq(live_get(&r, LIST "?" WIN "&limit=2&offset=0"), 0);
	o = assert_ok(&r);
	list_ids(o, a, sizeof(a));
	ck_assert_int_eq(jbool(o, "has_next"), 1);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, LIST "?" WIN "&limit=2&offset=2"), 0);
	o = assert_ok(&r);
	list_ids(o, b, sizeof(b));
	ck_assert_int_eq(jbool(o, "has_next"), 0);
	ck_assert_int_eq(jint(o, "page"), 2);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, LIST "?" WIN "&limit=4"), 0);
	list_ids(assert_ok(&r), c, sizeof(c));
	live_resp_free(&r);
	snprintf(ab, sizeof(ab), "%s,%s", a, b);
	ck_assert_str_eq(ab, c);
}
END_TEST

struct filter_case {
	const char	*query;
	const char	*ids;	/* exactly these, in this order */
};

static const struct filter_case filter_cases[] = {
	{ WIN, "live_001,live_002,live_003,live_006" },
	{ WIN "&min_amount=10000", "live_002,live_003,live_006" },
	{ WIN "&max_amount=60000", "live_001,live_003,live_006" },
	{ WIN "&min_amount=10000&max_amount=60000", "live_003,live_006" },
	{ WIN "&min_amount=1000000", "" },
	{ WIN "&scholarship_types=athletic", "live_001,live_003" },
	{ WIN "&scholarship_types=athletic,minority",
	    "live_001,live_002,live_003" },
	{ WIN "&scholarship_types=athletic&scholarship_types=community_service",
	    "live_001,live_003,live_006" },
	{ WIN "&scholarship_types=need_based", "" },
	{ "deadline_after=2040-02-01&deadline_before=2040-12-31",
	    "live_002,live_003,live_006" },
	{ "deadline_after=2040-01-01&deadline_before=2040-03-01",
	    "live_001,live_002" },
	{ "deadline_after=2040-01-01T00:00:00Z"
	    "&deadline_before=2040-01-31T00:00:00%2B00:00", "live_001" },
	{ "deadline_after=2040-01-15T13:00:00%2B02:00"
	    "&deadline_before=2040-01-31", "live_001" },
	/* 12:00Z is 14:00+02:00: the deadline is before 15:00+02:00. */
	{ "deadline_after=2040-01-15T15:00:00%2B02:00"
	    "&deadline_before=2040-01-31", "" },
	/* Expired records stay hidden whatever the window. */
	{ "deadline_after=2019-12-01&deadline_before=2020-02-01", "" },
	/* Unknown parameters are ignored. */
	{ WIN "&no_such_param=1&scholarship_types=minority", "live_002" },
};

START_TEST(t_filters)
{
	const struct filter_case	*c = &filter_cases[_i];
	struct live_resp		 r;
	struct json_object		*o;
	char				 path[512], ids[4096];
	const char			*p;
	size_t				 n;

	snprintf(path, sizeof(path), LIST "?limit=100&%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = assert_ok(&r);
	list_ids(o, ids, sizeof(ids));
	ck_assert_msg(strcmp(ids, c->ids) == 0, "%s: got [%s], want [%s]",
	    c->query, ids, c->ids);
	n = c->ids[0] == '\0' ? 0 : 1;
	for (p = c->ids; *p != '\0'; p++)
		n += *p == ',';
	ck_assert_int_eq(jint(o, "total_count"), (long long)n);
	live_resp_free(&r);
}
END_TEST

START_TEST(t_get)
{
	struct live_resp	 r;
	struct json_object	*o, *e, *a;

	ck_assert_int_eq(live_get(&r, LIST "/live_001"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "id"), "live_001");
	ck_assert_str_eq(jstr(o, "name"), "Live One");
	ck_assert_str_eq(jstr(o, "organization"), "Live Test Org");
	ck_assert_str_eq(jstr(o, "description"), "The first live record.");
	ck_assert_double_eq_tol(jnum(o, "amount"), 1234.5, 1e-9);
	ck_assert_int_eq(jint(o, "max_awards"), 3);
	ck_assert_str_eq(jstr(o, "application_deadline"), "2040-01-15T12:00:00Z");
	ck_assert_str_eq(jstr(o, "notification_date"), "2040-04-01T00:00:00Z");
	ck_assert_str_eq(jstr(o, "scholarship_type"), "athletic");
	ck_assert_str_eq(jstr(o, "application_url"),
	    "https://live.example.org/1");
	ck_assert_str_eq(jstr(o, "contact_email"), "live@example.org");
	ck_assert_str_eq(jstr(o, "website_url"), "https://live.example.org");
	ck_assert_int_eq(jbool(o, "renewable"), 1);
	ck_assert_int_eq(jbool(o, "is_active"), 1);
	ck_assert_msg(is_rfc3339z(jstr(o, "created_at")), "created_at %s",
	    jstr(o, "created_at"));
	ck_assert_msg(is_rfc3339z(jstr(o, "updated_at")), "updated_at %s",
	    jstr(o, "updated_at"));

	e = jget(o, "eligibility_criteria", json_type_object);
	ck_assert_double_eq_tol(jnum(e, "min_gpa"), 3.5, 1e-9);
	ck_assert_double_eq_tol(jnum(e, "max_gpa"), 4.0, 1e-9);
	a = jget(e, "grade_levels", json_type_array);
	ck_assert_uint_eq(json_object_array_length(a), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(a, 0)),
	    "undergraduate");
	ck_assert_str_eq(jstr(e, "citizenship_required"), "US");
	a = jget(e, "residency_states", json_type_array);
	ck_assert_uint_eq(json_object_array_length(a), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(a, 1)),
	    "NY");
	a = jget(e, "fields_of_study", json_type_array);
	ck_assert_uint_eq(json_object_array_length(a), 1);
	ck_assert_int_eq(jint(e, "min_age"), 18);
	ck_assert_int_eq(jint(e, "max_age"), 30);
	ck_assert_int_eq(jbool(e, "financial_need"), 1);
	ck_assert_int_eq(jbool(e, "essay_required"), 1);
	ck_assert_int_eq(jint(e, "recommendation_letters"), 2);
	/* Criteria live only inside eligibility_criteria. */
	ck_assert(!json_object_object_get_ex(o, "min_gpa", NULL));
	live_resp_free(&r);

	/* An open record: nulls and empty lists. */
	ck_assert_int_eq(live_get(&r, LIST "/live_002"), 0);
	o = assert_ok(&r);
	e = jget(o, "eligibility_criteria", json_type_object);
	jget(e, "min_gpa", json_type_null);
	ck_assert_uint_eq(json_object_array_length(jget(e, "grade_levels",
	    json_type_array)), 0);
	jget(e, "citizenship_required", json_type_null);
	jget(o, "notification_date", json_type_null);
	live_resp_free(&r);

	/* The demo catalogue is there too. */
	ck_assert_int_eq(live_get(&r, LIST "/sch_001"), 0);
	o = assert_ok(&r);
	ck_assert_str_eq(jstr(o, "id"), "sch_001");
	live_resp_free(&r);
}
END_TEST

START_TEST(t_get_missing)
{
	static const char *const ids[] = { "live_005", "nope_999" };
	struct live_resp	 r;
	struct json_object	*o;
	char			 path[128], msg[128];
	size_t			 i;

	for (i = 0; i < NELEM(ids); i++) {
		snprintf(path, sizeof(path), LIST "/%s", ids[i]);
		ck_assert_int_eq(live_get(&r, path), 0);
		o = assert_error(&r, 404, "NOT_FOUND");
		snprintf(msg, sizeof(msg), "Scholarship '%s' not found", ids[i]);
		ck_assert_str_eq(jstr(o, "message"), msg);
		live_resp_free(&r);
	}
	/* An expired record is still readable by id. */
	ck_assert_int_eq(live_get(&r, LIST "/live_004"), 0);
	assert_ok(&r);
	live_resp_free(&r);
}
END_TEST

/* --- errors ------------------------------------------------------------- */

START_TEST(t_404)
{
	static const char *const paths[] = { "/no-such-route", "/healthz/x",
	    LIST "/live_001/extra", "/api/v1/nope" };
	struct live_resp	 r;
	size_t			 i;

	for (i = 0; i < NELEM(paths); i++) {
		ck_assert_int_eq(live_get(&r, paths[i]), 0);
		assert_error(&r, 404, "NOT_FOUND");
		live_resp_free(&r);
	}
}
END_TEST

START_TEST(t_405)
{
	static const struct {
		const char	*method, *path;
	} cases[] = {
		{ "DELETE", "/healthz" },
		{ "POST", "/healthz" },
		{ "PUT", "/metrics" },
		{ "POST", LIST "/sch_001" },
	};
	struct live_resp	 r;
	const char		*allow;
	size_t			 i;

	for (i = 0; i < NELEM(cases); i++) {
		ck_assert_int_eq(live_request(&r, cases[i].method, cases[i].path,
		    NULL, cases[i].method[0] == 'P' ? "{}" : NULL, 2), 0);
		assert_error(&r, 405, "METHOD_NOT_ALLOWED");
		allow = live_header(&r, "Allow");
		ck_assert_msg(allow != NULL, "%s %s: no Allow", cases[i].method,
		    cases[i].path);
		ck_assert_msg(strstr(allow, "GET") != NULL, "Allow: %s", allow);
		ck_assert_msg(strstr(allow, cases[i].method) == NULL,
		    "Allow: %s lists %s", allow, cases[i].method);
		live_resp_free(&r);
	}
}
END_TEST

static const char *const bad_requests[] = {
	LIST "?limit=%zz",	/* not hex */
	LIST "?q=%00",		/* NUL */
	LIST "?limit=%4",	/* truncated */
	"/healthz?x=%zz",	/* any responder, any route */
};

START_TEST(t_400)
{
	struct live_resp	 r;

	ck_assert_int_eq(live_get(&r, bad_requests[_i]), 0);
	ck_assert_msg(r.status == 400, "%s: status %ld", bad_requests[_i],
	    r.status);
	ck_assert_msg(live_header(&r, "X-Request-ID") != NULL,
	    "%s: answered without X-Request-ID (not by a responder?): %.200s",
	    bad_requests[_i], r.body);
	assert_error(&r, 400, "BAD_REQUEST");
	live_resp_free(&r);
	/* Twin: the same parameter well encoded. */
	ck_assert_int_eq(live_get(&r, LIST "?limit=%31&q=a%20b"), 0);
	ck_assert_int_eq(jint(assert_ok(&r), "page_size"), 1);
	live_resp_free(&r);
}
END_TEST

START_TEST(t_413)
{
	static const char *const hdr[] = { "Content-Type: application/json",
	    NULL };
	struct live_resp	 r;
	size_t			 len = 2 * 1024 * 1024;
	char			*body;

	body = malloc(len);
	ck_assert_ptr_nonnull(body);
	memset(body, ' ', len);
	body[0] = '[';
	body[len - 1] = ']';
	ck_assert_int_eq(live_request(&r, "POST", LIST, hdr, body, len), 0);
	assert_error(&r, 413, "PAYLOAD_TOO_LARGE");
	live_resp_free(&r);
	/* Twin: a small body is not too large (whatever else it is). */
	ck_assert_int_eq(live_request(&r, "POST", LIST, hdr, "[]", 2), 0);
	ck_assert_int_ne(r.status, 413);
	ck_assert_int_ne(r.status, 0);
	live_resp_free(&r);
	free(body);
}
END_TEST

START_TEST(t_414)
{
	struct live_resp	 r;
	char			*path;
	size_t			 len;

	path = malloc(3001);
	ck_assert_ptr_nonnull(path);
	/* 3000 bytes: over the 2048 default. */
	len = (size_t)snprintf(path, 3001, LIST "?pad=");
	memset(path + len, 'a', 3000 - len);
	path[3000] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	assert_error(&r, 414, "URI_TOO_LONG");
	live_resp_free(&r);
	/* Twin: 2000 bytes pass (the unknown parameter is ignored). */
	path[2000] = '\0';
	ck_assert_int_eq(live_get(&r, path), 0);
	assert_ok(&r);
	live_resp_free(&r);
	free(path);
}
END_TEST

struct bad_param {
	const char	*query;		/* one bad parameter */
	const char	*field;
	const char	*value;
	const char	*good;		/* its twin, accepted */
};

static const struct bad_param bad_params[] = {
	{ "limit=abc", "limit", "abc", "limit=5" },
	{ "limit=0", "limit", "0", "limit=1" },
	{ "limit=101", "limit", "101", "limit=100" },
	{ "offset=-1", "offset", "-1", "offset=0" },
	{ "offset=1.5", "offset", "1.5", "offset=1" },
	{ "min_amount=1e999", "min_amount", "1e999", "min_amount=1e3" },
	{ "max_amount=abc", "max_amount", "abc", "max_amount=2500.50" },
	{ "deadline_after=yesterday", "deadline_after", "yesterday",
	    "deadline_after=2026-03-01" },
	{ "deadline_before=2026-02-30", "deadline_before", "2026-02-30",
	    "deadline_before=2041-02-28" },
	{ "scholarship_types=bogus", "scholarship_types", "bogus",
	    "scholarship_types=athletic" },
};

START_TEST(t_422)
{
	const struct bad_param	*c = &bad_params[_i];
	struct live_resp	 r;
	struct json_object	*o, *f, *e;
	char			 path[256];

	snprintf(path, sizeof(path), LIST "?%s", c->query);
	ck_assert_int_eq(live_get(&r, path), 0);
	o = assert_error(&r, 422, "VALIDATION_ERROR");
	f = jget(jget(o, "details", json_type_object), "fields",
	    json_type_array);
	ck_assert_uint_eq(json_object_array_length(f), 1);
	e = json_object_array_get_idx(f, 0);
	ck_assert_msg(strncmp(jstr(e, "field"), c->field, strlen(c->field))
	    == 0, "field %s, want %s", jstr(e, "field"), c->field);
	ck_assert(jstr(e, "message")[0] != '\0');
	ck_assert_str_eq(jstr(e, "value"), c->value);
	live_resp_free(&r);

	snprintf(path, sizeof(path), LIST "?%s", c->good);
	ck_assert_int_eq(live_get(&r, path), 0);
	assert_ok(&r);
	live_resp_free(&r);
}
END_TEST

START_TEST(t_422_many)
{
	struct live_resp	 r;
	struct json_object	*o, *f;
	char			 seen[256] = "";
	size_t			 i;

	ck_assert_int_eq(live_get(&r, LIST "?limit=abc&offset=-1&q=ok"), 0);
	o = assert_error(&r, 422, "VALIDATION_ERROR");
	f = jget(jget(o, "details", json_type_object), "fields",
	    json_type_array);
	ck_assert_uint_eq(json_object_array_length(f), 2);
	for (i = 0; i < 2; i++)
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
		    "[%s]", jstr(json_object_array_get_idx(f, i), "field"));
	ck_assert_msg(strstr(seen, "[limit]") != NULL &&
	    strstr(seen, "[offset]") != NULL, "fields %s", seen);
	live_resp_free(&r);
}
END_TEST

/* X-Request-ID: echoed when safe, replaced when not; trace_id matches. */
START_TEST(t_request_id)
{
	static const char *const safe[] = { "X-Request-ID: live.req-1:a", NULL };
	static const char *const unsafe[] = { "X-Request-ID: bad id <x>", NULL };
	static const char *const longid[] = { "X-Request-ID: "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    NULL };
	struct live_resp	 r;
	struct json_object	*o;

	/* On a success. */
	ck_assert_int_eq(live_request(&r, "GET", "/healthz", safe, NULL, 0), 0);
	assert_ok(&r);
	hdr_eq(&r, "X-Request-ID", "live.req-1:a");
	live_resp_free(&r);
	/* On an error, with the envelope. */
	ck_assert_int_eq(live_request(&r, "GET", "/no-such", safe, NULL, 0), 0);
	o = assert_error(&r, 404, "NOT_FOUND");
	ck_assert_str_eq(jstr(o, "trace_id"), "live.req-1:a");
	live_resp_free(&r);

	ck_assert_int_eq(live_request(&r, "GET", "/no-such", unsafe, NULL, 0), 0);
	o = assert_error(&r, 404, "NOT_FOUND");
	ck_assert_msg(is_uuid4(live_header(&r, "X-Request-ID")),
	    "unsafe id kept: %s", live_header(&r, "X-Request-ID"));
	live_resp_free(&r);

	/* 129 characters. */
	ck_assert_int_eq(live_request(&r, "GET", "/healthz", longid, NULL, 0),
	    0);
	assert_ok(&r);
	ck_assert(is_uuid4(live_header(&r, "X-Request-ID")));
	live_resp_free(&r);

	/* None sent: a fresh one per request. */
	{
		struct live_resp	 s;

		ck_assert_int_eq(live_get(&r, "/healthz"), 0);
		ck_assert_int_eq(live_get(&s, "/healthz"), 0);
		ck_assert(is_uuid4(live_header(&r, "X-Request-ID")));
		ck_assert(is_uuid4(live_header(&s, "X-Request-ID")));
		ck_assert_str_ne(live_header(&r, "X-Request-ID"),
		    live_header(&s, "X-Request-ID"));
		live_resp_free(&s);
	}
	live_resp_free(&r);
}
END_TEST

/* --- metrics across processes ------------------------------------------- */

#define HEALTHZ_SERIES \
	"http_requests_total{method=\"GET\",endpoint=\"/healthz\",status=\"200\"}"

START_TEST(t_metrics_aggregate)
{
	pid_t		 pids[8];
	long long	 before[8], after[8];
	size_t		 n, i, grew = 0;
	double		 v0, v1, t0;
	int		 ok, rounds;

	n = live_children("ops.fcgi", pids, NELEM(pids));
	ck_assert_msg(n >= 2, "%zu ops.fcgi processes under lighttpd, want 2",
	    n);
	n = n < NELEM(pids) ? n : NELEM(pids);

	v0 = live_metric_now(HEALTHZ_SERIES);
	for (i = 0; i < n; i++) {
		before[i] = live_rchar(pids[i]);
		ck_assert_int_ge(before[i], 0);
	}
	/*
	 * lighttpd hands a burst to whichever process is free, so on a busy
	 * machine one process may take a whole burst: send up to five.
	 */
	for (rounds = 1; ; rounds++) {
		ok = live_parallel_get("/healthz", 200, 8);
		ck_assert_int_eq(ok, 200);
		for (grew = 0, i = 0; i < n; i++) {
			after[i] = live_rchar(pids[i]);
			if (after[i] > before[i])
				grew++;
		}
		if (grew >= 2 || rounds == 5)
			break;
	}
	ck_assert_msg(grew >= 2, "only %zu of %zu ops.fcgi processes served "
	    "requests in %d bursts", grew, n, rounds);

	/*
	 * A responder records metrics after it answered: wait briefly for
	 * the last increments, then the sum must be exact.
	 */
	t0 = live_now();
	do {
		v1 = live_metric_now(HEALTHZ_SERIES);
		if (v1 >= v0 + 200 * rounds)
			break;
		live_sleep_ms(100);
	} while (live_now() - t0 < 5);
	ck_assert_msg(v1 == v0 + 200 * rounds, "healthz count went from %.0f"
	    " to %.0f, want +%d", v0, v1, 200 * rounds);
}
END_TEST

START_TEST(t_metrics_templates)
{
	struct live_resp	 r;
	double			 t0;
	int			 found = 0;

	ck_assert_int_eq(live_get(&r, LIST "/sch_001"), 0);
	ck_assert_int_eq(r.status, 200);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, LIST "/no_such_id_42"), 0);
	ck_assert_int_eq(r.status, 404);
	live_resp_free(&r);

	t0 = live_now();
	do {
		ck_assert_int_eq(live_get(&r, "/metrics"), 0);
		found = strstr(r.body, "http_requests_total{method=\"GET\","
		    "endpoint=\"/api/v1/scholarships/{id}\",status=\"200\"}") !=
		    NULL && strstr(r.body, "endpoint=\"/api/v1/scholarships/"
		    "{id}\",status=\"404\"}") != NULL;
		if (found)
			break;
		live_resp_free(&r);
		live_sleep_ms(100);
	} while (live_now() - t0 < 5);
	ck_assert_msg(found, "no {id} template series:\n%s", r.body);
	ck_assert_msg(strstr(r.body, "sch_001") == NULL, "raw id in /metrics");
	ck_assert_msg(strstr(r.body, "no_such_id_42") == NULL,
	    "raw id in /metrics");
	/* Unknown routes do not create a series per path. */
	ck_assert_msg(strstr(r.body, "no-such-route") == NULL,
	    "raw unknown path in /metrics");
	live_resp_free(&r);
}
END_TEST

/* --- pre-forked search workers ----------------------------------------- */

/*
 * search.fcgi runs as one supervisor (lighttpd's child) with its workers
 * on the one socket.  A worker killed outright is replaced, and searches
 * go on being answered meanwhile.
 */
START_TEST(t_search_workers)
{
	struct live_resp	 r;
	pid_t			 sup[4], w0[64], w1[64];
	size_t			 ns, n0, n1, i;
	double			 t0;
	int			 gone;

	ns = live_children("search.fcgi", sup, NELEM(sup));
	ck_assert_msg(ns == 1, "%zu search.fcgi processes under lighttpd,"
	    " want 1 supervisor", ns);
	n0 = live_children_of(sup[0], "search.fcgi", w0, NELEM(w0));
	ck_assert_msg(n0 >= 2, "%zu search workers", n0);
	/* Every worker serves the one socket: all of them answer a burst. */
	ck_assert_int_eq(live_parallel_get("/api/v1/search?q=lsrnothing",
	    200, 8), 200);

	ck_assert_int_eq(kill(w0[0], SIGKILL), 0);
	/*
	 * A request that worker had accepted in the instant before it died
	 * is lost (lighttpd answers 500): wait until it is gone, then the
	 * others answer while it is being replaced.
	 */
	t0 = live_now();
	while (kill(w0[0], 0) == 0 && live_now() - t0 < 5)
		live_sleep_ms(10);
	for (i = 0; i < 20; i++) {
		ck_assert_int_eq(live_get(&r, "/api/v1/search?limit=1"), 0);
		ck_assert_msg(r.status == 200, "search during a worker restart:"
		    " %ld", r.status);
		live_resp_free(&r);
	}
	t0 = live_now();
	do {
		live_sleep_ms(100);
		n1 = live_children_of(sup[0], "search.fcgi", w1, NELEM(w1));
		for (gone = 1, i = 0; i < n1 && i < NELEM(w1); i++)
			if (w1[i] == w0[0])
				gone = 0;
	} while ((n1 != n0 || !gone) && live_now() - t0 < 5);
	ck_assert_msg(n1 == n0 && gone, "after killing worker %ld: %zu"
	    " workers (want %zu)", (long)w0[0], n1, n0);
	/* The supervisor is still lighttpd's one search.fcgi. */
	ck_assert_uint_eq(live_children("search.fcgi", w1, NELEM(w1)), 1);
	ck_assert_int_eq(w1[0], sup[0]);
}
END_TEST

/* --- database outage ---------------------------------------------------- */

static void
pg_start(void)
{
	struct live_resp	 r;
	double			 t0;

	if (live_run(live_env("LIVE_PG_START"), NULL, 0) != 0)
		fprintf(stderr, "check_live: LIVE_PG_START failed\n");
	/* Leave the stack ready for whatever runs next. */
	t0 = live_now();
	while (live_now() - t0 < 20) {
		if (live_get(&r, "/readyz") == 0 && r.status == 200) {
			live_resp_free(&r);
			return;
		}
		live_resp_free(&r);
		live_sleep_ms(200);
	}
}

static size_t
responders(pid_t *pids, size_t max)
{
	size_t	 n, m;

	n = live_children("ops.fcgi", pids, max);
	n = n < max ? n : max;
	m = live_children("scholarships.fcgi", pids + n, max - n);
	return n + (m < max - n ? m : max - n);
}

START_TEST(t_db_outage)
{
	struct live_resp	 r;
	struct json_object	*o, *d;
	pid_t			 p0[16], p1[16];
	size_t			 n0, n1, i;
	double			 t0;
	int			 ready = 0;

	n0 = responders(p0, NELEM(p0));
	ck_assert_msg(n0 >= 2, "found %zu responders", n0);
	/* Both responders have a connection before the outage. */
	ck_assert_int_eq(live_get(&r, "/readyz"), 0);
	ck_assert_int_eq(r.status, 200);
	live_resp_free(&r);
	ck_assert_int_eq(live_get(&r, LIST "?limit=1"), 0);
	ck_assert_int_eq(r.status, 200);
	live_resp_free(&r);

	ck_assert_int_eq(live_run(live_env("LIVE_PG_STOP"), NULL, 0), 0);

	ck_assert_int_eq(live_get(&r, "/readyz"), 0);
	ck_assert_msg(r.status == 503, "readyz %ld: %s", r.status, r.body);
	assert_common(&r);
	ck_assert_ptr_nonnull(live_header(&r, "Retry-After"));
	o = body_json(&r);
	ck_assert_str_eq(jstr(o, "status"), "not_ready");
	d = jget(jget(o, "checks", json_type_object), "database",
	    json_type_object);
	ck_assert_str_ne(jstr(d, "status"), "ok");
	ck_assert(jstr(d, "error")[0] != '\0');
	jget(jget(o, "checks", json_type_object), "migrations",
	    json_type_object);
	jget(jget(o, "checks", json_type_object), "configuration",
	    json_type_object);
	assert_no_conninfo(&r);
	ck_assert_msg(strstr(r.body, "could not connect") == NULL &&
	    strstr(r.body, "connection to server") == NULL &&
	    strstr(r.body, "No such file") == NULL, "raw libpq text: %s",
	    r.body);
	live_resp_free(&r);

	ck_assert_int_eq(live_get(&r, "/db/status"), 0);
	ck_assert_msg(r.status == 503, "db/status %ld: %s", r.status, r.body);
	assert_common(&r);
	assert_no_conninfo(&r);
	ck_assert_msg(strstr(r.body, "could not connect") == NULL,
	    "raw libpq text: %s", r.body);
	live_resp_free(&r);

	/* Every scholarships.fcgi answers 503, none 500. */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(live_get(&r, LIST), 0);
		assert_error(&r, 503, "SERVICE_UNAVAILABLE");
		ck_assert_ptr_nonnull(live_header(&r, "Retry-After"));
		assert_no_conninfo(&r);
		live_resp_free(&r);
		ck_assert_int_eq(live_get(&r, LIST "/sch_001"), 0);
		assert_error(&r, 503, "SERVICE_UNAVAILABLE");
		live_resp_free(&r);
	}
	/* Liveness does not depend on the database. */
	ck_assert_int_eq(live_get(&r, "/healthz"), 0);
	ck_assert_int_eq(r.status, 200);
	live_resp_free(&r);

	ck_assert_int_eq(live_run(live_env("LIVE_PG_START"), NULL, 0), 0);
	t0 = live_now();
	while (live_now() - t0 < 10) {
		ck_assert_int_eq(live_get(&r, "/readyz"), 0);
		ready = r.status == 200;
		live_resp_free(&r);
		if (ready)
			break;
		live_sleep_ms(200);
	}
	ck_assert_msg(ready, "/readyz not 200 within 10 s of the restart");
	/* Each process reconnects by itself, no 5xx once ready. */
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(live_get(&r, LIST "?limit=1"), 0);
		assert_ok(&r);
		live_resp_free(&r);
		ck_assert_int_eq(live_get(&r, "/db/status"), 0);
		assert_ok(&r);
		live_resp_free(&r);
	}

	/* The same processes: nothing crashed or was restarted. */
	n1 = responders(p1, NELEM(p1));
	ck_assert_uint_eq(n1, n0);
	for (i = 0; i < n0; i++)
		ck_assert_msg(p0[i] == p1[i], "responder %ld replaced by %ld",
		    (long)p0[i], (long)p1[i]);
}
END_TEST

/* --- driver ------------------------------------------------------------- */

static Suite *
live_suite(void)
{
	Suite	*s = suite_create("live");
	TCase	*tc;

	tc = tcase_create("ops");
	tcase_add_loop_test(tc, t_index, 0, NELEM(index_paths));
	tcase_add_test(tc, t_health);
	tcase_add_test(tc, t_healthz);
	tcase_add_test(tc, t_readyz);
	tcase_add_test(tc, t_db_status);
	tcase_add_test(tc, t_metrics_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("catalog");
	tcase_add_unchecked_fixture(tc, records_up, records_down);
	tcase_add_test(tc, t_list_default);
	tcase_add_test(tc, t_list_all);
	tcase_add_test(tc, t_pagination);
	tcase_add_loop_test(tc, t_filters, 0, NELEM(filter_cases));
	tcase_add_test(tc, t_get);
	tcase_add_test(tc, t_get_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, t_404);
	tcase_add_test(tc, t_405);
	tcase_add_loop_test(tc, t_400, 0, NELEM(bad_requests));
	tcase_add_test(tc, t_413);
	tcase_add_test(tc, t_414);
	tcase_add_loop_test(tc, t_422, 0, NELEM(bad_params));
	tcase_add_test(tc, t_422_many);
	tcase_add_test(tc, t_request_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("metrics");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_metrics_aggregate);
	tcase_add_test(tc, t_metrics_templates);
	tcase_add_test(tc, t_search_workers);
	suite_add_tcase(s, tc);

	tc = tcase_create("outage");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, NULL, pg_start);
	tcase_add_test(tc, t_db_outage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nfail;

	live_init();
	sr = srunner_create(live_suite());
	srunner_add_suite(sr, live_search_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
