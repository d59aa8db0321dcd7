/*
 * A main() for libFuzzer harnesses built without libFuzzer (gcc, or a plain
 * clang build): replays a corpus through LLVMFuzzerTestOneInput() so that
 * the seeds and every reproducer run as an ordinary test, under ASan and
 * UBSan or valgrind.
 *
 *   replay DIR|FILE...
 *
 * A directory contributes each regular file directly inside it, in
 * byte-wise name order (not recursively; hidden files included, as
 * libFuzzer does).  Arguments that start with '-' are libFuzzer flags and
 * are ignored.  Each input is copied into a buffer of exactly its size, so
 * a read past the end is caught by the sanitizers, as under libFuzzer.
 *
 * Exit status: 0 after replaying at least one input; 1 when an argument
 * cannot be read, a file is over 16 MiB, or no input was found at all (a
 * test that replays nothing must not pass).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_BYTES (16u * 1024u * 1024u)

typedef struct name_list {
	char **items;
	size_t count, cap;
} name_list;

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q) {
		fprintf(stderr, "replay: out of memory\n");
		exit(1);
	}
	return q;
}

static char *join_path(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	int slash = d > 0 && dir[d - 1] == '/';
	char *p = xrealloc(NULL, d + n + 2);
	memcpy(p, dir, d);
	if (!slash)
		p[d++] = '/';
	memcpy(p + d, name, n + 1);
	return p;
}

static void push(name_list *l, char *s)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->count++] = s;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the whole file into a malloc'd buffer of exactly its size;
 * -1 on failure, with a message. */
static int read_input(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			/* One byte over the cap is enough to know it is too big. */
			cap = cap ? cap * 2 : 4096;
			if (cap > REPLAY_MAX_BYTES + 1)
				cap = REPLAY_MAX_BYTES + 1;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0 || n > REPLAY_MAX_BYTES)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		return -1;
	}
	if (n > REPLAY_MAX_BYTES) {
		fprintf(stderr, "replay: %s: larger than %u bytes\n", path,
		        REPLAY_MAX_BYTES);
		free(buf);
		return -1;
	}
	/* An exact-size copy: a harness reading data[size] is a bug. */
	uint8_t *exact = malloc(n); /* malloc(0): a pointer with no bytes */
	if (!exact && n) {
		fprintf(stderr, "replay: out of memory\n");
		exit(1);
	}
	if (n)
		memcpy(exact, buf, n);
	free(buf);
	*out = exact;
	*len = n;
	return 0;
}

static int replay_file(const char *path, size_t *replayed)
{
	uint8_t *data;
	size_t len;
	if (read_input(path, &data, &len) != 0)
		return -1;
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* libFuzzer never passes NULL, not even for an empty input. */
	static const uint8_t empty[1];
	LLVMFuzzerTestOneInput(data ? data : empty, len);
	free(data);
	(*replayed)++;
	return 0;
}

static int replay_dir(const char *dir, size_t *replayed)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	name_list files = {NULL, 0, 0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *path = join_path(dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			push(&files, path);
		else
			free(path);
	}
	closedir(d);
	if (files.count)
		qsort(files.items, files.count, sizeof(*files.items), cmp_names);
	int rc = 0;
	for (size_t i = 0; i < files.count; i++) {
		if (rc == 0 && replay_file(files.items[i], replayed) != 0)
			rc = -1;
		free(files.items[i]);
	}
	free(files.items);
	return rc;
}

int main(int argc, char **argv)
{
	size_t replayed = 0;
	int failed = 0;
	for (int i = 1; i < argc && !failed; i++) {
		const char *arg = argv[i];
		if (arg[0] == '-')
			continue; /* a libFuzzer flag */
		struct stat st;
		if (stat(arg, &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", arg, strerror(errno));
			failed = 1;
		} else if (S_ISDIR(st.st_mode)) {
			failed = replay_dir(arg, &replayed) != 0;
		} else {
			failed = replay_file(arg, &replayed) != 0;
		}
	}
	if (failed)
		return 1;
	printf("replayed %zu inputs\n", replayed);
	if (replayed == 0) {
		fprintf(stderr, "replay: no input found (give corpus directories "
		        "or files)\n");
		return 1;
	}
	return 0;
}
