/*
 * The scholarship validator and the statements that store its result.
 *
 * One table, fields[], describes every stored field: its JSON member,
 * the path used in error reports, its kind, bounds, whether it is
 * required or nullable, where the converted value lives in struct
 * scholarship and the parameter text it gets when a full record leaves
 * it out.  scholarship_from_json() and scholarship_to_params() are two
 * walks over that table, so a field is added in one place (plus the
 * SQL column lists below, which follow enum sch_field).
 *
 * Every check takes untrusted JSON: any member may have any type.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/random.h>

#include <json-c/json.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "scholarship.h"
#include "valid.h"

/* What a field holds, and so how it is checked and stored. */
enum skind {
	K_STR,		/* const char *, arena copy */
	K_NUM,		/* double */
	K_INT,		/* long long */
	K_DATE,		/* time_t */
	K_ENUM,		/* int index into enums[] */
	K_LIST,		/* struct sch_list of indexes into enums[] */
	K_BOOL,		/* int 0/1 */
};

/* Extra checks on strings, after UTF-8 and length. */
enum scheck {
	CK_NONE,
	CK_ID,		/* valid_id() */
	CK_NONBLANK,	/* not only white space */
	CK_URL,		/* http(s)://host... */
	CK_EMAIL,	/* local@domain */
};

#define FL_REQ	0x01	/* required in a full record */
#define FL_NULL	0x02	/* JSON null accepted (SQL NULL) */
#define FL_CRIT	0x04	/* member of eligibility_criteria */

struct sfield {
	const char		*key;	/* JSON member name */
	const char		*path;	/* name in error reports */
	enum skind		 kind;
	unsigned int		 flags;
	double			 min, max;	/* value, or string bytes */
	const char *const	*enums;		/* K_ENUM, K_LIST */
	enum scheck		 check;		/* K_STR */
	size_t			 off;		/* in struct scholarship */
	const char		*def;	/* parameter when absent, NULL = NULL */
};

#define OFF(m)	offsetof(struct scholarship, m)
#define EC	"eligibility_criteria."

