/*
 * Validators (valid.h): every check-and-convert function gets a table
 * of inputs it must accept, with the converted value, and a table of
 * inputs it must reject.  Each rejecting table has an accepting twin
 * so that a validator answering "no" to everything cannot pass.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "req.h"
#include "valid.h"

#include "tests.h"

/* --- valid_int ---------------------------------------------------------- */

struct int_case {
	const char	*in;
	long long	 min, max;
	int		 ok;
	long long	 want;
};

static const struct int_case int_cases[] = {
	/* Accepted, with the converted value. */
	{ "0",		-10, 100, 1, 0 },
	{ "-5",		-10, 100, 1, -5 },
	{ "100",	-10, 100, 1, 100 },
	{ "-10",	-10, 100, 1, -10 },
	{ "42",		1, 100, 1, 42 },
	{ "007",	0, 100, 1, 7 },
	{ "9223372036854775807", LLONG_MIN, LLONG_MAX, 1, LLONG_MAX },
	{ "-9223372036854775808", LLONG_MIN, LLONG_MAX, 1, LLONG_MIN },
	/* Rejected. */
	{ "",		-10, 100, 0, 0 },
	{ "abc",	-10, 100, 0, 0 },
	{ "1e3",	0, 100000, 0, 0 },
	{ "0x10",	0, 100, 0, 0 },
	{ " 5",		0, 100, 0, 0 },
	{ "5 ",		0, 100, 0, 0 },
	{ "12abc",	0, 100, 0, 0 },
	{ "-",		-10, 100, 0, 0 },
	{ "1.5",	0, 100, 0, 0 },
	{ "--5",	-10, 100, 0, 0 },
	{ "9223372036854775808", LLONG_MIN, LLONG_MAX, 0, 0 },
	{ "-9223372036854775809", LLONG_MIN, LLONG_MAX, 0, 0 },
	{ "99999999999999999999999", LLONG_MIN, LLONG_MAX, 0, 0 },
	{ "101",	-10, 100, 0, 0 },
	{ "-11",	-10, 100, 0, 0 },
	{ "0",		1, 100, 0, 0 },
};

START_TEST(t_valid_int)
{
	const struct int_case	*c = &int_cases[_i];
	long long		 v = 12345;
	int			 rc;

	rc = valid_int(c->in, c->min, c->max, &v);
	ck_assert_msg(rc == c->ok, "valid_int(\"%s\", %lld, %lld) = %d, want %d",
	    c->in, c->min, c->max, rc, c->ok);
	if (c->ok)
		ck_assert_msg(v == c->want, "valid_int(\"%s\") gave %lld, want %lld",
		    c->in, v, c->want);
}
END_TEST

/* --- valid_double ------------------------------------------------------- */

struct dbl_case {
	const char	*in;
	double		 min, max;
	int		 ok;
	double		 want;
};

static const struct dbl_case dbl_cases[] = {
	{ "0",		-100, 1e9, 1, 0 },
	{ "2.5",	-100, 1e9, 1, 2.5 },
	{ "1e3",	-100, 1e9, 1, 1000 },
	{ "-1.25",	-100, 1e9, 1, -1.25 },
	{ "100",	0, 100, 1, 100 },
	{ "0.5",	0, 4, 1, 0.5 },
	{ "",		-100, 1e9, 0, 0 },
	{ "abc",	-100, 1e9, 0, 0 },
	{ "nan",	-100, 1e9, 0, 0 },
	{ "NaN",	-100, 1e9, 0, 0 },
	{ "inf",	-1e308, 1e308, 0, 0 },
	{ "-inf",	-1e308, 1e308, 0, 0 },
	{ "Infinity",	-1e308, 1e308, 0, 0 },
	{ "1e999",	-1e308, 1e308, 0, 0 },
	{ "-1e999",	-1e308, 1e308, 0, 0 },
	{ "1.5x",	-100, 1e9, 0, 0 },
	{ " 1.5",	-100, 1e9, 0, 0 },
	{ "1.5 ",	-100, 1e9, 0, 0 },
	{ "100.01",	0, 100, 0, 0 },
	{ "-0.5",	0, 4, 0, 0 },
	{ "4.01",	0, 4, 0, 0 },
};

