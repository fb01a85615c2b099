/*
 * The search result cache (scache.h).
 *
 * A couple of thousand entries at most, so lookup is a linear scan
 * over 64-bit hashes (a few microseconds, against milliseconds for the
 * search it saves), and eviction (least recently used) is the same
 * scan.  Key and value share one allocation per entry.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scache.h"

#define SCACHE_MAXENT	2048
/* A result larger than this share of the budget is not remembered. */
#define SCACHE_MAXPART	4

struct scache_ent {
	uint64_t	 hash;
	char		*mem;		/* key, then value */
	size_t		 klen;
	size_t		 vlen;
	size_t		 bytes;		/* charged to the budget */
	double		 at;		/* when computed */
	uint64_t	 used;		/* LRU clock */
};

static struct scache_ent	ents[SCACHE_MAXENT];
static size_t			nent;
static size_t			held;		/* bytes */
static size_t			budget;
static double			ttl;
static long long		cur_version = -1;
static uint64_t			tick;

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void
ent_drop(size_t i)
{

	held -= ents[i].bytes;
	free(ents[i].mem);
	ents[i] = ents[--nent];
}

void
scache_clear(void)
{

	while (nent > 0)
		ent_drop(nent - 1);
}

void
scache_configure(size_t max_bytes, double ttl_s)
{

	budget = max_bytes;
	ttl = ttl_s;
	if (budget == 0)
		scache_clear();
}

int
scache_enabled(void)
{

	return budget > 0;
}

void
scache_stats(size_t *entries, size_t *bytes)
{

	*entries = nent;
	*bytes = held;
}

void
scache_see(long long version)
{

	if (version != cur_version) {
		scache_clear();
		cur_version = version;
	}
}

static long
find(uint64_t h, const void *key, size_t klen)
{
	size_t	i;

	for (i = 0; i < nent; i++)
		if (ents[i].hash == h && ents[i].klen == klen &&
		    memcmp(ents[i].mem, key, klen) == 0)
			return (long)i;
	return -1;
}

const void *
scache_get(const void *key, size_t klen, double now, long long *version,
    size_t *vlen)
{
	long	i;

	if (budget == 0)
		return NULL;
	if ((i = find(fnv1a(key, klen), key, klen)) < 0)
		return NULL;
	if (now - ents[i].at > ttl || now < ents[i].at) {
		ent_drop((size_t)i);
		return NULL;
	}
	ents[i].used = ++tick;
	*version = cur_version;
	*vlen = ents[i].vlen;
	return ents[i].mem + ents[i].klen;
}

void
scache_put(const void *key, size_t klen, long long version, double now,
    const void *val, size_t vlen)
{
	struct scache_ent	 e;
	uint64_t		 h;
	size_t			 i, lru;
	long			 old;

	if (budget == 0)
		return;
	scache_see(version);
	e.bytes = klen + vlen + sizeof(e);
	if (e.bytes > budget / SCACHE_MAXPART)
		return;
	h = fnv1a(key, klen);
	if ((old = find(h, key, klen)) >= 0)
		ent_drop((size_t)old);
	while (nent > 0 && (nent == SCACHE_MAXENT || held + e.bytes > budget)) {
		for (lru = 0, i = 1; i < nent; i++)
			if (ents[i].used < ents[lru].used)
				lru = i;
		ent_drop(lru);
	}
	if ((e.mem = malloc(klen + vlen + 1)) == NULL)
		return;
	memcpy(e.mem, key, klen);
	memcpy(e.mem + klen, val, vlen);
	e.mem[klen + vlen] = '\0';
	e.klen = klen;
	e.vlen = vlen;
	e.hash = h;
	e.at = now;
	e.used = ++tick;
	ents[nent++] = e;
	held += e.bytes;
}
