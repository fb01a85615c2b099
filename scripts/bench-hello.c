/*
 * bench-hello: the smallest useful FastCGI responder, the baseline that
 * scripts/bench compares the real responders against.  It uses the
 * reentrant FCGX_* API (never fcgi_stdio.h, whose printf lacks %zu) and
 * serves the listening socket lighttpd passes as fd 0.
 *
 * By default it ends each request the way libfcgi does unless told
 * otherwise (shutdown, then wait for the web server to close).  With
 * HELLO_CLOSE=plain in its environment it closes at once, as the
 * project's responders do on a unix socket once a request's input is
 * read (src/lib/app.c, finish()): scripts/bench prints both, so the
 * cost of the responders' own request pipeline is visible apart from
 * that difference.
 *
 * Build: cc -O2 -o bench-hello bench-hello.c -lfcgi
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

static const char body[] = "{\"status\":\"ok\"}\n";

int
main(void)
{
	FCGX_Request	 rq;
	const char	*close_mode = getenv("HELLO_CLOSE");
	char		 hdr[256];
	int		 n, plain;

	plain = close_mode != NULL && strcmp(close_mode, "plain") == 0;
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		return 1;
	if (FCGX_InitRequest(&rq, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&rq) >= 0) {
		n = snprintf(hdr, sizeof(hdr),
		    "Status: 200 OK\r\n"
		    "Content-Type: application/json\r\n"
		    "Content-Length: %zu\r\n"
		    "\r\n", sizeof(body) - 1);
		if (n > 0 && (size_t)n < sizeof(hdr))
			FCGX_PutStr(hdr, n, rq.out);
		FCGX_PutStr(body, (int)(sizeof(body) - 1), rq.out);
		if (plain)
			FCGX_Detach(&rq);
		FCGX_Finish_r(&rq);
	}
	return 0;
}
