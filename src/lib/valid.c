/*
 * Check-and-convert validators and the table-driven argument checker.
 * Every function here takes untrusted bytes: no assumption about
 * length, termination inside the bound, or encoding.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "err.h"
#include "json.h"
#include "req.h"
#include "valid.h"

const char *const valid_fields_of_study[] = {
	"engineering", "computer_science", "technology", "mathematics",
	"science", "medicine", "nursing", "business", "arts", "education",
	"law", "psychology", "social_sciences", "social_work", "other", NULL
};
const char *const valid_grade_levels[] = {
	"high_school", "undergraduate", "graduate", "doctoral",
	"post_doctoral", NULL
};
const char *const valid_citizenship[] = {
	"US", "permanent_resident", "international", NULL
};
const char *const valid_scholarship_types[] = {
	"merit_based", "need_based", "athletic", "minority",
	"academic_achievement", "community_service", NULL
};
const char *const valid_us_states[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA",
	"HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA",
	"MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
	"NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX",
	"UT", "VT", "VA", "WA", "WV", "WI", "WY", NULL
};

int
valid_int(const char *s, long long min, long long max, long long *out)
{
	const char	*p = s;
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return 0;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

int
valid_double(const char *s, double min, double max, double *out)
{
	const char	*p;
	char		*end;
	double		 v;

	if (s == NULL || *s == '\0')
		return 0;
	/* Digits, sign, point and exponent only: no "nan", "inf", hex. */
	for (p = s; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && strchr("+-.eE", *p) == NULL)
			return 0;
	if (!isdigit((unsigned char)s[0]) && s[0] != '-' && s[0] != '.')
		return 0;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

