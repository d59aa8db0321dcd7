/*
 * libFuzzer harness for hr_words_split_options() and
 * hr_words_find_command().
 *
 * The input is the text itself, not NUL-terminated, so ASan sees any read
 * past the end.  Invariants (abort() when one breaks):
 *   - the code is HR_OK, HR_EINVALID or HR_ELIMIT, and a failure leaves
 *     that code and a message; more than HR_WORDS_MAX_TEXT bytes is
 *     HR_ELIMIT; an error offset lies within the input;
 *   - at most HR_WORDS_MAX words, each NUL-terminated with strlen == len
 *     unless it holds a NUL, its offset within the input;
 *   - the options agree with a byte-for-byte copy of HotSpot's
 *     parse_options_buffer loop: the same words at the same offsets, the
 *     same unmatched quote; only invalid UTF-8 (which the PCRE2 tokeniser
 *     refuses) may stop it earlier, after a prefix of the same words;
 *   - a command found has a program whose base name is "java", and its
 *     references, environment and unfollowed offset point into the input.
 */
#include "headroom/error.h"
#include "jvm/words.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


static void check_failure(int rc)
{
	const hr_error *e = hr_error_last();
	check(rc == HR_EINVALID || rc == HR_ELIMIT);
	check(e->code == rc);
	check(e->message[0] != '\0');
}

static void check_word(const hr_word *w, size_t size)
{
	check(w->text != NULL);
	check(w->text[w->len] == '\0');
	check(strlen(w->text) == w->len || memchr(w->text, '\0', w->len));
	check(w->offset < size);
	check(!w->expanded_from || w->expanded_from[0] != '\0');
}

static void check_words(const hr_word_list *list, size_t size)
{
	check(list->count <= HR_WORDS_MAX);
	check(list->count == 0 || list->items != NULL);
	for (size_t i = 0; i < list->count; i++)
		check_word(&list->items[i], size);
}

/* ---- HotSpot's tokeniser, as the oracle ----------------------------------- */

typedef struct oracle {
	char *buffer;    /* the words, each NUL-ended, one after another */
	size_t *starts;  /* where each word starts in buffer */
	size_t *lengths;
	size_t *offsets; /* where each word starts in the input */
	size_t count;
	bool unmatched;
	size_t unmatched_at;
} oracle;

/* The C locale's isspace(), as arguments.cpp calls it. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static void run_oracle(const char *rd_start, size_t len, oracle *o)
{
	const char *rd = rd_start, *end = rd_start + len;
	size_t wrt = 0;
	while (rd < end) {
		while (rd < end && is_space(*rd))
			rd++;
		if (rd >= end)
			break;
		o->starts[o->count] = wrt;
		o->offsets[o->count] = (size_t)(rd - rd_start);
		while (rd < end && !is_space(*rd)) {
			if (*rd == '\'' || *rd == '"') {
				char quote = *rd;
				const char *open = rd++;
				while (rd < end && *rd != quote)
					o->buffer[wrt++] = *rd++;
				if (rd >= end) {
					o->unmatched = true;
					o->unmatched_at = (size_t)(open - rd_start);
					return;
				}
				rd++;
			} else {
				o->buffer[wrt++] = *rd++;
			}
		}
		o->lengths[o->count] = wrt - o->starts[o->count];
		o->buffer[wrt++] = '\0';
		o->count++;
	}
}

static bool same_word(const hr_word *w, const oracle *o, size_t i)
{
	return w->len == o->lengths[i] && w->offset == o->offsets[i] &&
	       memcmp(w->text, o->buffer + o->starts[i], w->len) == 0;
}

static void compare_with_hotspot(const char *text, size_t size, int rc,
                                 const hr_word_list *words, size_t error_at)
{
	oracle o = {0};
	/* At most one word per two bytes, and no more text than the input. */
	o.buffer = malloc(size + size / 2 + 1);
	o.starts = malloc((size / 2 + 1) * sizeof(size_t));
	o.lengths = malloc((size / 2 + 1) * sizeof(size_t));
	o.offsets = malloc((size / 2 + 1) * sizeof(size_t));
	if (!o.buffer || !o.starts || !o.lengths || !o.offsets)
		abort();
	run_oracle(text, size, &o);

	if (rc == HR_ELIMIT) {
		check(o.count > HR_WORDS_MAX);
	} else if (rc == HR_OK) {
		check(!o.unmatched && o.count == words->count);
	} else {
		/* An unmatched quote at the same place, or invalid UTF-8 no
		 * later than it. */
		check(!o.unmatched || error_at <= o.unmatched_at);
		check(words->count <= o.count);
	}
	for (size_t i = 0; i < words->count && i < o.count; i++)
		check(same_word(&words->items[i], &o, i));
	free(o.buffer);
	free(o.starts);
	free(o.lengths);
	free(o.offsets);
}

