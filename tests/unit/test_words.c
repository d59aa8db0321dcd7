/*
 * hr_words_split_options() and hr_words_find_command(): tables of inputs
 * with every word's exact text, offset, variable and unknown flag, and the
 * references, environment and unfollowed construct of the command found.
 */
#include "test_util.h"

#include "jvm/words.h"

#include <stdbool.h>

#define MAX_EXPECTED 12

/* A table reports every case that fails, then fails once. */
static int failures;
#define report(...) (print_error(__VA_ARGS__), print_error("\n"), failures++)

typedef struct expect_word {
	const char *text; /* NULL ends the list */
	size_t offset;
	const char *from; /* expanded_from, NULL for none */
	bool unknown;
} expect_word;

#define W(text, offset) {text, offset, NULL, false}
#define WV(text, offset, var) {text, offset, var, false}
#define WU(text, offset, var) {text, offset, var, true}

typedef struct expect_reference {
	const char *name; /* NULL ends the list */
	size_t offset;
	bool quoted;
} expect_reference;

static void check_words(const char *name, const hr_word *items, size_t count,
                        const expect_word *expected)
{
	size_t n = 0;
	while (n < MAX_EXPECTED && expected[n].text)
		n++;
	if (count != n) {
		report("%s: %zu words, expected %zu", name, count, n);
		for (size_t i = 0; i < count; i++)
			print_error("  [%zu] \"%s\"@%zu from %s%s\n", i, items[i].text,
			            items[i].offset,
			            items[i].expanded_from ? items[i].expanded_from : "-",
			            items[i].unknown ? " unknown" : "");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const hr_word *w = &items[i];
		const expect_word *e = &expected[i];
		if (w->len != strlen(e->text) || strcmp(w->text, e->text) != 0)
			report("%s: word %zu is \"%s\", expected \"%s\"", name, i,
			         w->text, e->text);
		if (w->offset != e->offset)
			report("%s: word %zu (%s) at %zu, expected %zu", name, i,
			         e->text, w->offset, e->offset);
		if (w->unknown != e->unknown)
			report("%s: word %zu (%s) unknown=%d", name, i, e->text,
			         w->unknown);
		if ((w->expanded_from == NULL) != (e->from == NULL) ||
		    (e->from && strcmp(w->expanded_from, e->from) != 0))
			report("%s: word %zu (%s) expanded from %s, expected %s", name,
			         i, e->text, w->expanded_from ? w->expanded_from : "-",
			         e->from ? e->from : "-");
	}
}

/* ---- JVM options -------------------------------------------------------- */

typedef struct option_case {
	const char *name;
	const char *text;
	int rc;
	size_t error_offset;
	expect_word words[MAX_EXPECTED];
} option_case;

static const option_case option_cases[] = {
	{"empty", "", HR_OK, 0, {{0}}},
	{"only white space", " \t\n\r ", HR_OK, 0, {{0}}},
	{"one option", "-Xmx1g", HR_OK, 0, {W("-Xmx1g", 0)}},
	{"spaces around", "  -Xmx1g   -Xss512k ", HR_OK, 0,
	 {W("-Xmx1g", 2), W("-Xss512k", 11)}},
	{"every isspace separator", "\t-Xmx1g\n-Xms1g\r\x0b\x0c-XX:+UseG1GC",
	 HR_OK, 0, {W("-Xmx1g", 1), W("-Xms1g", 8), W("-XX:+UseG1GC", 17)}},
	{"single quotes group", "-Dname='a b' -Dx", HR_OK, 0,
	 {W("-Dname=a b", 0), W("-Dx", 13)}},
	{"double quotes group", "\"-Dname=a b\" x", HR_OK, 0,
	 {W("-Dname=a b", 0), W("x", 13)}},
	{"quotes in the middle", "-Dx=\"a b\"c", HR_OK, 0, {W("-Dx=a bc", 0)}},
	{"adjacent quoted parts", "a'b'\"c\"d", HR_OK, 0, {W("abcd", 0)}},
	{"empty quotes make empty words", "'' \"\"", HR_OK, 0,
	 {W("", 0), W("", 3)}},
	{"other quote is literal", "'a\"b' \"c'd\"", HR_OK, 0,
	 {W("a\"b", 0), W("c'd", 6)}},
	{"backslash is literal", "-Dp=C:\\dir a\\ b", HR_OK, 0,
	 {W("-Dp=C:\\dir", 0), W("a\\", 11), W("b", 14)}},
	{"no shell expansion", "-Dh=$HOME ${X}", HR_OK, 0,
	 {W("-Dh=$HOME", 0), W("${X}", 10)}},
	{"UTF-8 text", "-Dname=\"é ü\" -Dz=ß", HR_OK, 0,
	 {W("-Dname=é ü", 0), W("-Dz=ß", 15)}},
	{"unmatched single quote", "-Xmx1g '-Dx=a b", HR_EINVALID, 7,
	 {W("-Xmx1g", 0)}},
	{"unmatched double quote", "-Da=\"x", HR_EINVALID, 4, {{0}}},
	{"unmatched after a closed pair", "'a' 'b' \"c", HR_EINVALID, 8,
	 {W("a", 0), W("b", 4)}},
	{"not UTF-8", "-Xmx1g \xff\xfe", HR_EINVALID, 7, {W("-Xmx1g", 0)}},
};

