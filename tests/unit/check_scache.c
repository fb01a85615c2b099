/*
 * The search result cache (scache.h): generations, freshness, slots
 * and replacement, sharing between processes, and a process dying with
 * the lock.  Every test maps a fresh anonymous segment of its own, so
 * the assertions hold whether or not Check forks.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "scache.h"

#include "tests.h"

static void
fresh(size_t bytes, double ttl)
{

	ck_assert_int_eq(scache_configure(bytes, ttl, NULL, "test"), 0);
	scache_clear();
}

static void
put(const char *k, const char *v, long long gen, double now)
{

	scache_put(k, strlen(k), gen, now, v, strlen(v) + 1);
}

/* The value of k at now (static copy); when there is one, under gen. */
static const char *
get(const char *k, long long gen, double now)
{
	static char	 out[SCACHE_SLOT];
	struct buf	 b;
	long long	 got = -1;
	int		 hit;

	buf_init(&b, SCACHE_SLOT);
	hit = scache_get(k, strlen(k), now, &got, &b);
	if (hit) {
		ck_assert_int_eq(got, gen);
		ck_assert_uint_le(b.len, sizeof(out));
		memcpy(out, buf_cstr(&b), b.len);
	}
	buf_free(&b);
	return hit ? out : NULL;
}

static size_t
entries(void)
{
	size_t	n, slots;

	scache_stats(&n, &slots);
	return n;
}

START_TEST(t_hit_and_miss)
{
	size_t	n, slots;

	fresh(64 * SCACHE_SLOT, 30);
	ck_assert_ptr_null(get("q=a", 1, 0));
	put("q=a", "ids-a", 1, 0);
	put("q=b", "ids-b", 1, 0);
	ck_assert_str_eq(get("q=a", 1, 1), "ids-a");
	ck_assert_str_eq(get("q=b", 1, 2), "ids-b");
	/* A key that is a prefix of another is another key. */
	ck_assert_ptr_null(get("q=", 1, 2));
	scache_stats(&n, &slots);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(slots, 64);
}
END_TEST

START_TEST(t_binary_keys)
{
	const char	k1[] = { 'a', '\0', 'b' }, k2[] = { 'a', '\0', 'c' };
	struct buf	b;
	long long	gen;

	fresh(64 * SCACHE_SLOT, 30);
	scache_put(k1, sizeof(k1), 1, 0, "one", 4);
	scache_put(k2, sizeof(k2), 1, 0, "two", 4);
	buf_init(&b, SCACHE_SLOT);
	ck_assert_int_eq(scache_get(k1, sizeof(k1), 0, &gen, &b), 1);
	ck_assert_str_eq(buf_cstr(&b), "one");
	buf_reset(&b);
	ck_assert_int_eq(scache_get(k2, sizeof(k2), 0, &gen, &b), 1);
	ck_assert_str_eq(buf_cstr(&b), "two");
	buf_free(&b);
}
END_TEST

START_TEST(t_replace)
{

	fresh(64 * SCACHE_SLOT, 30);
	put("k", "old", 1, 0);
	put("k", "newer", 1, 1);
	ck_assert_str_eq(get("k", 1, 1), "newer");
	ck_assert_uint_eq(entries(), 1);
}
END_TEST

START_TEST(t_generation_forgets_all)
{

	fresh(64 * SCACHE_SLOT, 30);
	put("k1", "v1", 7, 0);
	put("k2", "v2", 7, 0);
	ck_assert_str_eq(get("k1", 7, 1), "v1");
	/* Seeing the same generation again keeps everything. */
	scache_see(7);
	ck_assert_str_eq(get("k2", 7, 1), "v2");
	/* The catalogue changed: nothing from generation 7 is served. */
	scache_see(8);
	ck_assert_ptr_null(get("k1", 8, 1));
	ck_assert_uint_eq(entries(), 0);
	/* A put under a newer generation also forgets the older ones. */
	put("k1", "v1", 8, 0);
	put("k3", "v3", 9, 0);
	ck_assert_ptr_null(get("k1", 9, 0));
	ck_assert_str_eq(get("k3", 9, 0), "v3");
}
END_TEST

