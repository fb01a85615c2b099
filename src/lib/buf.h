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

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* hard limit on len */
	int	 err;	/* first error, SCH_OK if none */
};

void		 buf_init(struct buf *, size_t max);
int		 buf_add(struct buf *, const void *, size_t);
int		 buf_puts(struct buf *, const char *);
int		 buf_putc(struct buf *, int);
int		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 buf_vprintf(struct buf *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
const char	*buf_cstr(const struct buf *);	/* "" when empty */
int		 buf_error(const struct buf *);
void		 buf_reset(struct buf *);	/* len = 0, err cleared */
void		 buf_free(struct buf *);	/* accepts a zeroed buf */

#endif /* SCH_BUF_H */
