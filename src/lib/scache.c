/*
 * The host's search result cache (scache.h).
 *
 * A zero-filled segment is a valid empty cache, as for the metrics
 * segment (shm.c): whoever creates the file sizes it and everybody maps
 * it, with no initialisation to race on.  One lock word guards the
 * table: the pid of its holder, or 0.  Holding it is a probe of a few
 * slots and a copy of at most 2 KiB, so waiters yield instead of
 * sleeping; a waiter that finds the holder dead (a worker killed in the
 * middle), or still holding after LOCK_STALE seconds (its pid reused),
 * takes the lock over and empties the table, whose state it cannot
 * trust.  Each value carries a checksum, so that even a copy torn by
 * such a takeover is never served.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "log.h"
#include "scache.h"

#define SCACHE_LAYOUT	1
#define SCACHE_PROBE	8	/* slots a key may live in */
#define LOCK_STALE	5.0	/* seconds: no holder takes that long */

struct scache_slot {
	uint64_t	hash;		/* of the key; 0: empty */
	uint64_t	vsum;		/* of the value */
	uint64_t	used;		/* LRU clock */
	double		at;		/* when computed */
	uint32_t	klen;
	uint32_t	vlen;
	char		data[SCACHE_SLOT - 40];	/* key, then value */
};

struct scache_seg {
	_Atomic int32_t	lock;		/* holder's pid, 0 = free */
	uint32_t	pad;
	int64_t		gen;
	uint64_t	tick;
	uint64_t	pad2[5];
	struct scache_slot slots[];
};

static struct scache_seg	*seg;
static size_t			 seg_bytes, nslots;
static double			 ttl;

static uint64_t
fnv1a(const unsigned char *s, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h != 0 ? h : 1;
}

static void
unmap(void)
{

	if (seg != NULL)
		munmap(seg, seg_bytes);
	seg = NULL;
	nslots = 0;
}

/* Map the file (or anonymous memory when path is NULL) of bytes. */
static struct scache_seg *
map(const char *path, size_t bytes)
{
	struct stat	 sb;
	void		*p;
	int		 fd;

	if (path == NULL) {
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660)) == -1) {
		log_warn("search cache %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || (sb.st_size != (off_t)bytes &&
	    (sb.st_size != 0 || ftruncate(fd, (off_t)bytes) == -1))) {
		log_warn("search cache %s: wrong size or cannot size it", path);
		close(fd);
		return NULL;
	}
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		log_warn("search cache %s: mmap: %s", path, strerror(errno));
		return NULL;
	}
	return p;
}

int
scache_configure(size_t max_bytes, double ttl_s, const char *dir)
{
	char	path[4096];
	size_t	n = max_bytes / sizeof(struct scache_slot);

	unmap();
	ttl = ttl_s;
	if (n == 0)
		return -1;
	seg_bytes = sizeof(struct scache_seg) + n * sizeof(struct scache_slot);
	/* The slot count is in the name: processes that disagree on the
	 * size (a restart half done) use different segments. */
	if (dir != NULL && snprintf(path, sizeof(path),
	    "%s/scholarship-api.scache.v%d.%zu", dir, SCACHE_LAYOUT, n) <
	    (int)sizeof(path))
		seg = map(path, seg_bytes);
	if (seg == NULL)
		seg = map(NULL, seg_bytes);
	if (seg == NULL) {
		log_warn("search cache: no memory for %zu bytes: off",
		    seg_bytes);
		return -1;
	}
	nslots = n;
	return 0;
}

int
scache_enabled(void)
{

	return seg != NULL;
}

static void
wipe(void)
{
	size_t	i;

	for (i = 0; i < nslots; i++)
		seg->slots[i].hash = 0;
}

