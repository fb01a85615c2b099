/*
 * Metrics in shared memory and their Prometheus text rendering.
 *
 * http_requests_total is kept per (method, endpoint, status) slot in
 * an open-addressed table; a slot is claimed once with compare-and-
 * swap and never freed, so readers need no lock.  The duration
 * histogram lives in the same slot and is summed over statuses when
 * rendered.
 */
#include "config.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "metrics.h"
#include "shm.h"

static const double bounds[SHM_NBUCKETS - 1] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
};
static const char *const bound_text[SHM_NBUCKETS] = {
	"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
	"5", "10", "+Inf"
};

struct counter_info {
	const char	*name;
	const char	*help;
};

static const struct counter_info counters[MC__MAX] = {
	[MC_DB_QUERIES] = { "database_queries_total",
	    "Database statements executed." },
	[MC_DB_ERRORS] = { "database_query_errors_total",
	    "Database statements that failed." },
	[MC_DB_RECONNECTS] = { "database_connects_total",
	    "Database connections opened by responders." },
	[MC_SEARCH_REQUESTS] = { "search_requests_total",
	    "Searches executed." },
	[MC_SEARCH_ZERO_RESULTS] = { "search_zero_results_total",
	    "Searches that matched nothing." },
	[MC_ANALYTICS_DROPPED] = { "search_analytics_dropped_total",
	    "Search analytics records that could not be stored." },
	[MC_METRICS_OVERFLOW] = { "metrics_series_overflow_total",
	    "Observations dropped because the series table was full." },
	[MC_SEARCH_CACHE_HITS] = { "search_cache_hits_total",
	    "Searches answered from a responder's result cache." },
};

static const struct counter_info hists[MH__MAX] = {
	[MH_DB_QUERY] = { "database_query_duration_seconds",
	    "Database statement latency." },
	[MH_SEARCH] = { "search_duration_seconds",
	    "Search handler latency." },
};

static uint32_t
hash_key(const char *method, const char *endpoint, int status)
{
	uint32_t	h = 2166136261u;
	const char	*p;

	for (p = method; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ '|') * 16777619u;
	for (p = endpoint; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (uint32_t)status) * 16777619u;
	return h;
}

static int
slot_is(const struct shm_http_slot *s, uint32_t h, const char *method,
    const char *endpoint, int status)
{

	return s->hash == h && s->status == status &&
	    strncmp(s->method, method, SHM_METHOD_LEN) == 0 &&
	    strncmp(s->endpoint, endpoint, SHM_ENDPOINT_LEN) == 0;
}

/*
 * Find or claim the slot of a series.  A slot stuck in "claimed"
 * (its claimer died between the two stores) is skipped after a short
 * wait; it costs one slot, never correctness.
 */
static struct shm_http_slot *
slot_get(struct shm_seg *seg, const char *method, const char *endpoint,
    int status)
{
	struct shm_http_slot	*s;
	uint32_t		 h, st, expect;
	size_t			 i;
	int			 spin;

	h = hash_key(method, endpoint, status);
	for (i = 0; i < SHM_HTTP_SLOTS; i++) {
		s = &seg->http[(h + i) % SHM_HTTP_SLOTS];
		st = atomic_load_explicit(&s->state, memory_order_acquire);
		if (st == 0) {
			expect = 0;
			if (atomic_compare_exchange_strong(&s->state, &expect, 1)) {
				s->hash = h;
				s->status = status;
				snprintf(s->method, sizeof(s->method), "%s", method);
				snprintf(s->endpoint, sizeof(s->endpoint), "%s",
				    endpoint);
				atomic_store_explicit(&s->state, 2,
				    memory_order_release);
				atomic_fetch_add(&seg->http_used, 1);
				return s;
			}
			st = expect;
		}
		for (spin = 0; st == 1 && spin < 1000; spin++) {
			sched_yield();
			st = atomic_load_explicit(&s->state,
			    memory_order_acquire);
		}
		if (st == 2 && slot_is(s, h, method, endpoint, status))
			return s;
	}
	return NULL;
}

