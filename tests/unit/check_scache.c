/*
 * The search result cache (scache.h): versions, freshness, the byte
 * budget and least-recently-used eviction.  Every test starts from an
 * empty cache of its own size, so the assertions hold whether or not
 * Check forks.
 */
#include <stdio.h>
#include <string.h>

#include "scache.h"

#include "tests.h"

static void
fresh(size_t bytes, double ttl)
{

	scache_configure(0, ttl);
	scache_configure(bytes, ttl);
}

static void
put(const char *k, const char *v, long long ver, double now)
{

	scache_put(k, strlen(k), ver, now, v, strlen(v) + 1);
}

/* The value of k at now; when there is one, it must be under ver. */
static const char *
get(const char *k, long long ver, double now)
{
	const char	*v;
	long long	 got = -1;
	size_t		 len;

	v = scache_get(k, strlen(k), now, &got, &len);
	if (v != NULL)
		ck_assert_int_eq(got, ver);
	return v;
}

START_TEST(t_hit_and_miss)
{
	const char	*v;
	long long	 ver;
	size_t		 len, n, b;

	fresh(1 << 16, 30);
	ck_assert_ptr_null(get("q=a", 1, 0));
	put("q=a", "ids-a", 1, 0);
	put("q=b", "ids-b", 1, 0);
	v = scache_get("q=a", 3, 1, &ver, &len);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "ids-a");
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(ver, 1);
	ck_assert_str_eq(get("q=b", 1, 2), "ids-b");
	/* A key that is a prefix of another is another key. */
	ck_assert_ptr_null(get("q=", 1, 2));
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_gt(b, 12);
}
END_TEST

START_TEST(t_binary_keys)
{
	const char	k1[] = { 'a', '\0', 'b' }, k2[] = { 'a', '\0', 'c' };
	long long	ver;
	size_t		len;

	fresh(1 << 16, 30);
	scache_put(k1, sizeof(k1), 1, 0, "one", 4);
	scache_put(k2, sizeof(k2), 1, 0, "two", 4);
	ck_assert_str_eq(scache_get(k1, sizeof(k1), 0, &ver, &len), "one");
	ck_assert_str_eq(scache_get(k2, sizeof(k2), 0, &ver, &len), "two");
}
END_TEST

START_TEST(t_replace)
{
	size_t	n, b;

	fresh(1 << 16, 30);
	put("k", "old", 1, 0);
	put("k", "newer", 1, 1);
	ck_assert_str_eq(get("k", 1, 1), "newer");
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(t_version_forgets_all)
{
	size_t	n, b;

	fresh(1 << 16, 30);
	put("k1", "v1", 7, 0);
	put("k2", "v2", 7, 0);
	ck_assert_str_eq(get("k1", 7, 1), "v1");
	/* Seeing the same version again keeps everything. */
	scache_see(7);
	ck_assert_str_eq(get("k2", 7, 1), "v2");
	/* The catalogue changed: nothing from version 7 may be served. */
	scache_see(8);
	ck_assert_ptr_null(get("k1", 8, 1));
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(b, 0);
	ck_assert_ptr_null(get("k2", 7, 1));
	/* A put under a newer version also forgets the older entries. */
	put("k1", "v1", 7, 0);
	put("k3", "v3", 9, 0);
	ck_assert_ptr_null(get("k1", 9, 0));
	ck_assert_str_eq(get("k3", 9, 0), "v3");
}
END_TEST

START_TEST(t_ttl)
{
	size_t	n, b;

	fresh(1 << 16, 30);
	put("k", "v", 1, 100);
	ck_assert_ptr_nonnull(get("k", 1, 130));
	ck_assert_ptr_null(get("k", 1, 130.5));
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 0);
	/* A clock that went backwards does not make an entry immortal. */
	put("k", "v", 1, 100);
	ck_assert_ptr_null(get("k", 1, 99));
}
END_TEST

START_TEST(t_budget_and_lru)
{
	char	k[16], v[200];
	size_t	n, b, i;

	memset(v, 'x', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	fresh(4096, 30);
	for (i = 0; i < 100; i++) {
		snprintf(k, sizeof(k), "k%zu", i);
		put(k, v, 1, 0);
		/* Keep k0 recently used. */
		ck_assert_ptr_nonnull(get("k0", 1, 0));
		scache_stats(&n, &b);
		ck_assert_uint_le(b, 4096);
	}
	scache_stats(&n, &b);
	ck_assert_uint_gt(n, 5);
	ck_assert_uint_lt(n, 20);
	ck_assert_ptr_nonnull(get("k0", 1, 0));
	ck_assert_ptr_nonnull(get("k99", 1, 0));
	ck_assert_ptr_null(get("k1", 1, 0));
	ck_assert_ptr_null(get("k50", 1, 0));
}
END_TEST

START_TEST(t_too_big)
{
	char	v[2000];
	size_t	n, b;

	memset(v, 'y', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	fresh(4096, 30);
	put("small", "s", 1, 0);
	/* Over a quarter of the budget: not kept, and nothing evicted. */
	put("big", v, 1, 0);
	ck_assert_ptr_null(get("big", 1, 0));
	ck_assert_str_eq(get("small", 1, 0), "s");
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(t_off)
{
	size_t	n, b;

	fresh(1 << 16, 30);
	put("k", "v", 1, 0);
	scache_configure(0, 30);
	ck_assert_int_eq(scache_enabled(), 0);
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 0);
	put("k", "v", 1, 0);
	ck_assert_ptr_null(get("k", 1, 0));
	scache_configure(1 << 16, 30);
	ck_assert_int_eq(scache_enabled(), 1);
}
END_TEST

START_TEST(t_many_entries)
{
	char	k[16];
	size_t	n, b, i;

	fresh(1 << 24, 30);
	for (i = 0; i < 5000; i++) {
		snprintf(k, sizeof(k), "%zu", i);
		put(k, "v", 1, 0);
	}
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 2048);
	ck_assert_ptr_nonnull(get("4999", 1, 0));
	ck_assert_ptr_null(get("0", 1, 0));
	scache_clear();
	scache_stats(&n, &b);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(b, 0);
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
	tcase_add_test(tc, t_version_forgets_all);
	tcase_add_test(tc, t_ttl);
	tcase_add_test(tc, t_budget_and_lru);
	tcase_add_test(tc, t_too_big);
	tcase_add_test(tc, t_off);
	tcase_add_test(tc, t_many_entries);
	suite_add_tcase(s, tc);
	return s;
}