START_TEST(t_valid_double)
{
	const struct dbl_case	*c = &dbl_cases[_i];
	double			 v = -999;
	int			 rc;

	rc = valid_double(c->in, c->min, c->max, &v);
	ck_assert_msg(rc == c->ok, "valid_double(\"%s\", %g, %g) = %d, want %d",
	    c->in, c->min, c->max, rc, c->ok);
	if (c->ok)
		ck_assert_msg(v == c->want, "valid_double(\"%s\") gave %g, want %g",
		    c->in, v, c->want);
}
END_TEST

/* --- valid_bool --------------------------------------------------------- */

struct bool_case {
	const char	*in;
	int		 ok;
	int		 want;
};

static const struct bool_case bool_cases[] = {
	{ "true", 1, 1 }, { "false", 1, 0 },
	{ "1", 1, 1 }, { "0", 1, 0 },
	{ "yes", 1, 1 }, { "no", 1, 0 },
	{ "on", 1, 1 }, { "off", 1, 0 },
	{ "TRUE", 1, 1 }, { "False", 1, 0 },
	{ "Yes", 1, 1 }, { "NO", 1, 0 },
	{ "On", 1, 1 }, { "OFF", 1, 0 },
	{ "", 0, 0 }, { "2", 0, 0 }, { "maybe", 0, 0 },
	{ "tru", 0, 0 }, { "yess", 0, 0 }, { "true ", 0, 0 },
	{ " no", 0, 0 }, { "-1", 0, 0 },
};

START_TEST(t_valid_bool)
{
	const struct bool_case	*c = &bool_cases[_i];
	int			 v = -1, rc;

	rc = valid_bool(c->in, &v);
	ck_assert_msg(rc == c->ok, "valid_bool(\"%s\") = %d, want %d",
	    c->in, rc, c->ok);
	if (c->ok)
		ck_assert_msg(v == c->want, "valid_bool(\"%s\") gave %d, want %d",
		    c->in, v, c->want);
}
END_TEST

/* --- valid_date --------------------------------------------------------- */

struct date_case {
	const char	*in;
	int		 ok;
	time_t		 want;
	time_t		 slack;	/* accepted deviation (fractional seconds) */
};

static const struct date_case date_cases[] = {
	{ "2026-03-01",			1, 1772323200, 0 },
	{ "2026-03-01T00:00:00Z",	1, 1772323200, 0 },
	{ "2026-03-01T12:30:00Z",	1, 1772368200, 0 },
	/* A fraction is accepted; a time_t cannot hold it. */
	{ "2026-03-01T12:30:00.5Z",	1, 1772368200, 1 },
	{ "2026-03-01T14:30:00+02:00",	1, 1772368200, 0 },
	{ "2026-03-01T10:00:00-02:30",	1, 1772368200, 0 },
	{ "2024-02-29",			1, 1709164800, 0 },
	{ "2000-02-29",			1, 951782400, 0 },
	{ "1970-01-01",			1, 0, 0 },
	{ "2026-12-31T23:59:59Z",	1, 1798761599, 0 },
	{ "2026-02-30",			0, 0, 0 },
	{ "2025-02-29",			0, 0, 0 },
	{ "1900-02-29",			0, 0, 0 },
	{ "2026-13-01",			0, 0, 0 },
	{ "2026-00-10",			0, 0, 0 },
	{ "2026-04-31",			0, 0, 0 },
	{ "2026-03-00",			0, 0, 0 },
	{ "yesterday",			0, 0, 0 },
	{ "2026-3-1",			0, 0, 0 },
	{ "2026-03-01T25:00:00Z",	0, 0, 0 },
	{ "2026-03-01T12:60:00Z",	0, 0, 0 },
	{ "2026-03-01T12:30:00+25:00",	0, 0, 0 },
	{ "",				0, 0, 0 },
	{ "2026-03-01junk",		0, 0, 0 },
	{ "2026-03-01T12:30:00Zjunk",	0, 0, 0 },
	{ "2026-03-01T",		0, 0, 0 },
	{ " 2026-03-01",		0, 0, 0 },
};

