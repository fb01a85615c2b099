/*
 * The host-wide shared segment.  A zero-filled segment is a valid
 * empty state, so creation needs no initialisation race: whoever
 * creates the file sizes it, and everybody maps it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "shm.h"

static struct shm_seg	*seg;

struct shm_seg *
shm_get(void)
{

	return seg;
}

int
shm_attach(const char *dir)
{
	char		 path[4096];
	struct stat	 sb;
	void		*p;
	int		 fd;

	if (seg != NULL)
		return SCH_OK;
	if (dir == NULL) {
		p = mmap(NULL, sizeof(*seg), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return SCH_EIO;
		seg = p;
		seg->magic = SHM_MAGIC;
		seg->layout = SHM_LAYOUT;
		seg->size = sizeof(*seg);
		return SCH_OK;
	}
	if (snprintf(path, sizeof(path), "%s/scholarship-api.shm.v%d", dir,
	    SHM_LAYOUT) >= (int)sizeof(path))
		return SCH_EIO;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660)) == -1) {
		log_error("shared memory %s: %s", path, strerror(errno));
		return SCH_EIO;
	}
	if (fstat(fd, &sb) == -1 ||
	    (sb.st_size != (off_t)sizeof(*seg) &&
	    (sb.st_size > (off_t)sizeof(*seg) ||
	    ftruncate(fd, sizeof(*seg)) == -1))) {
		log_error("shared memory %s: wrong size or cannot size it", path);
		close(fd);
		return SCH_EIO;
	}
	p = mmap(NULL, sizeof(*seg), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		log_error("shared memory %s: mmap: %s", path, strerror(errno));
		return SCH_EIO;
	}
	seg = p;
	/* All writers store the same constants: benign if concurrent. */
	seg->magic = SHM_MAGIC;
	seg->layout = SHM_LAYOUT;
	seg->size = sizeof(*seg);
	return SCH_OK;
}

void
shm_detach(void)
{

	if (seg != NULL)
		munmap(seg, sizeof(*seg));
	seg = NULL;
}
