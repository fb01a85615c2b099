/*
 * Metrics (metrics.h, shm.h) rendered in the Prometheus text format
 * from a private anonymous segment.  Each test uses its own endpoint
 * names so that the assertions hold even when Check does not fork.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "metrics.h"
#include "shm.h"

#include "tests.h"

static const char *const les[SHM_NBUCKETS] = {
	"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
	"5", "10", "+Inf"
};

static void
attach(void)
{
	ck_assert_int_eq(shm_attach(NULL), SCH_OK);
	ck_assert_ptr_nonnull(shm_get());
}

static char *
render(void)
{
	struct buf	 b;
	char		*s;

	buf_init(&b, 1 << 22);
	ck_assert_int_eq(metrics_render(&b), SCH_OK);
	ck_assert_int_eq(buf_error(&b), SCH_OK);
	s = strdup(buf_cstr(&b));
	ck_assert_ptr_nonnull(s);
	buf_free(&b);
	return s;
}

/*
 * The value of the sample whose name and labels are exactly series
 * ("name{labels}"), or -1 when there is no such line.
 */
static double
sample(const char *text, const char *series)
{
	const char	*p = text;
	size_t		 n = strlen(series);
	char		*end;
	double		 v;

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ') {
			v = strtod(p + n + 1, &end);
			ck_assert_msg(end != p + n + 1 &&
			    (*end == '\n' || *end == ' '),
			    "bad sample line for %s", series);
			return v;
		}
		p += n;
	}
	return -1;
}

/* Check the buckets of one histogram series: cumulative, ends in _count. */
static void
check_hist(const char *text, const char *name, const char *labels,
    const double *want)
{
	char	 s[512];
	double	 prev = 0, v, inf = -1;
	size_t	 i;

	for (i = 0; i < SHM_NBUCKETS; i++) {
		snprintf(s, sizeof(s), "%s_bucket{%s,le=\"%s\"}", name, labels,
		    les[i]);
		v = sample(text, s);
		ck_assert_msg(v >= 0, "missing %s", s);
		ck_assert_msg(v >= prev, "%s = %g below previous %g", s, v,
		    prev);
		if (want != NULL)
			ck_assert_msg(v == want[i], "%s = %g, want %g", s, v,
			    want[i]);
		prev = v;
		inf = v;
	}
	snprintf(s, sizeof(s), "%s_count{%s}", name, labels);
	v = sample(text, s);
	ck_assert_msg(v == inf, "%s = %g, +Inf bucket %g", s, v, inf);
	snprintf(s, sizeof(s), "%s_sum{%s}", name, labels);
	ck_assert_msg(sample(text, s) >= 0, "missing %s", s);
}

START_TEST(t_http_counts)
{
	static const double	 want[SHM_NBUCKETS] = { 3, 3, 3, 3, 3, 3, 3,
	    3, 3, 3, 3, 3 };
	char			*t;
	double			 sum;

	attach();
	metrics_http("GET", "/healthz", 200, 0.002);
	metrics_http("GET", "/healthz", 200, 0.002);
	metrics_http("GET", "/healthz", 404, 0.002);
	t = render();

	ck_assert_msg(strstr(t, "# HELP http_requests_total ") != NULL,
	    "no HELP line:\n%s", t);
	ck_assert_ptr_nonnull(strstr(t, "# TYPE http_requests_total counter\n"));
	ck_assert_ptr_nonnull(strstr(t, "# HELP http_request_duration_seconds "));
	ck_assert_ptr_nonnull(strstr(t,
	    "# TYPE http_request_duration_seconds histogram\n"));

	ck_assert_msg(strstr(t, "\nhttp_requests_total{method=\"GET\","
	    "endpoint=\"/healthz\",status=\"200\"} 2\n") != NULL,
	    "no 200 line with 2:\n%s", t);
	ck_assert_msg(strstr(t, "\nhttp_requests_total{method=\"GET\","
	    "endpoint=\"/healthz\",status=\"404\"} 1\n") != NULL,
	    "no 404 line with 1:\n%s", t);
	ck_assert_ptr_nonnull(strstr(t,
	    "\nhttp_request_duration_seconds_bucket{method=\"GET\","
	    "endpoint=\"/healthz\",le=\"0.005\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(t,
	    "\nhttp_request_duration_seconds_bucket{method=\"GET\","
	    "endpoint=\"/healthz\",le=\"+Inf\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(t,
	    "\nhttp_request_duration_seconds_count{method=\"GET\","
	    "endpoint=\"/healthz\"} 3\n"));
	check_hist(t, "http_request_duration_seconds",
	    "method=\"GET\",endpoint=\"/healthz\"", want);
	sum = sample(t, "http_request_duration_seconds_sum{method=\"GET\","
	    "endpoint=\"/healthz\"}");
	ck_assert_double_eq_tol(sum, 0.006, 1e-6);
	/* Twin: a series never touched is absent, not zero-filled by status. */
	ck_assert_ptr_null(strstr(t, "status=\"500\""));
	free(t);
}
END_TEST

