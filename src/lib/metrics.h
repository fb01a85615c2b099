/*
 * Prometheus metrics kept in the shared segment, so /metrics shows
 * all responder processes of the host together.  endpoint is always a
 * route template, never a raw path.
 */
#ifndef SCH_METRICS_H
#define SCH_METRICS_H

#include <stdint.h>

struct buf;

enum metric_counter {
	MC_DB_QUERIES,
	MC_DB_ERRORS,
	MC_DB_RECONNECTS,
	MC_SEARCH_REQUESTS,
	MC_SEARCH_ZERO_RESULTS,
	MC_ANALYTICS_DROPPED,
	MC_METRICS_OVERFLOW,
	MC_SEARCH_CACHE_HITS,
	MC__MAX
};

enum metric_hist {
	MH_DB_QUERY,
	MH_SEARCH,
	MH__MAX
};

void	metrics_http(const char *method, const char *endpoint, int status,
	    double seconds);
void	metrics_inc(enum metric_counter, uint64_t);
void	metrics_observe(enum metric_hist, double seconds);

/* Render the text exposition format into out.  SCH_OK or error. */
int	metrics_render(struct buf *out);

#endif /* SCH_METRICS_H */