static void
hist_add(struct shm_hist *hs, double seconds)
{
	size_t	i;

	if (seconds < 0)
		seconds = 0;
	for (i = 0; i < SHM_NBUCKETS - 1; i++)
		if (seconds <= bounds[i])
			break;
	atomic_fetch_add_explicit(&hs->bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&hs->sum_ns, (uint64_t)(seconds * 1e9),
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&hs->count, 1, memory_order_relaxed);
}

void
metrics_http(const char *method, const char *endpoint, int status,
    double seconds)
{
	struct shm_seg		*seg = shm_get();
	struct shm_http_slot	*s;

	if (seg == NULL)
		return;
	if ((s = slot_get(seg, method, endpoint, status)) == NULL) {
		atomic_fetch_add(&seg->counters[MC_METRICS_OVERFLOW], 1);
		return;
	}
	hist_add(&s->hist, seconds);
}

void
metrics_inc(enum metric_counter c, uint64_t n)
{
	struct shm_seg	*seg = shm_get();

	if (seg != NULL && c < MC__MAX)
		atomic_fetch_add_explicit(&seg->counters[c], n,
		    memory_order_relaxed);
}

void
metrics_observe(enum metric_hist h, double seconds)
{
	struct shm_seg	*seg = shm_get();

	if (seg != NULL && h < MH__MAX)
		hist_add(&seg->hists[h], seconds);
}

/* A label value per the exposition format: \\, \" and \n escaped. */
static void
label(struct buf *b, const char *s, size_t max)
{
	size_t	i;

	for (i = 0; i < max && s[i] != '\0'; i++) {
		switch (s[i]) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '"': buf_puts(b, "\\\""); break;
		case '\n': buf_puts(b, "\\n"); break;
		default: buf_putc(b, s[i]); break;
		}
	}
}

/* Render one histogram; labels is "" or 'k="v",' ready to prefix. */
static void
render_hist(struct buf *b, const char *name, const char *labels,
    const uint64_t *bucket, uint64_t count, uint64_t sum_ns)
{
	uint64_t	cum = 0;
	size_t		i;

	for (i = 0; i < SHM_NBUCKETS; i++) {
		cum += bucket[i];
		buf_printf(b, "%s_bucket{%sle=\"%s\"} %llu\n", name, labels,
		    bound_text[i], (unsigned long long)cum);
	}
	if (*labels != '\0') {
		/* Drop the trailing comma for _sum and _count. */
		size_t n = strlen(labels) - 1;

		buf_printf(b, "%s_sum{%.*s} %.9g\n", name, (int)n, labels,
		    (double)sum_ns / 1e9);
		buf_printf(b, "%s_count{%.*s} %llu\n", name, (int)n, labels,
		    (unsigned long long)count);
	} else {
		buf_printf(b, "%s_sum %.9g\n", name, (double)sum_ns / 1e9);
		buf_printf(b, "%s_count %llu\n", name,
		    (unsigned long long)count);
	}
}

