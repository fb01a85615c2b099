/*
 * Request-scoped bump allocator.  Chunks are malloc'd and chained;
 * a reset keeps the first chunk so a steady-state request does not
 * touch malloc at all.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK	(16 * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 cap;
	size_t			 used;
	max_align_t		 data[];
};

static struct arena_chunk *
chunk_new(size_t need)
{
	struct arena_chunk	*c;
	size_t			 cap;

	cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
	if ((c = malloc(sizeof(*c) + cap)) == NULL)
		abort();
	c->next = NULL;
	c->cap = cap;
	c->used = 0;
	return c;
}

void
arena_init(struct arena *a)
{

	a->head = NULL;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c;
	void			*p;
	size_t			 align = sizeof(max_align_t);

	if (n == 0)
		n = 1;
	n = (n + align - 1) & ~(align - 1);
	c = a->head;
	if (c == NULL || c->cap - c->used < n) {
		c = chunk_new(n);
		/* Keep a partly used head first: it may still serve small requests. */
		if (a->head != NULL && n > ARENA_CHUNK / 4) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += n;
	a->used += n;
	return p;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	void	*p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		abort();
	p = arena_alloc(a, nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{

	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Free every chunk but the last one of the chain (the oldest, which
 * is normally the standard-size one), and rewind it.
 */
void
arena_reset(struct arena *a)
{
	struct arena_chunk	*c, *next, *keep = NULL;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (next == NULL && c->cap == ARENA_CHUNK)
			keep = c;
		else
			free(c);
	}
	if (keep != NULL)
		keep->used = 0;
	a->head = keep;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}
