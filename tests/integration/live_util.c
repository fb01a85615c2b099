/*
 * Helpers for the live tests (see live.h).  Everything here is test
 * plumbing: it aborts the test (through Check) or the program on
 * failures of its own, never hides a failure of the server.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "clock.h"
#include "live.h"

static const char *const live_vars[] = {
	"LIVE_BASE_URL", "LIVE_VAR", "LIVE_CONF", "LIVE_PG_STOP",
	"LIVE_PG_START", "LIVE_PSQL", "LIVE_ADMIN", NULL
};

static void	 die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static size_t	 on_body(char *, size_t, size_t, void *);
static size_t	 on_header(char *, size_t, size_t, void *);
static void	 hdrs_clear(struct live_resp *);
static char	*trim(char *);
static int	 write_tmp(const char *, char *, size_t);

static void
die(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fputs("check_live: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(99);
}

void
live_init(void)
{
	size_t	 i;

	for (i = 0; live_vars[i] != NULL; i++) {
		if (getenv(live_vars[i]) == NULL ||
		    getenv(live_vars[i])[0] == '\0') {
			fprintf(stderr, "check_live: %s is not set: run me "
			    "through tests/integration/live.sh (make check)\n",
			    live_vars[i]);
			exit(77);
		}
	}
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		die("curl_global_init failed");
}

const char *
live_env(const char *name)
{
	const char	*v;

	v = getenv(name);
	if (v == NULL)
		die("%s is not set", name);
	return v;
}

/* --- HTTP --------------------------------------------------------------- */

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct live_resp	*r = arg;
	size_t			 len = size * n;
	char			*nb;

	nb = realloc(r->body, r->body_len + len + 1);
	if (nb == NULL)
		return 0;
	r->body = nb;
	memcpy(r->body + r->body_len, p, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return len;
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void
hdrs_clear(struct live_resp *r)
{
	size_t	 i;

	for (i = 0; i < r->nhdrs; i++) {
		free(r->hdrs[i].name);
		free(r->hdrs[i].value);
	}
	free(r->hdrs);
	r->hdrs = NULL;
	r->nhdrs = 0;
}

/*
 * One header line.  A status line starts a new response (after a
 * 100 Continue, only the final response's headers are kept).
 */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct live_resp	*r = arg;
	size_t			 len = size * n;
	char			*line, *colon;
	struct live_hdr		*nh;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		hdrs_clear(r);
		return len;
	}
	line = strndup(p, len);
	if (line == NULL)
		return 0;
	colon = strchr(line, ':');
	if (colon != NULL) {
		*colon = '\0';
		nh = realloc(r->hdrs, (r->nhdrs + 1) * sizeof(*nh));
		if (nh == NULL) {
			free(line);
			return 0;
		}
		r->hdrs = nh;
		r->hdrs[r->nhdrs].name = strdup(trim(line));
		r->hdrs[r->nhdrs].value = strdup(trim(colon + 1));
		r->nhdrs++;
	}
	free(line);
	return len;
}

int
live_request(struct live_resp *r, const char *method, const char *path,
    const char *const *hdrs, const char *body, size_t len)
{
	CURL			*c;
	struct curl_slist	*sl = NULL, *t;
	char			*url = NULL;
	size_t			 ulen;
	CURLcode		 cc;

	memset(r, 0, sizeof(*r));
	r->body = strdup("");
	if (r->body == NULL)
		die("out of memory");
	ulen = strlen(live_env("LIVE_BASE_URL")) + strlen(path) + 1;
	if ((url = malloc(ulen)) == NULL)
		die("out of memory");
	snprintf(url, ulen, "%s%s", live_env("LIVE_BASE_URL"), path);

	if ((c = curl_easy_init()) == NULL)
		die("curl_easy_init failed");
	for (; hdrs != NULL && *hdrs != NULL; hdrs++) {
		if ((t = curl_slist_append(sl, *hdrs)) == NULL)
			die("out of memory");
		sl = t;
	}
	/* No 100-continue round trip for large bodies. */
	if ((t = curl_slist_append(sl, "Expect:")) == NULL)
		die("out of memory");
	sl = t;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, sl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	else
		fprintf(stderr, "check_live: %s %s: %s\n", method, path,
		    curl_easy_strerror(cc));
	curl_easy_cleanup(c);
	curl_slist_free_all(sl);
	free(url);
	return cc == CURLE_OK ? 0 : -1;
}

int
live_get(struct live_resp *r, const char *path)
{
	return live_request(r, "GET", path, NULL, NULL, 0);
}

void
live_resp_free(struct live_resp *r)
{
	if (r == NULL)
		return;
	hdrs_clear(r);
	free(r->body);
	if (r->json != NULL)
		json_object_put(r->json);
	memset(r, 0, sizeof(*r));
}

