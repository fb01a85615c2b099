/*
 * JSON (json.h): the streaming writer's output byte for byte, its
 * escaping, number formatting, and the bounded parser.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "err.h"
#include "json.h"
#include "valid.h"

#include "tests.h"

struct w {
	struct buf	 b;
	struct jw	 jw;
};

static void
w_init(struct w *w)
{
	buf_init(&w->b, 1 << 20);
	jw_init(&w->jw, &w->b);
}

/* Finish: no error, and the text is what was wanted. */
static void
w_expect(struct w *w, const char *want)
{
	ck_assert_int_eq(buf_error(&w->b), SCH_OK);
	ck_assert_str_eq(buf_cstr(&w->b), want);
	buf_free(&w->b);
}

/* Parse the writer's output with json-c, as a client would. */
static struct json_object *
w_parse(struct w *w)
{
	struct json_object	*o;

	o = json_tokener_parse(buf_cstr(&w->b));
	ck_assert_msg(o != NULL, "not JSON: %s", buf_cstr(&w->b));
	return o;
}

START_TEST(t_jw_compact)
{
	struct w	 w;

	w_init(&w);
	jw_obj_open(&w.jw);
	jw_kint(&w.jw, "a", 1);
	jw_key(&w.jw, "b");
	jw_arr_open(&w.jw);
	jw_bool(&w.jw, 1);
	jw_null(&w.jw);
	jw_str(&w.jw, "x");
	jw_arr_close(&w.jw);
	jw_obj_close(&w.jw);
	w_expect(&w, "{\"a\":1,\"b\":[true,null,\"x\"]}");
}
END_TEST

START_TEST(t_jw_nested)
{
	struct w	 w;

	w_init(&w);
	jw_obj_open(&w.jw);
	jw_key(&w.jw, "o");
	jw_obj_open(&w.jw);
	jw_key(&w.jw, "e");
	jw_arr_open(&w.jw);
	jw_arr_close(&w.jw);
	jw_kbool(&w.jw, "f", 0);
	jw_obj_close(&w.jw);
	jw_key(&w.jw, "p");
	jw_obj_open(&w.jw);
	jw_obj_close(&w.jw);
	jw_kstr(&w.jw, "s", NULL);
	jw_kraw(&w.jw, "r", "[1,2]");
	jw_kdouble(&w.jw, "d", 2.5);
	jw_obj_close(&w.jw);
	w_expect(&w, "{\"o\":{\"e\":[],\"f\":false},\"p\":{},\"s\":null,"
	    "\"r\":[1,2],\"d\":2.5}");

	w_init(&w);
	jw_arr_open(&w.jw);
	jw_int(&w.jw, 1);
	jw_arr_open(&w.jw);
	jw_int(&w.jw, 2);
	jw_int(&w.jw, 3);
	jw_arr_close(&w.jw);
	jw_obj_open(&w.jw);
	jw_obj_close(&w.jw);
	jw_raw(&w.jw, "{\"k\":true}");
	jw_arr_close(&w.jw);
	w_expect(&w, "[1,[2,3],{},{\"k\":true}]");
}
END_TEST

START_TEST(t_jw_ints)
{
	struct w	 w;

	w_init(&w);
	jw_arr_open(&w.jw);
	jw_int(&w.jw, 0);
	jw_int(&w.jw, -42);
	jw_int(&w.jw, 9223372036854775807LL);
	jw_int(&w.jw, -9223372036854775807LL - 1);
	jw_arr_close(&w.jw);
	w_expect(&w, "[0,-42,9223372036854775807,-9223372036854775808]");
}
END_TEST

START_TEST(t_jw_escape)
{
	struct w		 w;
	struct json_object	*o;

	w_init(&w);
	jw_str(&w.jw, "q\"b\\s");
	w_expect(&w, "\"q\\\"b\\\\s\"");

	w_init(&w);
	jw_str(&w.jw, "\x01" "a" "\x7f");
	/* DEL is not a control character for JSON; it may pass through. */
	ck_assert_msg(strncmp(buf_cstr(&w.b), "\"\\u0001a", 8) == 0,
	    "got %s", buf_cstr(&w.b));
	buf_free(&w.b);

	/* Every control character round-trips and none stays raw. */
	w_init(&w);
	jw_str(&w.jw, "\t\n\r\x1f\x08\x0c");
	{
		const char	*p;

		for (p = buf_cstr(&w.b); *p != '\0'; p++)
			ck_assert_msg((unsigned char)*p >= 0x20,
			    "raw control byte 0x%02x", (unsigned char)*p);
	}
	o = w_parse(&w);
	ck_assert_str_eq(json_object_get_string(o), "\t\n\r\x1f\x08\x0c");
	json_object_put(o);
	buf_free(&w.b);

	/* A key is escaped too. */
	w_init(&w);
	jw_obj_open(&w.jw);
	jw_kstr(&w.jw, "k\"", "v");
	jw_obj_close(&w.jw);
	w_expect(&w, "{\"k\\\"\":\"v\"}");

	/* jw_strn: explicit length, an embedded NUL is escaped. */
	w_init(&w);
	jw_strn(&w.jw, "ab\0cd", 5);
	w_expect(&w, "\"ab\\u0000cd\"");

	w_init(&w);
	jw_strn(&w.jw, "abcdef", 3);
	w_expect(&w, "\"abc\"");
}
END_TEST