static void test_options_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(option_cases) / sizeof(option_cases[0]);
	     i++) {
		const option_case *c = &option_cases[i];
		hr_arena arena = HR_ARENA_INIT;
		hr_word_list out;
		size_t error_offset = 12345;
		int rc = hr_words_split_options(&arena, c->text, strlen(c->text),
		                                &out, &error_offset);
		if (rc != c->rc)
			report("%s: rc %d, expected %d", c->name, rc, c->rc);
		if (rc == HR_EINVALID && error_offset != c->error_offset)
			report("%s: error at %zu, expected %zu", c->name, error_offset,
			       c->error_offset);
		check_words(c->name, out.items, out.count, c->words);
		hr_arena_free(&arena);
	}
	assert_int_equal(failures, 0);
}

static void test_options_nul_and_exact_length(void **state)
{
	(void)state;
	hr_arena arena = HR_ARENA_INIT;
	hr_word_list out;
	/* The length decides, not a NUL; the byte after it is never read. */
	int rc = hr_words_split_options(&arena, "a\0b c trailing", 5, &out, NULL);
	assert_int_equal(rc, HR_OK);
	assert_int_equal(out.count, 2);
	assert_int_equal(out.items[0].len, 3);
	assert_memory_equal(out.items[0].text, "a\0b", 4);
	assert_string_equal(out.items[1].text, "c");
	assert_int_equal(out.items[1].offset, 4);
	rc = hr_words_split_options(&arena, NULL, 0, &out, NULL);
	assert_int_equal(rc, HR_OK);
	assert_int_equal(out.count, 0);
	hr_arena_free(&arena);
}

/* Quoted strings and runs much longer than the tokeniser's window. */
static void test_options_long_tokens(void **state)
{
	(void)state;
	char text[4000];
	memset(text, 0, sizeof(text));
	strcpy(text, "-Dlong=");
	memset(text + 7, 'a', 1500);
	strcat(text, " '");
	size_t quote = strlen(text) - 1;
	for (int i = 0; i < 300; i++)
		strcat(text, "b c ");
	strcat(text, "' \"");
	size_t unmatched = strlen(text) - 1;
	strcat(text, "xyz");
	hr_arena arena = HR_ARENA_INIT;
	hr_word_list out;
	size_t at = 0;
	int rc = hr_words_split_options(&arena, text, unmatched - 1, &out, &at);
	assert_int_equal(rc, HR_OK);
	assert_int_equal(out.count, 2);
	assert_int_equal(out.items[0].len, 1507);
	assert_int_equal(out.items[1].len, 1200);
	assert_int_equal(out.items[1].offset, quote);
	rc = hr_words_split_options(&arena, text, strlen(text), &out, &at);
	assert_int_equal(rc, HR_EINVALID);
	assert_int_equal(at, unmatched);
	assert_int_equal(out.count, 2);
	hr_arena_free(&arena);
}

static void test_options_limits(void **state)
{
	(void)state;
	static char text[HR_WORDS_MAX_TEXT + 2];
	hr_arena arena = HR_ARENA_INIT;
	hr_word_list out;
	size_t n = 0;
	for (int i = 0; i < HR_WORDS_MAX; i++) {
		text[n++] = 'a';
		text[n++] = ' ';
	}
	assert_int_equal(hr_words_split_options(&arena, text, n, &out, NULL),
	                 HR_OK);
	assert_int_equal(out.count, HR_WORDS_MAX);
	text[n++] = 'b';
	assert_int_equal(hr_words_split_options(&arena, text, n, &out, NULL),
	                 HR_ELIMIT);
	memset(text, 'x', sizeof(text));
	assert_int_equal(hr_words_split_options(&arena, text, HR_WORDS_MAX_TEXT,
	                                        &out, NULL), HR_OK);
	assert_int_equal(out.count, 1);
	assert_int_equal(hr_words_split_options(&arena, text,
	                                        HR_WORDS_MAX_TEXT + 1, &out, NULL),
	                 HR_ELIMIT);
	hr_arena_free(&arena);
}

/* ---- Shell scripts ------------------------------------------------------- */