/* Indexed by enum sch_field: the order is the column order. */
static const struct sfield fields[SF__MAX] = {
	[SF_ID] = { "id", "id", K_STR, 0, 1, 64, NULL, CK_ID,
	    OFF(id), NULL },
	[SF_NAME] = { "name", "name", K_STR, FL_REQ, 1, SCH_NAME_MAX, NULL,
	    CK_NONBLANK, OFF(name), NULL },
	[SF_ORGANIZATION] = { "organization", "organization", K_STR, FL_REQ,
	    1, SCH_ORGANIZATION_MAX, NULL, CK_NONBLANK, OFF(organization),
	    NULL },
	[SF_DESCRIPTION] = { "description", "description", K_STR, 0, 0,
	    SCH_DESCRIPTION_MAX, NULL, CK_NONE, OFF(description), "" },
	[SF_AMOUNT] = { "amount", "amount", K_NUM, FL_REQ, 0,
	    SCH_AMOUNT_MAX, NULL, CK_NONE, OFF(amount), NULL },
	[SF_MAX_AWARDS] = { "max_awards", "max_awards", K_INT, 0, 1,
	    SCH_MAX_AWARDS_MAX, NULL, CK_NONE, OFF(max_awards), "1" },
	[SF_APPLICATION_DEADLINE] = { "application_deadline",
	    "application_deadline", K_DATE, FL_REQ, 0, 0, NULL, CK_NONE,
	    OFF(application_deadline), NULL },
	[SF_NOTIFICATION_DATE] = { "notification_date", "notification_date",
	    K_DATE, FL_NULL, 0, 0, NULL, CK_NONE, OFF(notification_date),
	    NULL },
	[SF_SCHOLARSHIP_TYPE] = { "scholarship_type", "scholarship_type",
	    K_ENUM, FL_REQ, 0, 0, valid_scholarship_types, CK_NONE,
	    OFF(scholarship_type), NULL },
	[SF_MIN_GPA] = { "min_gpa", EC "min_gpa", K_NUM, FL_CRIT | FL_NULL,
	    0, 4, NULL, CK_NONE, OFF(min_gpa), NULL },
	[SF_MAX_GPA] = { "max_gpa", EC "max_gpa", K_NUM, FL_CRIT | FL_NULL,
	    0, 4, NULL, CK_NONE, OFF(max_gpa), NULL },
	[SF_GRADE_LEVELS] = { "grade_levels", EC "grade_levels", K_LIST,
	    FL_CRIT, 0, 0, valid_grade_levels, CK_NONE, OFF(grade_levels),
	    "{}" },
	[SF_CITIZENSHIP_REQUIRED] = { "citizenship_required",
	    EC "citizenship_required", K_ENUM, FL_CRIT | FL_NULL, 0, 0,
	    valid_citizenship, CK_NONE, OFF(citizenship_required), NULL },
	[SF_RESIDENCY_STATES] = { "residency_states", EC "residency_states",
	    K_LIST, FL_CRIT, 0, 0, valid_us_states, CK_NONE,
	    OFF(residency_states), "{}" },
	[SF_FIELDS_OF_STUDY] = { "fields_of_study", EC "fields_of_study",
	    K_LIST, FL_CRIT, 0, 0, valid_fields_of_study, CK_NONE,
	    OFF(fields_of_study), "{}" },
	[SF_MIN_AGE] = { "min_age", EC "min_age", K_INT, FL_CRIT | FL_NULL,
	    SCH_AGE_MIN, SCH_AGE_MAX, NULL, CK_NONE, OFF(min_age), NULL },
	[SF_MAX_AGE] = { "max_age", EC "max_age", K_INT, FL_CRIT | FL_NULL,
	    SCH_AGE_MIN, SCH_AGE_MAX, NULL, CK_NONE, OFF(max_age), NULL },
	[SF_FINANCIAL_NEED] = { "financial_need", EC "financial_need", K_BOOL,
	    FL_CRIT | FL_NULL, 0, 0, NULL, CK_NONE, OFF(financial_need),
	    NULL },
	[SF_ESSAY_REQUIRED] = { "essay_required", EC "essay_required", K_BOOL,
	    FL_CRIT, 0, 0, NULL, CK_NONE, OFF(essay_required), "false" },
	[SF_RECOMMENDATION_LETTERS] = { "recommendation_letters",
	    EC "recommendation_letters", K_INT, FL_CRIT, 0, SCH_LETTERS_MAX,
	    NULL, CK_NONE, OFF(recommendation_letters), "0" },
	[SF_APPLICATION_URL] = { "application_url", "application_url", K_STR,
	    FL_REQ, 1, SCH_URL_MAX, NULL, CK_URL, OFF(application_url),
	    NULL },
	[SF_CONTACT_EMAIL] = { "contact_email", "contact_email", K_STR,
	    FL_NULL, 1, SCH_EMAIL_MAX, NULL, CK_EMAIL, OFF(contact_email),
	    NULL },
	[SF_WEBSITE_URL] = { "website_url", "website_url", K_STR, FL_NULL, 1,
	    SCH_URL_MAX, NULL, CK_URL, OFF(website_url), NULL },
	[SF_RENEWABLE] = { "renewable", "renewable", K_BOOL, 0, 0, 0, NULL,
	    CK_NONE, OFF(renewable), "false" },
	[SF_IS_ACTIVE] = { "is_active", "is_active", K_BOOL, 0, 0, 0, NULL,
	    CK_NONE, OFF(is_active), "true" },
};

/* Longest offending value copied into an error report. */
#define VALUE_MAX	200

static const char	*value_text(struct json_object *, struct arena *);
static const char	*enum_message(const char *const *, struct arena *);
static int		 text_blank(const char *, size_t);
static int		 text_url(const char *, size_t);
static int		 text_email(const char *, size_t);
static const char	*check_string(const struct sfield *,
			    struct json_object *, struct scholarship *,
			    struct arena *);
static const char	*check_scalar(const struct sfield *,
			    struct json_object *, struct scholarship *,
			    struct arena *);
static void		 check_list(const struct sfield *, struct json_object *,
			    struct scholarship *, struct verrs *,
			    struct arena *);
static void		 check_range(struct scholarship *, enum sch_field,
			    enum sch_field, const char *, struct verrs *);
static const char	*ts_text(time_t, struct arena *);
static const char	*list_text(const struct sch_list *,
			    const char *const *, struct arena *);

/*
 * The offending value as text for a report: strings as they are,
 * anything else as compact JSON; at most VALUE_MAX bytes, cut on a
 * character boundary.  NULL for JSON null.
 */