static void fuzz_options(const char *text, size_t size)
{
	hr_arena arena = HR_ARENA_INIT;
	hr_word_list words;
	size_t error_at = 0;
	int rc = hr_words_split_options(&arena, text, size, &words, &error_at);
	if (rc != HR_OK)
		check_failure(rc);
	if (size > HR_WORDS_MAX_TEXT) {
		check(rc == HR_ELIMIT);
	} else {
		check(rc != HR_EINVALID || error_at < size);
		check_words(&words, size);
		compare_with_hotspot(text, size, rc, &words, error_at);
	}
	hr_arena_free(&arena);
}

/* ---- The shell ------------------------------------------------------------ */

static const char *const environment[][2] = {
	{"JAVA_OPTS", "-Xmx512m -Xms256m"},
	{"QUOTED", "-Dx=\"a b\" 'c'"},
	{"EMPTY", ""},
	{"SPACES", " \t a \n b  "},
	{"JAVA_HOME", "/opt/java/openjdk"},
	{"NOT_UTF8", "a \xff b"},
	{"1", "first"},
};

static const char *lookup(void *ctx, const char *name, size_t name_len)
{
	(void)ctx;
	check(strlen(name) == name_len);
	for (size_t i = 0; i < sizeof(environment) / sizeof(environment[0]); i++)
		if (strcmp(environment[i][0], name) == 0)
			return environment[i][1];
	return NULL;
}

static void check_command(const hr_shell_command *c, size_t size)
{
	check_words(&c->argv, size);
	check_words(&c->environment, size);
	if (c->found) {
		const hr_word *program = &c->argv.items[0];
		check(c->argv.count >= 1);
		check(program->len >= 4 &&
		      memcmp(program->text + program->len - 4, "java", 4) == 0);
		check(program->len == 4 || program->text[program->len - 5] == '/');
	} else {
		check(c->argv.count == 0);
	}
	check(c->reference_count == 0 || c->references != NULL);
	for (size_t i = 0; i < c->reference_count; i++) {
		check(c->references[i].offset < size);
		check(c->references[i].name[0] != '\0');
	}
	for (size_t i = 0; i < c->environment.count; i++)
		check(memchr(c->environment.items[i].text, '=',
		             c->environment.items[i].len) != NULL);
	check(!c->unfollowed || c->unfollowed_offset < size);
}

static void fuzz_script(const char *text, size_t size)
{
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command command;
	size_t error_at = 0;
	int rc = hr_words_find_command(&arena, text, size, "java", lookup, NULL,
	                               &command, &error_at);
	if (rc != HR_OK) {
		check_failure(rc);
		check(!command.found && command.argv.count == 0);
		check(rc != HR_EINVALID || error_at < size);
	}
	if (size > HR_WORDS_MAX_TEXT)
		check(rc == HR_ELIMIT);
	check_command(&command, size);
	hr_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	fuzz_options(text, size);
	fuzz_script(text, size);
	return 0;
}