static const char *const environment[][2] = {
	{"JAVA_OPTS", "-Xmx512m -Xms256m"},
	{"QUOTED", "-Dx=\"a b\""},
	{"EMPTY", ""},
	{"SPACES", "  a  b  "},
	{"HOME", "/home/app"},
	{"JAVA_HOME", "/opt/java/openjdk"},
	{"JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"},
	{"TABS", "\tx\ny\t"},
};

static const char *lookup(void *ctx, const char *name, size_t name_len)
{
	size_t *calls = ctx;
	(*calls)++;
	assert_int_equal(strlen(name), name_len);
	for (size_t i = 0; i < sizeof(environment) / sizeof(environment[0]); i++)
		if (strcmp(environment[i][0], name) == 0)
			return environment[i][1];
	return NULL;
}

typedef struct shell_case {
	const char *name;
	const char *script;
	int rc;
	size_t error_offset;
	bool found;
	expect_word argv[MAX_EXPECTED];
	expect_reference references[6];
	const char *unfollowed;
	size_t unfollowed_offset;
	expect_word environment[4];
} shell_case;

#define NO_REFS {{0}}
#define NO_ENV {{0}}

static const shell_case shell_cases[] = {
	{"plain java", "java -jar app.jar", HR_OK, 0, true,
	 {W("java", 0), W("-jar", 5), W("app.jar", 10)}, NO_REFS, NULL, 0, NO_ENV},
	{"exec with $JAVA_OPTS split on IFS",
	 "exec java $JAVA_OPTS -jar /app.jar", HR_OK, 0, true,
	 {W("java", 5), WV("-Xmx512m", 10, "JAVA_OPTS"),
	  WV("-Xms256m", 10, "JAVA_OPTS"), W("-jar", 21), W("/app.jar", 26)},
	 {{"JAVA_OPTS", 10, false}}, NULL, 0, NO_ENV},
	{"quoted \"$JAVA_OPTS\" is one word",
	 "java \"$JAVA_OPTS\" -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WV("-Xmx512m -Xms256m", 5, "JAVA_OPTS"), W("-jar", 18),
	  W("a.jar", 23)},
	 {{"JAVA_OPTS", 6, true}}, NULL, 0, NO_ENV},
	{"quotes inside a value stay", "java $QUOTED -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WV("-Dx=\"a", 5, "QUOTED"), WV("b\"", 5, "QUOTED"),
	  W("-jar", 13), W("a.jar", 18)},
	 {{"QUOTED", 5, false}}, NULL, 0, NO_ENV},
	{"unknown variable", "java $UNKNOWN_OPTS -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WU("$UNKNOWN_OPTS", 5, "UNKNOWN_OPTS"), W("-jar", 19),
	  W("a.jar", 24)},
	 {{"UNKNOWN_OPTS", 5, false}}, NULL, 0, NO_ENV},
	{"braces and concatenation",
	 "java ${JAVA_OPTS} -Dhome=${HOME}/x -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WV("-Xmx512m", 5, "JAVA_OPTS"),
	  WV("-Xms256m", 5, "JAVA_OPTS"), WV("-Dhome=/home/app/x", 18, "HOME"),
	  W("-jar", 35), W("a.jar", 40)},
	 {{"JAVA_OPTS", 5, false}, {"HOME", 25, false}}, NULL, 0, NO_ENV},
	{"empty unquoted value makes no word", "java $EMPTY -jar a.jar", HR_OK, 0,
	 true, {W("java", 0), W("-jar", 12), W("a.jar", 17)},
	 {{"EMPTY", 5, false}}, NULL, 0, NO_ENV},
	{"empty quotes make empty words", "java \"$EMPTY\" '' \"\" -jar a.jar",
	 HR_OK, 0, true,
	 {W("java", 0), WV("", 5, "EMPTY"), W("", 14), W("", 17), W("-jar", 20),
	  W("a.jar", 25)},
	 {{"EMPTY", 6, true}}, NULL, 0, NO_ENV},
	{"splitting inside a word", "java x${SPACES}y", HR_OK, 0, true,
	 {W("java", 0), W("x", 5), WV("a", 6, "SPACES"), WV("b", 6, "SPACES"),
	  W("y", 15)},
	 {{"SPACES", 6, false}}, NULL, 0, NO_ENV},
	{"tab and newline in a value split", "java -D$TABS", HR_OK, 0, true,
	 {W("java", 0), W("-D", 5), WV("x", 7, "TABS"), WV("y", 7, "TABS")},
	 {{"TABS", 7, false}}, NULL, 0, NO_ENV},
	{"export JAVA_OPTS then exec",
	 "export JAVA_OPTS=\"$JAVA_OPTS -Xmx1g\"; exec java $JAVA_OPTS -jar a.jar",
	 HR_OK, 0, true,
	 {W("java", 43), WV("-Xmx512m", 48, "JAVA_OPTS"),
	  WV("-Xms256m", 48, "JAVA_OPTS"), WV("-Xmx1g", 48, "JAVA_OPTS"),
	  W("-jar", 59), W("a.jar", 64)},
	 {{"JAVA_OPTS", 48, false}}, NULL, 0,
	 {WV("JAVA_OPTS=-Xmx512m -Xms256m -Xmx1g", 7, "JAVA_OPTS")}},
	{"unknown part of an assigned value", "X=\"$NOPE -Xmx1g\"; java $X",
	 HR_OK, 0, true,
	 {W("java", 18), WU("$NOPE", 23, "X"), WV("-Xmx1g", 23, "X")},
	 {{"X", 23, false}}, NULL, 0, NO_ENV},
	{"assignment value is not split", "OPTS=$JAVA_OPTS; java \"$OPTS\"",
	 HR_OK, 0, true,
	 {W("java", 17), WV("-Xmx512m -Xms256m", 22, "OPTS")},
	 {{"OPTS", 23, true}}, NULL, 0, NO_ENV},
	{"cd then java", "cd /app && java -jar a.jar", HR_OK, 0, true,
	 {W("java", 11), W("-jar", 16), W("a.jar", 21)}, NO_REFS, NULL, 0,
	 NO_ENV},
	{"last java command wins",
	 "java -version; java -Xmx1g -jar a.jar & wait", HR_OK, 0, true,
	 {W("java", 15), W("-Xmx1g", 20), W("-jar", 27), W("a.jar", 32)},
	 NO_REFS, NULL, 0, NO_ENV},
	{"nothing runs after exec",
	 "exec java -Xmx1g -jar a.jar; java -Xmx2g x", HR_OK, 0, true,
	 {W("java", 5), W("-Xmx1g", 10), W("-jar", 17), W("a.jar", 22)},
	 NO_REFS, NULL, 0, NO_ENV},
	{"absolute path", "/opt/java/openjdk/bin/java -jar a.jar", HR_OK, 0,
	 true, {W("/opt/java/openjdk/bin/java", 0), W("-jar", 27), W("a.jar", 32)},
	 NO_REFS, NULL, 0, NO_ENV},
	{"$JAVA_HOME/bin/java", "$JAVA_HOME/bin/java -jar a.jar", HR_OK, 0,
	 true,
	 {WV("/opt/java/openjdk/bin/java", 0, "JAVA_HOME"), W("-jar", 20),
	  W("a.jar", 25)},
	 {{"JAVA_HOME", 0, false}}, NULL, 0, NO_ENV},
	{"unknown java home still runs java", "${JH}/bin/java -jar a.jar", HR_OK,
	 0, true, {WU("${JH}/bin/java", 0, "JH"), W("-jar", 15), W("a.jar", 20)},
	 {{"JH", 0, false}}, NULL, 0, NO_ENV},
	{"no java", "echo hello; python app.py", HR_OK, 0, false, {{0}}, NO_REFS,
	 NULL, 0, NO_ENV},
	{"similar names are not java", "javac A.java; java2 x; echo java",
	 HR_OK, 0, false, {{0}}, NO_REFS, NULL, 0, NO_ENV},
	{"env with assignments",
	 "env X=1 JAVA_TOOL_OPTIONS=-Xmx1g java -jar a.jar", HR_OK, 0, true,
	 {W("java", 33), W("-jar", 38), W("a.jar", 43)}, NO_REFS, NULL, 0,
	 {W("X=1", 4), W("JAVA_TOOL_OPTIONS=-Xmx1g", 8)}},
	{"env options", "env -i -u HOME -- PATH=/bin java x", HR_OK, 0, true,
	 {W("java", 28), W("x", 33)}, NO_REFS, NULL, 0, {W("PATH=/bin", 18)}},
	{"nohup and redirections",
	 "nohup java -jar a.jar > /tmp/log 2>&1 &", HR_OK, 0, true,
	 {W("java", 6), W("-jar", 11), W("a.jar", 16)}, NO_REFS, NULL, 0, NO_ENV},
	{"assignments in front of exec",
	 "FOO=bar JAVA_TOOL_OPTIONS=\"$JAVA_TOOL_OPTIONS -Xss1m\" exec java -jar a.jar",
	 HR_OK, 0, true, {W("java", 59), W("-jar", 64), W("a.jar", 69)},
	 {{"JAVA_TOOL_OPTIONS", 27, true}}, NULL, 0,
	 {W("FOO=bar", 0),
	  WV("JAVA_TOOL_OPTIONS=-XX:+UseG1GC -Xss1m", 8, "JAVA_TOOL_OPTIONS")}},
	{"prefix assignment is not seen by its own words",
	 "JAVA_OPTS=-Xmx1g java $JAVA_OPTS", HR_OK, 0, true,
	 {W("java", 17), WV("-Xmx512m", 22, "JAVA_OPTS"),
	  WV("-Xms256m", 22, "JAVA_OPTS")},
	 {{"JAVA_OPTS", 22, false}}, NULL, 0, {W("JAVA_OPTS=-Xmx1g", 0)}},
	{"prefix assignment does not last", "FOO=bar true; java $FOO", HR_OK, 0,
	 true, {W("java", 14), WU("$FOO", 19, "FOO")}, {{"FOO", 19, false}},
	 NULL, 0, NO_ENV},
	{"command substitution", "exec java $(cat /etc/opts) -jar a.jar", HR_OK,
	 0, true,
	 {W("java", 5), WU("$(cat /etc/opts)", 10, NULL), W("-jar", 27),
	  W("a.jar", 32)},
	 NO_REFS, "command substitution", 10, NO_ENV},
	{"nested substitution with quotes",
	 "java $(echo \"a)\" $(b) 'c)') x", HR_OK, 0, true,
	 {W("java", 0), WU("$(echo \"a)\" $(b) 'c)')", 5, NULL), W("x", 28)},
	 NO_REFS, "command substitution", 5, NO_ENV},
	{"backquotes", "java `cat opts` -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WU("`cat opts`", 5, NULL), W("-jar", 16), W("a.jar", 21)},
	 NO_REFS, "command substitution", 5, NO_ENV},
	{"arithmetic", "java -Xmx$((1024*2))m -jar a.jar", HR_OK, 0, true,
	 {W("java", 0), WU("-Xmx$((1024*2))m", 5, NULL), W("-jar", 22),
	  W("a.jar", 27)},
	 NO_REFS, "arithmetic expansion", 9, NO_ENV},
	{"$$ and $1 are unknown",
	 "java -XX:HeapDumpPath=/tmp/$$.hprof -jar a.jar $1", HR_OK, 0, true,
	 {W("java", 0), WU("-XX:HeapDumpPath=/tmp/$$.hprof", 5, "$"),
	  W("-jar", 36), W("a.jar", 41), WU("$1", 47, "1")},
	 {{"$", 27, false}, {"1", 47, false}}, NULL, 0, NO_ENV},
	{"\"$@\"", "exec java -cp app.jar Main \"$@\"", HR_OK, 0, true,
	 {W("java", 5), W("-cp", 10), W("app.jar", 14), W("Main", 22),
	  WU("$@", 27, "@")},
	 {{"@", 28, true}}, NULL, 0, NO_ENV},
	{"comments", "# start\njava -jar a.jar # -Xmx1g\n", HR_OK, 0, true,
	 {W("java", 8), W("-jar", 13), W("a.jar", 18)}, NO_REFS, NULL, 0, NO_ENV},
	{"# inside a word", "java a#b \"x\"#y", HR_OK, 0, true,
	 {W("java", 0), W("a#b", 5), W("x#y", 9)}, NO_REFS, NULL, 0, NO_ENV},
	{"line continuations", "java \\\n  -Xmx1g \\\n  -jar a.jar", HR_OK, 0,
	 true, {W("java", 0), W("-Xmx1g", 9), W("-jar", 20), W("a.jar", 25)},
	 NO_REFS, NULL, 0, NO_ENV},
	{"backslash escapes", "java -Dx=a\\ b \\\"q\\\" '\\n'", HR_OK, 0, true,
	 {W("java", 0), W("-Dx=a b", 5), W("\"q\"", 14), W("\\n", 20)}, NO_REFS,
	 NULL, 0, NO_ENV},
	{"escapes inside double quotes", "java \"a\\$b \\\"c\\\" \\\\ \\x\"",
	 HR_OK, 0, true, {W("java", 0), W("a$b \"c\" \\ \\x", 5)}, NO_REFS, NULL,
	 0, NO_ENV},
	{"tabs and newlines", "cd /app\n\tjava\t-jar\ta.jar\n", HR_OK, 0, true,
	 {W("java", 9), W("-jar", 14), W("a.jar", 19)}, NO_REFS, NULL, 0, NO_ENV},
	{"defaults and alternatives",
	 "java ${NOPE:--Xmx1g} ${JAVA_OPTS:-x} ${EMPTY:-d1} ${EMPTY-d2} ${HOME:+set}",
	 HR_OK, 0, true,
	 {W("java", 0), WU("${NOPE:--Xmx1g}", 5, "NOPE"),
	  WV("-Xmx512m", 21, "JAVA_OPTS"), WV("-Xms256m", 21, "JAVA_OPTS"),
	  WV("d1", 37, "EMPTY"), WV("set", 62, "HOME")},
	 {{"NOPE", 5, false}, {"JAVA_OPTS", 21, false}, {"EMPTY", 37, false},
	  {"EMPTY", 50, false}, {"HOME", 62, false}},
	 NULL, 0, NO_ENV},
	{"${X:=default} assigns", "true ${EMPTY:=-Xmx1g}; java $EMPTY", HR_OK, 0,
	 true, {W("java", 23), WV("-Xmx1g", 28, "EMPTY")},
	 {{"EMPTY", 28, false}}, NULL, 0, {W("EMPTY=-Xmx1g", 5)}},
	{"${X:=default} of an unknown X", "true ${X:=-Xmx1g}; java $X", HR_OK, 0,
	 true, {W("java", 19), WU("$X", 24, "X")}, {{"X", 24, false}}, NULL, 0,
	 NO_ENV},
	{"unsupported parameter expansion", "java ${#JAVA_OPTS}", HR_OK, 0, true,
	 {W("java", 0), WU("${#JAVA_OPTS}", 5, NULL)}, NO_REFS,
	 "parameter expansion", 5, NO_ENV},
	{"here-document", "cat <<EOF > /x\njava -Xmx1g\nEOF\n", HR_OK, 0, false,
	 {{0}}, NO_REFS, "here-document", 4, NO_ENV},
	{"eval", "eval \"$CMD\"; java -jar a.jar", HR_OK, 0, true,
	 {W("java", 13), W("-jar", 18), W("a.jar", 23)}, NO_REFS, "eval", 0,
	 NO_ENV},
	{"source", ". /env.sh; java x", HR_OK, 0, true,
	 {W("java", 11), W("x", 16)}, NO_REFS, "source", 0, NO_ENV},
	{"if", "if [ -n \"$X\" ]; then exec java $JAVA_OPTS -jar a.jar; fi",
	 HR_OK, 0, true,
	 {W("java", 26), WV("-Xmx512m", 31, "JAVA_OPTS"),
	  WV("-Xms256m", 31, "JAVA_OPTS"), W("-jar", 42), W("a.jar", 47)},
	 {{"JAVA_OPTS", 31, false}}, "compound command", 0, NO_ENV},
	{"pipe and 2>&1", "java -jar a.jar 2>&1 | tee /log", HR_OK, 0, true,
	 {W("java", 0), W("-jar", 5), W("a.jar", 10)}, NO_REFS, NULL, 0, NO_ENV},
	{"function definition", "f() { java -jar a.jar; }; f", HR_OK, 0, true,
	 {W("java", 6), W("-jar", 11), W("a.jar", 16)}, NO_REFS,
	 "subshell or function definition", 1, NO_ENV},
	{"for loop", "for i in 1 2; do java -jar $i.jar; done", HR_OK, 0, true,
	 {W("java", 17), W("-jar", 22), WU("$i.jar", 27, "i")},
	 {{"i", 27, false}}, "loop or case", 0, NO_ENV},
	{"harmless set", "set -eu; set -o pipefail; java x", HR_OK, 0, true,
	 {W("java", 26), W("x", 31)}, NO_REFS, NULL, 0, NO_ENV},
	{"set -- changes $1", "set -- a b; java $1", HR_OK, 0, true,
	 {W("java", 12), WU("$1", 17, "1")}, {{"1", 17, false}}, "set", 0,
	 NO_ENV},
	{"unset", "unset JAVA_OPTS; java $JAVA_OPTS x", HR_OK, 0, true,
	 {W("java", 17), W("x", 33)}, {{"JAVA_OPTS", 22, false}}, NULL, 0,
	 NO_ENV},
	{"lone dollars", "java a$ $ b", HR_OK, 0, true,
	 {W("java", 0), W("a$", 5), W("$", 8), W("b", 10)}, NO_REFS, NULL, 0,
	 NO_ENV},
	{"export NAME", "X=1; export X; java", HR_OK, 0, true, {W("java", 15)},
	 NO_REFS, NULL, 0, {W("X=1", 0)}},
	{"exported values: last value, unset leaves",
	 "export A=1; export B=2; A=3; unset B; C=4; java", HR_OK, 0, true,
	 {W("java", 43)}, NO_REFS, NULL, 0, {W("A=3", 24)}},
	{"a variable from the environment stays exported",
	 "HOME=/root; export X; java", HR_OK, 0, true, {W("java", 22)}, NO_REFS,
	 NULL, 0, {W("HOME=/root", 0)}},
	{"IFS is not followed", "IFS=:; java $JAVA_OPTS", HR_OK, 0, true,
	 {W("java", 7), WV("-Xmx512m", 12, "JAVA_OPTS"),
	  WV("-Xms256m", 12, "JAVA_OPTS")},
	 {{"JAVA_OPTS", 12, false}}, "IFS is assigned", 0, NO_ENV},
	{"exec options", "exec -a app java x", HR_OK, 0, true,
	 {W("java", 12), W("x", 17)}, NO_REFS, NULL, 0, NO_ENV},
	{"exec with only redirections goes on", "exec >/tmp/log 2>&1; java x",
	 HR_OK, 0, true, {W("java", 21), W("x", 26)}, NO_REFS, NULL, 0, NO_ENV},
	{"quoted NAME= is not an assignment", "\"X=1\" java", HR_OK, 0, false,
	 {{0}}, NO_REFS, NULL, 0, NO_ENV},
	{"Cloud Foundry style",
	 "CALCULATED_MEMORY=$(calc) && JAVA_OPTS=\"$JAVA_OPTS $CALCULATED_MEMORY\""
	 " && exec $JAVA_HOME/bin/java $JAVA_OPTS -cp . Main",
	 HR_OK, 0, true,
	 {WV("/opt/java/openjdk/bin/java", 79, "JAVA_HOME"),
	  WV("-Xmx512m", 99, "JAVA_OPTS"), WV("-Xms256m", 99, "JAVA_OPTS"),
	  WU("$(calc)", 99, "JAVA_OPTS"), W("-cp", 110), W(".", 114),
	  W("Main", 116)},
	 {{"JAVA_HOME", 79, false}, {"JAVA_OPTS", 99, false}},
	 "command substitution", 18,
	 {WU("JAVA_OPTS=-Xmx512m -Xms256m $(calc)", 29, "JAVA_OPTS")}},
	{"unmatched single quote", "java 'abc", HR_EINVALID, 5, false, {{0}},
	 NO_REFS, NULL, 0, NO_ENV},
	{"unmatched double quote", "echo ok; java \"a'b", HR_EINVALID, 14,
	 false, {{0}}, NO_REFS, NULL, 0, NO_ENV},
	{"unterminated $(", "java $(foo", HR_EINVALID, 5, false, {{0}}, NO_REFS,
	 NULL, 0, NO_ENV},
	{"unterminated ${", "java ${X", HR_EINVALID, 5, false, {{0}}, NO_REFS,
	 NULL, 0, NO_ENV},
	{"unterminated backquote", "java `x", HR_EINVALID, 5, false, {{0}},
	 NO_REFS, NULL, 0, NO_ENV},
	{"quote unmatched inside $(", "java $(echo 'x)", HR_EINVALID, 12, false,
	 {{0}}, NO_REFS, NULL, 0, NO_ENV},
	{"not UTF-8", "java \xc3\x28", HR_EINVALID, 5, false, {{0}}, NO_REFS,
	 NULL, 0, NO_ENV},
};

