/*
 * bench-hello: the smallest useful FastCGI responder, the baseline that
 * scripts/bench compares the real responders against.  It uses the
 * reentrant FCGX_* API (never fcgi_stdio.h, whose printf lacks %zu) and
 * serves the listening socket lighttpd passes as fd 0.
 *
 * Build: cc -O2 -o bench-hello bench-hello.c -lfcgi
 */
#include <signal.h>
#include <stdio.h>

#include <fcgiapp.h>

static const char body[] = "{\"status\":\"ok\"}\n";

int
main(void)
{
	FCGX_Request	rq;
	char		hdr[256];
	int		n;

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
		FCGX_Finish_r(&rq);
	}
	return 0;
}