struct utf8_case {
	const char	*in;
	const char	*decoded;	/* what a client decodes */
};

static const struct utf8_case utf8_cases[] = {
	{ "a\xff" "b", "a\xef\xbf\xbd" "b" },
	{ "\xfe", "\xef\xbf\xbd" },
	{ "x\xe2\x82", NULL },				/* truncated */
	{ "\xed\xa0\x80", NULL },			/* surrogate */
	{ "\xc0\xaf", NULL },				/* overlong */
	{ "\xf0\x9f\x8e\x93", "\xf0\x9f\x8e\x93" },	/* emoji */
	{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
	{ "\xe2\x82\xac", "\xe2\x82\xac" },
};

START_TEST(t_jw_utf8)
{
	const struct utf8_case	*c = &utf8_cases[_i];
	struct w		 w;
	struct json_object	*o;
	const char		*s;

	w_init(&w);
	jw_str(&w.jw, c->in);
	o = w_parse(&w);
	s = json_object_get_string(o);
	if (c->decoded != NULL)
		ck_assert_str_eq(s, c->decoded);
	else {
		/* Replaced, whatever the number of U+FFFD. */
		ck_assert_ptr_nonnull(strstr(s, "\xef\xbf\xbd"));
		ck_assert_int_eq(valid_utf8(s, strlen(s)), 1);
	}
	json_object_put(o);
	/* Valid UTF-8 passes through unescaped. */
	if (c->decoded != NULL && strcmp(c->in, c->decoded) == 0)
		ck_assert_ptr_nonnull(strstr(buf_cstr(&w.b), c->in));
	buf_free(&w.b);
}
END_TEST

START_TEST(t_json_escape)
{
	struct buf	 b;

	buf_init(&b, 1024);
	json_escape(&b, "a\"b\\c\x01", 6);
	ck_assert_str_eq(buf_cstr(&b), "a\\\"b\\\\c\\u0001");
	buf_reset(&b);
	json_escape(&b, "plain", 3);
	ck_assert_str_eq(buf_cstr(&b), "pla");
	buf_free(&b);
}
END_TEST

/* --- numbers ------------------------------------------------------------ */

struct num_case {
	double		 v;
	int		 round4;
	const char	*want;
};

static const struct num_case num_cases[] = {
	{ 0.1 + 0.2, 1, "0.3" },
	{ 0.6000000000000001, 1, "0.6" },
	{ 2.71828, 1, "2.7183" },
	{ -0.5, 1, "-0.5" },
	{ 1.0, 1, "1" },
	{ 0.0, 1, "0" },
	{ 0.00004, 1, "0" },
	{ 0.99996, 1, "1" },
	{ 1234.5678, 1, "1234.5678" },
	{ 2.5, 0, "2.5" },
	{ 1234.5, 0, "1234.5" },
	{ 0.1, 0, "0.1" },
	{ 1e21, 0, "1e+21" },
	{ NAN, 0, "null" },
	{ INFINITY, 0, "null" },
	{ -INFINITY, 0, "null" },
	{ NAN, 1, "null" },
	{ INFINITY, 1, "null" },
};

START_TEST(t_jw_numbers)
{
	const struct num_case	*c = &num_cases[_i];
	struct w		 w;

	w_init(&w);
	if (c->round4)
		jw_round4(&w.jw, c->v);
	else
		jw_double(&w.jw, c->v);
	w_expect(&w, c->want);
}
END_TEST

/* Every jw_double output is a JSON number json-c reads back exactly. */
START_TEST(t_jw_double_roundtrip)
{
	static const double	 vals[] = { 0.1, 1.0 / 3.0, 1e-7, 123456789.125,
	    -2.5e-300, 5e300 };
	struct w		 w;
	struct json_object	*o;
	size_t			 i;

	for (i = 0; i < NELEM(vals); i++) {
		w_init(&w);
		jw_double(&w.jw, vals[i]);
		o = w_parse(&w);
		ck_assert(json_object_is_type(o, json_type_double) ||
		    json_object_is_type(o, json_type_int));
		ck_assert_double_eq_tol(json_object_get_double(o), vals[i],
		    fabs(vals[i]) * 1e-14);
		json_object_put(o);
		buf_free(&w.b);
	}
}
END_TEST

/* --- json_parse --------------------------------------------------------- */

struct parse_case {
	const char	*in;
	size_t		 len;	/* 0 = strlen */
	int		 rc;
};

static const struct parse_case parse_cases[] = {
	{ "{\"a\":[1,2,{\"b\":null}]}", 0, SCH_OK },
	{ "  {\"a\":1}\n ", 0, SCH_OK },
	{ "[]", 0, SCH_OK },
	{ "\"s\"", 0, SCH_OK },
	{ "42", 0, SCH_OK },
	{ "{\"a\":\"\\u00e9\"}", 0, SCH_OK },
	{ "{\"a\":1} x", 0, SCH_EBADREQ },
	{ "{\"a\":1}{}", 0, SCH_EBADREQ },
	{ "[1,2]]", 0, SCH_EBADREQ },
	{ "{\"a\":", 0, SCH_EBADREQ },
	{ "[1,2", 0, SCH_EBADREQ },
	{ "{\"a\":1", 0, SCH_EBADREQ },
	{ "\"abc", 0, SCH_EBADREQ },
	{ "", 0, SCH_EBADREQ },
	{ "   ", 0, SCH_EBADREQ },
	{ "{a:1}", 0, SCH_EBADREQ },
	{ "{\"a\":1,}", 0, SCH_EBADREQ },
	{ "nul", 0, SCH_EBADREQ },
	{ "{}\0x", 4, SCH_EBADREQ },
	{ "{}\0", 3, SCH_EBADREQ },
	/* The length bounds the input: "{}" followed by garbage not read. */
	{ "{}garbage", 2, SCH_OK },
};

START_TEST(t_json_parse)
{
	const struct parse_case	*c = &parse_cases[_i];
	struct json_object	*o = NULL;
	size_t			 len = c->len ? c->len : strlen(c->in);
	int			 rc;

	rc = json_parse(c->in, len, &o);
	ck_assert_msg(rc == c->rc, "json_parse(case %d \"%s\") = %d, want %d",
	    _i, c->in, rc, c->rc);
	if (rc == SCH_OK)
		json_object_put(o);
}
END_TEST

static char *
nested(size_t depth)
{
	char	*s;

	s = malloc(2 * depth + 1);
	ck_assert_ptr_nonnull(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\0';
	return s;
}

START_TEST(t_json_parse_depth)
{
	struct json_object	*o = NULL;
	char			*s;

	/* Twin: modest nesting is fine. */
	s = nested(10);
	ck_assert_int_eq(json_parse(s, strlen(s), &o), SCH_OK);
	json_object_put(o);
	free(s);

	s = nested(10000);
	ck_assert_int_eq(json_parse(s, strlen(s), &o), SCH_EBADREQ);
	free(s);

	/* Unclosed deep nesting, as an attacker sends it. */
	s = nested(10000);
	s[10000] = '\0';
	ck_assert_int_eq(json_parse(s, strlen(s), &o), SCH_EBADREQ);
	free(s);
}
END_TEST

START_TEST(t_json_parse_values)
{
	struct json_object	*o = NULL, *v = NULL;
	const char		*in = "{\"name\":\"O'Brien\",\"n\":[1,2,3]}";

	ck_assert_int_eq(json_parse(in, strlen(in), &o), SCH_OK);
	ck_assert(json_object_is_type(o, json_type_object));
	ck_assert(json_object_object_get_ex(o, "name", &v));
	ck_assert_str_eq(json_object_get_string(v), "O'Brien");
	ck_assert(json_object_object_get_ex(o, "n", &v));
	ck_assert_uint_eq(json_object_array_length(v), 3);
	json_object_put(o);
}
END_TEST

Suite *
suite_json(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc;

	tc = tcase_create("writer");
	tcase_add_test(tc, t_jw_compact);
	tcase_add_test(tc, t_jw_nested);
	tcase_add_test(tc, t_jw_ints);
	tcase_add_test(tc, t_jw_escape);
	tcase_add_loop_test(tc, t_jw_utf8, 0, NELEM(utf8_cases));
	tcase_add_test(tc, t_json_escape);
	tcase_add_loop_test(tc, t_jw_numbers, 0, NELEM(num_cases));
	tcase_add_test(tc, t_jw_double_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("parser");
	tcase_add_loop_test(tc, t_json_parse, 0, NELEM(parse_cases));
	tcase_add_test(tc, t_json_parse_depth);
	tcase_add_test(tc, t_json_parse_values);
	suite_add_tcase(s, tc);
	return s;
}
