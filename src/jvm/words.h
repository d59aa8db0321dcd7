/*
 * Splitting text into words the way the program that reads it would:
 *
 *  - HotSpot and the java launcher split JAVA_TOOL_OPTIONS, _JAVA_OPTIONS
 *    and JDK_JAVA_OPTIONS on white space, with '...' and "..." grouping a
 *    word and the quotes removed (arguments.cpp parse_options_buffer, the
 *    java man page); an unmatched quote is an error.
 *  - A POSIX shell runs `sh -c SCRIPT`: quotes, backslashes, parameter
 *    expansion ($VAR, ${VAR}) and field splitting of unquoted expansions on
 *    IFS, where quotes inside an expanded value are NOT removed (Bash
 *    manual 3.5.7).  headroom only needs the simple command that runs
 *    `java`, so the shell is read as a list of simple commands separated by
 *    ; & && || | and newlines; assignments before a command, `exec`,
 *    `env`, `nohup` are understood; anything it cannot follow (command
 *    substitution, here-documents, functions, loops) is reported, never
 *    guessed at.
 *
 * Every word keeps where it was written: the byte offset in the text of
 * its first character, or of the $ that expanded into it.
 *
 * Both splitters are built on PCRE2 patterns (util/pattern_table.h) and
 * bounded: at most HR_WORDS_MAX words and HR_WORDS_MAX_TEXT bytes of input;
 * beyond that they fail with HR_ELIMIT.
 *
 * Ownership: words and their text are allocated in the arena passed in and
 * live as long as it does.
 */
#ifndef HR_JVM_WORDS_H
#define HR_JVM_WORDS_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define HR_WORDS_MAX 4096
#define HR_WORDS_MAX_TEXT (64u * 1024u)

typedef struct hr_word {
	const char *text;     /* after quote removal and expansion; NUL-ended */
	size_t len;
	size_t offset;        /* byte offset in the input it came from */
	/* Set when some of the word came from expanding a variable: the
	 * name of the (first) variable, NUL-terminated. */
	const char *expanded_from;
	/* The variable was not known (no value in the environment given),
	 * so the word's real text cannot be known. */
	bool unknown;
} hr_word;

typedef struct hr_word_list {
	hr_word *items;
	size_t count;
} hr_word_list;

/**
 * Split JVM options as HotSpot does for JAVA_TOOL_OPTIONS (and the launcher
 * for JDK_JAVA_OPTIONS).  On an unmatched quote returns HR_EINVALID with
 * *error_offset the offset of that quote (and out holds the words before
 * it).  HR_ELIMIT beyond the bounds above.
 */
int hr_words_split_options(hr_arena *arena, const char *text, size_t len,
                           hr_word_list *out, size_t *error_offset);

/** Look a variable up: its value, or NULL when unknown (not set, or set
 *  from a reference only the cluster can resolve). */
typedef const char *(*hr_env_lookup_fn)(void *ctx, const char *name,
                                         size_t name_len);

/** A variable a shell script reads, and where. */
typedef struct hr_var_reference {
	const char *name;
	size_t offset;        /* of the $ */
	bool quoted;          /* inside "..." (not field-split) */
} hr_var_reference;

/** The simple command of a script that runs a program. */
typedef struct hr_shell_command {
	bool found;
	/* argv after assignments and exec/env/nohup wrappers: argv[0] is
	 * the program as written ("java", "/opt/java/bin/java"). */
	hr_word_list argv;
	/* Variables this command's words read ($JAVA_OPTS, ${X}). */
	hr_var_reference *references;
	size_t reference_count;
	/* Something in the script that cannot be followed statically
	 * (command substitution, eval, a here-document, `source`...):
	 * a short description and its offset, else NULL. */
	const char *unfollowed;
	size_t unfollowed_offset;
	/* What the script adds to the program's environment, as NAME=value
	 * words in the order sh applies them (a later NAME wins): variables
	 * the script assigns and exports (export X=..., or X=... for a
	 * variable the environment already holds), then the assignments in
	 * front of the command and `env NAME=value` arguments.  Offsets are
	 * those of the assignment words.  JAVA_TOOL_OPTIONS=... java is read
	 * by the JVM from here. */
	hr_word_list environment;
} hr_shell_command;

/**
 * Read `script` as sh would for `sh -c script` and find the last simple
 * command whose program's base name matches is_program (for headroom:
 * "java").  Variables are looked up with lookup; assignments earlier in
 * the script (`JAVA_OPTS="$JAVA_OPTS -Xmx1g"; exec java $JAVA_OPTS ...`,
 * `export X=...`) and assignment words in front of the command are
 * applied first.
 *
 * @return HR_OK (out->found says whether such a command exists),
 *         HR_EINVALID for a script sh would reject (an unterminated quote:
 *         *error_offset is where), HR_ELIMIT beyond the bounds
 */
int hr_words_find_command(hr_arena *arena, const char *script, size_t len,
                          const char *program, hr_env_lookup_fn lookup,
                          void *lookup_ctx, hr_shell_command *out,
                          size_t *error_offset);

#endif