const char *
live_header(const struct live_resp *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->nhdrs; i++)
		if (strcasecmp(r->hdrs[i].name, name) == 0)
			return r->hdrs[i].value;
	return NULL;
}

struct json_object *
live_json(struct live_resp *r)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	size_t			 end;

	if (r->json != NULL)
		return r->json;
	if (r->body == NULL || r->body_len == 0)
		return NULL;
	if ((tok = json_tokener_new()) == NULL)
		die("out of memory");
	o = json_tokener_parse_ex(tok, r->body, (int)r->body_len);
	if (o != NULL) {
		/* Only blanks may follow the one JSON document. */
		end = json_tokener_get_parse_end(tok);
		while (end < r->body_len &&
		    isspace((unsigned char)r->body[end]))
			end++;
		if (end != r->body_len) {
			json_object_put(o);
			o = NULL;
		}
	}
	json_tokener_free(tok);
	r->json = o;
	return o;
}

/* --- processes ---------------------------------------------------------- */

int
live_run(const char *cmd, char *out, size_t outlen)
{
	int	 fds[2] = { -1, -1 }, st;
	size_t	 got = 0;
	ssize_t	 n;
	pid_t	 pid;
	char	 junk[512];

	if (out != NULL && pipe(fds) == -1)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (out != NULL) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		execl("/bin/bash", "bash", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (out != NULL) {
		close(fds[1]);
		for (;;) {
			if (got + 1 < outlen)
				n = read(fds[0], out + got, outlen - 1 - got);
			else
				n = read(fds[0], junk, sizeof(junk));
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (got + 1 < outlen)
				got += (size_t)n;
		}
		close(fds[0]);
		out[got] = '\0';
		if (got > 0 && out[got - 1] == '\n')
			out[got - 1] = '\0';
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
write_tmp(const char *text, char *path, size_t pathlen)
{
	FILE	*f;
	int	 fd;

	snprintf(path, pathlen, "/tmp/check_live_sql.XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return -1;
	/* psql may run as another user. */
	fchmod(fd, 0644);
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(path);
		return -1;
	}
	fputs(text, f);
	if (fclose(f) != 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

static int
psql_file(const char *sql, const char *flags, char *out, size_t outlen)
{
	char	 path[64], cmd[4096];
	int	 rc;

	if (write_tmp(sql, path, sizeof(path)) == -1)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s %s -f %s", live_env("LIVE_PSQL"),
	    flags, path);
	rc = live_run(cmd, out, outlen);
	unlink(path);
	return rc;
}

int
live_psql(const char *sql)
{
	return psql_file(sql, "-q", NULL, 0);
}

int
live_psql_value(const char *sql, char *out, size_t outlen)
{
	return psql_file(sql, "-qAt", out, outlen);
}

pid_t
live_lighttpd_pid(void)
{
	char	 path[512], buf[64], *end;
	FILE	*f;
	long	 v;

	snprintf(path, sizeof(path), "%s/run/lighttpd.pid",
	    live_env("LIVE_VAR"));
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || v <= 0)
		return -1;
	return (pid_t)v;
}

/* ppid from /proc/PID/stat, skipping "(comm)" which may hold blanks. */
static pid_t
proc_ppid(pid_t pid)
{
	char	 path[64], buf[1024], *p, *end;
	FILE	*f;
	size_t	 n;
	long	 v;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	/* ") S ppid ..." */
	p += 3;
	if (*p == 'Z' || *p == 'X')
		return -1;
	while (*p != '\0' && *p != ' ')
		p++;
	v = strtol(p, &end, 10);
	if (end == p)
		return -1;
	return (pid_t)v;
}

static int
proc_cmdline_has(pid_t pid, const char *name)
{
	char	 path[64], buf[4096];
	FILE	*f;
	size_t	 n, i;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, name) != NULL;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

size_t
live_children(const char *name, pid_t *pids, size_t max)
{
	pid_t	parent;

	if ((parent = live_lighttpd_pid()) <= 0)
		return 0;
	return live_children_of(parent, name, pids, max);
}

size_t
live_children_of(pid_t parent, const char *name, pid_t *pids, size_t max)
{
	DIR		*d;
	struct dirent	*e;
	pid_t		 pid;
	size_t		 n = 0;
	char		*end;
	long		 v;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		v = strtol(e->d_name, &end, 10);
		if (*end != '\0')
			continue;
		pid = (pid_t)v;
		if (proc_ppid(pid) != parent || !proc_cmdline_has(pid, name))
			continue;
		if (n < max)
			pids[n] = pid;
		n++;
	}
	closedir(d);
	qsort(pids, n < max ? n : max, sizeof(*pids), pid_cmp);
	return n;
}

long long
live_rchar(pid_t pid)
{
	char		 path[64], line[256], *end;
	FILE		*f;
	long long	 v = -1;

	snprintf(path, sizeof(path), "/proc/%ld/io", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "rchar:", 6) == 0) {
			v = strtoll(line + 6, &end, 10);
			if (end == line + 6)
				v = -1;
			break;
		}
	}
	fclose(f);
	return v;
}

