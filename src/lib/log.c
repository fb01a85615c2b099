/*
 * JSON-lines logging on stderr.  Each write(2) carries whole lines, so
 * lines from the processes that share the web server's error log never
 * interleave.
 *
 * Access lines are the hot path: one per request.  They are queued and
 * written together when the process is about to wait for work
 * (log_flush_idle(), called by the accept loop), when 16 KB are queued,
 * when the oldest is a second old, before any other line, and at exit.
 * Under load that is one write per batch instead of one per request;
 * at rest a line is written as soon as its response is sent.
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
static long long	 log_pid;
static struct buf	 pending;	/* queued access lines */
static time_t		 pending_since;

#define PENDING_MAX	(16 * 1024)

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_init(const char *prog, int level)
{

	if (prog != NULL)
		log_prog = prog;
	log_level = level;
	log_pid = (long long)getpid();
	buf_init(&pending, 4 * PENDING_MAX);
}

static void
write_all(const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(STDERR_FILENO, p, n)) <= 0)
			return;	/* nowhere else to report it */
		p += w;
		n -= (size_t)w;
	}
}

void
log_flush(void)
{

	if (pending.len > 0)
		write_all(pending.p, pending.len);
	buf_reset(&pending);
}

/*
 * Start a line: {"time":...,"level":...,"prog":...,"pid":...
 * The date part of the time is formatted once per second.
 */
static void
line_begin(struct jw *w, int level)
{
	static time_t	 last = (time_t)-1;
	static char	 sec[64];
	struct timespec	 ts;
	struct tm	 tm;
	char		 tbuf[96];
	size_t		 n;
	int		 ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != last) {
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(sec, sizeof(sec), "%04d-%02d-%02dT%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		last = ts.tv_sec;
	}
	/* ".mmmZ" by hand: this runs for every access line. */
	ms = (int)(ts.tv_nsec / 1000000);
	n = strlen(sec);
	memcpy(tbuf, sec, n);
	tbuf[n++] = '.';
	tbuf[n++] = (char)('0' + ms / 100);
	tbuf[n++] = (char)('0' + ms / 10 % 10);
	tbuf[n++] = (char)('0' + ms % 10);
	tbuf[n++] = 'Z';
	tbuf[n] = '\0';
	jw_obj_open(w);
	jw_kstr(w, "time", tbuf);
	jw_kstr(w, "level", level_names[level]);
	jw_kstr(w, "prog", log_prog);
	jw_kint(w, "pid", log_pid ? log_pid : (long long)getpid());
}

/* Close the line and write it now, after anything queued. */
static void
line_end(struct jw *w, struct buf *b)
{
	static const char toolong[] =
	    "{\"level\":\"error\",\"message\":\"log line too long\"}\n";

	jw_obj_close(w);
	buf_putc(b, '\n');
	log_flush();
	if (buf_error(b) == 0)
		write_all(b->p, b->len);
	else
		write_all(toolong, sizeof(toolong) - 1);
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
	static struct buf	 b;	/* reused: one line per request */
	struct jw		 w;
	int			 level;

	level = status >= 500 ? CONF_LOG_ERROR : CONF_LOG_INFO;
	if (level < log_level)
		return;
	if (b.max == 0)
		buf_init(&b, 8192);
	buf_reset(&b);
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
	jw_obj_close(&w);
	buf_putc(&b, '\n');
	if (buf_error(&b) != 0)
		return;
	if (level >= CONF_LOG_WARN) {
		log_flush();
		write_all(b.p, b.len);
		return;
	}
	if (pending.len == 0)
		pending_since = time(NULL);
	if (buf_add(&pending, b.p, b.len) != 0) {
		log_flush();
		write_all(b.p, b.len);
	}
	if (pending.len >= PENDING_MAX)
		log_flush();
}

void
log_flush_idle(int busy)
{

	if (pending.len == 0)
		return;
	if (!busy || time(NULL) - pending_since >= 1)
		log_flush();
}
