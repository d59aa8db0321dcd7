#include "load/source_reader.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* expected: the size a regular file had (0: unknown).  A buffer with
 * one byte more than that, and room for the NUL, takes the whole file in
 * one read that also sees its end; a file that grew meanwhile is read
 * on as a stream is. */
static int read_stream(FILE *in, const char *name, size_t max, size_t expected,
                       char **data, size_t *len)
{
	size_t cap = 0, used = 0;
	char *buf = NULL;
	if (expected)
		buf = hr_xgrow(buf, &cap, expected + 2, 1);
	for (;;) {
		/* Room for at least one byte and the NUL, else 64 KiB more. */
		if (cap - used < 2)
			buf = hr_xgrow(buf, &cap, used + 65536 + 1, 1);
		size_t want = cap - used - 1;
		size_t got = fread(buf + used, 1, want, in);
		used += got;
		if (used > max) {
			free(buf);
			return hr_fail_at(HR_ELIMIT, name, 0, 0,
			                  "input is larger than the limit of %zu bytes",
			                  max);
		}
		if (got < want) {
			if (ferror(in)) {
				int err = errno;
				free(buf);
				return hr_fail_at(HR_EIO, name, 0, 0, "cannot read: %s",
				                  strerror(err));
			}
			break;
		}
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return HR_OK;
}

int hr_read_stream(FILE *in, const char *name, size_t max, char **data,
                   size_t *len)
{
	return read_stream(in, name, max, 0, data, len);
}

int hr_read_file(const char *path, size_t max, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return hr_fail_at(HR_EIO, path, 0, 0, "cannot open: %s",
		                  strerror(errno));
	struct stat st;
	bool known = fstat(fileno(f), &st) == 0;
	bool regular = known && S_ISREG(st.st_mode);
	if (regular && (unsigned long long)st.st_size > max) {
		fclose(f);
		return hr_fail_at(HR_ELIMIT, path, 0, 0,
		                  "file is larger than the limit of %zu bytes", max);
	}
	if (known && S_ISDIR(st.st_mode)) {
		fclose(f);
		return hr_fail_at(HR_EIO, path, 0, 0, "is a directory");
	}
	size_t expected = regular ? (size_t)st.st_size : 0;
	int rc = read_stream(f, path, max, expected, data, len);
	fclose(f);
	return rc;
}

bool hr_is_manifest_name(const char *name)
{
	static const char *const exts[] = {".yaml", ".yml", ".json"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(name + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *hr_path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl > 0 && dir[dl - 1] == '/';
	char *p = hr_xmalloc(dl + nl + 2);
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

static int walk_dir(const char *dir, unsigned depth, unsigned max_depth,
                    hr_file_visit_fn visit, void *ctx)
{
	if (depth > max_depth)
		return hr_fail_at(HR_ELIMIT, dir, 0, 0,
		                  "directories nested deeper than %u levels",
		                  max_depth);
	DIR *d = opendir(dir);
	if (!d)
		return hr_fail_at(HR_EIO, dir, 0, 0, "cannot open directory: %s",
		                  strerror(errno));
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		names = hr_xgrow(names, &cap, count + 1, sizeof(*names));
		names[count++] = hr_xstrdup(ent->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof(*names), cmp_names);

	int rc = HR_OK;
	for (size_t i = 0; i < count && rc == HR_OK; i++) {
		char *path = hr_path_join(dir, names[i]);
		struct stat lst, st;
		if (lstat(path, &lst) != 0) {
			rc = hr_fail_at(HR_EIO, path, 0, 0, "cannot stat: %s",
			                strerror(errno));
		} else if (S_ISDIR(lst.st_mode)) {
			rc = walk_dir(path, depth + 1, max_depth, visit, ctx);
		} else if (hr_is_manifest_name(names[i]) && stat(path, &st) == 0 &&
		           S_ISREG(st.st_mode)) {
			rc = visit(path, ctx);
		}
		free(path);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}

int hr_walk_path(const char *path, unsigned max_depth, hr_file_visit_fn visit,
                 void *ctx)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return hr_fail_at(HR_EIO, path, 0, 0, "cannot open: %s",
		                  strerror(errno));
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, 0, max_depth, visit, ctx);
	return visit(path, ctx);
}