/* --- load --------------------------------------------------------------- */

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	return size * n;
}

static CURL *
par_handle(const char *url)
{
	CURL	*c;

	if ((c = curl_easy_init()) == NULL)
		die("curl_easy_init failed");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return c;
}

int
live_parallel_get(const char *path, int total, int parallel)
{
	CURLM		*m;
	CURLMsg		*msg;
	CURL		*c;
	char		 url[1024];
	int		 started = 0, done = 0, ok = 0, running, left, i;
	long		 status;

	snprintf(url, sizeof(url), "%s%s", live_env("LIVE_BASE_URL"), path);
	if ((m = curl_multi_init()) == NULL)
		die("curl_multi_init failed");
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)parallel);
	for (i = 0; i < parallel && started < total; i++, started++)
		curl_multi_add_handle(m, par_handle(url));
	while (done < total) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			die("curl_multi_perform failed");
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			c = msg->easy_handle;
			status = 0;
			if (msg->data.result == CURLE_OK)
				curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE,
				    &status);
			if (status == 200)
				ok++;
			done++;
			curl_multi_remove_handle(m, c);
			curl_easy_cleanup(c);
			if (started < total) {
				curl_multi_add_handle(m, par_handle(url));
				started++;
			}
		}
		if (done < total)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	return ok;
}

double
live_metric(const char *text, const char *series)
{
	const char	*p = text;
	size_t		 n = strlen(series);
	char		*end;
	double		 v;

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ') {
			v = strtod(p + n + 1, &end);
			if (end == p + n + 1)
				return -1;
			return v;
		}
		p += n;
	}
	return -1;
}

double
live_metric_now(const char *series)
{
	struct live_resp	 r;
	double			 v;

	ck_assert_int_eq(live_get(&r, "/metrics"), 0);
	ck_assert_int_eq(r.status, 200);
	v = live_metric(r.body, series);
	live_resp_free(&r);
	return v < 0 ? 0 : v;
}

double
live_now(void)
{

	return clock_mono();
}

void
live_sleep_ms(long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* --- JSON assertions shared by the live suites ----------------------- */

struct json_object *
jget(struct json_object *o, const char *key, json_type t)
{
	struct json_object	*v = NULL;

	ck_assert_msg(o != NULL && json_object_object_get_ex(o, key, &v),
	    "no key \"%s\" in %.500s", key,
	    o != NULL ? json_object_to_json_string(o) : "(null)");
	ck_assert_msg(json_object_is_type(v, t), "key \"%s\" is %s, want %s",
	    key, json_type_to_name(json_object_get_type(v)),
	    json_type_to_name(t));
	return v;
}

int
jhas(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

const char *
jstr(struct json_object *o, const char *key)
{
	return json_object_get_string(jget(o, key, json_type_string));
}

long long
jint(struct json_object *o, const char *key)
{
	return json_object_get_int64(jget(o, key, json_type_int));
}

int
jbool(struct json_object *o, const char *key)
{
	return json_object_get_boolean(jget(o, key, json_type_boolean));
}

double
jnum(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no key %s", key);
	ck_assert_msg(json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double), "key %s is not a number",
	    key);
	return json_object_get_double(v);
}

struct json_object *
body_json(struct live_resp *r)
{
	struct json_object	*o;

	o = live_json(r);
	ck_assert_msg(o != NULL, "status %ld, body is not JSON: %.300s",
	    r->status, r->body);
	return o;
}

/* --- fixtures ------------------------------------------------------------ */

/*
 * Insert a suite's own records (after removing leftovers of an earlier
 * run).  A suite cannot run without them: exit 99, a hard error.
 */
void
live_fixture_up(const char *cleanup, const char *records, const char *what)
{
	char	*sql;
	size_t	 n;

	n = strlen(cleanup) + strlen(records) + 1;
	if ((sql = malloc(n)) == NULL)
		abort();
	snprintf(sql, n, "%s%s", cleanup, records);
	if (live_psql(sql) != 0) {
		fprintf(stderr, "check_live: inserting the %s records failed\n",
		    what);
		exit(99);
	}
	free(sql);
}

void
live_fixture_down(const char *cleanup, const char *what)
{

	if (live_psql(cleanup) != 0)
		fprintf(stderr, "check_live: removing the %s records failed\n",
		    what);
}