START_TEST(t_valid_date)
{
	const struct date_case	*c = &date_cases[_i];
	time_t			 t = -1;
	int			 rc;

	rc = valid_date(c->in, &t);
	ck_assert_msg(rc == c->ok, "valid_date(\"%s\") = %d, want %d",
	    c->in, rc, c->ok);
	if (c->ok)
		ck_assert_msg(t >= c->want && t <= c->want + c->slack,
		    "valid_date(\"%s\") gave %lld, want %lld", c->in,
		    (long long)t, (long long)c->want);
}
END_TEST

/* --- valid_enum --------------------------------------------------------- */

static const char *const colours[] = { "red", "green", "blue", NULL };

struct enum_case {
	const char		*in;
	const char *const	*set;
	int			 ok;
	long long		 want;
};

static const struct enum_case enum_cases[] = {
	{ "red",		colours, 1, 0 },
	{ "blue",		colours, 1, 2 },
	{ "merit_based",	valid_scholarship_types, 1, 0 },
	{ "need_based",		valid_scholarship_types, 1, 1 },
	{ "community_service",	valid_scholarship_types, 1, 5 },
	{ "Red",		colours, 0, 0 },
	{ "BLUE",		colours, 0, 0 },
	{ "",			colours, 0, 0 },
	{ "re",			colours, 0, 0 },
	{ "redd",		colours, 0, 0 },
	{ "red ",		colours, 0, 0 },
	{ "Merit_based",	valid_scholarship_types, 0, 0 },
	{ "merit",		valid_scholarship_types, 0, 0 },
	{ "bogus",		valid_scholarship_types, 0, 0 },
};

START_TEST(t_valid_enum)
{
	const struct enum_case	*c = &enum_cases[_i];
	long long		 idx = -1;
	int			 rc;

	rc = valid_enum(c->in, c->set, &idx);
	ck_assert_msg(rc == c->ok, "valid_enum(\"%s\") = %d, want %d",
	    c->in, rc, c->ok);
	if (c->ok)
		ck_assert_msg(idx == c->want, "valid_enum(\"%s\") index %lld, want %lld",
		    c->in, idx, c->want);
}
END_TEST

/* The shared enums carry exactly the SPEC §3 values. */
START_TEST(t_valid_shared_enums)
{
	static const char *const types[] = { "merit_based", "need_based",
	    "athletic", "minority", "academic_achievement",
	    "community_service" };
	static const char *const grades[] = { "high_school", "undergraduate",
	    "graduate", "doctoral", "post_doctoral" };
	static const char *const cit[] = { "US", "permanent_resident",
	    "international" };
	size_t	 i, n;
	long long idx;

	for (n = 0; valid_scholarship_types[n] != NULL; n++)
		continue;
	ck_assert_uint_eq(n, NELEM(types));
	for (i = 0; i < NELEM(types); i++) {
		ck_assert_int_eq(valid_enum(types[i], valid_scholarship_types,
		    &idx), 1);
		ck_assert_int_eq(idx, (long long)i);
	}
	for (n = 0; valid_grade_levels[n] != NULL; n++)
		continue;
	ck_assert_uint_eq(n, NELEM(grades));
	for (i = 0; i < NELEM(grades); i++)
		ck_assert_int_eq(valid_enum(grades[i], valid_grade_levels, &idx), 1);
	for (n = 0; valid_citizenship[n] != NULL; n++)
		continue;
	ck_assert_uint_eq(n, NELEM(cit));
	for (i = 0; i < NELEM(cit); i++)
		ck_assert_int_eq(valid_enum(cit[i], valid_citizenship, &idx), 1);
	for (n = 0; valid_fields_of_study[n] != NULL; n++)
		continue;
	ck_assert_uint_eq(n, 15);
	ck_assert_int_eq(valid_enum("computer_science", valid_fields_of_study,
	    &idx), 1);
	/* 50 states + DC. */
	for (n = 0; valid_us_states[n] != NULL; n++)
		continue;
	ck_assert_uint_eq(n, 51);
	ck_assert_int_eq(valid_enum("DC", valid_us_states, &idx), 1);
	ck_assert_int_eq(valid_enum("CA", valid_us_states, &idx), 1);
	ck_assert_int_eq(valid_enum("ca", valid_us_states, &idx), 0);
	ck_assert_int_eq(valid_enum("XX", valid_us_states, &idx), 0);
}
END_TEST

