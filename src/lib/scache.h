/*
 * The search result cache of one responder process: what a search
 * found (the ids of its page and its meta data, packed by the caller),
 * keyed by the search statement's parameters, valid for one catalogue
 * version (sql/003_catalog_version.sql) and for at most ttl seconds,
 * bounded in bytes and forgotten least recently used first.  Values
 * are opaque bytes; nothing here talks to the database.
 */
#ifndef SCH_SCACHE_H
#define SCH_SCACHE_H

#include <stddef.h>

/* Set the limits; max_bytes 0 turns the cache off and empties it. */
void		 scache_configure(size_t max_bytes, double ttl_s);
int		 scache_enabled(void);

/*
 * The value remembered for key, if still fresh at now (seconds on a
 * monotonic clock), its length and the version it was remembered under;
 * else NULL.  The caller checks the version.  The pointer is valid until
 * the next scache_put(), scache_see() or scache_clear().
 */
const void	*scache_get(const void *key, size_t klen, double now,
		    long long *version, size_t *vlen);

/*
 * Remember a copy of val for key under version, computed at now.  Like
 * scache_see(), a version other than the last one seen forgets
 * everything first.
 */
void		 scache_put(const void *key, size_t klen, long long version,
		    double now, const void *val, size_t vlen);

/* The current version is version: forget everything else. */
void		 scache_see(long long version);

/* Entries and bytes held. */
void		 scache_stats(size_t *entries, size_t *bytes);

/* Forget everything. */
void		 scache_clear(void);

#endif /* SCH_SCACHE_H */