static const char *
value_text(struct json_object *v, struct arena *a)
{
	const char	*s;
	size_t		 n, cut, l;

	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		n = (size_t)json_object_get_string_len(v);
	} else {
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		n = strlen(s);
	}
	if (n > VALUE_MAX) {
		for (cut = 0; cut < VALUE_MAX; cut += l) {
			l = json_utf8_seq((const unsigned char *)s + cut,
			    n - cut);
			if (l == 0)
				l = 1;
			if (cut + l > VALUE_MAX)
				break;
		}
		n = cut;
	}
	return arena_strndup(a, s, n);
}

/* "must be one of: a, b, c" for an enum table (constant or arena). */
static const char *
enum_message(const char *const *e, struct arena *a)
{
	static const char	 pre[] = "must be one of: ";
	size_t			 i, l, len = sizeof(pre);
	char			*p, *w;

	/* Fifty-one codes make a poor message. */
	if (e == valid_us_states)
		return "must be a two-letter US state code (capitals) or DC";
	for (i = 0; e[i] != NULL; i++)
		len += strlen(e[i]) + 2;
	w = p = arena_alloc(a, len);
	memcpy(w, pre, sizeof(pre) - 1);
	w += sizeof(pre) - 1;
	for (i = 0; e[i] != NULL; i++) {
		if (i > 0) {
			memcpy(w, ", ", 2);
			w += 2;
		}
		l = strlen(e[i]);
		memcpy(w, e[i], l);
		w += l;
	}
	*w = '\0';
	return p;
}

/* Only blanks?  (The table's CHECK trims spaces; we refuse all white space.) */
static int
text_blank(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strchr(" \t\n\r\f\v", s[i]) == NULL)
			return 0;
	return 1;
}

/*
 * An absolute http or https URL with a host: no white space, control
 * characters or the characters that break out of HTML attributes.
 * Deliberately not a full RFC 3986 parser.
 */
static int
text_url(const char *s, size_t n)
{
	size_t	i, p;

	if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		p = 8;
	else if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		p = 7;
	else
		return 0;
	if (p >= n || strchr("/?#:@", s[p]) != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    strchr("\"<>\\^`{|}", s[i]) != NULL)
			return 0;
	return 1;
}

