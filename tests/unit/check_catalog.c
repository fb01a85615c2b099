/*
 * The JSON rendering of a scholarship row (catalog.h), from PGresults
 * built in memory: NULL, empty and ordinary values of each kind, and
 * the search summary's description cut compared with a plain reference
 * over generated texts (ASCII, multi-byte, invalid UTF-8) around the
 * 200-character limit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "buf.h"
#include "catalog.h"
#include "err.h"
#include "json.h"

#include "tests.h"

#define SUMMARY_CHARS	200
#define C_DESC		3	/* description, in catalog_columns order */

#define C_DEADLINE	6	/* a timestamp */
#define C_FIELDS	14	/* a text[] */

/*
 * One row in catalog_columns order, as PostgreSQL writes the columns'
 * text; NULL entries are SQL NULL.
 */
static const char *const base_row[] = {
	"sch_001", "Name", "", "Desc", "1000", NULL,
	"2027-01-01 00:00:00", NULL, "merit_based", "3.5", NULL,
	"{undergraduate}", NULL, "{}", "{engineering}", "18", NULL,
	"t", "f", NULL, "https://a.example.org/apply", NULL,
	"https://a.example.org", "f", "t", "2025-01-01 00:00:00.123456",
	"2025-01-02 00:00:00",
};

/* The column whose value one_row() replaces, and the value. */
static int		 over_col = -1;
static const char	*over_val;

/* A result with nrows rows of base_row, descriptions from descs[]. */
static PGresult *
result(char *const *descs, const size_t *lens, int nrows)
{
	PGresAttDesc	 att[NELEM(base_row)];
	PGresult	*r;
	const char	*v;
	int		 row, c, len;

	ck_assert_int_eq(catalog_ncolumns, (int)NELEM(base_row));
	r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	ck_assert_ptr_nonnull(r);
	memset(att, 0, sizeof(att));
	for (c = 0; c < (int)NELEM(att); c++) {
		att[c].name = (char *)"c";
		att[c].typid = 25;	/* text */
		att[c].typlen = -1;
		att[c].atttypmod = -1;
	}
	ck_assert(PQsetResultAttrs(r, (int)NELEM(att), att));
	for (row = 0; row < nrows; row++)
		for (c = 0; c < (int)NELEM(base_row); c++) {
			v = base_row[c];
			len = v == NULL ? -1 : (int)strlen(v);
			if (c == C_DESC && descs != NULL) {
				v = descs[row];
				len = v == NULL ? -1 : (int)lens[row];
			}
			if (c == over_col) {
				v = over_val;
				len = v == NULL ? -1 : (int)strlen(v);
			}
			ck_assert(PQsetvalue(r, row, c, (char *)v, len));
		}
	return r;
}

static char *
render(const PGresult *r, int row, int summary)
{
	struct buf	 b;
	struct jw	 w;
	char		*s;

	buf_init(&b, 1 << 20);
	jw_init(&w, &b);
	catalog_row_json(&w, r, row, summary);
	ck_assert_int_eq(buf_error(&b), SCH_OK);
	s = strdup(buf_cstr(&b));
	ck_assert_ptr_nonnull(s);
	buf_free(&b);
	return s;
}

/*
 * Byte for byte: NULL is null for text, numbers and booleans; an empty
 * text is "" (not null); booleans read 't'.  The summary has no
 * timestamps, and a NULL description there is "".
 */
START_TEST(t_catalog_row)
{
	char		*descs[1] = { NULL };
	size_t		 lens[1] = { 0 };
	PGresult	*r;
	char		*s;

	r = result(NULL, NULL, 1);
	s = render(r, 0, 0);
	ck_assert_str_eq(s, "{\"id\":\"sch_001\",\"name\":\"Name\","
	    "\"organization\":\"\",\"description\":\"Desc\",\"amount\":1000,"
	    "\"max_awards\":null,"
	    "\"application_deadline\":\"2027-01-01T00:00:00Z\","
	    "\"notification_date\":null,\"scholarship_type\":\"merit_based\","
	    "\"eligibility_criteria\":{\"min_gpa\":3.5,\"max_gpa\":null,"
	    "\"grade_levels\":[\"undergraduate\"],"
	    "\"citizenship_required\":null,\"residency_states\":[],"
	    "\"fields_of_study\":[\"engineering\"],\"min_age\":18,"
	    "\"max_age\":null,\"financial_need\":true,"
	    "\"essay_required\":false,\"recommendation_letters\":null},"
	    "\"application_url\":\"https://a.example.org/apply\","
	    "\"contact_email\":null,\"website_url\":\"https://a.example.org\","
	    "\"renewable\":false,\"is_active\":true,"
	    "\"created_at\":\"2025-01-01T00:00:00Z\","
	    "\"updated_at\":\"2025-01-02T00:00:00Z\"}");
	free(s);
	s = render(r, 0, 1);
	ck_assert_ptr_nonnull(strstr(s, ",\"description\":\"Desc\","));
	ck_assert_ptr_null(strstr(s, "created_at"));
	ck_assert_ptr_nonnull(strstr(s, "\"is_active\":true}"));
	free(s);
	PQclear(r);

	r = result(descs, lens, 1);
	s = render(r, 0, 1);
	ck_assert_ptr_nonnull(strstr(s, ",\"description\":\"\","));
	free(s);
	s = render(r, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, ",\"description\":null,"));
	free(s);
	PQclear(r);
}
END_TEST

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
 * The summary description as the plain loop writes it: count
 * characters one by one (a valid sequence, or one byte that starts
 * none); past 200, copy the first 197 and "..." and write the copy.
 */
