/*
 * Cutting one large YAML stream into pieces that can be parsed apart, on
 * several threads.  A line that starts with the document marker `---`
 * (followed by a blank or the line's end) always starts a new document
 * for libyaml: it ends any block or plain scalar, and inside a quoted
 * scalar or a flow collection it is an error either way.  So the events
 * of the pieces, one after the other, are the events of the whole.
 */
#ifndef HR_STREAM_SPLIT_H
#define HR_STREAM_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hr_stream_piece {
	size_t start, end; /* byte range of the source */
	size_t line_base;  /* lines before start, as libyaml counts them */
} hr_stream_piece;

/**
 * Split text into at most max_pieces pieces of about equal size, each at
 * least min_bytes, each after the first starting on a `---` line.
 * Returns the number of pieces: 1 (the whole text) when it is too small
 * or when it holds what makes splitting unsafe: directives (`%YAML`,
 * `%TAG`, which reach into the next document), or line breaks other
 * than "\n" (libyaml counts "\r", NEL, LS and PS as lines too).
 */
size_t hr_stream_split(const char *text, size_t len, size_t max_pieces,
                       size_t min_bytes, hr_stream_piece *pieces);

#endif
