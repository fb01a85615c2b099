/*
 * sch-jsonbench: CPU cost of rendering one search page as JSON.
 *
 * Builds a PGresult in memory (no server) holding 20 realistic
 * scholarship rows in catalog_columns order, then renders the page the
 * way the search responder does (catalog_row_json() per row inside the
 * list envelope) many times into one reused buffer.  Prints the page
 * size and the best and median nanoseconds per page over several
 * rounds: the machine is shared, so the best round is the figure to
 * compare between builds.
 *
 * usage: sch-jsonbench [-f] [-n pages] [-r rounds]
 *   -f	full records (the list endpoint) instead of search summaries
 *
 * NOTE: descriptions are about 260 bytes of ASCII with an occasional
 * multi-byte character, like the generated catalogue; one row has a
 * quote, a backslash and a newline so the escaping path runs too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "buf.h"
#include "catalog.h"
#include "err.h"
#include "json.h"

#define ROWS	20
#define ROUNDS	9
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const descs[] = {
	"This scholarship supports undergraduate students pursuing degrees "
	"in engineering or computer science. Recipients are selected on "
	"academic merit and leadership. Applicants must be residents of "
	"Texas or Oklahoma. The award is renewable for up to four years "
	"with satisfactory academic progress.",
	"Established to encourage graduate students in nursing, public "
	"health or social work, it helps cover tuition, fees and books. "
	"Selection weighs financial need alongside a short statement. "
	"Applicants must document financial need. A minimum GPA of 3.00 "
	"is required for the caf\xc3\xa9 programme.",
	"Each year the Brazos Valley Engineering Society honors high school "
	"seniors who show exceptional promise in mathematics \xe2\x80\x94 "
	"finalists present a project to a panel of practicing engineers. "
	"US citizens and permanent residents are eligible. Please include 2 "
	"letters of recommendation.",
	"Created for first-generation students with a passion for the arts, "
	"this award recognizes both talent and \"commitment\". Portfolios "
	"are reviewed by a jury of working artists.\nInternational students "
	"studying in the United States are encouraged to apply; see C:\\fees "
	"for details on the stipend.",
};

static const char *const cols[] = {
	"gen_0000000", "Horizon STEM Excellence Scholarship",
	"Horizon Foundation for Science Education", NULL, "10000",
	"5", "2027-03-14 23:59:59", "2027-05-02 23:59:59",
	"merit_based", "3.5", NULL, "{undergraduate,graduate}",
	"US", "{TX,OK}",
	"{engineering,computer_science,mathematics}", NULL,
	NULL, "t", "t", "2",
	"https://horizon-stem.example.org/scholarships/apply",
	"scholars@horizon-stem.example.org",
	"https://horizon-stem.example.org", "t", "t",
	"2025-11-02 08:15:00.482913", "2026-01-20 17:45:12.90417",
};

/* The page as search.fcgi lays it out around the items. */
static void
page(struct jw *w, const PGresult *r, int summary)
{
	int	i;

	jw_obj_open(w);
	jw_key(w, "results");
	jw_arr_open(w);
	for (i = 0; i < PQntuples(r); i++)
		catalog_row_json(w, r, i, summary);
	jw_arr_close(w);
	jw_kint(w, "total_count", 1234);
	jw_kbool(w, "total_exact", 1);
	jw_kint(w, "page", 3);
	jw_kint(w, "page_size", ROWS);
	jw_kbool(w, "has_next", 1);
	jw_kbool(w, "has_previous", 1);
	jw_obj_close(w);
}

static PGresult *
rows(void)
{
	PGresAttDesc	 att[NELEM(cols)];
	PGresult	*r;
	char		 id[16];
	const char	*v;
	int		 i, c, nc = (int)NELEM(cols);

	if (nc != catalog_ncolumns) {
		fprintf(stderr, "column list out of date: %d != %d\n", nc,
		    catalog_ncolumns);
		exit(1);
	}
	if ((r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK)) == NULL)
		exit(1);
	memset(att, 0, sizeof(att));
	for (c = 0; c < nc; c++) {
		att[c].name = (char *)"c";
		att[c].typid = 25;	/* text */
		att[c].typlen = -1;
		att[c].atttypmod = -1;
	}
	if (!PQsetResultAttrs(r, nc, att))
		exit(1);
	for (i = 0; i < ROWS; i++)
		for (c = 0; c < nc; c++) {
			v = cols[c];
			if (c == 0) {
				snprintf(id, sizeof(id), "gen_%07d", i * 37);
				v = id;
			} else if (c == 3)	/* description */
				v = descs[i % NELEM(descs)];
			if (!PQsetvalue(r, i, c, (char *)v,
			    v == NULL ? -1 : (int)strlen(v)))
				exit(1);
		}
	return r;
}

static double
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int
cmpd(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct buf	 b;
	struct jw	 w;
	PGresult	*r;
	double		 t[ROUNDS], t0;
	long		 n = 20000, i;
	int		 ch, k, rounds = ROUNDS, summary = 1;

	while ((ch = getopt(argc, argv, "fn:r:")) != -1)
		switch (ch) {
		case 'f':
			summary = 0;
			break;
		case 'n':
			n = strtol(optarg, NULL, 10);
			break;
		case 'r':
			rounds = (int)strtol(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: sch-jsonbench [-f] [-n pages] "
			    "[-r rounds]\n");
			return 1;
		}
	if (n < 1 || rounds < 1 || rounds > ROUNDS) {
		fprintf(stderr, "sch-jsonbench: bad -n or -r\n");
		return 1;
	}
	r = rows();
	buf_init(&b, 1 << 22);
	for (k = 0; k < rounds; k++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			jw_init(&w, &b);
			page(&w, r, summary);
		}
		t[k] = (now_ns() - t0) / (double)n;
	}
	if (buf_error(&b) != SCH_OK) {
		fprintf(stderr, "sch-jsonbench: %s\n",
		    sch_strerror(buf_error(&b)));
		return 1;
	}
	qsort(t, (size_t)rounds, sizeof(t[0]), cmpd);
	printf("%s page: %zu bytes, %d rows; ns/page best %.0f median %.0f "
	    "(%d x %ld pages)\n", summary ? "search" : "list", b.len, ROWS,
	    t[0], t[rounds / 2], rounds, n);
	if (getenv("SCH_JSONBENCH_DUMP") != NULL)
		fwrite(b.p, 1, b.len, stderr);
	buf_free(&b);
	PQclear(r);
	return 0;
}