/* Observations land in the right bucket; buckets are cumulative. */
START_TEST(t_http_buckets)
{
	static const double	 want[SHM_NBUCKETS] = {
		1,	/* 0.005: 0.001 */
		1,	/* 0.01 */
		2,	/* 0.025: 0.02 */
		2,	/* 0.05 */
		3,	/* 0.1: 0.1 exactly */
		3,	/* 0.25 */
		4,	/* 0.5: 0.3 */
		4,	/* 1 */
		5,	/* 2.5: 2 */
		5,	/* 5 */
		6,	/* 10: 7 */
		7,	/* +Inf: 30 */
	};
	char	*t;

	attach();
	metrics_http("POST", "/b/{id}", 201, 0.001);
	metrics_http("POST", "/b/{id}", 201, 0.02);
	metrics_http("POST", "/b/{id}", 201, 0.1);
	metrics_http("POST", "/b/{id}", 201, 0.3);
	metrics_http("POST", "/b/{id}", 201, 2);
	metrics_http("POST", "/b/{id}", 201, 7);
	metrics_http("POST", "/b/{id}", 409, 30);
	t = render();
	check_hist(t, "http_request_duration_seconds",
	    "method=\"POST\",endpoint=\"/b/{id}\"", want);
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"POST\","
	    "endpoint=\"/b/{id}\",status=\"201\"}"), 6);
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"POST\","
	    "endpoint=\"/b/{id}\",status=\"409\"}"), 1);
	ck_assert_double_eq_tol(sample(t, "http_request_duration_seconds_sum{"
	    "method=\"POST\",endpoint=\"/b/{id}\"}"), 39.421, 1e-6);
	free(t);
}
END_TEST

/* Methods and endpoints are separate series. */
START_TEST(t_http_series)
{
	char	*t;

	attach();
	metrics_http("GET", "/s/one", 200, 0.01);
	metrics_http("HEAD", "/s/one", 200, 0.01);
	metrics_http("GET", "/s/two", 200, 0.01);
	metrics_http("GET", "/s/two", 200, 0.01);
	t = render();
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/s/one\",status=\"200\"}"), 1);
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"HEAD\","
	    "endpoint=\"/s/one\",status=\"200\"}"), 1);
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/s/two\",status=\"200\"}"), 2);
	ck_assert_double_eq(sample(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/s/three\",status=\"200\"}"), -1);
	free(t);
}
END_TEST

/* Label values are escaped as the exposition format requires. */
START_TEST(t_label_escape)
{
	char	*t;

	attach();
	metrics_http("GET", "/we\"ird\\path", 200, 0.001);
	metrics_http("GET", "/plain", 200, 0.001);
	t = render();
	ck_assert_msg(strstr(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/we\\\"ird\\\\path\",status=\"200\"} 1\n") != NULL,
	    "escaped label missing:\n%s", t);
	ck_assert_ptr_null(strstr(t, "/we\"ird"));
	ck_assert_ptr_nonnull(strstr(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/plain\",status=\"200\"} 1\n"));
	free(t);
}
END_TEST

/* An endpoint longer than a slot holds neither crashes nor corrupts. */
START_TEST(t_long_endpoint)
{
	char	 ep[300];
	char	*t;

	attach();
	memset(ep, 'e', sizeof(ep) - 1);
	ep[0] = '/';
	ep[sizeof(ep) - 1] = '\0';
	metrics_http("GET", ep, 200, 0.001);
	metrics_http("VERYLONGMETHOD", "/m", 200, 0.001);
	metrics_http("GET", "/after-long", 200, 0.001);
	t = render();
	ck_assert_ptr_nonnull(strstr(t, "http_requests_total{method=\"GET\","
	    "endpoint=\"/after-long\",status=\"200\"} 1\n"));
	free(t);
}
END_TEST

