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

/*
 * A timestamp as the UTC wall-clock time, a timestamp without time zone:
 * its text is "YYYY-MM-DD HH:MM:SS[.ffffff][ BC]" (the sessions use
 * DateStyle ISO, db.c), which put_ts() writes as RFC 3339.  Formatting
 * in C instead of to_char(), and writing arrays from their own text
 * instead of array_to_json(), takes a quarter to a third off the
 * database's time for a page fetched by id.
 */
#define TS(col)	col " AT TIME ZONE 'UTC'"

/* Column order is the contract with catalog_row_json(). */
const char catalog_columns[] =
	"s.id, s.name, s.organization, s.description, s.amount::float8,"
	" s.max_awards, " TS("s.application_deadline") ","
	" " TS("s.notification_date") ", s.scholarship_type,"
	" s.min_gpa::float8, s.max_gpa::float8, s.grade_levels,"
	" s.citizenship_required, s.residency_states,"
	" s.fields_of_study, s.min_age, s.max_age,"
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

/*
 * Keys are string literals: KEY() passes one with its length, so no
 * strlen() runs per row.  The "" makes anything but a literal an error.
 */
#define KEY(k)	("" k), sizeof(k) - 1

/*
 * The value at row, col and its length, or NULL for SQL NULL.  The
 * length is PQgetlength(): text results hold no NUL, so it is the
 * strlen().  A NULL has length 0, so PQgetisnull() is asked only then.
 */
static const char *
val(const PGresult *r, int row, int col, size_t *len)
{

	if ((*len = (size_t)PQgetlength(r, row, col)) == 0 &&
	    PQgetisnull(r, row, col))
		return NULL;
	return PQgetvalue(r, row, col);
}

/*
 * A timestamp's text (TS() above) as "YYYY-MM-DDTHH:MM:SSZ": the
 * fraction and an era are dropped and infinity is null, as to_char()
 * with 'YYYY-MM-DD"T"HH24:MI:SS"Z"' wrote it.  Any other text with a
 * space is written as it is (a JSON string all the same).
 */
static void
put_ts(struct jw *w, const char *v, size_t len)
{
	char		 out[32];
	const char	*sp = memchr(v, ' ', len);
	size_t		 d;

	if (sp == NULL) {
		/* "infinity", "-infinity": to_char() gave NULL. */
		jw_null(w);
		return;
	}
	d = (size_t)(sp - v);
	if (d + 9 > len || d + 10 > sizeof(out) || sp[3] != ':') {
		jw_strn(w, v, len);
		return;
	}
	memcpy(out, v, d);
	out[d] = 'T';
	memcpy(out + d + 1, sp + 1, 8);
	out[d + 9] = 'Z';
	jw_strn(w, out, d + 10);
}

/*
 * A text[] in PostgreSQL's array syntax, "{a,"b c",NULL}" (with a
 * "[l:u]=" prefix when its lower bound is not 1), as a JSON array of
 * strings and nulls, as array_to_json() wrote it (which escaped \b and
 * \f by name; json_escape() writes \u0008 and \u000c).  Elements are
 * double-quoted when they hold a special character or are empty or
 * "NULL", with backslash before " and \ inside the quotes.  A text that
 * is not a one-dimensional array ends the JSON array where it stops
 * making sense: the output stays valid JSON.
 */
static void
put_text_array(struct jw *w, const char *v, size_t len)
{
	const char	*p = v, *end = v + len, *q;
	char		*tmp;
	size_t		 n;

	jw_arr_open(w);
	if (p < end && *p == '[' && (q = memchr(p, '=', len)) != NULL)
		p = q + 1;
	if (p >= end || *p++ != '{')
		goto done;
	while (p < end && *p != '}') {
		if (*p == '"') {
			/* Quoted: up to the unescaped quote. */
			for (q = ++p, n = 0; q < end && *q != '"'; q++, n++)
				if (*q == '\\' && q + 1 < end)
					q++;
			if (q >= end)
				goto done;
			if (n == (size_t)(q - p))
				jw_strn(w, p, n);
			else if ((tmp = malloc(n)) != NULL) {
				for (n = 0; p < q; p++)
					tmp[n++] = *p == '\\' ? *++p : *p;
				jw_strn(w, tmp, n);
				free(tmp);
			} else
				jw_null(w);
			p = q + 1;
		} else {
			for (q = p; q < end && *q != ',' && *q != '}'; q++)
				;
			if (q - p == 4 && memcmp(p, "NULL", 4) == 0)
				jw_null(w);
			else
				jw_strn(w, p, (size_t)(q - p));
			p = q;
		}
		if (p < end && *p == ',')
			p++;
		else if (p >= end || *p != '}')
			break;
	}
done:
	jw_arr_close(w);
}

/*
 * How a column is written: a JSON string, PostgreSQL's own JSON text
 * (numbers), a boolean, a timestamp (put_ts()) or a text[]
 * (put_text_array()).
 */
enum kind {
	K_STR,
	K_RAW,
	K_BOOL,
	K_TS,
	K_ARR
};

