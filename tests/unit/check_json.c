/*
 * JSON (json.h): the streaming writer's output byte for byte, its
 * escaping, number formatting, and the bounded parser.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
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

/* --- escaping against a reference -------------------------------------- */

/*
 * The reference for json_escape(): one byte or sequence at a time,
 * UTF-8 checked by decoding the code point (a different method from
 * json_utf8_seq()'s byte ranges).  Length of the valid sequence at s,
 * or 0.
 */
static size_t
ref_utf8(const unsigned char *s, size_t n)
{
	unsigned long	 cp;
	size_t		 len, k;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000))
		return 0;	/* overlong */
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Escape s[0..n) into b as the plain loop does: each run of bytes that
 * need nothing in one buf_add(), then the escape.  The order of the
 * appends matters when b reaches its maximum.
 */
static void
ref_escape(struct buf *b, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run = 0, l;
	char			 esc[8];

	while (i < n) {
		if (s[i] >= 0x80 && (l = ref_utf8(s + i, n - i)) > 0) {
			i += l;
			continue;
		}
		if (s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' &&
		    s[i] != '\\') {
			i++;
			continue;
		}
		buf_add(b, s + run, i - run);
		if (s[i] == '"')
			buf_add(b, "\\\"", 2);
		else if (s[i] == '\\')
			buf_add(b, "\\\\", 2);
		else if (s[i] == '\n')
			buf_add(b, "\\n", 2);
		else if (s[i] == '\r')
			buf_add(b, "\\r", 2);
		else if (s[i] == '\t')
			buf_add(b, "\\t", 2);
		else if (s[i] < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", s[i]);
			buf_add(b, esc, 6);
		} else
			buf_add(b, "\\ufffd", 6);
		run = ++i;
	}
	buf_add(b, s + run, n - run);
}