/* --- valid_string / valid_utf8 ------------------------------------------ */

struct str_case {
	const char	*in;
	size_t		 min, max;
	int		 ok;
};

static const struct str_case str_cases[] = {
	{ "abc",			1, 3, 1 },
	{ "a",				1, 3, 1 },
	{ "",				0, 3, 1 },
	{ "\xc3\xa9t\xc3\xa9",		5, 5, 1 },	/* "été", 5 bytes */
	{ "\xf0\x9f\x8e\x93",		1, 4, 1 },	/* U+1F393 emoji */
	{ "\xe2\x82\xac",		1, 10, 1 },	/* euro sign */
	{ "\xf4\x8f\xbf\xbf",		1, 10, 1 },	/* U+10FFFF */
	{ "O'Brien; select * from x",	1, 100, 1 },
	{ "abcd",			1, 3, 0 },
	{ "",				1, 3, 0 },
	{ "\xc3\xa9",			1, 1, 0 },	/* 2 bytes > 1 */
	{ "\xf0\x9f\x8e\x93",		1, 3, 0 },	/* 4 bytes > 3 */
	{ "\xff",			0, 10, 0 },
	{ "a\xfe" "b",			0, 10, 0 },
	{ "\xc0\xaf",			0, 10, 0 },	/* overlong '/' */
	{ "\xe0\x80\xaf",		0, 10, 0 },	/* overlong '/' */
	{ "\xed\xa0\x80",		0, 10, 0 },	/* surrogate D800 */
	{ "\xed\xbf\xbf",		0, 10, 0 },	/* surrogate DFFF */
	{ "\xf4\x90\x80\x80",		0, 10, 0 },	/* > U+10FFFF */
	{ "\xe2\x82",			0, 10, 0 },	/* truncated */
	{ "\x80",			0, 10, 0 },	/* lone continuation */
};

START_TEST(t_valid_string)
{
	const struct str_case	*c = &str_cases[_i];
	int			 rc;

	rc = valid_string(c->in, c->min, c->max);
	ck_assert_msg(rc == c->ok, "valid_string(case %d, %zu..%zu) = %d, want %d",
	    _i, c->min, c->max, rc, c->ok);
	/* Length bounds aside, valid_utf8 must agree on the encoding. */
	if (c->ok)
		ck_assert_int_eq(valid_utf8(c->in, strlen(c->in)), 1);
}
END_TEST

START_TEST(t_valid_utf8)
{
	ck_assert_int_eq(valid_utf8("", 0), 1);
	ck_assert_int_eq(valid_utf8("plain", 5), 1);
	ck_assert_int_eq(valid_utf8("\xf0\x9f\x8e\x93", 4), 1);
	ck_assert_int_eq(valid_utf8("\xf0\x9f\x8e\x93", 3), 0);
	ck_assert_int_eq(valid_utf8("\xff", 1), 0);
	ck_assert_int_eq(valid_utf8("\xc0\xaf", 2), 0);
	ck_assert_int_eq(valid_utf8("\xed\xa0\x80", 3), 0);
	/* The length is honoured: the bad byte after it is not read. */
	ck_assert_int_eq(valid_utf8("ab\xff", 2), 1);
}
END_TEST

/* --- valid_id ----------------------------------------------------------- */

struct id_case {
	const char	*in;
	int		 ok;
};