/* Sanity only: one '@' with text on both sides, no blanks or controls. */
static int
text_email(const char *s, size_t n)
{
	const char	*at;
	size_t		 i;

	if ((at = memchr(s, '@', n)) == NULL || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', n - (size_t)(at - s) - 1) != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* K_STR.  Returns NULL when valid, else the message. */
static const char *
check_string(const struct sfield *f, struct json_object *v,
    struct scholarship *out, struct arena *a)
{
	const char	*s;
	size_t		 n;

	if (!json_object_is_type(v, json_type_string))
		return "must be a string";
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (!valid_utf8(s, n))
		return "must be valid UTF-8 text without NUL characters";
	if (n < (size_t)f->min || n > (size_t)f->max) {
		if (f->min == 0)
			return arena_printf(a, "must be at most %zu bytes long",
			    (size_t)f->max);
		return arena_printf(a, "must be %zu to %zu bytes long",
		    (size_t)f->min, (size_t)f->max);
	}
	switch (f->check) {
	case CK_ID:
		if (!valid_id(s))
			return "must contain only A-Z, a-z, 0-9, _ and -";
		break;
	case CK_NONBLANK:
		if (text_blank(s, n))
			return "must not be blank";
		break;
	case CK_URL:
		if (!text_url(s, n))
			return "must be an http or https URL";
		break;
	case CK_EMAIL:
		if (!text_email(s, n))
			return "must be an e-mail address";
		break;
	case CK_NONE:
		break;
	}
	*(const char **)((char *)out + f->off) = arena_strndup(a, s, n);
	return NULL;
}

/* K_NUM, K_INT, K_DATE, K_ENUM, K_BOOL.  NULL when valid, else the message. */
static const char *
check_scalar(const struct sfield *f, struct json_object *v,
    struct scholarship *out, struct arena *a)
{
	char		*dst = (char *)out + f->off;
	enum json_type	 t = json_object_get_type(v);
	long long	 i;
	double		 d;
	time_t		 ts;

	switch (f->kind) {
	case K_NUM:
		if (t != json_type_double && t != json_type_int)
			return "must be a number";
		d = json_object_get_double(v);
		if (!isfinite(d) || d < f->min || d > f->max)
			return arena_printf(a, "must be between %.15g and %.15g",
			    f->min, f->max);
		*(double *)(void *)dst = d;
		return NULL;
	case K_INT:
		/* JSON has numbers, not integers: 3.0 is 3. */
		if (t == json_type_int) {
			/* json-c clamps out-of-range integers. */
			i = json_object_get_int64(v);
			if ((double)i < f->min ||
			    (double)i > f->max)
				goto range;
		} else if (t == json_type_double) {
			d = json_object_get_double(v);
			if (!isfinite(d) || floor(d) != d)
				return "must be an integer";
			if (d < f->min || d > f->max)
				goto range;
			i = (long long)d;
		} else
			return "must be an integer";
		*(long long *)(void *)dst = i;
		return NULL;
range:
		return arena_printf(a, "must be an integer from %.0f to %.0f",
		    f->min, f->max);
	case K_DATE:
		if (t != json_type_string ||
		    !valid_date(json_object_get_string(v), &ts) ||
		    strlen(json_object_get_string(v)) !=
		    (size_t)json_object_get_string_len(v))
			return "must be a date (YYYY-MM-DD) or an RFC 3339 "
			    "date-time";
		*(time_t *)(void *)dst = ts;
		return NULL;
	case K_ENUM:
		if (t != json_type_string ||
		    !valid_enum(json_object_get_string(v), f->enums, &i) ||
		    strlen(json_object_get_string(v)) !=
		    (size_t)json_object_get_string_len(v))
			return enum_message(f->enums, a);
		*(int *)(void *)dst = (int)i;
		return NULL;
	case K_BOOL:
		if (t != json_type_boolean)
			return "must be true or false";
		*(int *)(void *)dst = json_object_get_boolean(v) ? 1 : 0;
		return NULL;
	case K_STR:
	case K_LIST:
		break;
	}
	return "is invalid";
}

/*
 * K_LIST: an array of enum strings, each checked on its own so that
 * the report names the bad element ("...grade_levels[2]").
 * Duplicates are refused rather than silently stored twice.
 */
static void
check_list(const struct sfield *f, struct json_object *v,
    struct scholarship *out, struct verrs *errs, struct arena *a)
{
	struct sch_list		*l = (struct sch_list *)(void *)((char *)out +
				    f->off);
	struct json_object	*it;
	const char		*s;
	long long		 idx;
	size_t			 i, j, n;
	int			 bad = 0;

	if (!json_object_is_type(v, json_type_array)) {
		verrs_add(errs, f->path, "must be an array", value_text(v, a));
		return;
	}
	n = json_object_array_length(v);
	if (n > SCH_LIST_MAX) {
		verrs_add(errs, f->path, arena_printf(a,
		    "must have at most %d items", SCH_LIST_MAX), NULL);
		return;
	}
	l->v = arena_calloc(a, n > 0 ? n : 1, sizeof(l->v[0]));
	l->n = 0;
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(v, i);
		s = json_object_get_string(it);
		if (!json_object_is_type(it, json_type_string) ||
		    strlen(s) != (size_t)json_object_get_string_len(it) ||
		    !valid_enum(s, f->enums, &idx)) {
			verrs_add(errs, arena_printf(a, "%s[%zu]", f->path, i),
			    enum_message(f->enums, a), value_text(it, a));
			bad = 1;
			continue;
		}
		for (j = 0; j < l->n; j++)
			if (l->v[j] == (int)idx)
				break;
		if (j < l->n) {
			verrs_add(errs, arena_printf(a, "%s[%zu]", f->path, i),
			    "is listed more than once", value_text(it, a));
			bad = 1;
			continue;
		}
		l->v[l->n++] = (int)idx;
	}
	if (bad)
		l->n = 0;
}

/*
 * min <= max when both are given and valid.  The report names the
 * minimum, which is the field a writer usually got wrong.
 */
static void
check_range(struct scholarship *s, enum sch_field lo, enum sch_field hi,
    const char *msg, struct verrs *errs)
{
	double	l, h;

	if (!s->set[lo] || !s->set[hi] || s->null[lo] || s->null[hi])
		return;
	if (fields[lo].kind == K_NUM) {
		l = *(double *)(void *)((char *)s + fields[lo].off);
		h = *(double *)(void *)((char *)s + fields[hi].off);
	} else {
		l = (double)*(long long *)(void *)((char *)s + fields[lo].off);
		h = (double)*(long long *)(void *)((char *)s + fields[hi].off);
	}
	if (l > h)
		verrs_add(errs, fields[lo].path, msg, NULL);
}

int
scholarship_from_json(struct json_object *obj, int partial,
    struct scholarship *out, struct verrs *errs, struct arena *a)
{
	const struct sfield	*f;
	struct json_object	*crit = NULL, *parent, *v;
	const char		*msg;
	size_t			 i, before;
	int			 crit_ok = 1;

	memset(out, 0, sizeof(*out));
	out->partial = partial;
	errs->n = 0;
	if (!json_object_is_type(obj, json_type_object)) {
		verrs_add(errs, "(body)", "must be a JSON object", NULL);
		return SCH_EVALID;
	}
	if (json_object_object_get_ex(obj, "eligibility_criteria", &crit) &&
	    !json_object_is_type(crit, json_type_object)) {
		verrs_add(errs, "eligibility_criteria", "must be an object",
		    value_text(crit, a));
		crit_ok = 0;
		crit = NULL;
	}

	for (i = 0; i < SF__MAX; i++) {
		f = &fields[i];
		parent = f->flags & FL_CRIT ? crit : obj;
		if (parent == NULL ||
		    !json_object_object_get_ex(parent, f->key, &v)) {
			/* A broken criteria object was reported once. */
			if (!partial && (f->flags & FL_REQ) &&
			    (crit_ok || !(f->flags & FL_CRIT)))
				verrs_add(errs, f->path, "is required", NULL);
			continue;
		}
		if (v == NULL) {
			if (f->flags & FL_NULL) {
				out->set[i] = out->null[i] = 1;
			} else
				verrs_add(errs, f->path, "must not be null",
				    NULL);
			continue;
		}
		before = errs->n;
		switch (f->kind) {
		case K_STR:
			msg = check_string(f, v, out, a);
			break;
		case K_LIST:
			check_list(f, v, out, errs, a);
			msg = NULL;
			break;
		default:
			msg = check_scalar(f, v, out, a);
			break;
		}
		if (msg != NULL)
			verrs_add(errs, f->path, msg, value_text(v, a));
		else if (errs->n == before)
			out->set[i] = 1;
	}

	check_range(out, SF_MIN_GPA, SF_MAX_GPA,
	    "must not be greater than max_gpa", errs);
	check_range(out, SF_MIN_AGE, SF_MAX_AGE,
	    "must not be greater than max_age", errs);
	return errs->n == 0 ? SCH_OK : SCH_EVALID;
}

int
scholarship_id_new(char *dst, size_t len)
{
	unsigned char	r[8];
	ssize_t		n;
	size_t		got = 0;

	while (got < sizeof(r)) {
		n = getrandom(r + got, sizeof(r) - got, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return SCH_EINTERNAL;
		got += (size_t)n;
	}
	if (snprintf(dst, len, "sch_%02x%02x%02x%02x%02x%02x%02x%02x", r[0],
	    r[1], r[2], r[3], r[4], r[5], r[6], r[7]) >= (int)len)
		return SCH_EINTERNAL;
	return SCH_OK;
}

/* RFC 3339 UTC, the form the API returns. */
static const char *
ts_text(time_t t, struct arena *a)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* A text[] literal; the enum values are plain words, no quoting needed. */
static const char *
list_text(const struct sch_list *l, const char *const *e, struct arena *a)
{
	size_t	 i, n, len = 3;
	char	*p, *w;

	for (i = 0; i < l->n; i++)
		len += strlen(e[l->v[i]]) + 1;
	w = p = arena_alloc(a, len);
	*w++ = '{';
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			*w++ = ',';
		n = strlen(e[l->v[i]]);
		memcpy(w, e[l->v[i]], n);
		w += n;
	}
	*w++ = '}';
	*w = '\0';
	return p;
}

int
scholarship_to_params(const struct scholarship *s,
    const char *params[SCH_NPARAMS], struct arena *a)
{
	const struct sfield	*f;
	const char		*src;
	char			*mask, id[32];
	size_t			 i;
	int			 rc;

	mask = arena_alloc(a, SF__MAX + 1);
	for (i = 0; i < SF__MAX; i++) {
		f = &fields[i];
		src = (const char *)s + f->off;
		mask[i] = s->partial && !s->set[i] ? '0' : '1';
		params[i] = NULL;
		if (!s->set[i]) {
			if (s->partial)
				continue;
			if (i == SF_ID) {
				if ((rc = scholarship_id_new(id, sizeof(id))) !=
				    SCH_OK)
					return rc;
				params[i] = arena_strdup(a, id);
				continue;
			}
			if (f->flags & FL_REQ)
				return SCH_EINVAL;
			params[i] = f->def;
			continue;
		}
		if (s->null[i])
			continue;
		switch (f->kind) {
		case K_STR:
			params[i] = *(const char *const *)(const void *)src;
			break;
		case K_NUM:
			/* 15 digits: exact for every value the bounds allow. */
			params[i] = arena_printf(a, "%.15g",
			    *(const double *)(const void *)src);
			break;
		case K_INT:
			params[i] = arena_printf(a, "%lld",
			    *(const long long *)(const void *)src);
			break;
		case K_DATE:
			params[i] = ts_text(*(const time_t *)(const void *)src,
			    a);
			break;
		case K_ENUM:
			params[i] = f->enums[*(const int *)(const void *)src];
			break;
		case K_LIST:
			params[i] = list_text((const struct sch_list *)
			    (const void *)src, f->enums, a);
			break;
		case K_BOOL:
			params[i] = *(const int *)(const void *)src ? "true" :
			    "false";
			break;
		}
	}
	mask[SF__MAX] = '\0';
	params[SCH_PARAM_MASK] = mask;
	return SCH_OK;
}

const char *
scholarship_constraint_field(const char *c)
{
	static const struct {
		const char	*constraint;
		const char	*field;
	} map[] = {
		{ "scholarships_pkey", "id" },
		{ "scholarships_id_check", "id" },
		{ "scholarships_name_check", "name" },
		{ "scholarships_organization_check", "organization" },
		{ "scholarships_amount_check", "amount" },
		{ "scholarships_max_awards_check", "max_awards" },
		{ "scholarships_type_check", "scholarship_type" },
		{ "scholarships_min_gpa_check", EC "min_gpa" },
		{ "scholarships_max_gpa_check", EC "max_gpa" },
		{ "scholarships_grade_levels_check", EC "grade_levels" },
		{ "scholarships_citizenship_check", EC "citizenship_required" },
		{ "scholarships_residency_states_check", EC "residency_states" },
		{ "scholarships_fields_of_study_check", EC "fields_of_study" },
		{ "scholarships_min_age_check", EC "min_age" },
		{ "scholarships_max_age_check", EC "max_age" },
		{ "scholarships_recommendation_letters_check",
		    EC "recommendation_letters" },
		{ "scholarships_gpa_range_check", EC "min_gpa" },
		{ "scholarships_age_range_check", EC "min_age" },
	};
	size_t	i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].constraint, c) == 0)
			return map[i].field;
	return NULL;
}

