/*
 * Bounded growable buffer with sticky errors.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

void
buf_init(struct buf *b, size_t max)
{

	b->p = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->err = SCH_OK;
}

/* Make room for n more bytes plus a NUL. */
static int
grow(struct buf *b, size_t n)
{
	size_t	 need, cap;
	char	*p;

	if (b->err != SCH_OK)
		return b->err;
	if (n > b->max || b->len > b->max - n) {
		b->err = SCH_ETOOBIG;
		return b->err;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return SCH_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->err = SCH_ENOMEM;
		return b->err;
	}
	b->p = p;
	b->cap = cap;
	return SCH_OK;
}

/*
 * buf_add() when the inline fast path does not apply: grows the
 * buffer, or records and returns the sticky error.
 */
int
buf_add_slow(struct buf *b, const void *data, size_t n)
{

	if (grow(b, n) != SCH_OK)
		return b->err;
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return SCH_OK;
}

int
buf_puts(struct buf *b, const char *s)
{

	return buf_add(b, s, strlen(s));
}

char *
buf_udigits(char *end, unsigned long long v)
{

	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	size_t	 room;
	int	 n;

	if (b->err != SCH_OK)
		return b->err;
	room = b->cap > b->len ? b->cap - b->len : 0;
	va_copy(aq, ap);
	n = vsnprintf(room > 0 ? b->p + b->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->err = SCH_EINVAL;
		return b->err;
	}
	if ((size_t)n > b->max || b->len > b->max - (size_t)n) {
		/* It may have fitted the allocation, but not the limit. */
		if (b->p != NULL)
			b->p[b->len] = '\0';
		b->err = SCH_ETOOBIG;
		return b->err;
	}
	if ((size_t)n >= room) {
		if (grow(b, (size_t)n) != SCH_OK)
			return b->err;
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
	return SCH_OK;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_cstr(const struct buf *b)
{

	return b->p != NULL ? b->p : "";
}

int
buf_error(const struct buf *b)
{

	return b->err;
}

void
buf_reset(struct buf *b)
{

	b->len = 0;
	b->err = SCH_OK;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{

	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = SCH_OK;
}