START_TEST(t_ttl)
{

	fresh(64 * SCACHE_SLOT, 30);
	put("k", "v", 1, 100);
	ck_assert_ptr_nonnull(get("k", 1, 130));
	ck_assert_ptr_null(get("k", 1, 130.5));
	ck_assert_uint_eq(entries(), 0);
	/* A clock that went backwards does not make an entry immortal. */
	put("k", "v", 1, 100);
	ck_assert_ptr_null(get("k", 1, 99));
}
END_TEST

/* A full table keeps the recently used and drops the others. */
START_TEST(t_full_lru)
{
	char	k[16];
	size_t	i, kept = 0;

	fresh(16 * SCACHE_SLOT, 30);
	for (i = 0; i < 200; i++) {
		snprintf(k, sizeof(k), "k%zu", i);
		put(k, "v", 1, 0);
		/* Keep k0 recently used. */
		ck_assert_ptr_nonnull(get("k0", 1, 0));
		ck_assert_uint_le(entries(), 16);
	}
	ck_assert_ptr_nonnull(get("k0", 1, 0));
	ck_assert_ptr_nonnull(get("k199", 1, 0));
	for (i = 1; i < 200; i++) {
		snprintf(k, sizeof(k), "k%zu", i);
		kept += get(k, 1, 0) != NULL;
	}
	ck_assert_uint_le(kept, 15);
	ck_assert_uint_ge(entries(), 8);
}
END_TEST

