/*
 * The scholarship catalogue: detail, and the single JSON rendering of
 * a scholarship row (full record or search summary).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const int catalog_ncolumns = C__MAX;

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