/* SQL ------------------------------------------------------------------ */

/* Columns and parameters in enum sch_field order. */
#define COLS "id, name, organization, description, amount, max_awards," \
	" application_deadline, notification_date, scholarship_type," \
	" min_gpa, max_gpa, grade_levels, citizenship_required," \
	" residency_states, fields_of_study, min_age, max_age," \
	" financial_need, essay_required, recommendation_letters," \
	" application_url, contact_email, website_url, renewable, is_active"
#define VALS "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13," \
	" $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25"

/* Every column but id, as "col = <prefix>col" / "col = $N". */
#define SET_FROM(p) "name = " p "name, organization = " p "organization," \
	" description = " p "description, amount = " p "amount," \
	" max_awards = " p "max_awards," \
	" application_deadline = " p "application_deadline," \
	" notification_date = " p "notification_date," \
	" scholarship_type = " p "scholarship_type, min_gpa = " p "min_gpa," \
	" max_gpa = " p "max_gpa, grade_levels = " p "grade_levels," \
	" citizenship_required = " p "citizenship_required," \
	" residency_states = " p "residency_states," \
	" fields_of_study = " p "fields_of_study, min_age = " p "min_age," \
	" max_age = " p "max_age, financial_need = " p "financial_need," \
	" essay_required = " p "essay_required," \
	" recommendation_letters = " p "recommendation_letters," \
	" application_url = " p "application_url," \
	" contact_email = " p "contact_email," \
	" website_url = " p "website_url, renewable = " p "renewable," \
	" is_active = " p "is_active"