START_TEST(t_too_big)
{
	char	v[SCACHE_SLOT];

	memset(v, 'y', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	fresh(64 * SCACHE_SLOT, 30);
	put("small", "s", 1, 0);
	/* More than a slot: not kept, and nothing else is lost. */
	put("big", v, 1, 0);
	ck_assert_ptr_null(get("big", 1, 0));
	ck_assert_str_eq(get("small", 1, 0), "s");
	ck_assert_uint_eq(entries(), 1);
	/* The largest value that fits. */
	v[SCACHE_SLOT - SCACHE_SLOT_HEAD - 4 - 1] = '\0';
	put("big", v, 1, 0);
	ck_assert_ptr_nonnull(get("big", 1, 0));
	/* One byte more does not fit. */
	v[SCACHE_SLOT - SCACHE_SLOT_HEAD - 4 - 1] = 'y';
	v[SCACHE_SLOT - SCACHE_SLOT_HEAD - 4] = '\0';
	put("bigger", v, 1, 0);
	ck_assert_ptr_null(get("bigger", 1, 0));
}
END_TEST

START_TEST(t_off)
{
	size_t	n, slots;

	ck_assert_int_eq(scache_configure(0, 30, NULL, "test"), -1);
	ck_assert_int_eq(scache_enabled(), 0);
	put("k", "v", 1, 0);
	ck_assert_ptr_null(get("k", 1, 0));
	scache_stats(&n, &slots);
	ck_assert_uint_eq(slots, 0);
	fresh(SCACHE_SLOT, 30);
	ck_assert_int_eq(scache_enabled(), 1);
}
END_TEST

/* What one process remembers, another finds. */
START_TEST(t_shared)
{
	pid_t	pid;
	int	status;

	fresh(64 * SCACHE_SLOT, 30);
	if ((pid = fork()) == 0) {
		put("from-child", "hello", 5, 0);
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_str_eq(get("from-child", 5, 1), "hello");
}
END_TEST

/* A process killed while holding the lock does not stop the others. */
START_TEST(t_dead_holder)
{
	pid_t	pid;
	int	status;

	fresh(64 * SCACHE_SLOT, 30);
	put("k", "v", 1, 0);
	if ((pid = fork()) == 0) {
		scache_test_hold_lock();
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	/* The table is emptied (its state is unknown), then works. */
	ck_assert_ptr_null(get("k", 1, 0));
	put("k", "again", 1, 0);
	ck_assert_str_eq(get("k", 1, 0), "again");
}
END_TEST

/* The segment lives in a file: another mapping finds what was put. */
START_TEST(t_file)
{
	char	dir[] = "/tmp/check-scache.XXXXXX", path[512];
	DIR	*d;
	struct dirent *e;
	int	files = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(scache_configure(16 * SCACHE_SLOT, 30, dir, "f1"), 0);
	scache_clear();
	put("k", "kept", 3, 0);
	/* Mapped again, as a new process would. */
	ck_assert_int_eq(scache_configure(16 * SCACHE_SLOT, 30, dir, "f1"), 0);
	ck_assert_str_eq(get("k", 3, 1), "kept");
	/* Another format is another segment. */
	ck_assert_int_eq(scache_configure(16 * SCACHE_SLOT, 30, dir, "f2"), 0);
	ck_assert_ptr_null(get("k", 3, 1));
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ck_assert_int_eq(unlink(path), 0);
	}
	closedir(d);
	ck_assert_int_eq(files, 2);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * Damaged slots (sizes past the slot, a bad checksum, a NaN time) are
 * dropped, never read past their end or served.  The file is changed
 * behind the cache's back, as another program could.
 */
START_TEST(t_damaged)
{
	char		 dir[] = "/tmp/check-scache.XXXXXX", path[512];
	DIR		*d;
	struct dirent	*e;
	unsigned char	*p;
	struct stat	 sb;
	size_t		 i, n = 16;
	uint32_t	 big = 0xfffffffdU;
	double		 nan = 0.0 / 0.0;
	int		 fd, round;
	char		 k[16];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (round = 0; round < 3; round++) {
		ck_assert_int_eq(scache_configure(n * SCACHE_SLOT, 30, dir,
		    "dmg"), 0);
		scache_clear();
		for (i = 0; i < n; i++) {
			snprintf(k, sizeof(k), "k%zu", i);
			put(k, "value", 1, 0);
		}
		ck_assert_ptr_nonnull(d = opendir(dir));
		while ((e = readdir(d)) != NULL && e->d_name[0] == '.')
			continue;
		ck_assert_ptr_nonnull(e);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		closedir(d);
		ck_assert_int_ge(fd = open(path, O_RDWR), 0);
		ck_assert_int_eq(fstat(fd, &sb), 0);
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
		ck_assert(p != MAP_FAILED);
		/* Slots follow a 64-byte header; see struct scache_slot. */
		for (i = 0; i < n; i++) {
			unsigned char *s = p + 64 + i * SCACHE_SLOT;

			if (round == 0)
				memcpy(s + 44, &big, sizeof(big));
			else if (round == 1)
				s[48 + 3] ^= 0x55;	/* in the value */
			else
				memcpy(s + 32, &nan, sizeof(nan));
		}
		munmap(p, (size_t)sb.st_size);
		close(fd);
		for (i = 0; i < n; i++) {
			snprintf(k, sizeof(k), "k%zu", i);
			ck_assert_msg(get(k, 1, 1) == NULL, "round %d: %s "
			    "served", round, k);
		}
		put("k0", "fine", 1, 0);
		ck_assert_str_eq(get("k0", 1, 1), "fine");
		ck_assert_int_eq(unlink(path), 0);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *
suite_scache(void)
{
	Suite	*s = suite_create("scache");
	TCase	*tc = tcase_create("scache");

	tcase_add_test(tc, t_hit_and_miss);
	tcase_add_test(tc, t_binary_keys);
	tcase_add_test(tc, t_replace);
	tcase_add_test(tc, t_generation_forgets_all);
	tcase_add_test(tc, t_ttl);
	tcase_add_test(tc, t_full_lru);
	tcase_add_test(tc, t_too_big);
	tcase_add_test(tc, t_off);
	tcase_add_test(tc, t_shared);
	tcase_add_test(tc, t_dead_holder);
	tcase_add_test(tc, t_file);
	tcase_add_test(tc, t_damaged);
	suite_add_tcase(s, tc);
	return s;
}
