/*
 * The host-wide shared memory segment: a fixed-size file under
 * runtime_dir mapped MAP_SHARED by every responder process.  All
 * updates are lock-free atomics on fixed slots, so a process killed
 * mid-update can at worst lose its own increment.  The layout version
 * is part of the file name: a new layout never maps an old file.
 */
#ifndef SCH_SHM_H
#define SCH_SHM_H

#include <stdatomic.h>
#include <stdint.h>

#define SHM_LAYOUT	1
#define SHM_MAGIC	0x5343484f4c415231ULL	/* "SCHOLAR1" */

#define SHM_HTTP_SLOTS	1024
#define SHM_NBUCKETS	12	/* histogram buckets incl. +Inf */
#define SHM_METHOD_LEN	8
#define SHM_ENDPOINT_LEN 88

struct shm_hist {
	_Atomic uint64_t	count;
	_Atomic uint64_t	sum_ns;
	_Atomic uint64_t	bucket[SHM_NBUCKETS];	/* not cumulative */
};

/* One (method, endpoint, status) series. */
struct shm_http_slot {
	_Atomic uint32_t	state;	/* 0 free, 1 claimed, 2 ready */
	uint32_t		hash;
	int32_t			status;
	char			method[SHM_METHOD_LEN];
	char			endpoint[SHM_ENDPOINT_LEN];
	struct shm_hist		hist;
};

#define SHM_COUNTERS	64
#define SHM_HISTS	8

struct shm_seg {
	uint64_t		magic;
	uint32_t		layout;
	uint32_t		size;
	_Atomic uint64_t	counters[SHM_COUNTERS];
	struct shm_hist		hists[SHM_HISTS];
	_Atomic uint32_t	http_used;
	struct shm_http_slot	http[SHM_HTTP_SLOTS];
};

/*
 * Map (creating if needed) the segment in dir.  Returns SCH_OK or
 * SCH_EIO.  With dir NULL, maps private anonymous memory (tests,
 * admin commands).  Idempotent.
 */
int			 shm_attach(const char *dir);
struct shm_seg		*shm_get(void);	/* NULL before shm_attach */
void			 shm_detach(void);

#endif /* SCH_SHM_H */