/* The compared row of the upsert: the API's view of a record. */
#define ROW(p) p "name, " p "organization, " p "description, " p "amount, " \
	p "max_awards, date_trunc('second', " p "application_deadline), " \
	"date_trunc('second', " p "notification_date), " \
	p "scholarship_type, " p "min_gpa, " p "max_gpa, " p "grade_levels, " \
	p "citizenship_required, " p "residency_states, " \
	p "fields_of_study, " p "min_age, " p "max_age, " \
	p "financial_need, " p "essay_required, " \
	p "recommendation_letters, " p "application_url, " \
	p "contact_email, " p "website_url, " p "renewable, " p "is_active"

#define INSERT_HEAD "INSERT INTO scholarships AS s (" COLS ") VALUES "
#define INSERT_TAIL " RETURNING s.id"

/*
 * NOTE: xmax = 0 tells a fresh row from the new version of an updated
 * one (the upsert locks the old row, which sets xmax); it is the usual
 * PostgreSQL idiom for "was this an insert".
 */
#define UPSERT_TAIL " ON CONFLICT (id) DO UPDATE SET " SET_FROM("EXCLUDED.") \
	" WHERE (" ROW("s.") ") IS DISTINCT FROM (" ROW("EXCLUDED.") ")" \
	" RETURNING s.id, s.xmax = 0 AS inserted"