static void run_shell_case(const shell_case *c)
{
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command out;
	size_t calls = 0;
	size_t error_offset = 12345;
	int rc = hr_words_find_command(&arena, c->script, strlen(c->script),
	                               "java", lookup, &calls, &out,
	                               &error_offset);
	if (rc != c->rc)
		report("%s: rc %d, expected %d", c->name, rc, c->rc);
	if (rc == HR_EINVALID && error_offset != c->error_offset)
		report("%s: error at %zu, expected %zu", c->name, error_offset,
		         c->error_offset);
	if (out.found != c->found)
		report("%s: found=%d", c->name, out.found);
	check_words(c->name, out.argv.items, out.argv.count, c->argv);
	size_t n = 0;
	while (n < 6 && c->references[n].name)
		n++;
	if (out.reference_count != n) {
		report("%s: %zu references, expected %zu", c->name,
		       out.reference_count, n);
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		const hr_var_reference *r = &out.references[i];
		if (strcmp(r->name, c->references[i].name) != 0 ||
		    r->offset != c->references[i].offset ||
		    r->quoted != c->references[i].quoted)
			report("%s: reference %zu is %s@%zu%s", c->name, i, r->name,
			         r->offset, r->quoted ? " quoted" : "");
	}
	if ((out.unfollowed == NULL) != (c->unfollowed == NULL) ||
	    (c->unfollowed && (strcmp(out.unfollowed, c->unfollowed) != 0 ||
	                       out.unfollowed_offset != c->unfollowed_offset)))
		report("%s: unfollowed %s@%zu", c->name,
		         out.unfollowed ? out.unfollowed : "-", out.unfollowed_offset);
	check_words(c->name, out.environment.items, out.environment.count,
	            c->environment);
	hr_arena_free(&arena);
}