#define ID64 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
static const struct id_case id_cases[] = {
	{ "sch_001", 1 }, { "a", 1 }, { "A-Z_09", 1 }, { ID64, 1 },
	{ "", 0 }, { ID64 "x", 0 }, { "a b", 0 }, { "a/b", 0 },
	{ "a.b", 0 }, { "\xc3\xa9", 0 }, { "a%20", 0 }, { "../x", 0 },
	{ "a'b", 0 }, { "a\nb", 0 },
};

START_TEST(t_valid_id)
{
	const struct id_case	*c = &id_cases[_i];

	ck_assert_uint_eq(strlen(ID64), 64);
	ck_assert_msg(valid_id(c->in) == c->ok, "valid_id(\"%s\") != %d",
	    c->in, c->ok);
}
END_TEST

/* --- valid_args --------------------------------------------------------- */

enum {
	P_LIMIT,
	P_TYPES,
	P_Q,
	P_STATES,
	P_NEED,
	P__MAX
};

static const struct vparam params[P__MAX] = {
	[P_LIMIT] = { .name = "limit", .type = V_INT, .imin = 1, .imax = 100 },
	[P_TYPES] = { .name = "scholarship_types", .type = V_ENUM,
	    .flags = VF_LIST, .enums = valid_scholarship_types },
	[P_Q] = { .name = "q", .type = V_STRING, .minlen = 1, .maxlen = 20,
	    .alias = { "query", "keyword" } },
	[P_STATES] = { .name = "states", .type = V_STRING, .flags = VF_LIST,
	    .minlen = 2, .maxlen = 2 },
	[P_NEED] = { .name = "need", .type = V_BOOL },
};

static const struct vparam req_params[] = {
	{ .name = "id", .type = V_STRING, .flags = VF_REQUIRED, .minlen = 1,
	    .maxlen = 64 },
	{ .name = "n", .type = V_INT, .imin = 0, .imax = 10 },
};

#define KV(k, v)	{ (k), (v), sizeof(v) - 1 }

struct vctx {
	struct arena	 a;
	struct vval	 out[P__MAX];
	struct verrs	 errs;
};

static int
vrun(struct vctx *x, const struct vparam *tbl, size_t n,
    const struct kv *args, size_t nargs)
{
	memset(x, 0, sizeof(*x));
	arena_init(&x->a);
	return valid_args(tbl, n, args, nargs, x->out, &x->errs, &x->a);
}

static int
has_err(const struct verrs *e, const char *field)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].field != NULL &&
		    strncmp(e->v[i].field, field, strlen(field)) == 0)
			return 1;
	return 0;
}

START_TEST(t_valid_args_ok)
{
	static const struct kv args[] = {
		KV("limit", "25"),
		KV("scholarship_types", "athletic,minority"),
		KV("unknown", "ignored"),
		KV("q", "robotics"),
		KV("need", "yes"),
	};
	struct vctx	 x;

	ck_assert_int_eq(vrun(&x, params, P__MAX, args, NELEM(args)), SCH_OK);
	ck_assert_uint_eq(x.errs.n, 0);
	ck_assert_int_eq(x.out[P_LIMIT].set, 1);
	ck_assert_int_eq(x.out[P_LIMIT].i, 25);
	ck_assert_int_eq(x.out[P_TYPES].set, 1);
	ck_assert_uint_eq(x.out[P_TYPES].nitems, 2);
	ck_assert_int_eq(x.out[P_TYPES].items[0].i, 2);	/* athletic */
	ck_assert_int_eq(x.out[P_TYPES].items[1].i, 3);	/* minority */
	ck_assert_int_eq(x.out[P_Q].set, 1);
	ck_assert_str_eq(x.out[P_Q].s, "robotics");
	ck_assert_int_eq(x.out[P_STATES].set, 0);
	ck_assert_int_eq(x.out[P_NEED].set, 1);
	ck_assert_int_eq(x.out[P_NEED].i, 1);
	arena_free(&x.a);
}
END_TEST