static void
render_http(struct buf *b, struct shm_seg *seg)
{
	struct shm_http_slot	*s, *t;
	struct buf		 lb;
	uint64_t		 bucket[SHM_NBUCKETS], count, sum;
	size_t			 i, j, k;
	int			 seen;

	buf_puts(b, "# HELP http_requests_total HTTP requests served, by "
	    "method, route template and status.\n"
	    "# TYPE http_requests_total counter\n");
	for (i = 0; i < SHM_HTTP_SLOTS; i++) {
		s = &seg->http[i];
		if (atomic_load(&s->state) != 2)
			continue;
		buf_puts(b, "http_requests_total{method=\"");
		label(b, s->method, sizeof(s->method));
		buf_puts(b, "\",endpoint=\"");
		label(b, s->endpoint, sizeof(s->endpoint));
		buf_printf(b, "\",status=\"%d\"} %llu\n", s->status,
		    (unsigned long long)atomic_load(&s->hist.count));
	}

	buf_puts(b, "# HELP http_request_duration_seconds HTTP request "
	    "latency, by method and route template.\n"
	    "# TYPE http_request_duration_seconds histogram\n");
	buf_init(&lb, 512);
	for (i = 0; i < SHM_HTTP_SLOTS; i++) {
		s = &seg->http[i];
		if (atomic_load(&s->state) != 2)
			continue;
		/* Render each (method, endpoint) once, at its first slot. */
		seen = 0;
		for (j = 0; j < i && !seen; j++) {
			t = &seg->http[j];
			seen = atomic_load(&t->state) == 2 &&
			    strncmp(t->method, s->method, SHM_METHOD_LEN) == 0 &&
			    strncmp(t->endpoint, s->endpoint,
			    SHM_ENDPOINT_LEN) == 0;
		}
		if (seen)
			continue;
		memset(bucket, 0, sizeof(bucket));
		count = sum = 0;
		for (j = i; j < SHM_HTTP_SLOTS; j++) {
			t = &seg->http[j];
			if (atomic_load(&t->state) != 2 ||
			    strncmp(t->method, s->method, SHM_METHOD_LEN) != 0 ||
			    strncmp(t->endpoint, s->endpoint,
			    SHM_ENDPOINT_LEN) != 0)
				continue;
			for (k = 0; k < SHM_NBUCKETS; k++)
				bucket[k] += atomic_load(&t->hist.bucket[k]);
			count += atomic_load(&t->hist.count);
			sum += atomic_load(&t->hist.sum_ns);
		}
		buf_reset(&lb);
		buf_puts(&lb, "method=\"");
		label(&lb, s->method, sizeof(s->method));
		buf_puts(&lb, "\",endpoint=\"");
		label(&lb, s->endpoint, sizeof(s->endpoint));
		buf_puts(&lb, "\",");
		render_hist(b, "http_request_duration_seconds", buf_cstr(&lb),
		    bucket, count, sum);
	}
	buf_free(&lb);
}

/* This process's own CPU time and resident memory. */
static void
render_process(struct buf *b)
{
	struct rusage	 ru;
	FILE		*f;
	long		 pages = 0, rss = 0;

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		buf_printf(b, "# HELP process_cpu_seconds_total CPU time of "
		    "the responder process that served this scrape.\n"
		    "# TYPE process_cpu_seconds_total counter\n"
		    "process_cpu_seconds_total %.6f\n",
		    (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	}
	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(f, "%ld %ld", &pages, &rss) == 2)
			buf_printf(b, "# HELP process_resident_memory_bytes "
			    "Resident memory of the responder process that "
			    "served this scrape.\n"
			    "# TYPE process_resident_memory_bytes gauge\n"
			    "process_resident_memory_bytes %ld\n",
			    rss * sysconf(_SC_PAGESIZE));
		fclose(f);
	}
}

int
metrics_render(struct buf *b)
{
	struct shm_seg	*seg = shm_get();
	uint64_t	 bucket[SHM_NBUCKETS];
	size_t		 i, k;

	if (seg == NULL)
		return SCH_EIO;
	render_http(b, seg);
	for (i = 0; i < MC__MAX; i++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
		    counters[i].name, counters[i].help, counters[i].name,
		    counters[i].name,
		    (unsigned long long)atomic_load(&seg->counters[i]));
	}
	for (i = 0; i < MH__MAX; i++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s histogram\n",
		    hists[i].name, hists[i].help, hists[i].name);
		for (k = 0; k < SHM_NBUCKETS; k++)
			bucket[k] = atomic_load(&seg->hists[i].bucket[k]);
		render_hist(b, hists[i].name, "", bucket,
		    atomic_load(&seg->hists[i].count),
		    atomic_load(&seg->hists[i].sum_ns));
	}
	render_process(b);
	return buf_error(b);
}