const char scholarship_insert_sql[] = INSERT_HEAD "(" VALS ")" INSERT_TAIL;
const char scholarship_upsert_sql[] = INSERT_HEAD "(" VALS ")" UPSERT_TAIL;

int
scholarship_insert_many_sql(struct buf *b, size_t nrows, int upsert)
{
	size_t	i, f;

	if (nrows == 0 || nrows > SCH_INSERT_MANY_MAX)
		return SCH_EINVAL;
	buf_puts(b, INSERT_HEAD);
	for (i = 0; i < nrows; i++) {
		buf_puts(b, i > 0 ? ", (" : "(");
		for (f = 0; f < SF__MAX; f++)
			buf_printf(b, "%s$%zu", f > 0 ? ", " : "",
			    i * SF__MAX + f + 1);
		buf_putc(b, ')');
	}
	buf_puts(b, upsert ? UPSERT_TAIL : INSERT_TAIL);
	return buf_error(b);
}

const char scholarship_update_sql[] =
	"UPDATE scholarships SET name = $2, organization = $3,"
	" description = $4, amount = $5, max_awards = $6,"
	" application_deadline = $7, notification_date = $8,"
	" scholarship_type = $9, min_gpa = $10, max_gpa = $11,"
	" grade_levels = $12, citizenship_required = $13,"
	" residency_states = $14, fields_of_study = $15, min_age = $16,"
	" max_age = $17, financial_need = $18, essay_required = $19,"
	" recommendation_letters = $20, application_url = $21,"
	" contact_email = $22, website_url = $23, renewable = $24,"
	" is_active = $25 WHERE id = $1 RETURNING id";

/* Column col takes $n when digit n of the mask $26 is '1'. */
#define PATCH(col, n, type) col " = CASE WHEN substr($26, " #n ", 1) = '1'" \
	" THEN $" #n "::" type " ELSE " col " END"

const char scholarship_patch_sql[] =
	"UPDATE scholarships SET "
	PATCH("name", 2, "text") ", "
	PATCH("organization", 3, "text") ", "
	PATCH("description", 4, "text") ", "
	PATCH("amount", 5, "numeric") ", "
	PATCH("max_awards", 6, "integer") ", "
	PATCH("application_deadline", 7, "timestamptz") ", "
	PATCH("notification_date", 8, "timestamptz") ", "
	PATCH("scholarship_type", 9, "text") ", "
	PATCH("min_gpa", 10, "numeric") ", "
	PATCH("max_gpa", 11, "numeric") ", "
	PATCH("grade_levels", 12, "text[]") ", "
	PATCH("citizenship_required", 13, "text") ", "
	PATCH("residency_states", 14, "text[]") ", "
	PATCH("fields_of_study", 15, "text[]") ", "
	PATCH("min_age", 16, "smallint") ", "
	PATCH("max_age", 17, "smallint") ", "
	PATCH("financial_need", 18, "boolean") ", "
	PATCH("essay_required", 19, "boolean") ", "
	PATCH("recommendation_letters", 20, "smallint") ", "
	PATCH("application_url", 21, "text") ", "
	PATCH("contact_email", 22, "text") ", "
	PATCH("website_url", 23, "text") ", "
	PATCH("renewable", 24, "boolean") ", "
	PATCH("is_active", 25, "boolean")
	" WHERE id = $1 RETURNING id";