/* Lists: repeated keys and comma separation combine, in order. */
START_TEST(t_valid_args_list)
{
	struct vctx	 x;
	struct arena	 qa;
	struct kv	*args = NULL;
	size_t		 nargs = 0;

	arena_init(&qa);
	ck_assert_int_eq(req_parse_query(&qa, "states=CA,NY&states=TX",
	    &args, &nargs), SCH_OK);
	ck_assert_int_eq(vrun(&x, params, P__MAX, args, nargs), SCH_OK);
	ck_assert_int_eq(x.out[P_STATES].set, 1);
	ck_assert_uint_eq(x.out[P_STATES].nitems, 3);
	ck_assert_str_eq(x.out[P_STATES].items[0].s, "CA");
	ck_assert_str_eq(x.out[P_STATES].items[1].s, "NY");
	ck_assert_str_eq(x.out[P_STATES].items[2].s, "TX");
	arena_free(&x.a);

	/* A single value is a list of one. */
	ck_assert_int_eq(req_parse_query(&qa, "states=WA", &args, &nargs),
	    SCH_OK);
	ck_assert_int_eq(vrun(&x, params, P__MAX, args, nargs), SCH_OK);
	ck_assert_uint_eq(x.out[P_STATES].nitems, 1);
	ck_assert_str_eq(x.out[P_STATES].items[0].s, "WA");
	arena_free(&x.a);

	/* One bad element fails the list. */
	ck_assert_int_eq(req_parse_query(&qa, "states=CA,NYC&states=TX",
	    &args, &nargs), SCH_OK);
	ck_assert_int_eq(vrun(&x, params, P__MAX, args, nargs), SCH_EVALID);
	ck_assert(has_err(&x.errs, "states"));
	arena_free(&x.a);
	arena_free(&qa);
}
END_TEST

/* An alias is accepted in place of the name, into the same slot. */
START_TEST(t_valid_args_alias)
{
	static const struct kv a1[] = { KV("query", "nursing") };
	static const struct kv a2[] = { KV("keyword", "law") };
	static const struct kv a3[] = { KV("querry", "law") };
	struct vctx	 x;

	ck_assert_int_eq(vrun(&x, params, P__MAX, a1, NELEM(a1)), SCH_OK);
	ck_assert_int_eq(x.out[P_Q].set, 1);
	ck_assert_str_eq(x.out[P_Q].s, "nursing");
	arena_free(&x.a);
	ck_assert_int_eq(vrun(&x, params, P__MAX, a2, NELEM(a2)), SCH_OK);
	ck_assert_int_eq(x.out[P_Q].set, 1);
	ck_assert_str_eq(x.out[P_Q].s, "law");
	arena_free(&x.a);
	/* Twin: a near-miss name is just an unknown key. */
	ck_assert_int_eq(vrun(&x, params, P__MAX, a3, NELEM(a3)), SCH_OK);
	ck_assert_int_eq(x.out[P_Q].set, 0);
	arena_free(&x.a);
}
END_TEST

