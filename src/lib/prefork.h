/*
 * Pre-forked workers on one listening socket: the responder started by
 * the spawner (lighttpd's bin-path, spawn-fcgi) forks n workers that all
 * accept on the inherited FastCGI socket, so a request waits for the
 * first free worker instead of queueing behind a slow one (one socket
 * per process, as lighttpd's max-procs gives, queues per process).  The
 * parent only supervises: it restarts a worker that dies, passes
 * SIGTERM, SIGINT and SIGUSR1 on to the workers and exits when they
 * have.  The idea is PHP's PHP_FCGI_CHILDREN.
 */
#ifndef SCH_PREFORK_H
#define SCH_PREFORK_H

#define PREFORK_MAX	64

/*
 * Returns 0 in each worker, which goes on to serve; in the parent it
 * does not return (exits 0 after a clean stop, 1 on failure).
 */
int	prefork_run(int n);

#endif /* SCH_PREFORK_H */
