/*
 * Streaming JSON writer and the json-c parsing entry point.
 * See json.h for the json-c ownership rules used in this code base.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "err.h"
#include "json.h"

#define JSON_MAX_DEPTH	64

void
jw_init(struct jw *w, struct buf *b)
{

	w->b = b;
	w->depth = 0;
	w->comma[0] = 0;
	w->after_key = 0;
}

/* Emit the separator a new value needs at the current depth. */
static void
sep(struct jw *w)
{

	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->comma[w->depth])
		buf_putc(w->b, ',');
	w->comma[w->depth] = 1;
}

static void
open_(struct jw *w, int c)
{

	sep(w);
	buf_putc(w->b, c);
	if (w->depth + 1 >= JW_MAXDEPTH) {
		/* A bug in our own code: poison the buffer. */
		w->b->err = SCH_EINVAL;
		return;
	}
	w->depth++;
	w->comma[w->depth] = 0;
}

static void
close_(struct jw *w, int c)
{

	buf_putc(w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj_open(struct jw *w) { open_(w, '{'); }
void jw_obj_close(struct jw *w) { close_(w, '}'); }
void jw_arr_open(struct jw *w) { open_(w, '['); }
void jw_arr_close(struct jw *w) { close_(w, ']'); }

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if
 * the bytes there are not valid UTF-8 (overlong forms and surrogates
 * are invalid).  Inline so json_escape() pays no call per character;
 * json_utf8_seq() is the same rule for other modules.
 */
static inline size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned int	c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;
		if (c == 0xed && s[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

size_t
json_utf8_seq(const unsigned char *s, size_t n)
{

	return utf8_seq(s, n);
}

/*
 * Bytes json_escape() cannot copy as they are: control characters,
 * quote and backslash (escaped), and bytes from 0x80 (a multi-byte
 * sequence to validate).  DEL (0x7f) is not a control character for
 * JSON and is copied.
 */
static const unsigned char esc_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x20, quote */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* 0x50, backslash */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x70 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x80-0xff */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * Nonzero when one of the eight bytes in x is one esc_class[] marks.
 * x itself has the high bit of bytes from 0x80; the other terms are
 * the usual "some byte is below c" test, for 0x20 and, after an xor,
 * for a zero byte where a quote or backslash was.  The test is exact
 * for the word as a whole (not per byte), so byte order is irrelevant.
 */
static inline uint64_t
word_special(uint64_t x)
{
	const uint64_t	ones = 0x0101010101010101ULL;
	const uint64_t	high = 0x8080808080808080ULL;
	uint64_t	q = x ^ (ones * '"'), bs = x ^ (ones * '\\');

	return (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
	    ((bs - ones) & ~bs)) & high;
}

/*
 * Runs of bytes that need nothing are found eight at a time, then with
 * the table, and copied with one buf_add(); valid UTF-8 sequences
 * join the run.  Each byte that needs an escape, and each byte where
 * no valid sequence starts, ends the run and is written as its escape
 * (U+FFFD for the latter, one per byte).  The buf_add() calls are
 * those of the plain byte-at-a-time loop, so a buffer that reaches its
 * maximum stops at the same place.
 */
void
json_escape(struct buf *b, const char *str, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run = 0, l;
	uint64_t		 x;
	unsigned char		 c;
	char			 esc[6];

	for (;;) {
		while (n - i >= sizeof(x)) {
			memcpy(&x, s + i, sizeof(x));
			if (word_special(x))
				break;
			i += sizeof(x);
		}
		while (i < n && esc_class[s[i]] == 0)
			i++;
		if (i == n)
			break;
		c = s[i];
		if (c >= 0x80 && (l = utf8_seq(s + i, n - i)) > 0) {
			i += l;
			continue;
		}
		buf_add(b, s + run, i - run);
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			if (c < 0x20) {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 0xf];
				buf_add(b, esc, 6);
			} else
				buf_add(b, "\\ufffd", 6);
			break;
		}
		run = ++i;
	}
	buf_add(b, s + run, n - run);
}

void
jw_keyn(struct jw *w, const char *k, size_t n)
{

	sep(w);
	buf_putc(w->b, '"');
	json_escape(w->b, k, n);
	buf_add(w->b, "\":", 2);
	w->after_key = 1;
}

void
jw_key(struct jw *w, const char *k)
{

	jw_keyn(w, k, strlen(k));
}

void
jw_strn(struct jw *w, const char *s, size_t n)
{

	sep(w);
	buf_putc(w->b, '"');
	json_escape(w->b, s, n);
	buf_putc(w->b, '"');
}

/*
 * One string value written from two pieces, s[0..n) then tail, so a
 * caller that shortens a string need not copy it.  The same as
 * jw_strn() of the concatenation when tail is empty or starts with an
 * ASCII byte: the pieces cannot then share a UTF-8 sequence.
 */
void
jw_strn_tail(struct jw *w, const char *s, size_t n, const char *tail)
{

	sep(w);
	buf_putc(w->b, '"');
	json_escape(w->b, s, n);
	json_escape(w->b, tail, strlen(tail));
	buf_putc(w->b, '"');
}

void
jw_str(struct jw *w, const char *s)
{

	if (s == NULL)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

/* As "%lld" would, without printf: written right to left. */
void
jw_int(struct jw *w, long long v)
{
	char			 tmp[BUF_UDIGITS + 1];
	char			*p;
	unsigned long long	 u;

	/* Negate in unsigned arithmetic: LLONG_MIN has no positive twin. */
	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	p = buf_udigits(tmp + sizeof(tmp), u);
	if (v < 0)
		*--p = '-';
	sep(w);
	buf_add(w->b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void
jw_double(struct jw *w, double v)
{

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	sep(w);
	buf_printf(w->b, "%.15g", v);
}

/*
 * Scores are rounded to 4 decimals: 0.1 + 0.2 prints as 0.3, not
 * 0.30000000000000004.  %.4f then trailing zeros trimmed.
 */
void
jw_round4(struct jw *w, double v)
{
	char	 tmp[64];
	int	 n;

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	v = round(v * 10000.0) / 10000.0;
	if (v == 0)
		v = 0;	/* no "-0" */
	n = snprintf(tmp, sizeof(tmp), "%.4f", v);
	if (n <= 0 || (size_t)n >= sizeof(tmp)) {
		jw_null(w);
		return;
	}
	while (n > 1 && tmp[n - 1] == '0')
		tmp[--n] = '\0';
	if (n > 1 && tmp[n - 1] == '.')
		tmp[--n] = '\0';
	sep(w);
	buf_add(w->b, tmp, (size_t)n);
}

void
jw_bool(struct jw *w, int v)
{

	sep(w);
	if (v)
		buf_add(w->b, "true", 4);
	else
		buf_add(w->b, "false", 5);
}

void
jw_null(struct jw *w)
{

	sep(w);
	buf_add(w->b, "null", 4);
}

void
jw_rawn(struct jw *w, const char *s, size_t n)
{

	sep(w);
	buf_add(w->b, s, n);
}

void
jw_raw(struct jw *w, const char *s)
{

	jw_rawn(w, s, strlen(s));
}

void jw_kstr(struct jw *w, const char *k, const char *v) { jw_key(w, k); jw_str(w, v); }
void jw_kint(struct jw *w, const char *k, long long v) { jw_key(w, k); jw_int(w, v); }
void jw_kdouble(struct jw *w, const char *k, double v) { jw_key(w, k); jw_double(w, v); }
void jw_kbool(struct jw *w, const char *k, int v) { jw_key(w, k); jw_bool(w, v); }
void jw_kraw(struct jw *w, const char *k, const char *v) { jw_key(w, k); jw_raw(w, v); }

int
json_parse(const char *s, size_t n, struct json_object **out)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	size_t			 used;

	*out = NULL;
	if (n > (size_t)INT32_MAX)
		return SCH_EBADREQ;
	if ((tok = json_tokener_new_ex(JSON_MAX_DEPTH)) == NULL)
		return SCH_ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (o == NULL && json_tokener_get_error(tok) == json_tokener_continue) {
		/* All input consumed: a NUL tells json-c the input ended. */
		o = json_tokener_parse_ex(tok, "", 1);
		used = n;
	} else
		used = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		json_tokener_free(tok);
		return SCH_EBADREQ;
	}
	/* Only white space may follow the value. */
	for (; used < n; used++) {
		if (strchr(" \t\r\n", s[used]) == NULL || s[used] == '\0') {
			json_object_put(o);
			json_tokener_free(tok);
			return SCH_EBADREQ;
		}
	}
	json_tokener_free(tok);
	*out = o;
	return SCH_OK;
}
