/*
 * Suggestion lines: the manifest's own line with only the value replaced,
 * so that applying the suggestion changes nothing else (indentation, key
 * spelling, quotes, a trailing comment); and the added lines of a diff,
 * the only ones a suggestion may go on.
 */
#include "publish/publish_internal.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* A suggested value goes into YAML unquoted or inside the original
 * quotes: only words a quantity or a number is made of. */
static bool plain_value(const char *v)
{
	if (!*v || strlen(v) > 64)
		return false;
	for (; *v; v++)
		if (!strchr("0123456789abcdefghijklmnopqrstuvwxyz"
		            "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+-", *v))
			return false;
	return true;
}

/* Every character of the line is one a sink shows (tabs allowed). */
static bool line_is_safe(const char *line, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = hr_utf8_decode((const unsigned char *)line + i, &cp);
		if (n == 0 || i + n > len || (cp != '\t' && hr_char_is_unsafe(cp)))
			return false;
		i += n;
	}
	return true;
}

/* The byte offset of 1-based character column, or len + 1 when past it. */
static size_t column_offset(const char *line, size_t len, unsigned column)
{
	size_t i = 0;
	for (unsigned c = 1; c < column; c++) {
		if (i >= len)
			return len + 1;
		i++;
		while (i < len && ((unsigned char)line[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The end of the scalar starting at line[at]: a quoted one up to its
 * closing quote (inclusive), a plain one up to a comment, a flow
 * separator or the end, trailing blanks excluded.  0 when unclosed. */
static size_t scalar_end(const char *line, size_t len, size_t at)
{
	char q = line[at];
	if (q == '"' || q == '\'') {
		for (size_t i = at + 1; i < len; i++) {
			if (q == '"' && line[i] == '\\')
				return 0; /* escapes: not a value we rewrite */
			if (line[i] == q)
				return i + 1;
		}
		return 0;
	}
	size_t i = at;
	while (i < len && !strchr(",]}", line[i]) &&
	       !(line[i] == '#' && i > at && (line[i - 1] == ' ' ||
	                                      line[i - 1] == '\t')))
		i++;
	while (i > at && (line[i - 1] == ' ' || line[i - 1] == '\t'))
		i--;
	return i;
}

bool hr_suggest_line(const char *line, size_t len, unsigned column,
                     const char *key, const char *value, hr_sbuf *out)
{
	if (!key || !value || !plain_value(value) || column == 0 ||
	    !line_is_safe(line, len))
		return false;
	size_t at = column_offset(line, len, column);
	if (at >= len)
		return false;
	/* Before the value: `key:` and blanks, with the key itself unquoted
	 * or quoted, at the start of the line or after `{`, `,` or `- `. */
	size_t k = at;
	while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
		k--;
	if (k == at || k == 0 || line[k - 1] != ':')
		return false;
	k--;
	size_t key_len = strlen(key);
	size_t key_end = k;
	if (k > 0 && (line[k - 1] == '"' || line[k - 1] == '\''))
		key_end = k - 1;
	if (key_end < key_len ||
	    memcmp(line + key_end - key_len, key, key_len) != 0)
		return false;
	size_t key_start = key_end - key_len;
	if (key_end != k) {
		if (key_start == 0 || line[key_start - 1] != line[k - 1])
			return false;
		key_start--;
	}
	if (key_start > 0 && !strchr(" \t{,-", line[key_start - 1]))
		return false;
	size_t end = scalar_end(line, len, at);
	if (end <= at)
		return false;
	bool quoted = line[at] == '"' || line[at] == '\'';
	hr_sbuf_put(out, line, at);
	if (quoted)
		hr_sbuf_put(out, line + at, 1);
	hr_sbuf_puts(out, value);
	if (quoted)
		hr_sbuf_put(out, line + at, 1);
	hr_sbuf_put(out, line + end, len - end);
	return true;
}

void hr_suggest_block(const char *text, hr_sbuf *out)
{
	size_t longest = 0, run = 0;
	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest + 1 < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < fence; i++)
		hr_sbuf_puts(out, "`");
	hr_sbuf_puts(out, "suggestion\n");
	hr_sbuf_puts(out, text);
	hr_sbuf_puts(out, "\n");
	for (size_t i = 0; i < fence; i++)
		hr_sbuf_puts(out, "`");
	hr_sbuf_puts(out, "\n");
}

/* "@@ -a,b +c,d @@": c, the first new-file line; false when not a hunk. */
static bool hunk_start(const char *p, unsigned long *line)
{
	if (strncmp(p, "@@ -", 4))
		return false;
	const char *plus = strstr(p + 4, " +");
	const char *nl = strchr(p, '\n');
	if (!plus || (nl && plus > nl))
		return false;
	char *end;
	*line = strtoul(plus + 2, &end, 10);
	return end != plus + 2;
}

size_t hr_diff_added_lines(const char *patch, unsigned **lines)
{
	size_t count = 0, cap = 0;
	*lines = NULL;
	unsigned long line = 0;
	bool in_hunk = false;
	for (const char *p = patch; p && *p;) {
		const char *nl = strchr(p, '\n');
		if (hunk_start(p, &line)) {
			in_hunk = line > 0 && line < UINT32_MAX;
		} else if (in_hunk && *p == '+') {
			*lines = hr_xgrow(*lines, &cap, count + 1, sizeof(**lines));
			(*lines)[count++] = (unsigned)line++;
		} else if (in_hunk && (*p == ' ' || *p == '\n')) {
			line++;
		} else if (in_hunk && *p != '-' && *p != '\\') {
			in_hunk = false;
		}
		if (line >= UINT32_MAX)
			in_hunk = false;
		p = nl ? nl + 1 : NULL;
	}
	return count;
}

bool hr_text_line(const char *text, size_t len, unsigned n,
                  const char **line, size_t *line_len)
{
	size_t i = 0;
	for (unsigned at = 1; at < n; at++) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return false;
		i = (size_t)(nl - text) + 1;
	}
	if (n == 0 || i > len)
		return false;
	const char *nl = memchr(text + i, '\n', len - i);
	size_t e = nl ? (size_t)(nl - text) : len;
	if (e > i && text[e - 1] == '\r')
		e--;
	*line = text + i;
	*line_len = e - i;
	return true;
}

const char *hr_repo_path(const char *path, const char *workspace)
{
	if (workspace && *workspace) {
		size_t n = strlen(workspace);
		while (n > 1 && workspace[n - 1] == '/')
			n--;
		if (strncmp(path, workspace, n) == 0 && path[n] == '/')
			path += n + 1;
	}
	while (strncmp(path, "./", 2) == 0)
		path += 2;
	return path;
}
