/*
 * Pre-forked workers (prefork.h).
 *
 * The parent blocks the signals it handles and takes them one at a time
 * with sigtimedwait(), so there is no handler state to race with; a
 * worker starts with the mask and handlers of a fresh process restored
 * before app_main() installs its own.  A worker that dies is replaced;
 * one that dies within a second of starting is replaced after a second,
 * so that a worker failing at start-up cannot turn into a fork loop.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "prefork.h"

#define STOP_GRACE	10.0	/* seconds before SIGKILL on stop */

struct worker {
	pid_t	pid;		/* 0: not running */
	double	started;
	double	retry_at;	/* not before (died young) */
};

/* In the child: become a plain worker.  Returns 0, or -1 to exit. */
static int
worker_init(pid_t parent, const sigset_t *old)
{

	/* Die with the supervisor even if it is killed outright. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
		return -1;
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, old, NULL);
	return 0;
}

static pid_t
spawn(struct worker *w, pid_t parent, const sigset_t *old)
{
	pid_t	pid = fork();

	if (pid == 0)
		return worker_init(parent, old) == 0 ? 0 : (_exit(1), -1);
	if (pid < 0) {
		log_error("prefork: fork: %s", strerror(errno));
		return -1;
	}
	w->pid = pid;
	w->started = clock_mono();
	return pid;
}

/* Reap exited workers; returns how many are still running. */
static int
reap(struct worker *ws, int n, int stopping)
{
	pid_t	pid;
	int	status, i, alive = 0;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < n; i++) {
			if (ws[i].pid != pid)
				continue;
			ws[i].pid = 0;
			if (stopping)
				break;
			if (clock_mono() - ws[i].started < 1.0)
				ws[i].retry_at = clock_mono() + 1.0;
			if (WIFSIGNALED(status))
				log_error("prefork: worker %d killed by signal"
				    " %d; restarting it", (int)pid,
				    WTERMSIG(status));
			else
				log_error("prefork: worker %d exited with"
				    " status %d; restarting it", (int)pid,
				    WEXITSTATUS(status));
			break;
		}
	for (i = 0; i < n; i++)
		alive += ws[i].pid != 0;
	return alive;
}

static void
signal_all(const struct worker *ws, int n, int sig)
{
	int	i;

	for (i = 0; i < n; i++)
		if (ws[i].pid != 0)
			kill(ws[i].pid, sig);
}

int
prefork_run(int n)
{
	struct worker	 ws[PREFORK_MAX];
	struct timespec	 tick = { 0, 200 * 1000 * 1000 };
	sigset_t	 set, old;
	pid_t		 parent = getpid();
	double		 deadline = 0;
	int		 i, sig, stopping = 0, killed = 0;

	if (n < 1 || n > PREFORK_MAX)
		n = n < 1 ? 1 : PREFORK_MAX;
	memset(ws, 0, sizeof(ws));
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	log_info("prefork: supervising %d workers", n);
	for (;;) {
		for (i = 0; !stopping && i < n; i++)
			if (ws[i].pid == 0 && clock_mono() >= ws[i].retry_at &&
			    spawn(&ws[i], parent, &old) == 0)
				return 0;
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGUSR1) {
			if (!stopping) {
				log_info("prefork: signal %d, stopping workers",
				    sig);
				deadline = clock_mono() + STOP_GRACE;
			}
			stopping = 1;
			signal_all(ws, n, sig);
		}
		if (reap(ws, n, stopping) == 0 && stopping) {
			log_info("prefork: all workers stopped");
			exit(killed ? 1 : 0);
		}
		if (stopping && clock_mono() > deadline) {
			log_error("prefork: workers still running after %.0f s;"
			    " killing them", STOP_GRACE);
			signal_all(ws, n, SIGKILL);
			killed = 1;
			deadline = clock_mono() + STOP_GRACE;
		}
	}
}