/* "key": then the value at row, col as kind says, or null. */
static void
kval(struct jw *w, const char *k, size_t klen, const PGresult *r, int row,
    int col, enum kind kind)
{
	const char	*v;
	size_t		 len;

	jw_keyn(w, k, klen);
	if ((v = val(r, row, col, &len)) == NULL)
		jw_null(w);
	else if (kind == K_STR)
		jw_strn(w, v, len);
	else if (kind == K_RAW)
		jw_rawn(w, v, len);
	else if (kind == K_BOOL)
		jw_bool(w, v[0] == 't');
	else if (kind == K_TS)
		put_ts(w, v, len);
	else
		put_text_array(w, v, len);
}

#define kstr(w, k, r, row, col)		kval(w, k, r, row, col, K_STR)
#define kraw(w, k, r, row, col)		kval(w, k, r, row, col, K_RAW)
#define kbool(w, k, r, row, col)	kval(w, k, r, row, col, K_BOOL)
#define kts(w, k, r, row, col)		kval(w, k, r, row, col, K_TS)
#define karr(w, k, r, row, col)		kval(w, k, r, row, col, K_ARR)

/*
 * Bytes taken by the first k characters of s[0..n), or n if it has
 * fewer.  A character is what json_escape() writes as one: a valid
 * UTF-8 sequence, or a byte that starts none (it becomes one U+FFFD).
 */
static size_t
char_bytes(const unsigned char *s, size_t n, size_t k)
{
	size_t	i = 0, l;

	for (; k > 0 && i < n; k--) {
		if (s[i] < 0x80)
			i++;
		else
			i += (l = json_utf8_seq(s + i, n - i)) > 0 ? l : 1;
	}
	return i;
}

/*
 * Write the description, cut to 200 characters with "..." included
 * when longer.  Characters are counted by char_bytes(), never split.
 * NULL reads as "" (PQgetvalue()).
 * NOTE: every character is at least one byte, so a text of at most
 * SUMMARY_CHARS bytes is never cut and needs no counting.
 */
static void
summary_desc(struct jw *w, const PGresult *r, int row)
{
	const unsigned char	*s;
	size_t			 n, keep;

	s = (const unsigned char *)PQgetvalue(r, row, C_DESC);
	n = (size_t)PQgetlength(r, row, C_DESC);
	jw_keyn(w, KEY("description"));
	if (n > SUMMARY_CHARS) {
		keep = char_bytes(s, n, SUMMARY_CHARS - 3);
		/* Cut when something follows the first SUMMARY_CHARS. */
		if (keep + char_bytes(s + keep, n - keep, 3) < n) {
			jw_strn_tail(w, (const char *)s, keep, "...");
			return;
		}
	}
	jw_strn(w, (const char *)s, n);
}

void
catalog_row_json(struct jw *w, const PGresult *r, int row, int summary)
{

	jw_obj_open(w);
	kstr(w, KEY("id"), r, row, C_ID);
	kstr(w, KEY("name"), r, row, C_NAME);
	kstr(w, KEY("organization"), r, row, C_ORG);
	if (summary)
		summary_desc(w, r, row);
	else
		kstr(w, KEY("description"), r, row, C_DESC);
	kraw(w, KEY("amount"), r, row, C_AMOUNT);
	kraw(w, KEY("max_awards"), r, row, C_MAX_AWARDS);
	kts(w, KEY("application_deadline"), r, row, C_DEADLINE);
	kts(w, KEY("notification_date"), r, row, C_NOTIFY);
	kstr(w, KEY("scholarship_type"), r, row, C_TYPE);
	jw_keyn(w, KEY("eligibility_criteria"));
	jw_obj_open(w);
	kraw(w, KEY("min_gpa"), r, row, C_MIN_GPA);
	kraw(w, KEY("max_gpa"), r, row, C_MAX_GPA);
	karr(w, KEY("grade_levels"), r, row, C_GRADES);
	kstr(w, KEY("citizenship_required"), r, row, C_CITIZEN);
	karr(w, KEY("residency_states"), r, row, C_STATES);
	karr(w, KEY("fields_of_study"), r, row, C_FIELDS);
	kraw(w, KEY("min_age"), r, row, C_MIN_AGE);
	kraw(w, KEY("max_age"), r, row, C_MAX_AGE);
	kbool(w, KEY("financial_need"), r, row, C_NEED);
	kbool(w, KEY("essay_required"), r, row, C_ESSAY);
	kraw(w, KEY("recommendation_letters"), r, row, C_LETTERS);
	jw_obj_close(w);
	kstr(w, KEY("application_url"), r, row, C_APP_URL);
	kstr(w, KEY("contact_email"), r, row, C_EMAIL);
	kstr(w, KEY("website_url"), r, row, C_WEB);
	kbool(w, KEY("renewable"), r, row, C_RENEW);
	kbool(w, KEY("is_active"), r, row, C_ACTIVE);
	if (!summary) {
		kts(w, KEY("created_at"), r, row, C_CREATED);
		kts(w, KEY("updated_at"), r, row, C_UPDATED);
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
