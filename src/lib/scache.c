/*
 * The host's search result cache (scache.h).
 *
 * A zero-filled segment is a valid empty cache, as for the metrics
 * segment (shm.c): whoever creates the file sizes it and everybody maps
 * it, with no initialisation to race on.  One lock word guards the
 * table: its holder's pid and process start time, or 0.  Holding it is
 * a probe of a few slots and a copy of at most 2 KiB, so waiters yield
 * instead of sleeping.  A holder is never robbed while it lives; a
 * waiter that finds it gone (no such process, or the pid now belongs to
 * a process started at another time) takes the lock over and empties
 * the table, whose state it cannot trust.  Each slot carries its
 * generation and a checksum over everything it holds, so that no torn
 * or damaged slot is ever served.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "scache.h"

#define SCACHE_LAYOUT	2
#define SCACHE_PROBE	8	/* slots a key may live in */

struct scache_slot {
	uint64_t	hash;		/* of the key; 0: empty */
	uint64_t	sum;		/* of all below and the data */
	int64_t		gen;
	uint64_t	used;		/* LRU clock */
	double		at;		/* when computed */
	uint32_t	klen;
	uint32_t	vlen;
	char		data[SCACHE_SLOT - SCACHE_SLOT_HEAD];	/* key, value */
};

struct scache_seg {
	_Atomic uint64_t lock;		/* pid << 32 | start time, 0 = free */
	int64_t		gen;
	uint64_t	tick;
	uint64_t	pad[5];
	struct scache_slot slots[];
};

static struct scache_seg	*seg;
static size_t			 seg_bytes, nslots;
static double			 ttl;
static pid_t			 me_pid;
static uint64_t			 me_word;

uint64_t
scache_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t
key_hash(const void *key, size_t klen)
{
	uint64_t	h = scache_hash(SCACHE_HASH_INIT, key, klen);

	return h != 0 ? h : 1;
}

/* The checksum of a slot's contents (the data must fit: checked). */
static uint64_t
slot_sum(const struct scache_slot *s)
{
	uint64_t	h = SCACHE_HASH_INIT;

	h = scache_hash(h, &s->hash, sizeof(s->hash));
	h = scache_hash(h, &s->gen, sizeof(s->gen));
	h = scache_hash(h, &s->at, sizeof(s->at));
	h = scache_hash(h, &s->klen, sizeof(s->klen));
	h = scache_hash(h, &s->vlen, sizeof(s->vlen));
	return scache_hash(h, s->data, (size_t)s->klen + s->vlen);
}

/* Start time of pid (clock ticks since boot), or 0 if there is none. */
static uint64_t
start_time(pid_t pid)
{
	char			 path[64], buf[1024], *p;
	FILE			*f;
	size_t			 n;
	unsigned long long	 t = 0;
	int			 field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command may hold blanks and parentheses: skip to its end. */
	if ((p = strrchr(buf, ')')) == NULL)
		return 0;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", &t) != 1)
		return 0;
	return t;
}

/* This process's lock word (again after a fork). */
static uint64_t
my_word(void)
{
	pid_t	pid = getpid();

	if (pid != me_pid) {
		me_pid = pid;
		me_word = (uint64_t)(uint32_t)pid << 32 |
		    (start_time(pid) & 0xffffffffU);
	}
	return me_word;
}

