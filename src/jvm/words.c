/*
 * The two word splitters of words.h.
 *
 * Input is read one token at a time.  Each reading mode (unquoted shell
 * text, inside "...", inside '...', a skipped $(...), JVM options, the
 * fields of an expanded value) has one prefix pattern: an alternation with
 * one capturing group per token kind, so one match says both how long the
 * token is and what it is.
 *
 * PCRE2 validates the UTF-8 of the whole subject before every match, so a
 * token is matched against a window of what remains, not all of it:
 * matching a 64 KiB script token by token would otherwise cost the square
 * of its length.  A token that reaches the window's end might go on past
 * it and is matched again in a window twice as large; a kind that means
 * "never closed" is only believed once the window holds the rest of the
 * input.  Every kind is therefore either decided by its first characters,
 * a run that may stop anywhere, or closed by a delimiter with an
 * "unterminated" kind behind it.
 */
#include "jvm/words.h"

#include "headroom/error.h"
#include "util/error_internal.h"
#include "util/pattern_table.h"
#include "util/strmap.h"

#include <string.h>

/* Big enough for any ordinary token, small enough that re-validating it
 * per token stays cheap. */
#define SCAN_WINDOW 256u
/* `X=$X$X; X=$X$X; ...` doubles a value per statement: expansions, not
 * the script, are what must be capped. */
#define EXPANSION_BUDGET (8u * HR_WORDS_MAX_TEXT)
#define MAX_TOKEN_KINDS 24

typedef enum token_kind {
	T_BLANK,
	T_NEWLINE,
	T_COMMENT,
	T_LINE_CONTINUATION,
	T_ESCAPE,
	T_BACKSLASH,
	T_SINGLE_QUOTE,
	T_DOUBLE_QUOTE,
	T_ARITHMETIC,
	T_COMMAND_SUBSTITUTION,
	T_BACKQUOTED,
	T_BACKQUOTE_OPEN,
	T_BRACED,
	T_BRACE_OPEN,
	T_NAME,
	T_SPECIAL,
	T_DOLLAR,
	T_LIST_OPERATOR,
	T_REDIRECT,
	T_PAREN,
	T_LITERAL,
	T_QUOTE_CLOSE,
	T_QUOTED_TEXT,
	T_QUOTED_ESCAPE,
	T_QUOTED_STRING,
	T_QUOTE_OPEN,
	T_OPEN_PAREN,
	T_CLOSE_PAREN,
	T_IFS,
	T_FIELD,
} token_kind;

typedef struct token_table {
	hr_pattern_table *pattern;
	const token_kind *kinds; /* kinds[i] is capturing group i + 1 */
	size_t count;
} token_table;

