/*
 * JSON-lines logging on stderr.  Each line is built in a local buffer
 * and written with one write(2) so that lines from the processes that
 * share the web server's error log do not interleave.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "log.h"
#include "req.h"
#include "route.h"

static const char	*log_prog = "scholarship-api";
static int		 log_level = CONF_LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_init(const char *prog, int level)
{

	if (prog != NULL)
		log_prog = prog;
	log_level = level;
}

/* Start a line: {"time":...,"level":...,"prog":...,"pid":... */
static void
line_begin(struct jw *w, int level)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 tbuf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(tbuf, sizeof(tbuf), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
	jw_obj_open(w);
	jw_kstr(w, "time", tbuf);
	jw_kstr(w, "level", level_names[level]);
	jw_kstr(w, "prog", log_prog);
	jw_kint(w, "pid", (long long)getpid());
}

static void
line_end(struct jw *w, struct buf *b)
{
	static const char toolong[] =
	    "{\"level\":\"error\",\"message\":\"log line too long\"}\n";
	ssize_t	n;

	jw_obj_close(w);
	buf_putc(b, '\n');
	if (buf_error(b) == 0)
		n = write(STDERR_FILENO, b->p, b->len);
	else
		n = write(STDERR_FILENO, toolong, sizeof(toolong) - 1);
	(void)n;
	buf_free(b);
}

void
log_msg(int level, const char *fmt, ...)
{
	struct buf	 b, m;
	struct jw	 w;
	va_list		 ap;

	if (level < log_level || level < 0 || level > CONF_LOG_ERROR)
		return;
	buf_init(&m, 4096);
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	buf_init(&b, 8192);
	jw_init(&w, &b);
	line_begin(&w, level);
	jw_key(&w, "message");
	jw_strn(&w, m.p ? m.p : "", m.len);
	line_end(&w, &b);
	buf_free(&m);
}

void
log_access(const struct req *rq, int status, double seconds)
{
	struct buf	 b;
	struct jw	 w;
	int		 level;

	level = status >= 500 ? CONF_LOG_ERROR : CONF_LOG_INFO;
	if (level < log_level)
		return;
	buf_init(&b, 8192);
	jw_init(&w, &b);
	line_begin(&w, level);
	jw_kstr(&w, "message", "request");
	jw_kstr(&w, "request_id", rq->id);
	jw_kstr(&w, "method", rq->method);
	jw_kstr(&w, "route", rq->route ? rq->route->tmpl : NULL);
	/* The raw path is client data: escaped, and cut to a sane length. */
	jw_key(&w, "path");
	jw_strn(&w, rq->path ? rq->path : "",
	    rq->path ? strnlen(rq->path, 256) : 0);
	jw_kint(&w, "status", status);
	jw_key(&w, "latency_ms");
	jw_round4(&w, seconds * 1000.0);
	jw_kstr(&w, "client", rq->remote_addr);
	line_end(&w, &b);
}
