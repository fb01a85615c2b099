/*
 * Request-scoped bump allocator.  Everything allocated from an arena
 * dies together in arena_reset() or arena_free(); nothing allocated
 * for one request survives into the next FCGX_Accept_r().
 * Allocation failure aborts: arenas only grow by small fixed chunks,
 * and every client-sized input is bounded before it gets here.
 */
#ifndef SCH_ARENA_H
#define SCH_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
	size_t			 used;	/* bytes handed out since reset */
};

void	 arena_init(struct arena *);
void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 arena_reset(struct arena *);	/* keeps the first chunk */
void	 arena_free(struct arena *);	/* accepts a zeroed arena */

#endif /* SCH_ARENA_H */
