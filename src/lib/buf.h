/*
 * Growable byte buffer with a hard maximum.  Errors are sticky: after
 * a failed append every further append is a no-op and buf_error()
 * reports the first failure, so writers may check once at the end.
 * The contents are always NUL-terminated (the NUL is not in len).
 */
#ifndef SCH_BUF_H
#define SCH_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;	/* allocated; len < cap once p is allocated */
	size_t	 max;	/* hard limit on len */
	int	 err;	/* first error, SCH_OK if none */
};

void		 buf_init(struct buf *, size_t max);
int		 buf_add_slow(struct buf *, const void *, size_t);
int		 buf_puts(struct buf *, const char *);
int		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 buf_vprintf(struct buf *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
const char	*buf_cstr(const struct buf *);	/* "" when empty */
int		 buf_error(const struct buf *);
void		 buf_reset(struct buf *);	/* len = 0, err cleared */

/*
 * Write v in decimal so that it ends just before end, and return where
 * it starts: end needs BUF_UDIGITS bytes before it.  For appending a
 * number (perhaps after a sign) with one buf_add(), without printf.
 */
#define BUF_UDIGITS	20
char		*buf_udigits(char *end, unsigned long long v);
void		 buf_free(struct buf *);	/* accepts a zeroed buf */

/*
 * Append n bytes.  Inline because the JSON writer calls it for every
 * token: when there is no error and the bytes fit below both cap and
 * max this is a copy and a store.  Every other case, errors included,
 * is decided by buf_add_slow().  The test n < cap - len relies on the
 * invariant above; with nothing allocated (cap = len = 0) it fails.
 * Returns SCH_OK (0) or the buffer's sticky error.
 */
static inline int
buf_add(struct buf *b, const void *data, size_t n)
{

	if (b->err != 0 || n >= b->cap - b->len || b->len + n > b->max)
		return buf_add_slow(b, data, n);
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static inline int
buf_putc(struct buf *b, int c)
{
	char	ch = (char)c;

	return buf_add(b, &ch, 1);
}

#endif /* SCH_BUF_H */
