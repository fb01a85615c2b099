/*
 * The scholarship catalogue: list and detail, and the single JSON
 * rendering of a scholarship row (full record or search summary).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "catalog.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "req.h"
#include "resp.h"
#include "valid.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Column order is the contract with catalog_row_json(). */
const char catalog_columns[] =
	"s.id, s.name, s.organization, s.description, s.amount::float8,"
	" s.max_awards, " TS("s.application_deadline") ","
	" " TS("s.notification_date") ", s.scholarship_type,"
	" s.min_gpa::float8, s.max_gpa::float8, array_to_json(s.grade_levels),"
	" s.citizenship_required, array_to_json(s.residency_states),"
	" array_to_json(s.fields_of_study), s.min_age, s.max_age,"
	" s.financial_need, s.essay_required, s.recommendation_letters,"
	" s.application_url, s.contact_email, s.website_url, s.renewable,"
	" s.is_active, " TS("s.created_at") ", " TS("s.updated_at");

enum col {
	C_ID, C_NAME, C_ORG, C_DESC, C_AMOUNT, C_MAX_AWARDS, C_DEADLINE,
	C_NOTIFY, C_TYPE, C_MIN_GPA, C_MAX_GPA, C_GRADES, C_CITIZEN,
	C_STATES, C_FIELDS, C_MIN_AGE, C_MAX_AGE, C_NEED, C_ESSAY, C_LETTERS,
	C_APP_URL, C_EMAIL, C_WEB, C_RENEW, C_ACTIVE, C_CREATED, C_UPDATED,
	C__MAX
};

#define SUMMARY_CHARS	200

