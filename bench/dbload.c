/*
 * sch-dbload: the database-only limit of the search SQL.
 *
 * Reads a sequence of search query strings (one per line, the same
 * file the wrk script replays), turns each into exactly the
 * statement search.fcgi would run — through the same parsing,
 * validation and SQL-building code, prepared per connection as the
 * responder does, on connections opened like the responders' (the
 * same URL and session options, db_connect()) — and replays them in
 * order over N connections with asynchronous libpq, one statement in
 * flight per connection, for a fixed time.  Prints requests/s and latency
 * percentiles.  Used by scripts/bench to report the endpoint's share of
 * its own SQL's limit.
 *
 * usage: sch-dbload [-c conf] [-n conns] [-d seconds] file
 *
 * NOTE: the search analytics insert is not replayed: the responders
 * batch it after the response (16 rows per statement), so it is a
 * small share of the database work.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "arena.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "req.h"
#include "search.h"
#include "valid.h"

#define MAXCONN		256
#define MAXLINES	1000000

struct job {
	struct search_stmt	st;
};

struct slot {
	PGconn		*c;
	int		 busy;
	size_t		 job;
	double		 t0;
};

static int
cmpd(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Build the statements of one query-string line. */
static int
job_build(struct job *j, const char *line, struct arena *a, int climit)
{
	struct kv		*args;
	size_t			 nargs;
	struct vval		*v;
	struct verrs		 errs;
	struct search_query	 sq;

	/* The values must outlive this call: sq keeps pointers into them. */
	v = arena_calloc(a, SP__MAX, sizeof(*v));
	if (req_parse_query(a, line, &args, &nargs) != SCH_OK)
		return -1;
	if (valid_args(search_params, SP__MAX, args, nargs, v, &errs, a)
	    != SCH_OK)
		return -1;
	search_query_init(&sq, v, a);
	search_stmt(&sq, climit, &j->st, a);
	return 0;
}

static int
send_step(struct slot *s, const struct job *jobs)
{
	const struct search_stmt *st = &jobs[s->job].st;

	/* Prepared on every connection at start, as search.fcgi does. */
	return PQsendQueryPrepared(s->c, "scholarship_search", st->nparams,
	    st->params, NULL, NULL, 0);
}

int
main(int argc, char **argv)
{
	struct conf	 conf;
	struct arena	 a;
	struct job	*jobs;
	struct slot	 slots[MAXCONN];
	struct pollfd	 pfd[MAXCONN];
	char		 err[512], *line = NULL;
	size_t		 cap = 0, njobs = 0, next = 0, nlat = 0, latcap, i;
	ssize_t		 len;
	double		*lat, t_end, t_start, dur = 10;
	const char	*cpath = getenv("SCHOLARSHIP_API_CONF");
	int		 ch, nconn = 32, errors = 0;
	FILE		*f;
	PGresult	*res;

	while ((ch = getopt(argc, argv, "c:d:n:")) != -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		case 'd':
			dur = strtod(optarg, NULL);
			break;
		case 'n':
			nconn = (int)strtol(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc || nconn < 1 || nconn > MAXCONN || dur <= 0)
		goto usage;
	if (conf_load(&conf, cpath, err, sizeof(err)) != SCH_OK) {
		fprintf(stderr, "sch-dbload: %s\n", err);
		return 78;
	}
	if ((f = fopen(argv[optind], "r")) == NULL) {
		perror(argv[optind]);
		return 66;
	}
	arena_init(&a);
	jobs = calloc(MAXLINES, sizeof(*jobs));
	if (jobs == NULL)
		return 70;
	while (njobs < MAXLINES && (len = getline(&line, &cap, f)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (job_build(&jobs[njobs], line, &a,
		    conf.search_candidate_limit) == 0)
			njobs++;
		else
			fprintf(stderr, "sch-dbload: skipped invalid line: %s\n",
			    line);
	}
	fclose(f);
	free(line);
	if (njobs == 0) {
		fprintf(stderr, "sch-dbload: no queries\n");
		return 65;
	}
	/* The responders' sessions: same URL, same options. */
	db_configure(&conf);
	for (i = 0; i < (size_t)nconn; i++) {
		if ((slots[i].c = db_connect()) == NULL) {
			fprintf(stderr, "sch-dbload: cannot connect to the"
			    " database (see the message above)\n");
			return 69;
		}
		slots[i].busy = 0;
		res = PQprepare(slots[i].c, "scholarship_search",
		    jobs[0].st.sql, jobs[0].st.nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "sch-dbload: prepare: %s",
			    PQresultErrorMessage(res));
			return 69;
		}
		PQclear(res);
	}
	latcap = 1 << 20;
	lat = malloc(latcap * sizeof(*lat));
	t_start = clock_mono();
	t_end = t_start + dur;
	for (;;) {
		int active = 0;

		for (i = 0; i < (size_t)nconn; i++) {
			struct slot *s = &slots[i];

			if (!s->busy && clock_mono() < t_end) {
				s->job = next++ % njobs;
				s->t0 = clock_mono();
				if (!send_step(s, jobs)) {
					errors++;
					continue;
				}
				s->busy = 1;
			}
			pfd[i].fd = PQsocket(s->c);
			pfd[i].events = s->busy ? POLLIN : 0;
			active += s->busy;
		}
		if (active == 0)
			break;
		if (poll(pfd, (nfds_t)nconn, 1000) < 0 && errno != EINTR)
			break;
		for (i = 0; i < (size_t)nconn; i++) {
			struct slot *s = &slots[i];

			if (!s->busy || !(pfd[i].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			if (!PQconsumeInput(s->c)) {
				errors++;
				s->busy = 0;
				continue;
			}
			if (PQisBusy(s->c))
				continue;
			while ((res = PQgetResult(s->c)) != NULL) {
				if (PQresultStatus(res) != PGRES_TUPLES_OK &&
				    PQresultStatus(res) != PGRES_COMMAND_OK) {
					if (errors++ < 5)
						fprintf(stderr, "sch-dbload: %s",
						    PQresultErrorMessage(res));
				}
				PQclear(res);
			}
			if (nlat < latcap)
				lat[nlat++] = clock_mono() - s->t0;
			s->busy = 0;
		}
	}
	dur = clock_mono() - t_start;
	qsort(lat, nlat, sizeof(*lat), cmpd);
	printf("dbload: %zu requests in %.1f s over %d connections: "
	    "%.1f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %d\n",
	    nlat, dur, nconn, nlat / dur,
	    nlat ? lat[nlat / 2] * 1e3 : 0, nlat ? lat[nlat * 95 / 100] * 1e3 : 0,
	    nlat ? lat[nlat * 99 / 100] * 1e3 : 0, errors);
	for (i = 0; i < (size_t)nconn; i++)
		PQfinish(slots[i].c);
	free(lat);
	free(jobs);
	arena_free(&a);
	conf_free(&conf);
	return errors > 0 ? 1 : 0;
usage:
	fprintf(stderr, "usage: sch-dbload [-c conf] [-n conns] "
	    "[-d seconds] file\n");
	return 64;
}