int
valid_bool(const char *s, int *out)
{
	static const char *const t[] = { "true", "1", "yes", "on", NULL };
	static const char *const f[] = { "false", "0", "no", "off", NULL };
	size_t	i;

	if (s == NULL)
		return 0;
	for (i = 0; t[i] != NULL; i++) {
		if (strcasecmp(s, t[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(s, f[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	return 0;
}

/* Exactly n digits at s into *v. */
static int
digits(const char *s, int n, int *v)
{
	int	i, r = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return 1;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static long long
days_from_civil(int y, int m, int d)
{
	long long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * YYYY-MM-DD, or YYYY-MM-DD[T ]HH:MM[:SS[.frac]](Z|±HH:MM).  A date
 * without a time is midnight UTC.  Years 1900–9999.
 */
int
valid_date(const char *s, time_t *out)
{
	int		 y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign;
	const char	*p;
	long long	 t;

	if (s == NULL || strlen(s) < 10)
		return 0;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return 0;
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return 0;
	p = s + 10;
	if (*p != '\0') {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return 0;
		p++;
		if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
			return 0;
		p += 5;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec))
				return 0;
			p += 3;
			if (*p == '.') {
				p++;
				if (!isdigit((unsigned char)*p))
					return 0;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return 0;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
			    !digits(p + 4, 2, &om) || oh > 23 || om > 59)
				return 0;
			p += 6;
			oh *= sign;
			om *= sign;
		} else
			return 0;
		if (*p != '\0')
			return 0;
	}
	t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec;
	t -= oh * 3600LL + om * 60LL;
	*out = (time_t)t;
	return 1;
}

int
valid_enum(const char *s, const char *const *e, long long *out)
{
	long long	i;

	if (s == NULL)
		return 0;
	for (i = 0; e[i] != NULL; i++) {
		if (strcmp(s, e[i]) == 0) {
			*out = i;
			return 1;
		}
	}
	return 0;
}

int
valid_utf8(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;

	while (i < n) {
		if (p[i] == 0)
			return 0;
		if ((l = json_utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

int
valid_string(const char *s, size_t min, size_t max)
{
	size_t	n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n >= min && n <= max && valid_utf8(s, n);
}

int
valid_id(const char *s)
{
	size_t	n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (n >= 64)
			return 0;
		if (!isalnum((unsigned char)s[n]) && s[n] != '_' && s[n] != '-')
			return 0;
	}
	return n > 0;
}

void
verrs_add(struct verrs *e, const char *field, const char *msg,
    const char *value)
{

	if (e->n >= sizeof(e->v) / sizeof(e->v[0]))
		return;
	e->v[e->n].field = field;
	e->v[e->n].message = msg;
	e->v[e->n].value = value;
	e->n++;
}

/* Does key name this parameter (its name or an alias)? */
static int
param_is(const struct vparam *p, const char *key)
{
	size_t	i;

	if (strcmp(p->name, key) == 0)
		return 1;
	for (i = 0; i < sizeof(p->alias) / sizeof(p->alias[0]); i++)
		if (p->alias[i] != NULL && strcmp(p->alias[i], key) == 0)
			return 1;
	return 0;
}

/*
 * Convert one scalar.  Returns NULL when valid, else a message (from
 * the arena when it names bounds).
 */
static const char *
convert(const struct vparam *p, const char *s, struct vval *v,
    struct arena *a)
{
	int	b;

	v->s = s;
	switch (p->type) {
	case V_INT:
		if (valid_int(s, p->imin, p->imax, &v->i))
			return NULL;
		return arena_printf(a, "must be an integer between %lld and %lld",
		    p->imin, p->imax);
	case V_DOUBLE:
		if (valid_double(s, p->dmin, p->dmax, &v->d))
			return NULL;
		return arena_printf(a, "must be a number between %g and %g",
		    p->dmin, p->dmax);
	case V_BOOL:
		if (valid_bool(s, &b)) {
			v->i = b;
			return NULL;
		}
		return "must be true or false";
	case V_DATE:
		if (valid_date(s, &v->t))
			return NULL;
		return "must be a date (YYYY-MM-DD) or an RFC 3339 date-time";
	case V_ENUM:
		if (valid_enum(s, p->enums, &v->i))
			return NULL;
		return "is not one of the allowed values";
	case V_STRING:
		if (!valid_utf8(s, strlen(s)))
			return "must be valid UTF-8 text";
		if (strlen(s) < p->minlen || strlen(s) > p->maxlen)
			return arena_printf(a, "must be %zu to %zu bytes long",
			    p->minlen, p->maxlen);
		return NULL;
	}
	return "is invalid";
}

/* Add one list element (already split) to v, converting it. */
static const char *
list_add(const struct vparam *p, const char *item, struct vval *v,
    size_t *cap, struct arena *a)
{
	struct vval	*n;
	size_t		 max = p->maxitems ? p->maxitems : 100;

	if (v->nitems >= max)
		return arena_printf(a, "must have at most %zu items", max);
	if (v->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		n = arena_calloc(a, *cap, sizeof(*n));
		if (v->nitems > 0)
			memcpy(n, v->items, v->nitems * sizeof(*n));
		v->items = n;
	}
	memset(&v->items[v->nitems], 0, sizeof(v->items[0]));
	return convert(p, item, &v->items[v->nitems++], a);
}

int
valid_args(const struct vparam *tbl, size_t n, const struct kv *args,
    size_t nargs, struct vval *out, struct verrs *errs, struct arena *a)
{
	const struct vparam	*p;
	const char		*msg, *s, *c;
	char			*item;
	size_t			 i, j, cap;
	int			 bad;

	errs->n = 0;
	for (i = 0; i < n; i++) {
		p = &tbl[i];
		memset(&out[i], 0, sizeof(out[i]));
		cap = 0;
		bad = 0;
		for (j = 0; j < nargs && !bad; j++) {
			if (!param_is(p, args[j].key))
				continue;
			if (!(p->flags & VF_LIST)) {
				if (out[i].set)
					continue;	/* first value wins */
				if ((msg = convert(p, args[j].val, &out[i], a))
				    != NULL) {
					verrs_add(errs, p->name, msg, args[j].val);
					bad = 1;
				}
				out[i].set = 1;
				continue;
			}
			/* A list: this value may itself be comma-separated. */
			out[i].set = 1;
			for (s = args[j].val; *s != '\0' && !bad; s = *c ? c + 1 : c) {
				if ((c = strchr(s, ',')) == NULL)
					c = s + strlen(s);
				while (s < c && isspace((unsigned char)*s))
					s++;
				item = arena_strndup(a, s, (size_t)(c - s));
				while (*item != '\0' &&
				    isspace((unsigned char)item[strlen(item) - 1]))
					item[strlen(item) - 1] = '\0';
				if (*item == '\0')
					continue;
				if ((msg = list_add(p, item, &out[i], &cap, a))
				    != NULL) {
					verrs_add(errs, p->name, msg, item);
					bad = 1;
				}
			}
		}
		if (!out[i].set && (p->flags & VF_REQUIRED))
			verrs_add(errs, p->name, "is required", NULL);
	}
	return errs->n > 0 ? SCH_EVALID : SCH_OK;
}
