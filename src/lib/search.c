/*
 * Search (SPEC §5.1).  The SQL design, its bounds and the measured
 * plans are in docs/search-sql.md; this file builds the parameters,
 * runs the statements and writes the responses.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "req.h"
#include "resp.h"
#include "scache.h"
#include "search.h"
#include "valid.h"

static const char *const sorts[] = {
	"relevance", "deadline", "amount_desc", "amount_asc", "newest", NULL
};

#define Q_MAXLEN	500

const struct vparam search_params[SP__MAX] = {
	[SP_Q] = { .name = "q", .type = V_STRING, .minlen = 0,
	    .maxlen = Q_MAXLEN, .alias = { "query", "keyword" } },
	[SP_FIELDS] = { .name = "fields_of_study", .type = V_ENUM,
	    .flags = VF_LIST, .enums = valid_fields_of_study,
	    .alias = { "field_of_study" } },
	[SP_TYPES] = { .name = "scholarship_types", .type = V_ENUM,
	    .flags = VF_LIST, .enums = valid_scholarship_types,
	    .alias = { "scholarship_type" } },
	[SP_STATES] = { .name = "states", .type = V_ENUM, .flags = VF_LIST,
	    .enums = valid_us_states, .alias = { "state" } },
	[SP_MIN_AMOUNT] = { .name = "min_amount", .type = V_DOUBLE,
	    .dmin = 0, .dmax = 1e9 },
	[SP_MAX_AMOUNT] = { .name = "max_amount", .type = V_DOUBLE,
	    .dmin = 0, .dmax = 1e9 },
	[SP_MIN_GPA] = { .name = "min_gpa", .type = V_DOUBLE,
	    .dmin = 0, .dmax = 4 },
	[SP_CITIZENSHIP] = { .name = "citizenship", .type = V_ENUM,
	    .enums = valid_citizenship },
	[SP_GRADE] = { .name = "grade_level", .type = V_ENUM,
	    .enums = valid_grade_levels },
	[SP_DEADLINE_AFTER] = { .name = "deadline_after", .type = V_DATE },
	[SP_DEADLINE_BEFORE] = { .name = "deadline_before", .type = V_DATE },
	[SP_RENEWABLE] = { .name = "renewable", .type = V_BOOL },
	[SP_INCLUDE_EXPIRED] = { .name = "include_expired", .type = V_BOOL },
	[SP_SORT] = { .name = "sort", .type = V_ENUM, .enums = sorts,
	    .alias = { "sort_by" } },
	[SP_LIMIT] = { .name = "limit", .type = V_INT, .imin = 1, .imax = 100,
	    .alias = { "page_size" } },
	[SP_OFFSET] = { .name = "offset", .type = V_INT, .imin = 0,
	    .imax = 1000000 },
	[SP_FACETS] = { .name = "facets", .type = V_BOOL },
};

/* time_t → RFC 3339 UTC text in the arena. */
static const char *
ts_text(struct arena *a, time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/*
 * A text[] literal "{a,b}" from enum items.  Enum values are plain
 * words, so no quoting is needed; duplicates are dropped.
 */
static const char *
enum_array(struct arena *a, const struct vval *v, const char *const *e)
{
	size_t	 i, j, len = 3, n = 0;
	char	*p;

	if (v->nitems == 0)
		return NULL;
	for (i = 0; i < v->nitems; i++)
		len += strlen(e[v->items[i].i]) + 1;
	p = arena_alloc(a, len);
	p[n++] = '{';
	for (i = 0; i < v->nitems; i++) {
		for (j = 0; j < i; j++)
			if (v->items[j].i == v->items[i].i)
				break;
		if (j < i)
			continue;
		if (p[n - 1] != '{')
			p[n++] = ',';
		memcpy(p + n, e[v->items[i].i], strlen(e[v->items[i].i]));
		n += strlen(e[v->items[i].i]);
	}
	p[n++] = '}';
	p[n] = '\0';
	return p;
}

/* Trim ASCII blanks; NULL when nothing is left. */
static const char *
trimmed(struct arena *a, const char *s)
{
	const char	*e;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	return e > s ? arena_strndup(a, s, (size_t)(e - s)) : NULL;
}

void
search_query_init(struct search_query *sq, const struct vval *v,
    struct arena *a)
{

	memset(sq, 0, sizeof(*sq));
	sq->v = v;
	sq->q = v[SP_Q].set ? trimmed(a, v[SP_Q].s) : NULL;
	sq->fields = enum_array(a, &v[SP_FIELDS], valid_fields_of_study);
	sq->types = enum_array(a, &v[SP_TYPES], valid_scholarship_types);
	sq->states = enum_array(a, &v[SP_STATES], valid_us_states);
	sq->min_amount = v[SP_MIN_AMOUNT].set ? v[SP_MIN_AMOUNT].s : NULL;
	sq->max_amount = v[SP_MAX_AMOUNT].set ? v[SP_MAX_AMOUNT].s : NULL;
	sq->min_gpa = v[SP_MIN_GPA].set ? v[SP_MIN_GPA].s : NULL;
	sq->citizenship = v[SP_CITIZENSHIP].set ?
	    valid_citizenship[v[SP_CITIZENSHIP].i] : NULL;
	sq->grade_level = v[SP_GRADE].set ?
	    valid_grade_levels[v[SP_GRADE].i] : NULL;
	sq->deadline_after = v[SP_DEADLINE_AFTER].set ?
	    ts_text(a, v[SP_DEADLINE_AFTER].t) : NULL;
	sq->deadline_before = v[SP_DEADLINE_BEFORE].set ?
	    ts_text(a, v[SP_DEADLINE_BEFORE].t) : NULL;
	sq->renewable = v[SP_RENEWABLE].set ?
	    (v[SP_RENEWABLE].i ? "true" : "false") : NULL;
	sq->include_expired = v[SP_INCLUDE_EXPIRED].set &&
	    v[SP_INCLUDE_EXPIRED].i;
	if (v[SP_SORT].set)
		sq->sort = (int)v[SP_SORT].i;
	else
		sq->sort = sq->q != NULL ? SORT_RELEVANCE : SORT_DEADLINE;
	/* Relevance without text has nothing to rank: use the deadline. */
	if (sq->sort == SORT_RELEVANCE && sq->q == NULL)
		sq->sort = SORT_DEADLINE;
	sq->limit = v[SP_LIMIT].set ? v[SP_LIMIT].i : 20;
	sq->offset = v[SP_OFFSET].set ? v[SP_OFFSET].i : 0;
	sq->facets = v[SP_FACETS].set && v[SP_FACETS].i;
}

/*
 * The search statement.  scholarship_search() (sql/002_search.sql)
 * returns the page in order plus meta columns repeated on every row
 * (one row with a NULL id when the page is empty); the statement passes
 * them on on the first row only (ON_FIRST below), and the join back to
 * scholarships gives the item columns in catalog_columns order, so one
 * renderer serves list, search and detail.
 */
enum meta_col {
	M_SCORE, M_TOTAL, M_EXACT, M_MORE, M_MODE, M_CORRECTED, M_SUGG,
	M_FACETS, M_SORT, M__MAX
};

/*
 * After the meta columns both statements that produce a search result
 * return its stamp, the result cache's generation, read by the same
 * statement and so from the same snapshot as the result:
 *  - the catalogue version and the time of its last bump
 *    (sql/003_catalog_version.sql: bumped by every committed change of
 *    the scholarships or the vocabulary; the time tells a re-created
 *    database from the old one), the schema version (a migration may
 *    redefine the search), the table's size in bytes (window sampling
 *    reads it) and the date (the deadline-month tags are relative to
 *    it);
 *  - the next application deadline to pass, which changes exactly when
 *    a deadline passes: the search keeps deadlines >= now().
 */
#define SEARCH_STAMP(first) \
	ON_FIRST(first, "(SELECT v.version || '/' || v.changed_at || '/' ||" \
	" (SELECT max(m.version) FROM schema_version m) || '/' ||" \
	" pg_relation_size('scholarships') || '/' || current_date" \
	" FROM catalog_version v)") ", " \
	ON_FIRST(first, "(SELECT min(application_deadline) FROM scholarships" \
	" WHERE is_active AND application_deadline >= now())::text")

/*
 * A value of the whole result: the meta and stamp columns are read from
 * the first row only (meta()), and NULL on the others, which costs four
 * bytes a row instead of the value (facets: half a kilobyte).
 */
#define ON_FIRST(first, expr)	"CASE WHEN " first " THEN " expr " END"

#define S1	"r.ordinality = 1"	/* the search's first row */
#define P1	"u.ord = 1"		/* the cached page's first row */

#define SQL_MAX	4096	/* the longest statement text */

static char	search_sql[SQL_MAX];

/*
 * sql, just formatted with snprintf() returning n.  The text is fixed: a
 * buffer too small for it is a bug, found at the first search.
 */
static const char *
sql_done(const char *sql, int n)
{

	if (n < 0 || n >= SQL_MAX)
		abort();
	return sql;
}

static const char *
search_sql_text(void)
{

	if (search_sql[0] != '\0')
		return search_sql;
	return sql_done(search_sql, snprintf(search_sql, sizeof(search_sql),
	    "SELECT %s, r.score::float8, "
	    ON_FIRST(S1, "r.total") ", " ON_FIRST(S1, "r.total_exact")
	    ", " ON_FIRST(S1, "r.has_more") ", "
	    ON_FIRST(S1, "r.search_mode") ", "
	    ON_FIRST(S1, "r.corrected_query") ", "
	    ON_FIRST(S1, "array_to_json(r.suggestions)") ", "
	    ON_FIRST(S1, "r.facets") ", " ON_FIRST(S1, "r.applied_sort")
	    ", " SEARCH_STAMP(S1)
	    " FROM scholarship_search($1::text, $2::text[],"
	    " $3::text[], $4::text[], $5::numeric, $6::numeric,"
	    " $7::numeric, $8::text, $9::text, $10::timestamptz,"
	    " $11::timestamptz, $12::boolean, $13::boolean, $14::text,"
	    " $15::integer, $16::integer, $17::boolean, $18::integer)"
	    " WITH ORDINALITY AS r"
	    " LEFT JOIN scholarships s ON s.id = r.id"
	    " ORDER BY r.ordinality", catalog_columns));
}

void
search_stmt(const struct search_query *sq, int candidate_limit,
    struct search_stmt *st, struct arena *a)
{

	st->sql = search_sql_text();
	st->nparams = SEARCH_NPARAMS;
	st->params[0] = sq->q;
	st->params[1] = sq->fields;
	st->params[2] = sq->types;
	st->params[3] = sq->states;
	st->params[4] = sq->min_amount;
	st->params[5] = sq->max_amount;
	st->params[6] = sq->min_gpa;
	st->params[7] = sq->citizenship;
	st->params[8] = sq->grade_level;
	st->params[9] = sq->deadline_after;
	st->params[10] = sq->deadline_before;
	st->params[11] = sq->renewable;
	st->params[12] = sq->include_expired ? "true" : "false";
	st->params[13] = sorts[sq->sort];
	st->params[14] = arena_printf(a, "%lld", sq->limit);
	st->params[15] = arena_printf(a, "%lld", sq->offset);
	st->params[16] = sq->facets ? "true" : "false";
	st->params[17] = arena_printf(a, "%d", candidate_limit);
}

/* The outcome of one search, pointing into its PGresult. */
struct search_out {
	PGresult	*res;
	int		 nitems;	/* rows with an id */
	long long	 total;
	int		 exact;
	int		 more;
	const char	*mode;
	const char	*corrected;
	const char	*suggestions;	/* JSON array or NULL */
	const char	*facets;	/* JSON object or NULL */
	double		 took_ms;
};

static const char *
meta(const PGresult *r, int m)
{
	int	col = catalog_ncolumns + m;

	if (PQntuples(r) == 0 || PQgetisnull(r, 0, col))
		return NULL;
	return PQgetvalue(r, 0, col);
}

/* Pending analytics rows, flushed in batches after responses. */
#define AN_BATCH	16
#define AN_MAXAGE	1.0	/* seconds */

struct an_row {
	char	*query;
	char	*filters;
	long long count;
	double	 took_ms;
};

static struct an_row	an_rows[AN_BATCH];
static size_t		an_n;
static double		an_first;

static void	filters_json(struct jw *, const struct search_query *);

/* Queue one analytics row (copied: the request arena dies first). */
static void
analytics_add(const struct search_query *sq, long long count, double ms)
{
	struct buf	 b;
	struct jw	 w;
	struct an_row	*r;

	if (!app_conf.search_analytics)
		return;
	if (an_n == AN_BATCH)
		search_idle();
	if (an_n == AN_BATCH) {
		metrics_inc(MC_ANALYTICS_DROPPED, 1);
		return;
	}
	buf_init(&b, 64 * 1024);
	jw_init(&w, &b);
	filters_json(&w, sq);
	r = &an_rows[an_n];
	r->query = sq->q ? strdup(sq->q) : NULL;
	r->filters = buf_error(&b) == SCH_OK ? strdup(buf_cstr(&b)) : NULL;
	buf_free(&b);
	r->count = count;
	r->took_ms = ms;
	if (an_n++ == 0)
		an_first = clock_mono();
}

static void
an_clear(void)
{
	size_t	i;

	for (i = 0; i < an_n; i++) {
		free(an_rows[i].query);
		free(an_rows[i].filters);
	}
	an_n = 0;
}

/*
 * Write queued rows with one INSERT ... SELECT FROM unnest() of
 * arrays (one round trip, one commit for the batch).  Runs after the
 * response has been sent, so it adds no latency to any request.
 */
static void
analytics_flush(void)
{
	static const struct dbstmt ins = { "search_analytics_insert",
	    "INSERT INTO search_analytics (query, filters, result_count,"
	    " took_ms) SELECT * FROM unnest($1::text[], $2::jsonb[],"
	    " $3::integer[], $4::float8[])", 4, DB_PREPARE };
	struct buf	 arr[4];
	const char	*p[4];
	PGresult	*res;
	size_t		 i, k;
	int		 rc;

	if (an_n == 0)
		return;
	for (k = 0; k < 4; k++) {
		buf_init(&arr[k], 4 * 1024 * 1024);
		buf_putc(&arr[k], '{');
	}
	for (i = 0; i < an_n; i++) {
		const struct an_row *r = &an_rows[i];
		const char *txt[2] = { r->query, r->filters };

		for (k = 0; k < 4; k++)
			if (i > 0)
				buf_putc(&arr[k], ',');
		/* Array elements: NULL or a double-quoted, escaped string. */
		for (k = 0; k < 2; k++) {
			const char *s = txt[k];

			if (s == NULL) {
				buf_puts(&arr[k], "NULL");
				continue;
			}
			buf_putc(&arr[k], '"');
			for (; *s != '\0'; s++) {
				if (*s == '"' || *s == '\\')
					buf_putc(&arr[k], '\\');
				buf_putc(&arr[k], *s);
			}
			buf_putc(&arr[k], '"');
		}
		buf_printf(&arr[2], "%lld", r->count);
		buf_printf(&arr[3], "%.3f", r->took_ms);
	}
	for (k = 0; k < 4; k++) {
		buf_putc(&arr[k], '}');
		p[k] = buf_cstr(&arr[k]);
	}
	rc = SCH_EINVAL;
	if (buf_error(&arr[0]) == SCH_OK && buf_error(&arr[1]) == SCH_OK)
		rc = db_exec(&ins, p, &res);
	if (rc == SCH_OK)
		PQclear(res);
	else {
		log_warn("search analytics: %zu rows not stored: %s", an_n,
		    sch_strerror(rc));
		metrics_inc(MC_ANALYTICS_DROPPED, an_n);
	}
	for (k = 0; k < 4; k++)
		buf_free(&arr[k]);
	an_clear();
}

void
search_idle(void)
{

	if (an_n >= AN_BATCH ||
	    (an_n > 0 && clock_mono() - an_first >= AN_MAXAGE))
		analytics_flush();
}

void
search_fini(void)
{

	analytics_flush();
}

/*
 * The result cache key: every statement parameter, length-prefixed so
 * that no two parameter lists share a key (NULL is "-").
 */
static const char *
cache_key(const struct search_stmt *st, struct arena *a, size_t *klen)
{
	size_t	 len[SEARCH_NPARAMS], n = 1, i;
	char	*k, *p;

	for (i = 0; i < (size_t)st->nparams; i++) {
		len[i] = st->params[i] == NULL ? 0 : strlen(st->params[i]);
		n += len[i] + 24;
	}
	p = k = arena_alloc(a, n);
	for (i = 0; i < (size_t)st->nparams; i++) {
		if (st->params[i] == NULL) {
			*p++ = '-';
			continue;
		}
		p += snprintf(p, 24, "%zu:", len[i]);
		memcpy(p, st->params[i], len[i]);
		p += len[i];
	}
	*p = '\0';
	*klen = (size_t)(p - k);
	return k;
}

/*
 * The generation of a result (the stamp columns after the meta columns):
 * a hash of the catalogue version and the next deadline to pass, read by
 * the same statement, so from the same snapshot as the result; -1 when
 * absent.
 */
static long long
result_generation(const PGresult *r)
{
	int		 col = catalog_ncolumns + M__MAX, i;
	const char	*v;
	uint64_t	 h = SCACHE_HASH_INIT;

	if (PQntuples(r) < 1 || PQnfields(r) < col + 2 ||
	    PQgetisnull(r, 0, col))
		return -1;
	for (i = col; i < col + 2; i++) {
		v = PQgetisnull(r, 0, i) ? "-" : PQgetvalue(r, 0, i);
		h = scache_hash(h, v, strlen(v));
		h = scache_hash(h, "|", 1);
	}
	return (long long)(h >> 1);
}

/* Whether the client asked for a result computed afresh. */
static int
wants_fresh(const struct req *rq)
{
	const char	*cc = req_env(rq, "HTTP_CACHE_CONTROL");

	return cc != NULL && (strcasestr(cc, "no-cache") != NULL ||
	    strcasestr(cc, "no-store") != NULL ||
	    strcasestr(cc, "max-age=0") != NULL);
}

/*
 * The cached form of a result: the ids and scores of its page as array
 * literals, then its meta columns (M_TOTAL ...), each a flag byte ('v'
 * value, 'n' NULL) and a NUL-terminated string.  Rows themselves are not
 * kept: they cost a kilobyte each, and fetching a page by primary key
 * is cheap next to the search.
 */
#define PK_IDS		0
#define PK_SCORES	1
#define PK_META		2	/* + M_TOTAL - 1 ... */
#define PK__MAX		(PK_META + M__MAX - 1)

/*
 * Column col of every row as a packed value: 'v', an array literal, NUL.
 * Elements are double-quoted ('"' and '\\' escaped): an id may be
 * "null", which bare means NULL.
 */
static void
array_column(struct buf *b, const PGresult *res, int col)
{
	const char	*s;
	int		 i;

	buf_puts(b, "v{");
	for (i = 0; i < PQntuples(res); i++) {
		if (i > 0)
			buf_putc(b, ',');
		if (PQgetisnull(res, i, col)) {
			buf_puts(b, "NULL");
			continue;
		}
		buf_putc(b, '"');
		for (s = PQgetvalue(res, i, col); *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	}
	buf_add(b, "}", 2);
}

static int
pack(const PGresult *res, struct buf *b)
{
	int	m;

	array_column(b, res, 0);
	array_column(b, res, catalog_ncolumns + M_SCORE);
	for (m = M_TOTAL; m < M__MAX; m++) {
		const char	*v = meta(res, m);

		buf_putc(b, v != NULL ? 'v' : 'n');
		buf_add(b, v != NULL ? v : "", v != NULL ? strlen(v) + 1 : 1);
	}
	return buf_error(b) ? -1 : 0;
}

/* The statement parameters of a packed result; -1 if malformed. */
static int
unpack(const char *p, size_t len, const char *params[PK__MAX])
{
	const char	*end = p + len;
	size_t		 n;
	int		 i;

	for (i = 0; i < PK__MAX; i++) {
		if (p >= end || (n = strnlen(p + 1, (size_t)(end - p - 1))) ==
		    (size_t)(end - p - 1))
			return -1;
		params[i] = *p == 'v' ? p + 1 : NULL;
		p += n + 2;
	}
	return 0;
}

/*
 * The result of a remembered search: its page fetched by id, in the
 * shape of the search statement's result.
 */
static const char *
page_sql_text(void)
{
	static char	sql[SQL_MAX];

	if (sql[0] != '\0')
		return sql;
	return sql_done(sql, snprintf(sql, sizeof(sql),
	    "SELECT %s, u.score::float8, " ON_FIRST(P1, "$3::bigint")
	    ", " ON_FIRST(P1, "$4::boolean") ", "
	    ON_FIRST(P1, "$5::boolean") ", " ON_FIRST(P1, "$6::text")
	    ", " ON_FIRST(P1, "$7::text") ", " ON_FIRST(P1, "$8::json")
	    ", " ON_FIRST(P1, "$9::jsonb") ", " ON_FIRST(P1, "$10::text")
	    ", " SEARCH_STAMP(P1)
	    " FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY"
	    " AS u(id, score, ord)"
	    " LEFT JOIN scholarships s ON s.id = u.id"
	    " ORDER BY u.ord", catalog_columns));
}

/*
 * The search statement itself, prepared once per connection: it is the
 * same text for every search, so parsing and planning it per call was
 * pure overhead (the function's own statements use generic plans).
 */
static int
search_exec(const struct search_stmt *st, PGresult **res)
{
	struct dbstmt	ds;

	ds.name = "scholarship_search";
	ds.sql = st->sql;
	ds.nparams = st->nparams;
	ds.flags = DB_RETRY | DB_PREPARE;
	return db_exec(&ds, st->params, res);
}

/*
 * The search statement's result.  With the cache on (scache.h), a search
 * remembered under the current generation is answered by fetching its
 * page by id: that statement also reads the stamp, and when the
 * generation has moved on the page is dropped and the search runs.
 * What a search finds is remembered under the stamp it read.
 */
static int
search_result(const struct req *rq, const struct search_stmt *st,
    struct arena *a, PGresult **res)
{
	static int	 configured;
	static char	 format[2 * SQL_MAX + 16];
	struct dbstmt	 ds;
	struct buf	 b;
	const char	*key, *params[PK__MAX];
	size_t		 klen = 0;
	long long	 gen = -1, now_gen = -1;
	int		 rc, hit;

	if (!configured) {
		/* What a cached value means: the packing and both statements. */
		snprintf(format, sizeof(format), "pack 1|%s|%s",
		    search_sql_text(), page_sql_text());
		scache_configure((size_t)app_conf.search_cache_bytes,
		    app_conf.search_cache_ttl_s, app_conf.runtime_dir, format);
		configured = 1;
	}
	if (!scache_enabled())
		return search_exec(st, res);
	key = cache_key(st, a, &klen);
	buf_init(&b, SCACHE_SLOT);
	hit = !wants_fresh(rq) &&
	    scache_get(key, klen, clock_mono(), &gen, &b) &&
	    unpack(buf_cstr(&b), b.len, params) == 0;
	if (hit) {
		ds.name = "search_cached_page";
		ds.sql = page_sql_text();
		ds.nparams = PK__MAX;
		ds.flags = DB_RETRY | DB_PREPARE;
		if ((rc = db_exec(&ds, params, res)) == SCH_OK &&
		    (now_gen = result_generation(*res)) == gen) {
			metrics_inc(MC_SEARCH_CACHE_HITS, 1);
			buf_free(&b);
			return SCH_OK;
		}
		if (rc == SCH_OK) {
			/* Changed since: forget everything older. */
			scache_see(now_gen);
			PQclear(*res);
		} else
			/* Never fail a search for its cache: run it. */
			scache_del(key, klen);
		*res = NULL;
	}
	buf_reset(&b);
	if ((rc = search_exec(st, res)) == SCH_OK &&
	    (gen = result_generation(*res)) >= 0 && pack(*res, &b) == 0)
		scache_put(key, klen, gen, clock_mono(), buf_cstr(&b), b.len);
	buf_free(&b);
	return rc;
}

/*
 * Run a search.  On SCH_OK the caller must PQclear(out->res).  sq->sort
 * becomes the sort applied: relevance asked for a text without a
 * searchable word ("the", "+++") is by deadline.
 */
static int
search_run(struct req *rq, struct search_query *sq, struct search_out *out)
{
	struct search_stmt	 st;
	const char		*v;
	double			 t0 = clock_mono();
	int			 rc, i;
	size_t			 s;

	memset(out, 0, sizeof(*out));
	search_stmt(sq, app_conf.search_candidate_limit, &st, &rq->arena);
	if ((rc = search_result(rq, &st, &rq->arena, &out->res)) != SCH_OK)
		return rc;
	for (i = 0; i < PQntuples(out->res); i++)
		if (!PQgetisnull(out->res, i, 0))
			out->nitems++;
	v = meta(out->res, M_TOTAL);
	out->total = v ? strtoll(v, NULL, 10) : 0;
	v = meta(out->res, M_EXACT);
	out->exact = v == NULL || v[0] == 't';
	v = meta(out->res, M_MORE);
	out->more = v != NULL && v[0] == 't';
	out->mode = meta(out->res, M_MODE);
	out->corrected = meta(out->res, M_CORRECTED);
	out->suggestions = meta(out->res, M_SUGG);
	out->facets = meta(out->res, M_FACETS);
	if ((v = meta(out->res, M_SORT)) != NULL)
		for (s = 0; s < sizeof(sorts) / sizeof(sorts[0]); s++)
			if (sorts[s] != NULL && strcmp(v, sorts[s]) == 0)
				sq->sort = (int)s;
	out->took_ms = (clock_mono() - t0) * 1000.0;
	metrics_inc(MC_SEARCH_REQUESTS, 1);
	if (out->total == 0)
		metrics_inc(MC_SEARCH_ZERO_RESULTS, 1);
	metrics_observe(MH_SEARCH, out->took_ms / 1000.0);
	analytics_add(sq, out->total, out->took_ms);
	return SCH_OK;
}

/* Echo a list filter as a JSON array of its enum values. */
static void
filter_list(struct jw *w, const char *key, const struct vval *v,
    const char *const *e)
{
	size_t	i, j;

	if (v->nitems == 0)
		return;
	jw_key(w, key);
	jw_arr_open(w);
	for (i = 0; i < v->nitems; i++) {
		/* Echo what is applied: duplicates were dropped for the SQL. */
		for (j = 0; j < i && v->items[j].i != v->items[i].i; j++)
			continue;
		if (j == i)
			jw_str(w, e[v->items[i].i]);
	}
	jw_arr_close(w);
}

/* The filters as applied (after defaults), for "filters" and analytics. */
static void
filters_json(struct jw *w, const struct search_query *sq)
{
	const struct vval	*v = sq->v;

	jw_obj_open(w);
	if (sq->q != NULL)
		jw_kstr(w, "q", sq->q);
	if (sq->path_field != NULL) {
		jw_key(w, "fields_of_study");
		jw_arr_open(w);
		jw_str(w, sq->path_field);
		jw_arr_close(w);
	} else
		filter_list(w, "fields_of_study", &v[SP_FIELDS],
		    valid_fields_of_study);
	filter_list(w, "scholarship_types", &v[SP_TYPES],
	    valid_scholarship_types);
	filter_list(w, "states", &v[SP_STATES], valid_us_states);
	if (v[SP_MIN_AMOUNT].set)
		jw_kdouble(w, "min_amount", v[SP_MIN_AMOUNT].d);
	if (v[SP_MAX_AMOUNT].set)
		jw_kdouble(w, "max_amount", v[SP_MAX_AMOUNT].d);
	if (v[SP_MIN_GPA].set)
		jw_kdouble(w, "min_gpa", v[SP_MIN_GPA].d);
	if (sq->citizenship != NULL)
		jw_kstr(w, "citizenship", sq->citizenship);
	if (sq->grade_level != NULL)
		jw_kstr(w, "grade_level", sq->grade_level);
	if (sq->deadline_after != NULL)
		jw_kstr(w, "deadline_after", sq->deadline_after);
	if (sq->deadline_before != NULL)
		jw_kstr(w, "deadline_before", sq->deadline_before);
	if (sq->renewable != NULL)
		jw_kbool(w, "renewable", sq->renewable[0] == 't');
	jw_kbool(w, "include_expired", sq->include_expired);
	jw_kstr(w, "sort", sorts[sq->sort]);
	jw_obj_close(w);
}

/* Number of filters the student set (q, sort and paging excluded). */
static int
filters_applied(const struct search_query *sq)
{
	const struct vval	*v = sq->v;
	int			 n = 0, i;
	static const int	 f[] = { SP_FIELDS, SP_TYPES, SP_STATES,
	    SP_MIN_AMOUNT, SP_MAX_AMOUNT, SP_MIN_GPA, SP_CITIZENSHIP, SP_GRADE,
	    SP_DEADLINE_AFTER, SP_DEADLINE_BEFORE, SP_RENEWABLE };

	for (i = 0; i < (int)(sizeof(f) / sizeof(f[0])); i++)
		n += v[f[i]].set != 0;
	return n;
}

static void
items_json(struct jw *w, const struct search_out *o, int summary)
{
	int	i;

	jw_arr_open(w);
	for (i = 0; i < PQntuples(o->res); i++)
		if (!PQgetisnull(o->res, i, 0))
			catalog_row_json(w, o->res, i, summary);
	jw_arr_close(w);
}

/* Paging fields shared by every list-shaped response. */
static void
paging_json(struct jw *w, const struct search_query *sq,
    const struct search_out *o)
{

	jw_kint(w, "page", sq->offset / sq->limit + 1);
	jw_kint(w, "page_size", sq->limit);
	jw_kbool(w, "has_next", o->more);
	jw_kbool(w, "has_previous", sq->offset > 0);
}

/*
 * The page of a list-shaped response: items under items_key (search
 * summaries or full records), the total under total_key, whether it is
 * exact, and the paging fields.
 */
static void
page_json(struct jw *w, const char *items_key, int summary,
    const char *total_key, const struct search_query *sq,
    const struct search_out *o)
{

	jw_key(w, items_key);
	items_json(w, o, summary);
	jw_kint(w, total_key, o->total);
	jw_kbool(w, "total_exact", o->exact);
	paging_json(w, sq, o);
}

/* Build the query from this request's validated values and run it. */
static int
run_request(struct req *rq, struct search_query *sq, struct search_out *o)
{

	search_query_init(sq, rq->v, &rq->arena);
	return search_run(rq, sq, o);
}

int
search_h_search(struct req *rq, struct resp *rs)
{
	struct search_query	 sq;
	struct search_out	 o;
	struct jw		*w = &rs->jw;
	int			 rc;

	if ((rc = run_request(rq, &sq, &o)) != SCH_OK)
		return rc;
	jw_obj_open(w);
	page_json(w, "items", 1, "total", &sq, &o);
	jw_key(w, "filters");
	filters_json(w, &sq);
	jw_key(w, "took_ms");
	jw_round4(w, o.took_ms);
	if (sq.facets && o.facets != NULL)
		jw_kraw(w, "facets", o.facets);
	if (o.corrected != NULL)
		jw_kstr(w, "corrected_query", o.corrected);
	if (o.suggestions != NULL && (o.total == 0 || o.corrected != NULL))
		jw_kraw(w, "suggestions", o.suggestions);
	else if (o.total == 0)
		jw_kraw(w, "suggestions", "[]");
	jw_obj_close(w);
	PQclear(o.res);
	return SCH_OK;
}

/* GET /api/v1/scholarships: the list shape over the same search. */
int
search_h_list(struct req *rq, struct resp *rs)
{
	struct search_query	 sq;
	struct search_out	 o;
	struct jw		*w = &rs->jw;
	int			 rc;

	if ((rc = run_request(rq, &sq, &o)) != SCH_OK)
		return rc;
	jw_obj_open(w);
	page_json(w, "scholarships", 0, "total_count", &sq, &o);
	jw_obj_close(w);
	PQclear(o.res);
	return SCH_OK;
}

static const char *
quality(long long total)
{

	if (total == 0)
		return "no_results";
	if (total < 5)
		return "few_results";
	if (total <= 20)
		return "good_results";
	if (total <= 50)
		return "many_results";
	return "too_many_results";
}

/*
 * Advice for the student: how to broaden a search that found little,
 * or narrow one that found too much, naming what they actually set.
 */
static void
advice_json(struct jw *w, const struct search_query *sq,
    const struct search_out *o, struct arena *a)
{
	const struct vval	*v = sq->v;
	struct json_object	*arr = NULL;
	size_t			 i, n;

	jw_arr_open(w);
	if (o->corrected != NULL)
		jw_str(w, arena_printf(a, "Showing results for \"%s\"",
		    o->corrected));
	if (o->total == 0 && o->suggestions != NULL &&
	    json_parse(o->suggestions, strlen(o->suggestions), &arr) == SCH_OK &&
	    json_object_is_type(arr, json_type_array)) {
		n = json_object_array_length(arr);
		for (i = 0; i < n && i < 3; i++)
			jw_str(w, arena_printf(a, "Did you mean \"%s\"?",
			    json_object_get_string(
			    json_object_array_get_idx(arr, i))));
	}
	json_object_put(arr);
	if (o->total < 5) {
		if (sq->q != NULL)
			jw_str(w, "Use fewer or more general keywords");
		if (v[SP_STATES].set)
			jw_str(w, "Remove the state filter: many scholarships "
			    "are open to students from every state");
		if (v[SP_FIELDS].set)
			jw_str(w, "Add related fields of study or remove the "
			    "field filter");
		if (v[SP_TYPES].set)
			jw_str(w, "Include more scholarship types");
		if (v[SP_MIN_AMOUNT].set)
			jw_str(w, arena_printf(a, "Lower the minimum amount "
			    "(now %g)", v[SP_MIN_AMOUNT].d));
		if (v[SP_MAX_AMOUNT].set)
			jw_str(w, "Raise or remove the maximum amount");
		if (v[SP_DEADLINE_AFTER].set || v[SP_DEADLINE_BEFORE].set)
			jw_str(w, "Widen the deadline range");
		if (v[SP_GRADE].set || v[SP_CITIZENSHIP].set)
			jw_str(w, "Remove the grade level or citizenship "
			    "filter to see scholarships that do not state them");
		if (v[SP_RENEWABLE].set)
			jw_str(w, "Include non-renewable scholarships");
		if (filters_applied(sq) == 0 && sq->q == NULL)
			jw_str(w, "Try a keyword such as a field of study");
	} else if (o->total > 50) {
		if (sq->q == NULL)
			jw_str(w, "Add keywords that describe your interests");
		if (!v[SP_FIELDS].set)
			jw_str(w, "Add your field of study");
		if (!v[SP_STATES].set)
			jw_str(w, "Add your state of residence");
		if (!v[SP_GRADE].set)
			jw_str(w, "Add your grade level");
		if (!v[SP_MIN_AMOUNT].set)
			jw_str(w, "Set a minimum award amount");
	}
	jw_arr_close(w);
}

int
search_h_smart(struct req *rq, struct resp *rs)
{
	struct search_query	 sq;
	struct search_out	 o;
	struct jw		*w = &rs->jw;
	int			 rc;

	if ((rc = run_request(rq, &sq, &o)) != SCH_OK)
		return rc;
	jw_obj_open(w);
	jw_key(w, "results");
	jw_obj_open(w);
	jw_key(w, "scholarships");
	items_json(w, &o, 0);
	jw_kint(w, "total_count", o.total);
	paging_json(w, &sq, &o);
	jw_obj_close(w);
	jw_key(w, "suggestions");
	advice_json(w, &sq, &o, &rq->arena);
	jw_key(w, "search_metadata");
	jw_obj_open(w);
	jw_kint(w, "filters_applied", filters_applied(&sq));
	jw_kstr(w, "search_quality", quality(o.total));
	jw_key(w, "took_ms");
	jw_round4(w, o.took_ms);
	jw_obj_close(w);
	jw_obj_close(w);
	PQclear(o.res);
	return SCH_OK;
}

/* GET /api/v1/scholarships/fields/{field}: a search within one field. */
int
search_h_field(struct req *rq, struct resp *rs)
{
	struct search_query	 sq;
	struct search_out	 o;
	struct jw		*w = &rs->jw;
	long long		 idx;
	int			 rc;

	if (!valid_enum(rq->caps[0], valid_fields_of_study, &idx)) {
		verrs_add(&rs->verrs, "field", "is not a known field of study",
		    rq->caps[0]);
		return resp_fail(rs, SCH_EVALID, "Unknown field of study");
	}
	search_query_init(&sq, rq->v, &rq->arena);
	sq.fields = arena_printf(&rq->arena, "{%s}",
	    valid_fields_of_study[idx]);
	sq.path_field = valid_fields_of_study[idx];
	if ((rc = search_run(rq, &sq, &o)) != SCH_OK)
		return rc;
	jw_obj_open(w);
	jw_kstr(w, "field_of_study", valid_fields_of_study[idx]);
	page_json(w, "results", 1, "total", &sq, &o);
	jw_obj_close(w);
	PQclear(o.res);
	return SCH_OK;
}

const struct vparam search_org_params[ORG__MAX] = {
	[ORG_LIMIT] = { .name = "limit", .type = V_INT, .imin = 1,
	    .imax = 100 },
	[ORG_OFFSET] = { .name = "offset", .type = V_INT, .imin = 0,
	    .imax = 1000000 },
	[ORG_EXPIRED] = { .name = "include_expired", .type = V_BOOL },
};

#define ORG_WHERE \
	" FROM scholarships s WHERE s.is_active" \
	" AND ($2::boolean OR s.application_deadline >= now())" \
	" AND s.organization ILIKE $1 ESCAPE '\\'"

/*
 * GET /api/v1/scholarships/organization/{org}: case-insensitive
 * substring match on the organisation (trigram index), soonest
 * deadline first.  LIKE metacharacters in the input are escaped.
 */
int
search_h_organization(struct req *rq, struct resp *rs)
{
	static const struct dbstmt count = { "org_count",
	    "SELECT count(*)" ORG_WHERE, 2, DB_RETRY };
	static char		 sql[2048];
	static struct dbstmt	 page = { "org_page", sql, 4, DB_RETRY };
	const struct vval	*v = rq->v;
	const char		*org = rq->caps[0], *p[4], *s;
	struct buf		 pat;
	struct jw		*w = &rs->jw;
	PGresult		*cres = NULL, *res = NULL;
	long long		 limit, offset, total;
	int			 rc, i;

	/*
	 * Three characters at least: the trigram index cannot serve a
	 * shorter pattern, and a table scan per request is not on offer.
	 */
	if (!valid_string(org, 3, 200)) {
		verrs_add(&rs->verrs, "organization",
		    "must be 3 to 200 bytes of UTF-8 text", org);
		return resp_fail(rs, SCH_EVALID, "Invalid organization");
	}
	if (sql[0] == '\0')
		snprintf(sql, sizeof(sql), "SELECT %s" ORG_WHERE
		    " ORDER BY s.application_deadline, s.id LIMIT $3 OFFSET $4",
		    catalog_columns);
	limit = v[ORG_LIMIT].set ? v[ORG_LIMIT].i : 20;
	offset = v[ORG_OFFSET].set ? v[ORG_OFFSET].i : 0;
	buf_init(&pat, 1024);
	buf_putc(&pat, '%');
	for (s = org; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&pat, '\\');
		buf_putc(&pat, *s);
	}
	buf_putc(&pat, '%');
	p[0] = arena_strdup(&rq->arena, buf_cstr(&pat));
	buf_free(&pat);
	p[1] = v[ORG_EXPIRED].set && v[ORG_EXPIRED].i ? "true" : "false";
	p[2] = arena_printf(&rq->arena, "%lld", limit);
	p[3] = arena_printf(&rq->arena, "%lld", offset);
	if ((rc = db_exec(&count, p, &cres)) != SCH_OK)
		goto out;
	total = strtoll(PQgetvalue(cres, 0, 0), NULL, 10);
	if (total == 0) {
		rc = resp_fail(rs, SCH_ENOTFOUND, "No scholarships found for "
		    "organization '%.200s'", org);
		goto out;
	}
	if ((rc = db_exec(&page, p, &res)) != SCH_OK)
		goto out;
	jw_obj_open(w);
	jw_kstr(w, "organization", org);
	jw_kint(w, "scholarship_count", total);
	jw_key(w, "scholarships");
	jw_arr_open(w);
	for (i = 0; i < PQntuples(res); i++)
		catalog_row_json(w, res, i, 0);
	jw_arr_close(w);
	jw_kint(w, "page", offset / limit + 1);
	jw_kint(w, "page_size", limit);
	jw_kbool(w, "has_next", offset + PQntuples(res) < total);
	jw_kbool(w, "has_previous", offset > 0);
	jw_obj_close(w);
out:
	PQclear(cres);
	PQclear(res);
	return rc;
}