#define AS_ALTERNATIVE(kind, text) "|(" text ")"
#define AS_KIND(kind, text) kind,
/* "(?!)" never matches: it only lets every alternative start with "|". */
#define DEFINE_TOKEN_TABLE(name, LIST)                                         \
	static const char *const name##_text[] = {"(?!)" LIST(AS_ALTERNATIVE)};   \
	static hr_pattern_table name##_pattern =                                   \
		HR_PATTERN_TABLE(name##_text, true);                                   \
	static const token_kind name##_kinds[] = {LIST(AS_KIND)};                  \
	static const token_table name = {                                          \
		&name##_pattern, name##_kinds,                                         \
		sizeof(name##_kinds) / sizeof(name##_kinds[0])};

/* Expansions read the same way unquoted and inside "...". */
#define EXPANSION_TOKENS(X)                                                    \
	X(T_ARITHMETIC, "\\$\\(\\(")                                               \
	X(T_COMMAND_SUBSTITUTION, "\\$\\(")                                        \
	X(T_BACKQUOTED, "`(?:[^`\\\\]++|\\\\[\\s\\S])*+`")                         \
	X(T_BACKQUOTE_OPEN, "`")                                                   \
	X(T_BRACED, "\\$\\{[^}]*+\\}")                                             \
	X(T_BRACE_OPEN, "\\$\\{")                                                  \
	X(T_NAME, "\\$[A-Za-z_][A-Za-z0-9_]*+")                                    \
	X(T_SPECIAL, "\\$[0-9@*#?$!-]")                                            \
	X(T_DOLLAR, "\\$")

/* A comment starts only where a word could: '#' is a token of its own,
 * and read_comment() decides. */
#define UNQUOTED_TOKENS(X)                                                     \
	X(T_NEWLINE, "\\n")                                                        \
	X(T_BLANK, "[ \\t]++")                                                     \
	X(T_COMMENT, "#")                                                          \
	X(T_LINE_CONTINUATION, "\\\\\\n")                                          \
	X(T_ESCAPE, "\\\\[\\s\\S]")                                                \
	X(T_BACKSLASH, "\\\\")                                                     \
	X(T_SINGLE_QUOTE, "'")                                                     \
	X(T_DOUBLE_QUOTE, "\"")                                                    \
	EXPANSION_TOKENS(X)                                                        \
	X(T_LIST_OPERATOR, "&&|\\|\\||;;|[;&|]")                                   \
	X(T_REDIRECT, "[0-9]*+(?:<<-?|>>|<>|>&|<&|>\\||[<>])")                     \
	X(T_PAREN, "[()]")                                                         \
	X(T_LITERAL, "[^ \\t\\n'\"\\\\$`;&|<>()]++")

/* Inside "...", a backslash escapes only $ ` " \ and newline. */
#define DOUBLE_QUOTED_TOKENS(X)                                                \
	X(T_QUOTE_CLOSE, "\"")                                                     \
	X(T_QUOTED_TEXT, "[^\"\\\\$`]++")                                          \
	X(T_LINE_CONTINUATION, "\\\\\\n")                                          \
	X(T_QUOTED_ESCAPE, "\\\\[$`\"\\\\]")                                       \
	X(T_BACKSLASH, "\\\\")                                                     \
	EXPANSION_TOKENS(X)

#define SINGLE_QUOTED_TOKENS(X)                                                \
	X(T_QUOTE_CLOSE, "'")                                                      \
	X(T_QUOTED_TEXT, "[^']++")

/* Only enough of a $(...) to find its closing parenthesis. */
#define SUBSTITUTION_TOKENS(X)                                                 \
	X(T_QUOTED_STRING, "'[^']*+'|\"(?:[^\"\\\\]++|\\\\[\\s\\S])*+\"")         \
	X(T_QUOTE_OPEN, "['\"]")                                                   \
	X(T_ESCAPE, "\\\\[\\s\\S]")                                                \
	X(T_BACKSLASH, "\\\\")                                                     \
	X(T_OPEN_PAREN, "\\(")                                                     \
	X(T_CLOSE_PAREN, "\\)")                                                    \
	X(T_QUOTED_TEXT, "[^'\"\\\\()]++")

/* HotSpot's separators are isspace() in the C locale; \v would be a
 * class of its own in PCRE2, hence \x0b. */
#define OPTION_TOKENS(X)                                                       \
	X(T_BLANK, "[ \\t\\n\\x0b\\x0c\\r]++")                                     \
	X(T_QUOTED_STRING, "'[^']*+'|\"[^\"]*+\"")                                 \
	X(T_QUOTE_OPEN, "['\"]")                                                   \
	X(T_LITERAL, "[^ \\t\\n\\x0b\\x0c\\r'\"]++")

#define COMMENT_TOKENS(X)                                                      \
	X(T_NEWLINE, "\\n")                                                        \
	X(T_QUOTED_TEXT, "[^\\n]++")

/* Field splitting with the default IFS. */
#define FIELD_TOKENS(X)                                                        \
	X(T_IFS, "[ \\t\\n]++")                                                    \
	X(T_FIELD, "[^ \\t\\n]++")

DEFINE_TOKEN_TABLE(unquoted_tokens, UNQUOTED_TOKENS)
DEFINE_TOKEN_TABLE(double_quoted_tokens, DOUBLE_QUOTED_TOKENS)
DEFINE_TOKEN_TABLE(single_quoted_tokens, SINGLE_QUOTED_TOKENS)
DEFINE_TOKEN_TABLE(substitution_tokens, SUBSTITUTION_TOKENS)
DEFINE_TOKEN_TABLE(option_tokens, OPTION_TOKENS)
DEFINE_TOKEN_TABLE(field_tokens, FIELD_TOKENS)
DEFINE_TOKEN_TABLE(comment_tokens, COMMENT_TOKENS)

enum whole_pattern {
	P_BRACED_PLAIN,
	P_BRACED_OPERATOR,
	P_NAME,
};
#define PARAMETER "([A-Za-z_][A-Za-z0-9_]*+|[0-9]++|[@*#?$!-])"
static const char *const whole_texts[] = {
	[P_BRACED_PLAIN] = "\\$\\{" PARAMETER "\\}",
	/* Only a literal default: ${X:-$Y} or ${X:-"a b"} is not followed. */
	[P_BRACED_OPERATOR] = "\\$\\{" PARAMETER "(:?[-=+?])([^'\"\\\\$`}]*+)\\}",
	[P_NAME] = "[A-Za-z_][A-Za-z0-9_]*+",
};
static hr_pattern_table whole_patterns = HR_PATTERN_TABLE(whole_texts, false);

static const char *const assignment_texts[] = {"[A-Za-z_][A-Za-z0-9_]*+="};
static hr_pattern_table assignment_pattern =
	HR_PATTERN_TABLE(assignment_texts, true);

/* ---- Scanning ---------------------------------------------------------- */

typedef struct scanner {
	const char *text;
	size_t len;
	size_t pos;
} scanner;

typedef struct token {
	token_kind kind;
	const char *text;
	size_t len;
	size_t offset;
} token;

typedef enum scan_status {
	SCAN_TOKEN,
	SCAN_END,
	/* Not UTF-8, or a token too complex for the pattern limits. */
	SCAN_UNREADABLE,
} scan_status;

static bool is_unterminated(token_kind kind)
{
	return kind == T_BACKQUOTE_OPEN || kind == T_BRACE_OPEN ||
	       kind == T_QUOTE_OPEN;
}

/* The window must not end inside a UTF-8 sequence, or PCRE2 would refuse
 * a valid text; in valid text a character starts at most 3 bytes back.
 * A window smaller than the character at pos is left uncut. */
static size_t window_end(const scanner *s, size_t window)
{
	if (window >= s->len - s->pos)
		return s->len;
	size_t end = s->pos + window;
	for (int back = 0; back < 3 && end > s->pos + 1 &&
	     ((unsigned char)s->text[end] & 0xC0u) == 0x80u; back++)
		end--;
	return ((unsigned char)s->text[end] & 0xC0u) == 0x80u ? s->pos + window
	                                                       : end;
}

static token_kind matched_kind(const token_table *table,
                               const hr_capture *caps)
{
	for (size_t i = 0; i < table->count; i++)
		if (caps[i + 1].text)
			return table->kinds[i];
	return table->kinds[table->count - 1];
}

/* Kinds that may be cut anywhere: the next token goes on with the rest. */
static bool is_run(token_kind kind)
{
	return kind == T_BLANK || kind == T_LITERAL || kind == T_QUOTED_TEXT ||
	       kind == T_IFS || kind == T_FIELD;
}

/* Invalid UTF-8 somewhere in the window: a smaller one.  Halving, then
 * one byte at a time, so that what is read stops exactly at the first
 * invalid character. */
static size_t smaller_window(size_t size)
{
	return size > 8 ? size / 2 : size - 1;
}

static scan_status scan(scanner *s, const token_table *table, token *out)
{
	const hr_pattern *pattern = hr_pattern_table_get(table->pattern, 0);
	if (!pattern || table->count > MAX_TOKEN_KINDS)
		return SCAN_UNREADABLE;
	if (s->pos >= s->len)
		return SCAN_END;
	size_t rest = s->len - s->pos;
	size_t window = SCAN_WINDOW;
	bool shrinking = false; /* the input ahead is not valid UTF-8 */
	for (;;) {
		size_t size = window_end(s, window) - s->pos;
		bool whole = size == rest;
		hr_capture caps[MAX_TOKEN_KINDS + 1];
		hr_match m = hr_pattern_match_captures(pattern, s->text + s->pos,
		                                       size, caps, table->count + 1);
		if (m == HR_MATCH_ABORTED) {
			if (size <= 1)
				return SCAN_UNREADABLE;
			shrinking = true;
			window = smaller_window(size);
			continue;
		}
		if (m == HR_MATCH_FOUND && caps[0].len > 0) {
			token_kind kind = matched_kind(table, caps);
			bool may_go_on = caps[0].len == size;
			if (whole || (!may_go_on && !is_unterminated(kind)) ||
			    (shrinking && may_go_on && is_run(kind))) {
				*out = (token){kind, caps[0].text, caps[0].len, s->pos};
				s->pos += caps[0].len;
				return SCAN_TOKEN;
			}
			if (shrinking)
				return SCAN_UNREADABLE;
			window = is_unterminated(kind) ? rest : window * 2;
		} else if (whole || shrinking) {
			return SCAN_UNREADABLE;
		} else {
			window *= 2;
		}
	}
}

/* ---- Building one word ------------------------------------------------- */

typedef struct word_builder {
	char *text;
	unsigned char *unknown_bytes; /* 1 where the text stands for unknown */
	size_t len;
	size_t cap;
	bool exists;         /* "" and '' make a word even when empty */
	bool in_word;        /* lexically: no blank or operator since it began */
	bool offset_pending; /* field splitting ended a word: the next part
	                        says where the next one starts */
	size_t offset;
	const char *expanded_from;
	bool unknown;
	size_t literal_prefix; /* unquoted literal bytes it starts with */
	bool only_literal;
	/* assignment_name_len() of the literal prefix, computed once it has
	 * stopped growing: a word may hold thousands of expansions. */
	bool assignment_known;
	size_t assignment_name;
	bool redirect_target;
} word_builder;

typedef struct splitter {
	hr_arena *arena;
	scanner in;
	word_builder word;
	size_t produced; /* bytes appended to words, for EXPANSION_BUDGET */
	size_t *error_offset;
} splitter;

static void reserve_word(splitter *sp, size_t need)
{
	word_builder *w = &sp->word;
	if (need <= w->cap)
		return;
	size_t cap = w->cap ? w->cap : 64;
	while (cap < need)
		cap *= 2;
	char *text = hr_arena_alloc(sp->arena, cap);
	unsigned char *unknown = hr_arena_alloc(sp->arena, cap);
	if (w->len) {
		memcpy(text, w->text, w->len);
		memcpy(unknown, w->unknown_bytes, w->len);
	}
	w->text = text;
	w->unknown_bytes = unknown;
	w->cap = cap;
}

static int fail_at(splitter *sp, int code, size_t offset)
{
	if (sp->error_offset)
		*sp->error_offset = offset;
	return code;
}

/* unknown_bytes (may be NULL) marks which of the bytes stand for unknown
 * text; all_unknown marks them all. */
static int append(splitter *sp, const char *bytes, size_t n, size_t offset,
                  const unsigned char *unknown_bytes, bool all_unknown)
{
	word_builder *w = &sp->word;
	if (w->offset_pending) {
		w->offset = offset;
		w->offset_pending = false;
	}
	if (n == 0)
		return HR_OK;
	if (n > HR_WORDS_MAX_TEXT - w->len)
		return fail_at(sp, hr_fail(HR_ELIMIT, "a word is longer than %u bytes",
		                           HR_WORDS_MAX_TEXT), offset);
	if (n > EXPANSION_BUDGET - sp->produced)
		return fail_at(sp, hr_fail(HR_ELIMIT,
		                           "the words expand to more than %u bytes",
		                           EXPANSION_BUDGET), offset);
	sp->produced += n;
	reserve_word(sp, w->len + n);
	memcpy(w->text + w->len, bytes, n);
	if (unknown_bytes)
		memcpy(w->unknown_bytes + w->len, unknown_bytes, n);
	else
		memset(w->unknown_bytes + w->len, all_unknown, n);
	if (all_unknown || (unknown_bytes && memchr(unknown_bytes, 1, n)))
		w->unknown = true;
	w->len += n;
	return HR_OK;
}

static int append_literal(splitter *sp, const token *t)
{
	word_builder *w = &sp->word;
	if (w->only_literal)
		w->literal_prefix += t->len;
	w->exists = true;
	return append(sp, t->text, t->len, t->offset, NULL, false);
}

/* Escapes, quotes and expansions end the plain literal start of a word,
 * which is what decides keywords and NAME= assignments. */
static int append_quoted(splitter *sp, const char *bytes, size_t n,
                         size_t offset)
{
	sp->word.only_literal = false;
	sp->word.exists = true;
	return append(sp, bytes, n, offset, NULL, false);
}

static void begin_word(splitter *sp, size_t offset)
{
	word_builder *w = &sp->word;
	if (w->in_word)
		return;
	w->in_word = true;
	w->offset = offset;
	w->offset_pending = false;
}

static void clear_word(word_builder *w)
{
	w->len = 0;
	w->exists = false;
	w->expanded_from = NULL;
	w->unknown = false;
	w->literal_prefix = 0;
	w->only_literal = true;
	w->assignment_known = false;
	w->assignment_name = 0;
}

static hr_word take_word(splitter *sp)
{
	word_builder *w = &sp->word;
	hr_word word = {
		.text = hr_arena_strndup(sp->arena, w->text ? w->text : "", w->len),
		.len = w->len,
		.offset = w->offset,
		.expanded_from = w->expanded_from,
		.unknown = w->unknown,
	};
	return word;
}

/* ---- Growing arrays in the arena ---------------------------------------- */

typedef struct word_array {
	hr_word *items;
	size_t count;
	size_t cap;
} word_array;

static int push_word(hr_arena *arena, word_array *a, hr_word word)
{
	if (a->count >= HR_WORDS_MAX)
		return hr_fail(HR_ELIMIT, "more than %d words", HR_WORDS_MAX);
	a->items = hr_arena_grow(arena, a->items, a->count, &a->cap, sizeof(*a->items));
	a->items[a->count++] = word;
	return HR_OK;
}

static int check_input(const char *text, size_t len, const char *what)
{
	if (len > HR_WORDS_MAX_TEXT)
		return hr_fail(HR_ELIMIT, "%s is longer than %u bytes", what,
		               HR_WORDS_MAX_TEXT);
	if (!text && len)
		return hr_fail(HR_EUSAGE, "%s is NULL", what);
	return HR_OK;
}

static int fail_unreadable(splitter *sp, const char *what)
{
	return fail_at(sp, hr_fail(HR_EINVALID,
	                           "%s is not valid UTF-8 at offset %zu",
	                           what, sp->in.pos), sp->in.pos);
}

/* ---- JVM options --------------------------------------------------------- */

static int end_option(splitter *sp, word_array *words)
{
	int rc = HR_OK;
	if (sp->word.exists)
		rc = push_word(sp->arena, words, take_word(sp));
	clear_word(&sp->word);
	sp->word.in_word = false;
	return rc;
}

static int read_option_token(splitter *sp, const token *t, word_array *words)
{
	switch (t->kind) {
	case T_BLANK:
		return end_option(sp, words);
	case T_QUOTED_STRING:
		begin_word(sp, t->offset);
		return append_quoted(sp, t->text + 1, t->len - 2, t->offset);
	case T_QUOTE_OPEN:
		return fail_at(sp, hr_fail(HR_EINVALID, "unmatched quote at offset %zu",
		                           t->offset), t->offset);
	default:
		begin_word(sp, t->offset);
		return append_literal(sp, t);
	}
}

int hr_words_split_options(hr_arena *arena, const char *text, size_t len,
                           hr_word_list *out, size_t *error_offset)
{
	memset(out, 0, sizeof(*out));
	if (error_offset)
		*error_offset = 0;
	int rc = check_input(text, len, "the options");
	if (rc)
		return rc;
	splitter sp = {.arena = arena, .in = {text, len, 0},
	               .error_offset = error_offset};
	clear_word(&sp.word);
	word_array words = {NULL, 0, 0};
	token t;
	scan_status status;
	while (rc == HR_OK &&
	       (status = scan(&sp.in, &option_tokens, &t)) != SCAN_END) {
		if (status == SCAN_UNREADABLE)
			rc = fail_unreadable(&sp, "the options");
		else
			rc = read_option_token(&sp, &t, &words);
	}
	if (rc == HR_OK)
		rc = end_option(&sp, &words);
	out->items = words.items;
	out->count = words.count;
	return rc;
}

/* ---- The shell ------------------------------------------------------------ */

typedef struct shell_word {
	hr_word word;
	const unsigned char *unknown_bytes; /* NULL when all known */
	size_t assignment_name_len; /* NAME= written unquoted at its start */
	bool plain;                 /* unquoted literal text only */
} shell_word;

typedef struct shell_variable {
	const char *name;
	size_t name_len;
	bool set;
	const char *value;
	size_t len;
	const unsigned char *unknown_bytes;
	hr_word assignment; /* NAME=value, as the environment shows it */
	bool exported;
	size_t environment_slot; /* 1 + its index while building one, or 0 */
} shell_variable;

/* Every change to an exported variable, in order: the environment of the
 * command found is built once, at the end, from the changes before it
 * (building it for every java command could be quadratic). */
typedef struct export_change {
	shell_variable *var;
	hr_word assignment; /* text NULL: unset */
} export_change;

typedef struct value_view {
	const char *text;
	size_t len;
	const unsigned char *unknown_bytes;
	bool unknown; /* nothing known, not even whether it is set */
	bool set;
} value_view;

typedef struct command {
	shell_word *words;
	size_t count;
	size_t cap;
	hr_var_reference *references;
	size_t reference_count;
	size_t reference_cap;
	bool name_seen;   /* a word other than an assignment was read */
	bool declaration; /* export/readonly...: NAME=$X arguments not split */
	bool ignored;     /* the words of a for/case header: no command */
} command;

typedef struct shell {
	splitter sp;
	const char *program;
	hr_env_lookup_fn lookup;
	void *lookup_ctx;
	hr_strmap variables; /* name -> shell_variable */
	export_change *changes;
	size_t change_count;
	size_t change_cap;
	command cmd;
	/* The command found: changes[0..found_changes) and the assignments
	 * written in front of it make its environment. */
	size_t found_changes;
	hr_word *found_assignments;
	size_t found_assignment_count;
	bool redirect_pending;
	bool stop; /* after `exec` or a here-document nothing more is read */
	bool heredoc_pending;
	hr_shell_command *out;
} shell;

static void note_unfollowed(shell *sh, const char *what, size_t offset)
{
	if (!sh->out->unfollowed) {
		sh->out->unfollowed = what;
		sh->out->unfollowed_offset = offset;
	}
}

static bool text_is(const hr_word *w, const char *s)
{
	size_t n = strlen(s);
	return !w->unknown && w->len == n && memcmp(w->text, s, n) == 0;
}

static bool word_is_any(const hr_word *w, const char *const *names,
                        size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (text_is(w, names[i]))
			return true;
	return false;
}

#define WORD_IS_ANY(w, names) \
	word_is_any((w), (names), sizeof(names) / sizeof((names)[0]))

static size_t assignment_name_len(const char *text, size_t literal_len)
{
	const hr_pattern *p = hr_pattern_table_get(&assignment_pattern, 0);
	hr_capture whole;
	if (p && hr_pattern_match_captures(p, text, literal_len, &whole, 1) ==
	                 HR_MATCH_FOUND)
		return whole.len - 1;
	return 0;
}

static bool is_name(const char *text, size_t len)
{
	const hr_pattern *p = hr_pattern_table_get(&whole_patterns, P_NAME);
	return p && hr_pattern_match(p, text, len) == HR_MATCH_FOUND;
}

/* ---- Variables ------------------------------------------------------------- */

static int resolve(shell *sh, const char *name, size_t name_len,
                   size_t dollar, value_view *out)
{
	*out = (value_view){"", 0, NULL, false, false};
	shell_variable *var = hr_strmap_get(&sh->variables, name, name_len);
	if (var) {
		if (var->set)
			*out = (value_view){var->value, var->len, var->unknown_bytes,
			                    false, true};
		return HR_OK;
	}
	const char *value = sh->lookup
		? sh->lookup(sh->lookup_ctx, name, name_len) : NULL;
	if (!value) {
		out->unknown = true;
		return HR_OK;
	}
	const char *nul = memchr(value, '\0', HR_WORDS_MAX_TEXT + 1u);
	if (!nul)
		return fail_at(&sh->sp, hr_fail(HR_ELIMIT,
		                                "the value of %s is longer than %u bytes",
		                                name, HR_WORDS_MAX_TEXT), dollar);
	*out = (value_view){value, (size_t)(nul - value), NULL, false, true};
	return HR_OK;
}

static shell_variable *variable(shell *sh, const char *name, size_t name_len)
{
	shell_variable *var = hr_strmap_get(&sh->variables, name, name_len);
	if (var)
		return var;
	var = hr_arena_alloc(sh->sp.arena, sizeof(*var));
	var->name = hr_arena_strndup(sh->sp.arena, name, name_len);
	var->name_len = name_len;
	/* A variable the shell inherited is exported already. */
	var->exported = sh->lookup &&
	                sh->lookup(sh->lookup_ctx, var->name, name_len) != NULL;
	hr_strmap_put(&sh->variables, var->name, name_len, var);
	return var;
}

static void note_export(shell *sh, shell_variable *var)
{
	if (!var->exported)
		return;
	sh->changes = hr_arena_grow(sh->sp.arena, sh->changes, sh->change_count,
	                   &sh->change_cap, sizeof(*sh->changes));
	hr_word removed = {NULL, 0, 0, NULL, false};
	sh->changes[sh->change_count++] =
		(export_change){var, var->set ? var->assignment : removed};
}

static void assign(shell *sh, const shell_word *w, bool export)
{
	size_t name_len = w->assignment_name_len;
	if (name_len == 3 && memcmp(w->word.text, "IFS", 3) == 0)
		note_unfollowed(sh, "IFS is assigned", w->word.offset);
	shell_variable *var = variable(sh, w->word.text, name_len);
	var->set = true;
	var->value = w->word.text + name_len + 1;
	var->len = w->word.len - name_len - 1;
	var->unknown_bytes = w->unknown_bytes
		? w->unknown_bytes + name_len + 1 : NULL;
	var->assignment = w->word;
	var->exported = var->exported || export;
	note_export(sh, var);
}

/* ---- Expansions -------------------------------------------------------------- */

static int add_reference(shell *sh, const char *name, size_t dollar,
                         bool quoted)
{
	command *c = &sh->cmd;
	c->references = hr_arena_grow(sh->sp.arena, c->references, c->reference_count,
	                     &c->reference_cap, sizeof(*c->references));
	c->references[c->reference_count++] =
		(hr_var_reference){name, dollar, quoted};
	return HR_OK;
}

static size_t builder_assignment_name(word_builder *w)
{
	if (w->only_literal || !w->assignment_known) {
		w->assignment_name = assignment_name_len(w->text ? w->text : "",
		                                         w->literal_prefix);
		w->assignment_known = !w->only_literal;
	}
	return w->assignment_name;
}

/* NAME=$X in front of a command or after export is not field-split. */
static bool in_assignment(shell *sh)
{
	return (!sh->cmd.name_seen || sh->cmd.declaration) &&
	       builder_assignment_name(&sh->sp.word) > 0;
}

static int emit_word(shell *sh);

static int split_fields(shell *sh, const value_view *v, size_t dollar,
                        const char *name)
{
	splitter *sp = &sh->sp;
	scanner fields = {v->text, v->len, 0};
	token t;
	scan_status status;
	while ((status = scan(&fields, &field_tokens, &t)) == SCAN_TOKEN) {
		int rc;
		if (t.kind == T_IFS) {
			rc = emit_word(sh);
			sp->word.offset_pending = true;
		} else {
			size_t at = (size_t)(t.text - v->text);
			rc = append(sp, t.text, t.len, dollar,
			            v->unknown_bytes ? v->unknown_bytes + at : NULL,
			            false);
			sp->word.exists = true;
			if (!sp->word.expanded_from)
				sp->word.expanded_from = name;
		}
		if (rc)
			return rc;
	}
	if (status == SCAN_UNREADABLE)
		return fail_at(sp, hr_fail(HR_EINVALID,
		                           "the value of %s is not valid UTF-8", name),
		               dollar);
	return HR_OK;
}

/* written is the reference as it appears in the script: what an unknown
 * value is shown as. */
static int expand_value(shell *sh, const value_view *v, const token *written,
                        const char *name, bool quoted)
{
	splitter *sp = &sh->sp;
	word_builder *w = &sp->word;
	w->only_literal = false;
	if (v->unknown) {
		if (!w->expanded_from)
			w->expanded_from = name;
		w->exists = true;
		return append(sp, written->text, written->len, written->offset, NULL,
		              true);
	}
	if (quoted || in_assignment(sh)) {
		w->exists = w->exists || quoted;
		if ((quoted || v->len) && !w->expanded_from)
			w->expanded_from = name;
		return append(sp, v->text, v->len, written->offset, v->unknown_bytes,
		              false);
	}
	return split_fields(sh, v, written->offset, name);
}

static const char *arena_name(shell *sh, const char *text, size_t len)
{
	return hr_arena_strndup(sh->sp.arena, text, len);
}

static int expand_plain(shell *sh, const token *t, const char *name,
                        size_t name_len, bool quoted)
{
	value_view v;
	int rc = resolve(sh, name, name_len, t->offset, &v);
	if (rc == HR_OK)
		rc = add_reference(sh, name, t->offset, quoted);
	return rc ? rc : expand_value(sh, &v, t, name, quoted);
}

/* ${X-w} ${X:-w} ${X=w} ${X:=w} ${X+w} ${X:+w} ${X?w} ${X:?w} */
static value_view apply_operator(shell *sh, const value_view *v,
                                 const hr_capture *caps, size_t dollar)
{
	bool colon = caps[2].len == 2;
	char op = caps[2].text[caps[2].len - 1];
	value_view word = {caps[3].text, caps[3].len, NULL, false, true};
	value_view empty = {"", 0, NULL, false, true};
	if (v->unknown)
		return *v;
	bool present = v->set && (!colon || v->len > 0);
	switch (op) {
	case '+':
		return present ? word : empty;
	case '?':
		return *v;
	case '=':
		if (!present) {
			size_t name_len = caps[1].len;
			shell_variable *var = variable(sh, caps[1].text, name_len);
			size_t len = name_len + 1 + word.len;
			char *text = hr_arena_alloc(sh->sp.arena, len + 1);
			memcpy(text, caps[1].text, name_len);
			text[name_len] = '=';
			memcpy(text + name_len + 1, word.text, word.len);
			var->set = true;
			var->value = text + name_len + 1;
			var->len = word.len;
			var->unknown_bytes = NULL;
			var->assignment = (hr_word){text, len, dollar, NULL, false};
			note_export(sh, var);
		}
		return present ? *v : word;
	default:
		return present ? *v : word;
	}
}

static int expand_braced(shell *sh, const token *t, bool quoted)
{
	hr_capture caps[4];
	const hr_pattern *plain = hr_pattern_table_get(&whole_patterns,
	                                               P_BRACED_PLAIN);
	const hr_pattern *with_op = hr_pattern_table_get(&whole_patterns,
	                                                 P_BRACED_OPERATOR);
	if (plain && hr_pattern_match_captures(plain, t->text, t->len, caps, 2) ==
	                     HR_MATCH_FOUND)
		return expand_plain(sh, t, arena_name(sh, caps[1].text, caps[1].len),
		                    caps[1].len, quoted);
	if (with_op && hr_pattern_match_captures(with_op, t->text, t->len, caps,
	                                         4) == HR_MATCH_FOUND) {
		const char *name = arena_name(sh, caps[1].text, caps[1].len);
		value_view v;
		int rc = resolve(sh, name, caps[1].len, t->offset, &v);
		if (rc == HR_OK)
			rc = add_reference(sh, name, t->offset, quoted);
		if (rc)
			return rc;
		value_view result = apply_operator(sh, &v, caps, t->offset);
		return expand_value(sh, &result, t, name, quoted);
	}
	note_unfollowed(sh, "parameter expansion", t->offset);
	value_view unknown = {NULL, 0, NULL, true, false};
	return expand_value(sh, &unknown, t, NULL, quoted);
}

static int skip_substitution(shell *sh, size_t dollar, int depth)
{
	splitter *sp = &sh->sp;
	token t;
	while (depth > 0) {
		scan_status status = scan(&sp->in, &substitution_tokens, &t);
		if (status == SCAN_END)
			return fail_at(sp, hr_fail(HR_EINVALID,
			                           "unterminated $( at offset %zu", dollar),
			               dollar);
		if (status == SCAN_UNREADABLE)
			return fail_unreadable(sp, "the script");
		if (t.kind == T_QUOTE_OPEN)
			return fail_at(sp, hr_fail(HR_EINVALID,
			                           "unmatched quote at offset %zu",
			                           t.offset), t.offset);
		depth += (t.kind == T_OPEN_PAREN) - (t.kind == T_CLOSE_PAREN);
	}
	return HR_OK;
}

/* The output of a command cannot be known: the word keeps the
 * substitution as written and is unknown. */
static int expand_substitution(shell *sh, const token *t, bool quoted)
{
	bool arithmetic = t->kind == T_ARITHMETIC;
	note_unfollowed(sh, arithmetic ? "arithmetic expansion"
	                               : "command substitution", t->offset);
	int rc = HR_OK;
	token written = *t;
	if (t->kind != T_BACKQUOTED) {
		rc = skip_substitution(sh, t->offset, arithmetic ? 2 : 1);
		written.len = sh->sp.in.pos - t->offset;
	}
	value_view unknown = {NULL, 0, NULL, true, false};
	return rc ? rc : expand_value(sh, &unknown, &written, NULL, quoted);
}

static int fail_unterminated(shell *sh, const token *t)
{
	const char *what = t->kind == T_BACKQUOTE_OPEN ? "`" : "${";
	return fail_at(&sh->sp, hr_fail(HR_EINVALID, "unterminated %s at offset %zu",
	                                what, t->offset), t->offset);
}

/* Tokens that mean the same unquoted and inside "...". */
static int read_expansion(shell *sh, const token *t, bool quoted)
{
	switch (t->kind) {
	case T_ARITHMETIC:
	case T_COMMAND_SUBSTITUTION:
	case T_BACKQUOTED:
		return expand_substitution(sh, t, quoted);
	case T_BACKQUOTE_OPEN:
	case T_BRACE_OPEN:
		return fail_unterminated(sh, t);
	case T_BRACED:
		return expand_braced(sh, t, quoted);
	case T_NAME:
	case T_SPECIAL:
		return expand_plain(sh, t, arena_name(sh, t->text + 1, t->len - 1),
		                    t->len - 1, quoted);
	default: /* T_DOLLAR: a $ that starts nothing is itself */
		return append_quoted(&sh->sp, t->text, t->len, t->offset);
	}
}

/* ---- Quotes --------------------------------------------------------------- */

static int fail_unmatched_quote(shell *sh, size_t offset)
{
	return fail_at(&sh->sp, hr_fail(HR_EINVALID,
	                                "unmatched quote at offset %zu", offset),
	               offset);
}

static int read_single_quoted_token(shell *sh, const token *t)
{
	return append_quoted(&sh->sp, t->text, t->len, t->offset);
}

static int read_double_quoted_token(shell *sh, const token *t)
{
	switch (t->kind) {
	case T_QUOTED_TEXT:
	case T_BACKSLASH:
		return append_quoted(&sh->sp, t->text, t->len, t->offset);
	case T_QUOTED_ESCAPE:
		return append_quoted(&sh->sp, t->text + 1, t->len - 1, t->offset);
	case T_LINE_CONTINUATION:
		return HR_OK;
	default:
		return read_expansion(sh, t, true);
	}
}

/* '...' or "..." from after the opening quote through the closing one. */
static int read_quoted(shell *sh, size_t quote, const token_table *tokens,
                       int (*read_token)(shell *sh, const token *t))
{
	token t;
	sh->sp.word.exists = true;
	sh->sp.word.only_literal = false;
	for (;;) {
		scan_status status = scan(&sh->sp.in, tokens, &t);
		if (status == SCAN_END)
			return fail_unmatched_quote(sh, quote);
		if (status == SCAN_UNREADABLE)
			return fail_unreadable(&sh->sp, "the script");
		if (t.kind == T_QUOTE_CLOSE)
			return HR_OK;
		int rc = read_token(sh, &t);
		if (rc)
			return rc;
	}
}

/* ---- Commands --------------------------------------------------------------- */

static const char *const silent_keywords[] = {
	"then", "else", "do", "!", "time", "fi", "done", "esac", "}",
};
static const char *const compound_keywords[] = {
	"if", "elif", "while", "until", "{",
};
static const char *const header_keywords[] = {
	"for", "case", "select", "function",
};
static const char *const declaration_builtins[] = {
	"export", "readonly", "local", "declare", "typeset",
};
static const char *const unfollowed_builtins[] = {
	"eval", "source", ".", "shift", "read", "getopts", "trap",
};

/* Reserved words count only as the first word of a command, unquoted. */
static bool read_keyword(shell *sh, const shell_word *w)
{
	if (sh->cmd.count > 0 || !w->plain)
		return false;
	if (WORD_IS_ANY(&w->word, silent_keywords))
		return true;
	if (WORD_IS_ANY(&w->word, compound_keywords)) {
		note_unfollowed(sh, "compound command", w->word.offset);
		return true;
	}
	if (WORD_IS_ANY(&w->word, header_keywords)) {
		note_unfollowed(sh, text_is(&w->word, "function")
		                        ? "function definition" : "loop or case",
		                w->word.offset);
		sh->cmd.ignored = true;
		return true;
	}
	return false;
}

static int add_word(shell *sh, const shell_word *w)
{
	command *c = &sh->cmd;
	if (c->ignored || read_keyword(sh, w))
		return HR_OK;
	if (c->count >= HR_WORDS_MAX)
		return fail_at(&sh->sp, hr_fail(HR_ELIMIT,
		                                "a command has more than %d words",
		                                HR_WORDS_MAX), w->word.offset);
	c->words = hr_arena_grow(sh->sp.arena, c->words, c->count, &c->cap,
	                sizeof(*c->words));
	c->words[c->count++] = *w;
	if (!c->name_seen && w->assignment_name_len == 0) {
		c->name_seen = true;
		c->declaration = WORD_IS_ANY(&w->word, declaration_builtins);
	}
	return HR_OK;
}

/* Ends the word being built (if it makes one) without ending it
 * lexically: field splitting inside a word. */
static int emit_word(shell *sh)
{
	splitter *sp = &sh->sp;
	word_builder *b = &sp->word;
	int rc = HR_OK;
	if (b->exists && !b->redirect_target) {
		shell_word w = {
			.word = take_word(sp),
			.assignment_name_len = builder_assignment_name(b),
			.plain = b->only_literal,
		};
		if (b->unknown)
			w.unknown_bytes = hr_arena_memdup(sp->arena, b->unknown_bytes,
			                                  b->len);
		rc = add_word(sh, &w);
	}
	clear_word(b);
	return rc;
}

static int end_word(shell *sh)
{
	int rc = emit_word(sh);
	sh->sp.word.in_word = false;
	sh->sp.word.redirect_target = false;
	return rc;
}

static void start_word(shell *sh, size_t offset)
{
	if (sh->sp.word.in_word)
		return;
	begin_word(&sh->sp, offset);
	sh->sp.word.redirect_target = sh->redirect_pending;
	sh->redirect_pending = false;
}

static bool starts_with_dash(const hr_word *w)
{
	return !w->unknown && w->len > 1 && w->text[0] == '-';
}

/* exec [-cl] [-a name] [--] command... */
static size_t skip_exec_options(const command *c, size_t i)
{
	while (i < c->count && starts_with_dash(&c->words[i].word)) {
		bool end = text_is(&c->words[i].word, "--");
		i += text_is(&c->words[i].word, "-a") ? 2 : 1;
		if (end)
			break;
	}
	return i;
}

/* env [-i] [-u NAME] [-C DIR] [--] [NAME=value]... command... */
static size_t skip_env_options(shell *sh, const command *c, size_t i)
{
	while (i < c->count && (starts_with_dash(&c->words[i].word) ||
	                        text_is(&c->words[i].word, "-"))) {
		const hr_word *w = &c->words[i].word;
		if (text_is(w, "-S") || (w->len > 2 && memcmp(w->text, "-S", 2) == 0) ||
		    (w->len >= 14 && memcmp(w->text, "--split-string", 14) == 0))
			note_unfollowed(sh, "env -S", w->offset);
		i += text_is(w, "-u") || text_is(w, "-C") ? 2 : 1;
		if (text_is(w, "--"))
			break;
	}
	return i;
}

static size_t skip_double_dash(const command *c, size_t i)
{
	return i < c->count && text_is(&c->words[i].word, "--") ? i + 1 : i;
}

typedef struct command_shape {
	size_t prefix_end; /* words[0..prefix_end) are assignments */
	size_t env_first;  /* env NAME=value arguments */
	size_t env_end;
	size_t name;       /* argv[0] */
	bool exec;
} command_shape;

static command_shape unwrap(shell *sh, const command *c)
{
	command_shape s = {0, 0, 0, 0, false};
	while (s.prefix_end < c->count && c->words[s.prefix_end].assignment_name_len)
		s.prefix_end++;
	size_t i = s.prefix_end;
	while (i < c->count) {
		const hr_word *w = &c->words[i].word;
		if (text_is(w, "exec")) {
			s.exec = true;
			i = skip_exec_options(c, i + 1);
		} else if (text_is(w, "nohup")) {
			i = skip_double_dash(c, i + 1);
		} else if (text_is(w, "env")) {
			i = skip_env_options(sh, c, i + 1);
			s.env_first = i;
			while (i < c->count && c->words[i].assignment_name_len)
				i++;
			s.env_end = i;
		} else {
			break;
		}
	}
	s.name = i;
	return s;
}

static bool is_option(const hr_word *w)
{
	return !w->unknown && w->len > 0 && (w->text[0] == '-' || w->text[0] == '+');
}

static void run_declaration(shell *sh, const command *c, size_t name)
{
	bool export = text_is(&c->words[name].word, "export");
	for (size_t i = name + 1; i < c->count; i++) {
		const shell_word *w = &c->words[i];
		if (w->assignment_name_len) {
			assign(sh, w, export);
		} else if (export && is_name(w->word.text, w->word.len)) {
			shell_variable *var = variable(sh, w->word.text, w->word.len);
			bool was_exported = var->exported;
			var->exported = true;
			if (!was_exported && var->set)
				note_export(sh, var);
		}
	}
}

static void run_unset(shell *sh, const command *c, size_t name)
{
	for (size_t i = name + 1; i < c->count; i++) {
		const hr_word *w = &c->words[i].word;
		if (!is_option(w) && is_name(w->text, w->len)) {
			shell_variable *var = variable(sh, w->text, w->len);
			var->set = false;
			var->unknown_bytes = NULL;
			note_export(sh, var);
		}
	}
}

/* set -eu, set -o pipefail are harmless; set -- args changes $1... */
static void run_set(shell *sh, const command *c, size_t name)
{
	for (size_t i = name + 1; i < c->count; i++) {
		const hr_word *w = &c->words[i].word;
		bool takes_name = text_is(w, "-o") || text_is(w, "+o");
		if (text_is(w, "--") || !is_option(w)) {
			note_unfollowed(sh, "set", c->words[name].word.offset);
			return;
		}
		i += takes_name;
	}
}

static void run_builtin(shell *sh, const command *c, size_t name)
{
	const hr_word *w = &c->words[name].word;
	if (WORD_IS_ANY(w, declaration_builtins))
		run_declaration(sh, c, name);
	else if (text_is(w, "unset"))
		run_unset(sh, c, name);
	else if (text_is(w, "set"))
		run_set(sh, c, name);
	else if (WORD_IS_ANY(w, unfollowed_builtins))
		note_unfollowed(sh, w->text[0] == '.' ? "source" : w->text,
		                w->offset);
}

static bool runs_program(const shell *sh, const hr_word *w)
{
	size_t base = w->len;
	while (base > 0 && w->text[base - 1] != '/')
		base--;
	size_t n = strlen(sh->program);
	return w->len - base == n && memcmp(w->text + base, sh->program, n) == 0;
}

static hr_word_list copy_words(shell *sh, const command *c, size_t from,
                               size_t to)
{
	hr_word_list list = {NULL, to - from};
	if (list.count == 0)
		return list;
	list.items = hr_arena_alloc(sh->sp.arena, list.count * sizeof(hr_word));
	for (size_t i = from; i < to; i++)
		list.items[i - from] = c->words[i].word;
	return list;
}

static void record_command(shell *sh, const command *c,
                           const command_shape *s)
{
	hr_shell_command *out = sh->out;
	out->found = true;
	out->argv = copy_words(sh, c, s->name, c->count);
	out->reference_count = c->reference_count;
	out->references = c->reference_count
		? hr_arena_memdup(sh->sp.arena, c->references,
		                  c->reference_count * sizeof(*c->references))
		: NULL;
	sh->found_changes = sh->change_count;
	size_t count = s->prefix_end + (s->env_end - s->env_first);
	sh->found_assignment_count = 0;
	sh->found_assignments = count
		? hr_arena_alloc(sh->sp.arena, count * sizeof(hr_word)) : NULL;
	for (size_t i = 0; i < s->prefix_end; i++)
		sh->found_assignments[sh->found_assignment_count++] = c->words[i].word;
	for (size_t i = s->env_first; i < s->env_end; i++)
		sh->found_assignments[sh->found_assignment_count++] = c->words[i].word;
}

/* One word per variable, where it was first exported, with its last
 * value; an unset variable leaves. */
static int build_environment(shell *sh)
{
	size_t most = sh->found_changes + sh->found_assignment_count;
	hr_word_list env = {NULL, 0};
	if (most)
		env.items = hr_arena_alloc(sh->sp.arena, most * sizeof(hr_word));
	for (size_t i = 0; i < sh->found_changes; i++) {
		const export_change *change = &sh->changes[i];
		shell_variable *var = change->var;
		if (var->environment_slot)
			env.items[var->environment_slot - 1] = change->assignment;
		else if (change->assignment.text) {
			env.items[env.count] = change->assignment;
			var->environment_slot = ++env.count;
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < env.count; i++)
		if (env.items[i].text)
			env.items[kept++] = env.items[i];
	env.count = kept;
	for (size_t i = 0; i < sh->found_assignment_count; i++)
		env.items[env.count++] = sh->found_assignments[i];
	if (env.count > HR_WORDS_MAX)
		return hr_fail(HR_ELIMIT, "the environment has more than %d words",
		               HR_WORDS_MAX);
	sh->out->environment = env;
	return HR_OK;
}

static void run_command(shell *sh)
{
	const command *c = &sh->cmd;
	command_shape s = unwrap(sh, c);
	if (s.prefix_end == c->count) {
		for (size_t i = 0; i < c->count; i++)
			assign(sh, &c->words[i], false);
		return;
	}
	if (s.name >= c->count)
		return; /* exec with redirections only: the script goes on */
	run_builtin(sh, c, s.name);
	if (runs_program(sh, &c->words[s.name].word))
		record_command(sh, c, &s);
	sh->stop = s.exec;
}

static void end_command(shell *sh)
{
	command *c = &sh->cmd;
	if (!c->ignored && c->count > 0)
		run_command(sh);
	c->count = 0;
	c->reference_count = 0;
	c->name_seen = false;
	c->declaration = false;
	c->ignored = false;
	sh->redirect_pending = false;
	if (sh->heredoc_pending)
		sh->stop = true;
}

/* ---- The script ------------------------------------------------------------- */

static int end_list_element(shell *sh);

static int read_comment(shell *sh, const token *t)
{
	if (sh->sp.word.in_word)
		return append_quoted(&sh->sp, t->text, t->len, t->offset);
	token body;
	scan_status status;
	while ((status = scan(&sh->sp.in, &comment_tokens, &body)) == SCAN_TOKEN)
		if (body.kind == T_NEWLINE)
			return end_list_element(sh);
	return status == SCAN_END ? HR_OK : fail_unreadable(&sh->sp, "the script");
}

static int read_redirect(shell *sh, const token *t)
{
	int rc = end_word(sh);
	for (size_t i = 0; i + 1 < t->len; i++)
		if (t->text[i] == '<' && t->text[i + 1] == '<') {
			note_unfollowed(sh, "here-document", t->offset);
			sh->heredoc_pending = true;
		}
	sh->redirect_pending = true;
	return rc;
}

static int end_list_element(shell *sh)
{
	int rc = end_word(sh);
	if (rc == HR_OK)
		end_command(sh);
	return rc;
}

static int read_unquoted_token(shell *sh, const token *t)
{
	switch (t->kind) {
	case T_BLANK:
		return end_word(sh);
	case T_NEWLINE:
	case T_LIST_OPERATOR:
		return end_list_element(sh);
	case T_PAREN:
		note_unfollowed(sh, "subshell or function definition", t->offset);
		return end_list_element(sh);
	case T_REDIRECT:
		return read_redirect(sh, t);
	case T_COMMENT:
		return read_comment(sh, t);
	case T_LINE_CONTINUATION:
		return HR_OK;
	default:
		break;
	}
	start_word(sh, t->offset);
	switch (t->kind) {
	case T_LITERAL:
		return append_literal(&sh->sp, t);
	case T_ESCAPE:
		return append_quoted(&sh->sp, t->text + 1, t->len - 1, t->offset);
	case T_BACKSLASH:
		return append_quoted(&sh->sp, t->text, t->len, t->offset);
	case T_SINGLE_QUOTE:
		return read_quoted(sh, t->offset, &single_quoted_tokens,
		                   read_single_quoted_token);
	case T_DOUBLE_QUOTE:
		return read_quoted(sh, t->offset, &double_quoted_tokens,
		                   read_double_quoted_token);
	default:
		return read_expansion(sh, t, false);
	}
}

static int read_script(shell *sh)
{
	token t;
	int rc = HR_OK;
	while (rc == HR_OK && !sh->stop) {
		scan_status status = scan(&sh->sp.in, &unquoted_tokens, &t);
		if (status == SCAN_END)
			return end_list_element(sh);
		if (status == SCAN_UNREADABLE)
			return fail_unreadable(&sh->sp, "the script");
		rc = read_unquoted_token(sh, &t);
	}
	return rc;
}

int hr_words_find_command(hr_arena *arena, const char *script, size_t len,
                          const char *program, hr_env_lookup_fn lookup,
                          void *lookup_ctx, hr_shell_command *out,
                          size_t *error_offset)
{
	memset(out, 0, sizeof(*out));
	if (error_offset)
		*error_offset = 0;
	int rc = check_input(script, len, "the script");
	if (rc)
		return rc;
	if (!program)
		return hr_fail(HR_EUSAGE, "no program to look for");
	shell sh = {
		.sp = {.arena = arena, .in = {script, len, 0},
		       .error_offset = error_offset},
		.program = program,
		.lookup = lookup,
		.lookup_ctx = lookup_ctx,
		.variables = HR_STRMAP_INIT,
		.out = out,
	};
	clear_word(&sh.sp.word);
	rc = read_script(&sh);
	if (rc == HR_OK && out->found)
		rc = build_environment(&sh);
	hr_strmap_dispose(&sh.variables);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}