START_TEST(t_counters)
{
	char	*t;

	attach();
	metrics_inc(MC_DB_QUERIES, 3);
	metrics_inc(MC_DB_QUERIES, 2);
	metrics_inc(MC_SEARCH_REQUESTS, 1);
	metrics_observe(MH_DB_QUERY, 0.003);
	metrics_observe(MH_DB_QUERY, 0.2);
	t = render();
	ck_assert_msg(sample(t, "database_queries_total") == 5,
	    "database_queries_total:\n%s", t);
	ck_assert_ptr_nonnull(strstr(t, "# TYPE database_queries_total counter\n"));
	ck_assert_double_eq(sample(t, "search_requests_total"), 1);
	ck_assert_ptr_nonnull(strstr(t,
	    "# TYPE database_query_duration_seconds histogram\n"));
	ck_assert_double_eq(sample(t, "database_query_duration_seconds_bucket{"
	    "le=\"0.005\"}"), 1);
	ck_assert_double_eq(sample(t, "database_query_duration_seconds_bucket{"
	    "le=\"0.25\"}"), 2);
	ck_assert_double_eq(sample(t, "database_query_duration_seconds_bucket{"
	    "le=\"+Inf\"}"), 2);
	ck_assert_double_eq(sample(t, "database_query_duration_seconds_count"),
	    2);
	free(t);
}
END_TEST

/* Every sample line belongs to a family announced by # TYPE before it. */
START_TEST(t_format)
{
	char		*t, *copy, *line, *next, *brace, *sp, *at;
	char		 fam[128], type[160];
	size_t		 n;

	attach();
	metrics_http("GET", "/fmt", 200, 0.001);
	metrics_inc(MC_DB_ERRORS, 1);
	t = render();
	ck_assert(strlen(t) > 0);
	ck_assert_int_eq(t[strlen(t) - 1], '\n');
	copy = strdup(t);
	ck_assert_ptr_nonnull(copy);
	for (line = copy; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		brace = strchr(line, '{');
		sp = strchr(line, ' ');
		ck_assert_ptr_nonnull(sp);
		n = (size_t)((brace != NULL && brace < sp ? brace : sp) - line);
		ck_assert_uint_lt(n, sizeof(fam));
		memcpy(fam, line, n);
		fam[n] = '\0';
		/* Strip a histogram suffix to find the family. */
		if (n > 7 && strcmp(fam + n - 7, "_bucket") == 0)
			fam[n - 7] = '\0';
		else if (n > 6 && strcmp(fam + n - 6, "_count") == 0)
			fam[n - 6] = '\0';
		else if (n > 4 && strcmp(fam + n - 4, "_sum") == 0)
			fam[n - 4] = '\0';
		snprintf(type, sizeof(type), "# TYPE %s ", fam);
		at = strstr(t, type);
		ck_assert_msg(at != NULL && at - t < line - copy,
		    "sample %s without a preceding TYPE line", line);
	}
	free(copy);
	free(t);
}
END_TEST

START_TEST(t_attach_idempotent)
{
	struct shm_seg	*s;

	attach();
	s = shm_get();
	ck_assert_uint_eq(s->magic, SHM_MAGIC);
	ck_assert_uint_eq(s->layout, SHM_LAYOUT);
	metrics_http("GET", "/idem", 200, 0.001);
	ck_assert_int_eq(shm_attach(NULL), SCH_OK);
	ck_assert_ptr_eq(shm_get(), s);
	metrics_http("GET", "/idem", 200, 0.001);
	{
		char	*t = render();

		ck_assert_double_eq(sample(t, "http_requests_total{method="
		    "\"GET\",endpoint=\"/idem\",status=\"200\"}"), 2);
		free(t);
	}
	shm_detach();
	ck_assert_ptr_null(shm_get());
	/* Metrics calls without a segment are harmless no-ops. */
	metrics_http("GET", "/idem", 200, 0.001);
	metrics_inc(MC_DB_QUERIES, 1);
}
END_TEST

Suite *
suite_metrics(void)
{
	Suite	*s = suite_create("metrics");
	TCase	*tc;

	tc = tcase_create("render");
	tcase_add_test(tc, t_http_counts);
	tcase_add_test(tc, t_http_buckets);
	tcase_add_test(tc, t_http_series);
	tcase_add_test(tc, t_label_escape);
	tcase_add_test(tc, t_long_endpoint);
	tcase_add_test(tc, t_counters);
	tcase_add_test(tc, t_format);
	tcase_add_test(tc, t_attach_idempotent);
	suite_add_tcase(s, tc);
	return s;
}