/* xorshift64*: fixed seeds, so a failure names a case that repeats. */
static uint64_t
rnd(uint64_t *s)
{

	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/*
 * Pieces of text the generator strings together: plain ASCII, every
 * kind of escape, DEL, valid sequences of each length at the edges of
 * their ranges, and invalid ones (truncated, overlong, surrogate, past
 * U+10FFFF, stray continuation, never-valid bytes).
 */
static const char *const pieces[] = {
	"a", "Z", " ", "~", "scholarship ", "\"", "\\", "/", "\n", "\r",
	"\t", "\x01", "\x08", "\x0c", "\x1f", "\x7f",
	"\xc2\x80", "\xc3\xa9", "\xdf\xbf", "\xe0\xa0\x80", "\xe2\x80\x94",
	"\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf",
	"\xf0\x90\x80\x80", "\xf0\x9f\x8e\x93", "\xf4\x8f\xbf\xbf",
	"\xc2", "\xe2\x82", "\xf0\x9f\x8e", "\xc0\xaf", "\xc1\xbf",
	"\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
	"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xbf", "\xfe",
	"\xff", "\xc3\xc3\xa9", "\xe2\x28\xa1",
};

#define MAXPIECE	16	/* no piece is longer */

/* Escape in with both, into buffers of the same maximum; same result. */
static void
escape_same(const char *in, size_t n, size_t max, const char *what,
    unsigned long k)
{
	struct buf	 got, want;

	buf_init(&got, max);
	buf_init(&want, max);
	json_escape(&got, in, n);
	ref_escape(&want, in, n);
	/* Not ck_assert(): a passing one costs a write, and these run often. */
	if (buf_error(&got) != buf_error(&want))
		ck_abort_msg("%s %lu (max %zu): error %d, want %d", what, k,
		    max, buf_error(&got), buf_error(&want));
	if (got.len != want.len ||
	    memcmp(buf_cstr(&got), buf_cstr(&want), got.len) != 0)
		ck_abort_msg("%s %lu (max %zu): got \"%s\", want \"%s\"",
		    what, k, max, buf_cstr(&got), buf_cstr(&want));
	buf_free(&got);
	buf_free(&want);
}

START_TEST(t_json_escape_random_bytes)
{
	uint64_t	 seed = 1;
	char		 in[300];
	size_t		 n, j;
	unsigned long	 k;

	for (k = 0; k < 20000; k++) {
		n = rnd(&seed) % (k % 10 == 0 ? sizeof(in) : 40);
		for (j = 0; j < n; j++)
			in[j] = (char)rnd(&seed);
		escape_same(in, n, 1 << 20, "random bytes", k);
	}
}
END_TEST

START_TEST(t_json_escape_random_pieces)
{
	uint64_t	 seed = 2;
	char		 in[1200];
	const char	*p;
	size_t		 n, l;
	unsigned long	 k;
	int		 ascii;

	for (k = 0; k < 20000; k++) {
		/* Some inputs mostly long ASCII runs, some dense with pieces. */
		ascii = rnd(&seed) % 2;
		n = 0;
		while (n + MAXPIECE <= sizeof(in) && rnd(&seed) % 64 != 0) {
			if (ascii && rnd(&seed) % 8 != 0) {
				l = rnd(&seed) % 40;
				if (l > sizeof(in) - n)
					l = sizeof(in) - n;
				memset(in + n, 'a' + (int)(k % 26), l);
				n += l;
				continue;
			}
			p = pieces[rnd(&seed) % NELEM(pieces)];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		escape_same(in, n, 1 << 20, "pieces", k);
	}
}
END_TEST

/*
 * Every piece at every position of ASCII texts of 0-40 bytes, and cut
 * short at every length: the eight-byte scan must find a byte wherever
 * it is and never read or decide past n.
 */
START_TEST(t_json_escape_positions)
{
	char		 in[64];
	size_t		 len, pos, l, cut;
	unsigned int	 i;
	unsigned long	 k = 0;

	for (i = 0; i < NELEM(pieces); i++) {
		l = strlen(pieces[i]);
		for (len = 0; len <= 40; len++)
			for (pos = 0; pos <= len; pos++) {
				memset(in, 'q', len);
				memcpy(in + pos, pieces[i], l);
				memset(in + pos + l, 'r', len - pos);
				for (cut = pos; cut <= len + l; cut++)
					escape_same(in, cut, 1 << 20,
					    "position", k++);
			}
	}
}
END_TEST

/*
 * A buffer that fills up while escaping stops where the plain loop
 * stops: same error, same bytes kept, for every maximum up to the
 * whole output, on mixed inputs.
 */
START_TEST(t_json_escape_max)
{
	uint64_t	 seed = 3;
	char		 in[200];
	const char	*p;
	struct buf	 full;
	size_t		 n, max;
	unsigned long	 k;

	for (k = 0; k < 300; k++) {
		n = 0;
		while (n + MAXPIECE <= sizeof(in) && rnd(&seed) % 24 != 0) {
			p = pieces[rnd(&seed) % NELEM(pieces)];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		buf_init(&full, 1 << 20);
		ref_escape(&full, in, n);
		for (max = 0; max <= full.len + 1; max++)
			escape_same(in, n, max, "max", k);
		buf_free(&full);
	}
}
END_TEST

/*
 * json_utf8_seq() against the decoding reference for every lead and
 * second byte, third and fourth bytes at the edges of the
 * continuation range, and every available length.
 */
START_TEST(t_json_utf8_seq)
{
	static const unsigned char	 edge[] = { 0x00, 0x41, 0x7f, 0x80,
	    0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff };
	unsigned char			 s[4];
	unsigned int			 a, b, c, d;
	size_t				 n;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < NELEM(edge); c++)
				for (d = 0; d < NELEM(edge); d++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = edge[c];
					s[3] = edge[d];
					for (n = 1; n <= 4; n++)
						if (json_utf8_seq(s, n) !=
						    ref_utf8(s, n))
							ck_abort_msg("%02x %02x"
							    " %02x %02x n=%zu",
							    a, b, edge[c],
							    edge[d], n);
				}
}
END_TEST

/* --- key, raw and tail writers --------------------------------------- */

START_TEST(t_jw_lengths)
{
	struct w	 w;

	/* Lengths bound keys, raw values and both pieces of a tail. */
	w_init(&w);
	jw_obj_open(&w.jw);
	jw_keyn(&w.jw, "abcdef", 3);
	jw_rawn(&w.jw, "12345", 2);
	jw_keyn(&w.jw, "q\"x", 2);
	jw_strn_tail(&w.jw, "hello world", 5, "...");
	jw_keyn(&w.jw, "", 0);
	jw_strn_tail(&w.jw, "", 0, "");
	jw_obj_close(&w.jw);
	w_expect(&w, "{\"abc\":12,\"q\\\"\":\"hello...\",\"\":\"\"}");

	/* Twin: the string forms agree with the counted ones. */
	w_init(&w);
	jw_obj_open(&w.jw);
	jw_key(&w.jw, "abc");
	jw_raw(&w.jw, "12");
	jw_key(&w.jw, "q\"");
	jw_str(&w.jw, "hello...");
	jw_obj_close(&w.jw);
	w_expect(&w, "{\"abc\":12,\"q\\\"\":\"hello...\"}");
}
END_TEST

/*
 * jw_strn_tail() is jw_strn() of the concatenation when the tail is
 * empty or starts with ASCII, wherever the head is cut (even inside a
 * sequence: the pieces cannot then share one).
 */
START_TEST(t_jw_strn_tail)
{
	static const char *const tails[] = { "", "...", "\"x\xc3\xa9",
	    "\x01" };
	uint64_t	 seed = 4;
	char		 in[128], cat[160];
	const char	*p;
	struct w	 a, b;
	size_t		 n, cut, tl;
	unsigned long	 k;

	for (k = 0; k < 5000; k++) {
		n = 0;
		while (n + MAXPIECE <= sizeof(in) && rnd(&seed) % 16 != 0) {
			p = pieces[rnd(&seed) % NELEM(pieces)];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		cut = n > 0 ? rnd(&seed) % (n + 1) : 0;
		p = tails[k % NELEM(tails)];
		tl = strlen(p);
		memcpy(cat, in, cut);
		memcpy(cat + cut, p, tl);
		w_init(&a);
		w_init(&b);
		jw_strn_tail(&a.jw, in, cut, p);
		jw_strn(&b.jw, cat, cut + tl);
		if (a.b.len != b.b.len ||
		    memcmp(buf_cstr(&a.b), buf_cstr(&b.b), a.b.len) != 0)
			ck_abort_msg("case %lu: %s vs %s", k, buf_cstr(&a.b),
			    buf_cstr(&b.b));
		buf_free(&a.b);
		buf_free(&b.b);
	}
}
END_TEST

/* jw_int() against "%lld": edges, around every power of ten, random. */
START_TEST(t_jw_int_ref)
{
	uint64_t	 seed = 5;
	long long	 v;
	char		 want[32];
	struct w	 w;
	int		 k, e;

	for (k = 0; k < 20000; k++) {
		if (k < 2)
			v = k == 0 ? LLONG_MIN : LLONG_MAX;
		else if (k < 2 + 19 * 6) {
			/* 10^e - 1, 10^e, 10^e + 1, then the negatives. */
			for (v = 1, e = 0; e < (k - 2) / 6; e++)
				v *= 10;
			v += (k - 2) % 3 - 1;
			if ((k - 2) % 6 >= 3)
				v = -v;
		} else {
			/* Every magnitude, both signs. */
			v = (long long)(rnd(&seed) >> (1 + rnd(&seed) % 63));
			if (k % 2 == 1)
				v = -v;
		}
		snprintf(want, sizeof(want), "%lld", v);
		w_init(&w);
		jw_int(&w.jw, v);
		if (strcmp(buf_cstr(&w.b), want) != 0)
			ck_abort_msg("jw_int(%s) wrote %s", want,
			    buf_cstr(&w.b));
		buf_free(&w.b);
	}
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
	tcase_add_test(tc, t_jw_lengths);
	tcase_add_test(tc, t_jw_strn_tail);
	tcase_add_test(tc, t_jw_int_ref);
	tcase_add_loop_test(tc, t_jw_numbers, 0, NELEM(num_cases));
	tcase_add_test(tc, t_jw_double_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("escape");
	tcase_add_test(tc, t_json_escape_random_bytes);
	tcase_add_test(tc, t_json_escape_random_pieces);
	tcase_add_test(tc, t_json_escape_positions);
	tcase_add_test(tc, t_json_escape_max);
	tcase_add_test(tc, t_json_utf8_seq);
	suite_add_tcase(s, tc);

	tc = tcase_create("parser");
	tcase_add_loop_test(tc, t_json_parse, 0, NELEM(parse_cases));
	tcase_add_test(tc, t_json_parse_depth);
	tcase_add_test(tc, t_json_parse_values);
	suite_add_tcase(s, tc);
	return s;
}