static void
ref_summary(struct jw *w, const char *s, size_t n)
{
	char	 cut[SUMMARY_CHARS * 4 + 4];
	size_t	 i = 0, chars = 0, keep = 0, l;

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

static const char *const pieces[] = {
	"\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x8e\x93", "\"", "\n", "\x01",
	"\xe2\x82", "\xc3", "\x80", "\xff", "\xed\xa0\x80", "\xf0\x9f\x8e",
};

#define NPLACED	(12 * 11 * 30)	/* pieces x lengths x positions */
#define NCASES	(NPLACED + 2000)

/*
 * Texts of 195-205 ASCII bytes with each piece at the start, in the
 * middle and at every position from 180 (where the cut and the limit
 * fall); then random texts of 150-260 bytes, mostly ASCII with pieces
 * at random places, and some short ones.
 */
static size_t
gen_desc(char *d, size_t size, int k, uint64_t *seed)
{
	static const size_t	 early[] = { 0, 1, 7, 8, 100 };
	const char		*p;
	size_t			 n = 0, want, l, at, j;

	if (k < NPLACED) {
		p = pieces[k % 12];
		want = 195 + (size_t)(k / 12 % 11);
		j = (size_t)(k / (12 * 11));
		at = j < NELEM(early) ? early[j] : 180 + j - NELEM(early);
		if (at > want)
			at = want;
		memset(d, 'a', want);
		l = strlen(p);
		memmove(d + at + l, d + at, want - at);
		memcpy(d + at, p, l);
		return want + l;
	}
	want = k % 50 == 0 ? rnd(seed) % 8 : 150 + rnd(seed) % 111;
	while (n < want && n + 4 < size) {
		if (rnd(seed) % 12 == 0) {
			p = pieces[rnd(seed) % NELEM(pieces)];
			l = strlen(p);
			memcpy(d + n, p, l);
			n += l;
		} else
			d[n++] = (char)('a' + rnd(seed) % 26);
	}
	return n;
}

START_TEST(t_catalog_summary)
{
	static char	 text[NCASES][300];
	char		*descs[NCASES];
	size_t		 lens[NCASES];
	uint64_t	 seed = 6;
	PGresult	*r;
	struct buf	 want;
	struct jw	 w;
	char		*marked, *got, *at;
	size_t		 pre;
	int		 k;

	for (k = 0; k < NCASES; k++) {
		descs[k] = text[k];
		lens[k] = gen_desc(text[k], sizeof(text[k]), k, &seed);
	}
	/* What surrounds the description: render one marked "@@". */
	descs[0] = (char *)"@@";
	lens[0] = 2;
	r = result(descs, lens, NCASES);
	marked = render(r, 0, 1);
	ck_assert_ptr_nonnull(at = strstr(marked, "\"@@\""));
	pre = (size_t)(at - marked);
	buf_init(&want, 1 << 20);
	for (k = 1; k < NCASES; k++) {
		buf_reset(&want);
		buf_add(&want, marked, pre);
		jw_init(&w, &want);
		ref_summary(&w, descs[k], lens[k]);
		buf_puts(&want, at + 4);
		got = render(r, k, 1);
		if (strcmp(got, buf_cstr(&want)) != 0)
			ck_abort_msg("case %d:\n got %s\nwant %s", k, got,
			    buf_cstr(&want));
		free(got);
	}
	buf_free(&want);
	free(marked);
	PQclear(r);
}
END_TEST

/* A column, its key in the JSON and the key that follows it. */
struct probe {
	int		 col;
	const char	*key, *next_key;
};

static const struct probe deadline = { C_DEADLINE,
	"\"application_deadline\":", "\"notification_date\"" };
static const struct probe fields = { C_FIELDS, "\"fields_of_study\":",
	"\"min_age\"" };

/*
 * The JSON written for the value v (NULL: SQL NULL) of the probe's
 * column: what follows its key up to the comma before the next key.
 */
static char *
one_value(const struct probe *pr, const char *v)
{
	PGresult	*r;
	char		*s, *from, *to, *out;

	over_col = pr->col;
	over_val = v;
	r = result(NULL, NULL, 1);
	over_col = -1;
	s = render(r, 0, 0);
	PQclear(r);
	ck_assert_ptr_nonnull(from = strstr(s, pr->key));
	from += strlen(pr->key);
	ck_assert_ptr_nonnull(to = strstr(from, pr->next_key));
	ck_assert(to > from && to[-1] == ',');
	out = strndup(from, (size_t)(to - from - 1));
	ck_assert_ptr_nonnull(out);
	free(s);
	return out;
}

/* Each cases[i][0] must be written as cases[i][1]. */
static void
check_values(const struct probe *pr, const char *const (*cases)[2],
    size_t n)
{
	char	*got;
	size_t	 i;

	for (i = 0; i < n; i++) {
		got = one_value(pr, cases[i][0]);
		ck_assert_msg(strcmp(got, cases[i][1]) == 0,
		    "%s: got %s, want %s", cases[i][0] ? cases[i][0] : "NULL",
		    got, cases[i][1]);
		free(got);
	}
}

/*
 * Timestamps arrive as the text of the UTC wall-clock time and are
 * written as to_char() with 'YYYY-MM-DD"T"HH24:MI:SS"Z"' wrote them
 * (the values were checked against PostgreSQL 15).
 */
START_TEST(t_catalog_timestamps)
{
	static const char *const cases[][2] = {
		{ "2027-01-01 00:00:00", "\"2027-01-01T00:00:00Z\"" },
		{ "2026-11-26 10:48:21.999999", "\"2026-11-26T10:48:21Z\"" },
		{ "0044-03-15 10:00:00 BC", "\"0044-03-15T10:00:00Z\"" },
		{ "10000-01-01 00:00:00.5", "\"10000-01-01T00:00:00Z\"" },
		{ "0999-01-01 00:00:00", "\"0999-01-01T00:00:00Z\"" },
		{ "infinity", "null" },
		{ "-infinity", "null" },
		{ NULL, "null" },
		/* Not ISO: never from the sessions db.c opens; still JSON. */
		{ "2027-01-01 junk", "\"2027-01-01 junk\"" },
		{ "01/02/2027 10:00", "\"01/02/2027 10:00\"" },
		{ "\"\\ x", "\"\\\"\\\\ x\"" },
		{ "", "null" },
	};

	check_values(&deadline, cases, NELEM(cases));
}
END_TEST

/*
 * text[] columns arrive in PostgreSQL's array syntax and are written as
 * array_to_json() wrote them (the values were checked against
 * PostgreSQL 15); text that is no array still gives a JSON array.
 */
START_TEST(t_catalog_arrays)
{
	static const char *const cases[][2] = {
		{ "{}", "[]" },
		{ "{engineering}", "[\"engineering\"]" },
		{ "{a,b}", "[\"a\",\"b\"]" },
		{ "{a,\"b c\",NULL,\"\",\"q\\\"x\",\"back\\\\slash\","
		  "\"NULL\",\xc3\xbc,\"{x}\",\"a,b\",\"tab\there\"}",
		  "[\"a\",\"b c\",null,\"\",\"q\\\"x\",\"back\\\\slash\","
		  "\"NULL\",\"\xc3\xbc\",\"{x}\",\"a,b\",\"tab\\there\"]" },
		{ "[0:1]={x,y}", "[\"x\",\"y\"]" },
		{ NULL, "null" },
		/* Malformed: the array ends where the text stops making sense. */
		{ "", "[]" },
		{ "garbage", "[]" },
		{ "{a,\"unterminated", "[\"a\"]" },
		{ "{\"a\"junk,b}", "[\"a\"]" },
		{ "{a,b", "[\"a\",\"b\"]" },
		{ "{a}trailing", "[\"a\"]" },
		{ "{\"x\\", "[]" },
		{ "[0:1]", "[]" },
	};

	check_values(&fields, cases, NELEM(cases));
}
END_TEST

/* Any text in a text[] column gives one JSON array (fuzzed). */
START_TEST(t_catalog_arrays_fuzz)
{
	static const char	 alpha[] = "{}\",\\aNUL [0:1]=\t\xc3\xbc";
	uint64_t		 seed = 11;
	struct json_object	*o;
	char			 in[24], *got;
	size_t			 n, i;
	int			 k;

	for (k = 0; k < 20000; k++) {
		n = (size_t)(rnd(&seed) % sizeof(in));
		for (i = 0; i < n; i++)
			in[i] = alpha[rnd(&seed) % (sizeof(alpha) - 1)];
		in[n] = '\0';
		if (k % 2 == 0 && n > 0)
			in[0] = '{';
		got = one_value(&fields, in);
		o = json_tokener_parse(got);
		ck_assert_msg(o != NULL && json_object_is_type(o,
		    json_type_array), "case %d: %s gave %s", k, in, got);
		json_object_put(o);
		free(got);
	}
}
END_TEST

Suite *
suite_catalog(void)
{
	Suite	*s = suite_create("catalog");
	TCase	*tc;

	tc = tcase_create("row");
	tcase_add_test(tc, t_catalog_row);
	tcase_add_test(tc, t_catalog_summary);
	tcase_add_test(tc, t_catalog_timestamps);
	tcase_add_test(tc, t_catalog_arrays);
	tcase_add_test(tc, t_catalog_arrays_fuzz);
	suite_add_tcase(s, tc);
	return s;
}