static void test_shell_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(shell_cases) / sizeof(shell_cases[0]); i++)
		run_shell_case(&shell_cases[i]);
	assert_int_equal(failures, 0);
}

static void test_shell_without_lookup(void **state)
{
	(void)state;
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command out;
	const char *script = "exec java $JAVA_OPTS -jar a.jar";
	int rc = hr_words_find_command(&arena, script, strlen(script), "java",
	                               NULL, NULL, &out, NULL);
	assert_int_equal(rc, HR_OK);
	assert_true(out.found);
	assert_int_equal(out.argv.count, 4);
	assert_string_equal(out.argv.items[1].text, "$JAVA_OPTS");
	assert_true(out.argv.items[1].unknown);
	hr_arena_free(&arena);
}

static void test_shell_nul_and_program(void **state)
{
	(void)state;
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command out;
	int rc = hr_words_find_command(&arena, "node a\0b; x", 8, "node", NULL,
	                               NULL, &out, NULL);
	assert_int_equal(rc, HR_OK);
	assert_true(out.found);
	assert_int_equal(out.argv.count, 2);
	assert_int_equal(out.argv.items[1].len, 3);
	assert_memory_equal(out.argv.items[1].text, "a\0b", 4);
	hr_arena_free(&arena);
}

/* Tokens far longer than the tokeniser's window, in every mode. */
static void test_shell_long_tokens(void **state)
{
	(void)state;
	static char script[8192];
	char *p = script;
	p += sprintf(p, "X='");
	memset(p, 's', 1000);
	p += 1000;
	p += sprintf(p, "'; java -D");
	memset(p, 'u', 1000);
	p += 1000;
	p += sprintf(p, " \"");
	memset(p, 'd', 1000);
	p += 1000;
	p += sprintf(p, "\" $X ${X} $(");
	memset(p, 'c', 1000);
	p += 1000;
	p += sprintf(p, ") $");
	memset(p, 'N', 1000);
	p += 1000;
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command out;
	int rc = hr_words_find_command(&arena, script, (size_t)(p - script),
	                               "java", NULL, NULL, &out, NULL);
	assert_int_equal(rc, HR_OK);
	assert_true(out.found);
	assert_int_equal(out.argv.count, 7);
	assert_int_equal(out.argv.items[1].len, 1002);
	assert_int_equal(out.argv.items[2].len, 1000);
	assert_int_equal(out.argv.items[3].len, 1000);
	assert_int_equal(out.argv.items[4].len, 1000);
	assert_int_equal(out.argv.items[5].len, 1003);
	assert_true(out.argv.items[5].unknown);
	assert_int_equal(out.argv.items[6].len, 1001);
	assert_string_equal(out.references[2].name + 995, "NNNNN");
	hr_arena_free(&arena);
}