/* Does the process that wrote word still run? */
static int
holder_alive(uint64_t word)
{
	pid_t		pid = (pid_t)(word >> 32);
	uint64_t	t;

	if (word == my_word())
		return 0;	/* never taken twice by one process */
	if ((t = start_time(pid)) == 0)
		return 0;
	return (t & 0xffffffffU) == (word & 0xffffffffU);
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
	int		 fd, rc;

	if (path == NULL) {
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660)) == -1) {
		log_warn("search cache %s: %s", path, strerror(errno));
		return NULL;
	}
	/* Allocate the pages now: a full tmpfs must fail here, not with
	 * SIGBUS on a later write. */
	if (fstat(fd, &sb) == -1 || (sb.st_size != (off_t)bytes &&
	    sb.st_size != 0)) {
		log_warn("search cache %s: wrong size", path);
		close(fd);
		return NULL;
	}
	if ((rc = posix_fallocate(fd, 0, (off_t)bytes)) != 0) {
		log_warn("search cache %s: %s", path, strerror(rc));
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
scache_configure(size_t max_bytes, double ttl_s, const char *dir,
    const char *format)
{
	char	path[4096];
	size_t	n = max_bytes / sizeof(struct scache_slot);

	unmap();
	ttl = ttl_s;
	if (n == 0)
		return -1;
	seg_bytes = sizeof(struct scache_seg) + n * sizeof(struct scache_slot);
	/*
	 * The name holds the slot count and a hash of the caller's format
	 * (its statements and packing): processes that disagree on either,
	 * as in a restart half done, use different segments.
	 */
	if (dir != NULL && snprintf(path, sizeof(path),
	    "%s/scholarship-api.scache.v%d.%zu.%08x", dir, SCACHE_LAYOUT, n,
	    (unsigned)(key_hash(format, strlen(format)) & 0xffffffffU)) <
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
	struct timespec	 nap = { 0, 1000 * 1000 };
	uint64_t	 me = my_word(), held;
	unsigned int	 spins = 0;

	for (;;) {
		held = 0;
		if (atomic_compare_exchange_weak(&seg->lock, &held, me))
			return;
		/* Holds take microseconds: look closer only when waiting. */
		if (held != 0 && ++spins % 64 == 0 && !holder_alive(held) &&
		    atomic_compare_exchange_strong(&seg->lock, &held, me)) {
			log_warn("search cache: lock holder %ld is gone;"
			    " emptied", (long)(held >> 32));
			wipe();
			return;
		}
		if (spins < 1024)
			sched_yield();
		else
			nanosleep(&nap, NULL);
	}
}

static void
unlock(void)
{
	uint64_t	me = my_word();

	/* Only our own hold: never release somebody else's. */
	atomic_compare_exchange_strong(&seg->lock, &me, 0);
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

/* With the lock held: is slot s whole (its sizes and checksum)? */
static int
slot_ok(const struct scache_slot *s)
{

	return s->klen <= sizeof(s->data) &&
	    s->vlen <= sizeof(s->data) - s->klen && slot_sum(s) == s->sum;
}

/* With the lock held: the slot of key, or -1. */
static long
find(uint64_t h, const void *key, size_t klen)
{
	struct scache_slot	*s;
	size_t			 i, at;

	for (i = 0; i < SCACHE_PROBE && i < nslots; i++) {
		at = (h + i) % nslots;
		s = &seg->slots[at];
		if (s->hash == h && s->klen == klen &&
		    klen <= sizeof(s->data) &&
		    memcmp(s->data, key, klen) == 0)
			return (long)at;
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
	h = key_hash(key, klen);
	lock();
	if ((i = find(h, key, klen)) >= 0) {
		s = &seg->slots[i];
		/* Written the other way round, a NaN would pass. */
		if (!(now >= s->at && now - s->at <= ttl) || !slot_ok(s) ||
		    s->gen != seg->gen)
			s->hash = 0;
		else {
			s->used = ++seg->tick;
			*gen = s->gen;
			hit = buf_add(out, s->data + s->klen, s->vlen) == 0;
		}
	}
	unlock();
	return hit;
}

void
scache_del(const void *key, size_t klen)
{
	long	i;

	if (seg == NULL || klen > SCACHE_SLOT)
		return;
	lock();
	if ((i = find(key_hash(key, klen), key, klen)) >= 0)
		seg->slots[i].hash = 0;
	unlock();
}

void
scache_put(const void *key, size_t klen, long long gen, double now,
    const void *val, size_t vlen)
{
	struct scache_slot	*s, *victim = NULL;
	uint64_t		 h;
	size_t			 i;
	long			 old;

	if (seg == NULL || klen > sizeof(s->data) ||
	    vlen > sizeof(s->data) - klen || isnan(now))
		return;
	h = key_hash(key, klen);
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
	victim->gen = gen;
	victim->used = ++seg->tick;
	victim->at = now;
	victim->klen = (uint32_t)klen;
	victim->vlen = (uint32_t)vlen;
	memcpy(victim->data, key, klen);
	memcpy(victim->data + klen, val, vlen);
	victim->sum = slot_sum(victim);
	unlock();
}
