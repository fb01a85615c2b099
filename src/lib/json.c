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
 * are invalid).
 */
size_t
json_utf8_seq(const unsigned char *s, size_t n)
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

void
json_escape(struct buf *b, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run = 0, l;
	char			 esc[8];

	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80 && (l = json_utf8_seq(s + i, n - i)) > 0) {
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
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				buf_add(b, esc, 6);
			} else
				buf_add(b, "\\ufffd", 6);
			break;
		}
		i++;
		run = i;
	}
	buf_add(b, s + run, n - run);
}

void
jw_key(struct jw *w, const char *k)
{

	sep(w);
	buf_putc(w->b, '"');
	json_escape(w->b, k, strlen(k));
	buf_add(w->b, "\":", 2);
	w->after_key = 1;
}

void
jw_strn(struct jw *w, const char *s, size_t n)
{

	sep(w);
	buf_putc(w->b, '"');
	json_escape(w->b, s, n);
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

void
jw_int(struct jw *w, long long v)
{

	sep(w);
	buf_printf(w->b, "%lld", v);
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
	buf_puts(w->b, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{

	sep(w);
	buf_add(w->b, "null", 4);
}

void
jw_raw(struct jw *w, const char *s)
{

	sep(w);
	buf_puts(w->b, s);
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