static void test_shell_limits(void **state)
{
	(void)state;
	static char script[HR_WORDS_MAX_TEXT + 2];
	hr_arena arena = HR_ARENA_INIT;
	hr_shell_command out;
	size_t n = (size_t)sprintf(script, "java");
	for (int i = 1; i < HR_WORDS_MAX; i++)
		n += (size_t)sprintf(script + n, " a");
	assert_int_equal(hr_words_find_command(&arena, script, n, "java", NULL,
	                                       NULL, &out, NULL), HR_OK);
	assert_int_equal(out.argv.count, HR_WORDS_MAX);
	n += (size_t)sprintf(script + n, " b");
	assert_int_equal(hr_words_find_command(&arena, script, n, "java", NULL,
	                                       NULL, &out, NULL), HR_ELIMIT);
	assert_false(out.found);

	memset(script, ' ', sizeof(script));
	memcpy(script, "java", 4);
	assert_int_equal(hr_words_find_command(&arena, script, HR_WORDS_MAX_TEXT,
	                                       "java", NULL, NULL, &out, NULL),
	                 HR_OK);
	assert_int_equal(hr_words_find_command(&arena, script,
	                                       HR_WORDS_MAX_TEXT + 1, "java",
	                                       NULL, NULL, &out, NULL),
	                 HR_ELIMIT);

	/* Each statement doubles X: the expansions, not the script, grow. */
	n = (size_t)sprintf(script, "X=0123456789abcdef");
	for (int i = 0; i < 40; i++)
		n += (size_t)sprintf(script + n, "; X=$X$X");
	n += (size_t)sprintf(script + n, "; java $X");
	assert_int_equal(hr_words_find_command(&arena, script, n, "java", NULL,
	                                       NULL, &out, NULL), HR_ELIMIT);

	/* Splitting one value into more words than allowed. */
	n = (size_t)sprintf(script, "X='");
	for (int i = 0; i < HR_WORDS_MAX; i++)
		n += (size_t)sprintf(script + n, "a ");
	n += (size_t)sprintf(script + n, "'; java $X");
	assert_int_equal(hr_words_find_command(&arena, script, n, "java", NULL,
	                                       NULL, &out, NULL), HR_ELIMIT);
	hr_arena_free(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_table),
		cmocka_unit_test(test_options_nul_and_exact_length),
		cmocka_unit_test(test_options_long_tokens),
		cmocka_unit_test(test_options_limits),
		cmocka_unit_test(test_shell_table),
		cmocka_unit_test(test_shell_without_lookup),
		cmocka_unit_test(test_shell_nul_and_program),
		cmocka_unit_test(test_shell_long_tokens),
		cmocka_unit_test(test_shell_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