static void
lock(void)
{
	int32_t	me = (int32_t)getpid(), held, seen = 0;
	double	since = 0;
	int	dead;

	for (;;) {
		held = 0;
		if (atomic_compare_exchange_weak(&seg->lock, &held, me))
			return;
		if (held != seen) {
			seen = held;
			since = clock_mono();
		}
		dead = held != 0 && held != me && kill(held, 0) == -1 &&
		    errno == ESRCH;
		if (held != 0 && (dead || clock_mono() - since > LOCK_STALE) &&
		    atomic_compare_exchange_strong(&seg->lock, &held, me)) {
			log_warn("search cache: lock holder %d %s; emptied",
			    (int)held, dead ? "died" : "stuck");
			wipe();
			return;
		}
		sched_yield();
	}
}

static void
unlock(void)
{

	atomic_store(&seg->lock, 0);
}

void
scache_test_hold_lock(void)
{

	if (seg != NULL)
		lock();
}

/* With the lock held: forget everything of another generation. */
static void
see(long long gen)
{

	if (seg->gen != gen) {
		wipe();
		seg->gen = gen;
	}
}

void
scache_see(long long gen)
{

	if (seg == NULL)
		return;
	lock();
	see(gen);
	unlock();
}

void
scache_clear(void)
{

	if (seg == NULL)
		return;
	lock();
	wipe();
	unlock();
}

void
scache_stats(size_t *entries, size_t *slots)
{
	size_t	i, n = 0;

	if (seg != NULL) {
		lock();
		for (i = 0; i < nslots; i++)
			n += seg->slots[i].hash != 0;
		unlock();
	}
	*entries = n;
	*slots = nslots;
}

/* With the lock held: the slot of key, or -1. */
static long
find(uint64_t h, const void *key, size_t klen)
{
	struct scache_slot	*s;
	size_t			 i;

	for (i = 0; i < SCACHE_PROBE && i < nslots; i++) {
		s = &seg->slots[(h + i) % nslots];
		if (s->hash == h && s->klen == klen &&
		    memcmp(s->data, key, klen) == 0)
			return (long)((h + i) % nslots);
	}
	return -1;
}

int
scache_get(const void *key, size_t klen, double now, long long *gen,
    struct buf *out)
{
	struct scache_slot	*s;
	uint64_t		 h;
	long			 i;
	int			 hit = 0;

	if (seg == NULL || klen > sizeof(s->data))
		return 0;
	h = fnv1a(key, klen);
	lock();
	if ((i = find(h, key, klen)) >= 0) {
		s = &seg->slots[i];
		if (now - s->at > ttl || now < s->at || s->klen + s->vlen >
		    sizeof(s->data) || fnv1a((unsigned char *)s->data +
		    s->klen, s->vlen) != s->vsum)
			s->hash = 0;
		else {
			s->used = ++seg->tick;
			*gen = seg->gen;
			hit = buf_add(out, s->data + s->klen, s->vlen) == 0;
		}
	}
	unlock();
	return hit;
}

void
scache_put(const void *key, size_t klen, long long gen, double now,
    const void *val, size_t vlen)
{
	struct scache_slot	*s, *victim = NULL;
	uint64_t		 h;
	size_t			 i;
	long			 old;

	if (seg == NULL || klen + vlen > sizeof(s->data))
		return;
	h = fnv1a(key, klen);
	lock();
	see(gen);
	/* The key's own slot, else the first empty one, else the least
	 * recently used of the probe window. */
	if ((old = find(h, key, klen)) >= 0)
		victim = &seg->slots[old];
	for (i = 0; old < 0 && i < SCACHE_PROBE && i < nslots; i++) {
		s = &seg->slots[(h + i) % nslots];
		if (s->hash == 0) {
			victim = s;
			break;
		}
		if (victim == NULL || s->used < victim->used)
			victim = s;
	}
	victim->hash = h;
	victim->used = ++seg->tick;
	victim->at = now;
	victim->klen = (uint32_t)klen;
	victim->vlen = (uint32_t)vlen;
	victim->vsum = fnv1a(val, vlen);
	memcpy(victim->data, key, klen);
	memcpy(victim->data + klen, val, vlen);
	unlock();
}
