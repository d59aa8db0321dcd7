/*
 * Reading inputs into memory under size limits, and walking directories
 * in a stable order.  No parsing happens here.
 */
#ifndef HR_SOURCE_READER_H
#define HR_SOURCE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * Read all of `in` into a NUL-terminated malloc'd buffer.
 * @return HR_OK, HR_EIO, or HR_ELIMIT when it holds more than max bytes
 */
int hr_read_stream(FILE *in, const char *name, size_t max, char **data,
                   size_t *len);

/** Read a regular file (see hr_read_stream). */
int hr_read_file(const char *path, size_t max, char **data, size_t *len);

/** True for the names a directory walk visits: *.yaml, *.yml, *.json. */
bool hr_is_manifest_name(const char *name);

/** dir + "/" + name (no doubled slash), malloc'd: the names a walk gives. */
char *hr_path_join(const char *dir, const char *name);

/** Called for each manifest file found; non-zero stops the walk. */
typedef int (*hr_file_visit_fn)(const char *path, void *ctx);

/**
 * Visit path if it is a file, or every *.yaml, *.yml and *.json below it
 * if it is a directory: names in byte order, entries starting with '.'
 * skipped, symbolic links to directories not followed (no cycles).
 */
int hr_walk_path(const char *path, unsigned max_depth, hr_file_visit_fn visit,
                 void *ctx);

#endif