/* Every bad field is reported, not just the first. */
START_TEST(t_valid_args_errors)
{
	static const struct kv bad2[] = {
		KV("limit", "abc"),
		KV("q", "ok"),
		KV("scholarship_types", "bogus"),
	};
	static const struct kv bad1[] = { KV("limit", "101") };
	static const struct kv badq[] = { KV("q", "this value is far too long") };
	struct vctx	 x;
	size_t		 i;
	int		 seen_value = 0;

	ck_assert_int_eq(vrun(&x, params, P__MAX, bad2, NELEM(bad2)),
	    SCH_EVALID);
	ck_assert_uint_eq(x.errs.n, 2);
	ck_assert(has_err(&x.errs, "limit"));
	ck_assert(has_err(&x.errs, "scholarship_types"));
	for (i = 0; i < x.errs.n; i++) {
		ck_assert_ptr_nonnull(x.errs.v[i].message);
		ck_assert(x.errs.v[i].message[0] != '\0');
		if (strcmp(x.errs.v[i].field, "limit") == 0) {
			ck_assert_ptr_nonnull(x.errs.v[i].value);
			ck_assert_str_eq(x.errs.v[i].value, "abc");
			seen_value = 1;
		}
	}
	ck_assert(seen_value);
	arena_free(&x.a);

	ck_assert_int_eq(vrun(&x, params, P__MAX, bad1, NELEM(bad1)),
	    SCH_EVALID);
	ck_assert_uint_eq(x.errs.n, 1);
	ck_assert_str_eq(x.errs.v[0].field, "limit");
	arena_free(&x.a);

	ck_assert_int_eq(vrun(&x, params, P__MAX, badq, NELEM(badq)),
	    SCH_EVALID);
	ck_assert_uint_eq(x.errs.n, 1);
	ck_assert(has_err(&x.errs, "q"));
	arena_free(&x.a);

	/* Twin: nothing at all is fine when nothing is required. */
	ck_assert_int_eq(vrun(&x, params, P__MAX, NULL, 0), SCH_OK);
	ck_assert_uint_eq(x.errs.n, 0);
	for (i = 0; i < P__MAX; i++)
		ck_assert_int_eq(x.out[i].set, 0);
	arena_free(&x.a);
}
END_TEST

START_TEST(t_valid_args_required)
{
	static const struct kv none[] = { KV("n", "3") };
	static const struct kv present[] = { KV("id", "sch_001"), KV("n", "3") };
	struct vctx	 x;

	ck_assert_int_eq(vrun(&x, req_params, NELEM(req_params), none,
	    NELEM(none)), SCH_EVALID);
	ck_assert_uint_eq(x.errs.n, 1);
	ck_assert_str_eq(x.errs.v[0].field, "id");
	arena_free(&x.a);

	ck_assert_int_eq(vrun(&x, req_params, NELEM(req_params), present,
	    NELEM(present)), SCH_OK);
	ck_assert_int_eq(x.out[0].set, 1);
	ck_assert_str_eq(x.out[0].s, "sch_001");
	ck_assert_int_eq(x.out[1].i, 3);
	arena_free(&x.a);
}
END_TEST

START_TEST(t_verrs_add)
{
	struct verrs	 e;
	size_t		 i;

	memset(&e, 0, sizeof(e));
	verrs_add(&e, "a", "bad", "x");
	verrs_add(&e, "b", "bad", NULL);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.v[0].field, "a");
	ck_assert_str_eq(e.v[0].value, "x");
	ck_assert_ptr_null(e.v[1].value);
	/* Overflow is bounded, never past the array. */
	for (i = 0; i < 100; i++)
		verrs_add(&e, "c", "bad", NULL);
	ck_assert_uint_le(e.n, NELEM(e.v));
}
END_TEST

Suite *
suite_valid(void)
{
	Suite	*s = suite_create("valid");
	TCase	*tc;

	tc = tcase_create("scalars");
	tcase_add_loop_test(tc, t_valid_int, 0, NELEM(int_cases));
	tcase_add_loop_test(tc, t_valid_double, 0, NELEM(dbl_cases));
	tcase_add_loop_test(tc, t_valid_bool, 0, NELEM(bool_cases));
	tcase_add_loop_test(tc, t_valid_date, 0, NELEM(date_cases));
	tcase_add_loop_test(tc, t_valid_enum, 0, NELEM(enum_cases));
	tcase_add_test(tc, t_valid_shared_enums);
	tcase_add_loop_test(tc, t_valid_string, 0, NELEM(str_cases));
	tcase_add_test(tc, t_valid_utf8);
	tcase_add_loop_test(tc, t_valid_id, 0, NELEM(id_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("args");
	tcase_add_test(tc, t_valid_args_ok);
	tcase_add_test(tc, t_valid_args_list);
	tcase_add_test(tc, t_valid_args_alias);
	tcase_add_test(tc, t_valid_args_errors);
	tcase_add_test(tc, t_valid_args_required);
	tcase_add_test(tc, t_verrs_add);
	suite_add_tcase(s, tc);
	return s;
}