static const char *
val(const PGresult *r, int row, int col)
{

	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* Text, or null. */
static void
kstr(struct jw *w, const char *k, const PGresult *r, int row, int col)
{

	jw_key(w, k);
	jw_str(w, val(r, row, col));
}

/* A number or JSON fragment that PostgreSQL produced, or null. */
static void
kraw(struct jw *w, const char *k, const PGresult *r, int row, int col)
{
	const char	*v = val(r, row, col);

	jw_key(w, k);
	if (v == NULL)
		jw_null(w);
	else
		jw_raw(w, v);
}

static void
kbool(struct jw *w, const char *k, const PGresult *r, int row, int col)
{
	const char	*v = val(r, row, col);

	jw_key(w, k);
	if (v == NULL)
		jw_null(w);
	else
		jw_bool(w, v[0] == 't');
}

/*
 * Write the description, cut to 200 characters with "..." included
 * when longer.  Characters are UTF-8 code points, never split.
 */
static void
summary_desc(struct jw *w, const char *s)
{
	char	cut[SUMMARY_CHARS * 4 + 4];
	size_t	i = 0, chars = 0, keep = 0, n = strlen(s), l;

	jw_key(w, "description");
	while (i < n && chars <= SUMMARY_CHARS) {
		if (chars == SUMMARY_CHARS - 3)
			keep = i;
		l = json_utf8_seq((const unsigned char *)s + i, n - i);
		i += l ? l : 1;
		chars++;
	}
	if (chars <= SUMMARY_CHARS) {
		jw_strn(w, s, n);
		return;
	}
	memcpy(cut, s, keep);
	memcpy(cut + keep, "...", 3);
	jw_strn(w, cut, keep + 3);
}

void
catalog_row_json(struct jw *w, const PGresult *r, int row, int summary)
{

	jw_obj_open(w);
	kstr(w, "id", r, row, C_ID);
	kstr(w, "name", r, row, C_NAME);
	kstr(w, "organization", r, row, C_ORG);
	if (summary)
		summary_desc(w, PQgetvalue(r, row, C_DESC));
	else
		kstr(w, "description", r, row, C_DESC);
	kraw(w, "amount", r, row, C_AMOUNT);
	kraw(w, "max_awards", r, row, C_MAX_AWARDS);
	kstr(w, "application_deadline", r, row, C_DEADLINE);
	kstr(w, "notification_date", r, row, C_NOTIFY);
	kstr(w, "scholarship_type", r, row, C_TYPE);
	jw_key(w, "eligibility_criteria");
	jw_obj_open(w);
	kraw(w, "min_gpa", r, row, C_MIN_GPA);
	kraw(w, "max_gpa", r, row, C_MAX_GPA);
	kraw(w, "grade_levels", r, row, C_GRADES);
	kstr(w, "citizenship_required", r, row, C_CITIZEN);
	kraw(w, "residency_states", r, row, C_STATES);
	kraw(w, "fields_of_study", r, row, C_FIELDS);
	kraw(w, "min_age", r, row, C_MIN_AGE);
	kraw(w, "max_age", r, row, C_MAX_AGE);
	kbool(w, "financial_need", r, row, C_NEED);
	kbool(w, "essay_required", r, row, C_ESSAY);
	kraw(w, "recommendation_letters", r, row, C_LETTERS);
	jw_obj_close(w);
	kstr(w, "application_url", r, row, C_APP_URL);
	kstr(w, "contact_email", r, row, C_EMAIL);
	kstr(w, "website_url", r, row, C_WEB);
	kbool(w, "renewable", r, row, C_RENEW);
	kbool(w, "is_active", r, row, C_ACTIVE);
	if (!summary) {
		kstr(w, "created_at", r, row, C_CREATED);
		kstr(w, "updated_at", r, row, C_UPDATED);
	}
	jw_obj_close(w);
}

const struct vparam catalog_list_params[LP__MAX] = {
	[LP_LIMIT] = { .name = "limit", .type = V_INT, .imin = 1, .imax = 100 },
	[LP_OFFSET] = { .name = "offset", .type = V_INT, .imin = 0,
	    .imax = 1000000000 },
	[LP_MIN_AMOUNT] = { .name = "min_amount", .type = V_DOUBLE,
	    .dmin = 0, .dmax = 1e9 },
	[LP_MAX_AMOUNT] = { .name = "max_amount", .type = V_DOUBLE,
	    .dmin = 0, .dmax = 1e9 },
	[LP_TYPES] = { .name = "scholarship_types", .type = V_ENUM,
	    .flags = VF_LIST, .enums = valid_scholarship_types,
	    .alias = { "scholarship_type" } },
	[LP_DEADLINE_AFTER] = { .name = "deadline_after", .type = V_DATE },
	[LP_DEADLINE_BEFORE] = { .name = "deadline_before", .type = V_DATE },
};

/* time_t → RFC 3339 UTC text in the arena. */
static const char *
ts_param(struct arena *a, time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* {a,b} array literal from enum list items (values are plain words). */
static const char *
enum_array(struct arena *a, const struct vval *v, const char *const *e)
{
	size_t	 i, len = 3;
	char	*p;

	for (i = 0; i < v->nitems; i++)
		len += strlen(e[v->items[i].i]) + 1;
	p = arena_alloc(a, len);
	p[0] = '{';
	p[1] = '\0';
	for (i = 0; i < v->nitems; i++) {
		if (i > 0)
			strncat(p, ",", len - strlen(p) - 1);
		strncat(p, e[v->items[i].i], len - strlen(p) - 1);
	}
	strncat(p, "}", len - strlen(p) - 1);
	return p;
}

#define LIST_WHERE \
	" FROM scholarships s WHERE s.is_active" \
	" AND s.application_deadline >= now()" \
	" AND ($1::float8 IS NULL OR s.amount >= $1)" \
	" AND ($2::float8 IS NULL OR s.amount <= $2)" \
	" AND ($3::text[] IS NULL OR s.scholarship_type = ANY($3))" \
	" AND ($4::timestamptz IS NULL OR s.application_deadline >= $4)" \
	" AND ($5::timestamptz IS NULL OR s.application_deadline <= $5)"

static const struct dbstmt list_count = { "catalog_list_count",
	"SELECT count(*)" LIST_WHERE, 5, DB_RETRY };

static char list_page_sql[2048];
static struct dbstmt list_page = { "catalog_list_page", list_page_sql, 7,
	DB_RETRY };

int
catalog_h_list(struct req *rq, struct resp *rs)
{
	const struct vval	*v = rq->v;
	struct arena		*a = &rq->arena;
	struct jw		*w = &rs->jw;
	const char		*p[7];
	PGresult		*cres = NULL, *res = NULL;
	long long		 limit, offset, total;
	int			 rc, i;

	limit = v[LP_LIMIT].set ? v[LP_LIMIT].i : 20;
	offset = v[LP_OFFSET].set ? v[LP_OFFSET].i : 0;
	p[0] = v[LP_MIN_AMOUNT].set ? v[LP_MIN_AMOUNT].s : NULL;
	p[1] = v[LP_MAX_AMOUNT].set ? v[LP_MAX_AMOUNT].s : NULL;
	p[2] = v[LP_TYPES].nitems > 0 ?
	    enum_array(a, &v[LP_TYPES], valid_scholarship_types) : NULL;
	p[3] = v[LP_DEADLINE_AFTER].set ?
	    ts_param(a, v[LP_DEADLINE_AFTER].t) : NULL;
	p[4] = v[LP_DEADLINE_BEFORE].set ?
	    ts_param(a, v[LP_DEADLINE_BEFORE].t) : NULL;
	p[5] = arena_printf(a, "%lld", limit);
	p[6] = arena_printf(a, "%lld", offset);

	if (list_page_sql[0] == '\0')
		snprintf(list_page_sql, sizeof(list_page_sql),
		    "SELECT %s" LIST_WHERE
		    " ORDER BY s.application_deadline, s.id LIMIT $6 OFFSET $7",
		    catalog_columns);
	if ((rc = db_exec(&list_count, p, &cres)) != SCH_OK)
		goto out;
	total = strtoll(PQgetvalue(cres, 0, 0), NULL, 10);
	if ((rc = db_exec(&list_page, p, &res)) != SCH_OK)
		goto out;

	jw_obj_open(w);
	jw_key(w, "scholarships");
	jw_arr_open(w);
	for (i = 0; i < PQntuples(res); i++)
		catalog_row_json(w, res, i, 0);
	jw_arr_close(w);
	jw_kint(w, "total_count", total);
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

static char get_sql[1536];
static struct dbstmt get_stmt = { "catalog_get", get_sql, 1,
	DB_RETRY | DB_PREPARE };

int
catalog_h_get(struct req *rq, struct resp *rs)
{
	const char	*id = rq->caps[0];
	PGresult	*res = NULL;
	int		 rc;

	if (!valid_id(id))
		return resp_fail(rs, SCH_ENOTFOUND, "Scholarship '%.64s' not "
		    "found", valid_utf8(id, strlen(id)) ? id : "?");
	if (get_sql[0] == '\0')
		snprintf(get_sql, sizeof(get_sql),
		    "SELECT %s FROM scholarships s WHERE s.id = $1 AND s.is_active",
		    catalog_columns);
	if ((rc = db_exec(&get_stmt, &id, &res)) != SCH_OK)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return resp_fail(rs, SCH_ENOTFOUND, "Scholarship '%s' not found",
		    id);
	}
	catalog_row_json(&rs->jw, res, 0, 0);
	PQclear(res);
	return SCH_OK;
}
