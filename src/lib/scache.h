/*
 * The search result cache of a host: what recent searches found (the
 * ids of the page and its meta data, packed by the caller), keyed by
 * the search statement's parameters, valid for one generation (the
 * caller's stamp of the catalogue and the clock) and for at most ttl
 * seconds.  Every responder process of the host maps one segment under
 * runtime_dir, so a search computed by one worker is a hit for all of
 * them.  The segment is a fixed table of 2 KiB slots looked up by hash,
 * with least-recently-used replacement within a short probe window;
 * values are opaque bytes and nothing here talks to the database.
 */
#ifndef SCH_SCACHE_H
#define SCH_SCACHE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define SCACHE_SLOT	2048	/* bytes per entry: bookkeeping, key, value */
#define SCACHE_SLOT_HEAD 48	/* the bookkeeping */

/*
 * Map the segment of max_bytes (0 turns the cache off) in dir, or a
 * private one when dir is NULL or the file cannot be used (logged).
 * format names what the values mean (the caller's statements and
 * packing): processes with another format use another segment.
 * Returns 0, or -1 when the cache is off.
 */
int		 scache_configure(size_t max_bytes, double ttl_s, const char *dir,
		    const char *format);
int		 scache_enabled(void);

/*
 * Append the value remembered for key, if still fresh at now (seconds
 * on CLOCK_MONOTONIC, which all processes share), to out and store the
 * generation it was remembered under in *gen.  Returns 1 on a hit, else
 * 0.  The caller checks the generation.
 */
int		 scache_get(const void *key, size_t klen, double now,
		    long long *gen, struct buf *out);

/*
 * Remember val for key under gen, computed at now; a key and value of
 * more than a slot are not remembered.  Like scache_see(), a
 * generation other than the last one seen forgets everything first.
 */
void		 scache_put(const void *key, size_t klen, long long gen,
		    double now, const void *val, size_t vlen);

/* Forget key. */
void		 scache_del(const void *key, size_t klen);

/* The current generation is gen: forget everything else. */
void		 scache_see(long long gen);

/* Entries held and slots in all. */
void		 scache_stats(size_t *entries, size_t *slots);

/* Forget everything. */
void		 scache_clear(void);

/* FNV-1a (64 bits) of n bytes, going on from h (SCACHE_HASH_INIT). */
#define SCACHE_HASH_INIT	14695981039346656037ULL
uint64_t	 scache_hash(uint64_t h, const void *, size_t n);

/* Tests only: take the lock and keep it (a process dying in it). */
void		 scache_test_hold_lock(void);

#endif /* SCH_SCACHE_H */
