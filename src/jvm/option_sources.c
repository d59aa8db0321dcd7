/*
 * Where a container's JVM options come from, in the order the JVM reads
 * them (reference/jvm.md 1.1): JAVA_TOOL_OPTIONS < JDK_JAVA_OPTIONS < the
 * command line < _JAVA_OPTIONS, the last setting of a flag winning.
 *
 * Kubernetes expands $(VAR) in env values, command and args before the
 * process starts, without splitting; a shell started with `sh -c` then
 * expands $VAR and splits it.  JAVA_OPTS and its cousins are read by
 * nobody in the JDK: they count only where a shell command passes them to
 * java, or, with no command in the manifest, as "the image's entrypoint
 * passes them, if it does".
 */
#include "jvm/jvm_internal.h"

#include "headroom/error.h"
#include "jvm/words.h"
#include "util/pattern_table.h"
#include "util/strmap.h"

#include <stdio.h>
#include <string.h>

/* Kubernetes' expansion (third_party/forked/golang/expansion): $$ is a
 * dollar, $(NAME) a variable (kept as written when unknown), any other $
 * itself. */
enum { K8S_ESCAPE, K8S_REFERENCE, K8S_LITERAL };
static const char *const k8s_texts[] = {
	[K8S_ESCAPE] = "\\$\\$",
	[K8S_REFERENCE] = "\\$\\(([^)]*)\\)",
	[K8S_LITERAL] = "[^$]+|\\$",
};
static hr_pattern_table k8s_patterns = HR_PATTERN_TABLE(k8s_texts, true);

/* How an entrypoint script splits "$JAVA_OPTS": on blanks, quotes kept. */
static const char *const field_texts[] = {"[ \\t\\n]+", "[^ \\t\\n]+"};
static hr_pattern_table field_patterns = HR_PATTERN_TABLE(field_texts, true);

/* Variables scripts and images pass to java by convention, never the JVM
 * itself (reference/jvm.md 1.1, 1.3). */
static const char *const convention_vars[] = {
	"JAVA_OPTS", "JVM_OPTS", "JAVA_OPTIONS", "JVM_ARGS", "JAVA_ARGS",
	"CATALINA_OPTS", "ES_JAVA_OPTS", "LS_JAVA_OPTS", "KAFKA_HEAP_OPTS",
	"KAFKA_OPTS", "SOLR_OPTS",
};

/* Programs that wrap the real one: skipped to find it. */
static const char *const init_wrappers[] = {"tini", "tini-static",
                                            "catatonit", "dumb-init"};
static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh",
                                     "ksh", "mksh"};
/* Programs that are certainly not a JVM, even on a JDK image. */
static const char *const not_java[] = {
	"sleep", "echo", "cat", "true", "false", "tail", "ls", "cp", "mv",
	"chmod", "chown", "mkdir", "rm", "touch", "wget", "curl", "nc",
	"ping", "find", "grep", "sed", "awk", "tar", "gzip", "python",
	"python3", "node", "nginx", "ruby", "perl", "kubectl", "jq",
};
/* java launcher options whose value is the next argument. */
static const char *const takes_value[] = {
	"-cp", "-classpath", "--class-path", "-p", "--module-path",
	"--upgrade-module-path", "--add-modules", "--add-opens",
	"--add-exports", "--add-reads", "--patch-module", "--limit-modules",
	"--enable-native-access", "--source",
};
/* JDK_JAVA_OPTIONS may not name the main class or end the launcher. */
static const char *const jdk_options_forbidden[] = {
	"-jar", "-m", "--module", "-h", "-help", "--help", "-?", "-version",
	"--version", "-showversion", "--show-version", "--dry-run",
	"--list-modules",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

bool hr_jvm_options_var(const char *name)
{
	return strcmp(name, "JAVA_TOOL_OPTIONS") == 0 ||
	       strcmp(name, "JDK_JAVA_OPTIONS") == 0 ||
	       strcmp(name, "_JAVA_OPTIONS") == 0 ||
	       in_list(name, convention_vars, COUNT(convention_vars));
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* An env var after Kubernetes expanded it. */
typedef struct env_entry {
	const char *name;
	const char *value;      /* NULL: unknown (valueFrom) */
	const hr_node *node;
	/* Where the value starts in node's text (an `env X=v` argument, an
	 * assignment in a script); SIZE_MAX when not exactly known. */
	size_t value_offset;
	bool expanded;          /* differs from the text in the manifest */
} env_entry;

/* One argument of the java command line, wherever it was written. */
typedef struct java_arg {
	const char *text;
	const hr_node *node;
	size_t offset;          /* in node's text; SIZE_MAX: not exact */
	const char *where;
	/* Exec form: the argument was exactly $(X) and X holds several
	 * words, which Kubernetes passes as one argument. */
	const char *folded_var;
	bool unknown;           /* from a variable whose value is unknown */
} java_arg;

typedef struct collect {
	jvm_build *b;
	env_entry *env;
	size_t env_count;
	/* Name -> the latest env_entry read so far: while the env is read,
	 * what $(X) in the next value may see; after, the container's env. */
	hr_strmap env_by_name;
	/* Names $(X) in command/args referenced. */
	const char **k8s_refs;
	size_t k8s_ref_count, k8s_ref_cap;
	java_arg *args;
	size_t arg_count, arg_cap;
	/* The shell command running java, when it is `sh -c`. */
	hr_shell_command shell;
	bool runs_java;         /* a visible java command line */
	bool runs_other;        /* a visible command that is not a JVM */
	const char *launcher;   /* the program starting java, if not visible */
} collect;

/* ---- positions ---------------------------------------------------- */

static unsigned utf8_chars(const char *s, size_t len)
{
	unsigned n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* The line and column of byte `offset` of a scalar's text: exact when the
 * scalar is written on one line as its text (plain or quoted without
 * escapes), else the scalar's own start. */
static void scalar_position(const hr_source *src, const hr_node *node,
                            size_t offset, unsigned *line, unsigned *column)
{
	*line = node ? node->start.line : 0;
	*column = node ? node->start.column : 0;
	if (!src || !node || node->kind != HR_NODE_SCALAR || offset == SIZE_MAX ||
	    offset > node->len)
		return;
	size_t start = node->start.offset, end = node->end_offset;
	if (end > src->len || start >= end)
		return;
	const char *raw = src->data + start;
	size_t raw_len = end - start, quote = 0;
	if (raw[0] == '"' || raw[0] == '\'') {
		if (raw_len < 2 || raw[raw_len - 1] != raw[0])
			return;
		quote = 1;
		raw_len -= 2;
	}
	if (raw_len != node->len || memcmp(raw + quote, node->text, raw_len) != 0 ||
	    memchr(raw, '\n', end - start))
		return;
	*column = node->start.column + (unsigned)quote +
	          utf8_chars(node->text, offset);
}

static hr_jvm_option *add_option(collect *c, const char *text,
                                 hr_jvm_origin origin, const char *where,
                                 const hr_node *node, size_t offset)
{
	jvm_build *b = c->b;
	b->options = hr_arena_grow(b->arena, b->options, b->option_count,
	                           &b->option_cap, sizeof(*b->options));
	hr_jvm_option *o = &b->options[b->option_count++];
	o->text = text;
	o->origin = origin;
	o->where = where;
	o->node = node;
	o->file = b->src ? b->src->path : NULL;
	scalar_position(b->src, node, offset, &o->line, &o->column);
	return o;
}

/* An issue about text that is no option of the JVM's (yet): positioned
 * like an option would be. */
static void issue_at_text(collect *c, hr_jvm_issue_kind kind, const char *text,
                          const char *where, const hr_node *node,
                          size_t offset, const char *fmt_message)
{
	hr_jvm_option o = {.text = text, .origin = HR_JVM_ORIGIN_COMMAND,
	                   .where = where, .node = node,
	                   .file = c->b->src ? c->b->src->path : NULL};
	scalar_position(c->b->src, node, offset, &o.line, &o.column);
	hr_jvm_issue_at(c->b, kind, &o, NULL, "%s", fmt_message);
}

static const char *label(collect *c, const char *field, size_t i)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s[%zu]", field, i);
	return hr_arena_strdup(c->b->arena, buf);
}

/* ---- environment and $(VAR) ----------------------------------------- */

static const env_entry *env_find(const collect *c, const char *name, size_t len)
{
	return hr_strmap_get(&c->env_by_name, name, len);
}

static const char *env_value(const collect *c, const char *name)
{
	const env_entry *e = env_find(c, name, strlen(name));
	return e ? e->value : NULL;
}

static void note_reference(collect *c, const char *name, size_t len)
{
	c->k8s_refs = hr_arena_grow(c->b->arena, c->k8s_refs, c->k8s_ref_count,
	                            &c->k8s_ref_cap, sizeof(*c->k8s_refs));
	c->k8s_refs[c->k8s_ref_count++] = hr_arena_strndup(c->b->arena, name, len);
}

/* Expand $(VAR) as Kubernetes does, with the variables read so far.
 * *changed: the result differs from the input; *whole: the input was
 * exactly one known $(VAR) (its name), else NULL; *unknown: it refers to
 * a variable whose value only the cluster knows.  A result beyond
 * HR_WORDS_MAX_TEXT is NULL: references can multiply a text, and what
 * the JVM layer reads is bounded. */
static const char *k8s_expand(collect *c, const char *text, bool note_refs,
                              bool *changed, const char **whole, bool *unknown)
{
	*changed = false;
	*whole = NULL;
	*unknown = false;
	size_t len = strlen(text);
	if (!memchr(text, '$', len))
		return text;
	if (len > HR_WORDS_MAX_TEXT)
		return NULL;
	size_t cap = len + 1, out_len = 0, pos = 0, pieces = 0;
	char *out = hr_arena_alloc(c->b->arena, cap);
	const char *only_ref = NULL;
	while (pos < len) {
		hr_capture m[2];
		const char *piece = text + pos;
		size_t piece_len, append_len;
		const char *append = piece;
		if (hr_pattern_match_captures(hr_pattern_table_get(&k8s_patterns, K8S_ESCAPE),
		                              piece, len - pos, m, 1) == HR_MATCH_FOUND) {
			piece_len = m[0].len;
			append_len = 1;
			*changed = true;
		} else if (hr_pattern_match_captures(
		                   hr_pattern_table_get(&k8s_patterns, K8S_REFERENCE),
		                   piece, len - pos, m, 2) == HR_MATCH_FOUND) {
			piece_len = append_len = m[0].len;
			if (note_refs)
				note_reference(c, m[1].text, m[1].len);
			const env_entry *e = env_find(c, m[1].text, m[1].len);
			if (e && e->value) {
				append = e->value;
				append_len = strlen(e->value);
				*changed = true;
				only_ref = e->name;
			} else if (e) {
				/* valueFrom: the kubelet fills it in, with a value
				 * only the cluster knows. */
				*unknown = true;
			}
		} else if (hr_pattern_match_captures(
		                   hr_pattern_table_get(&k8s_patterns, K8S_LITERAL),
		                   piece, len - pos, m, 1) == HR_MATCH_FOUND) {
			piece_len = append_len = m[0].len;
		} else {
			/* Invalid UTF-8 or a pattern that gave up: keep the rest
			 * as written rather than guess. */
			piece_len = append_len = len - pos;
		}
		if (out_len + append_len > HR_WORDS_MAX_TEXT)
			return NULL;
		if (out_len + append_len + 1 > cap) {
			while (out_len + append_len + 1 > cap)
				cap *= 2;
			char *grown = hr_arena_alloc(c->b->arena, cap);
			memcpy(grown, out, out_len);
			out = grown;
		}
		memcpy(out + out_len, append, append_len);
		out_len += append_len;
		pos += piece_len;
		pieces++;
	}
	out[out_len] = '\0';
	if (pieces == 1 && only_ref)
		*whole = only_ref;
	return out;
}

static void read_env(collect *c)
{
	const hr_container *ct = c->b->container;
	c->env = hr_arena_alloc(c->b->arena, (ct->env_count + 1) * sizeof(*c->env));
	for (size_t i = 0; i < ct->env_count; i++) {
		const hr_env_var *v = &ct->env[i];
		if (!v->name)
			continue;
		env_entry *e = &c->env[c->env_count++];
		e->name = v->name;
		e->node = v->node;
		e->value_offset = 0;
		if (v->value && !v->from_reference) {
			const char *whole;
			bool unknown;
			e->value = k8s_expand(c, v->value, false, &e->expanded, &whole,
			                      &unknown);
			if (unknown)
				e->value = NULL;
		}
		hr_strmap_put(&c->env_by_name, e->name, strlen(e->name), e);
	}
}

/* NAME=value set for the program by `env` or a shell: it wins over the
 * container's env.  `source` is the text the assignment sits in (for
 * positions), `at` the assignment's offset in it. */
static void override_env(collect *c, const char *assignment, const hr_node *node,
                         const char *source, size_t at)
{
	const char *eq = strchr(assignment, '=');
	if (!eq || eq == assignment)
		return;
	env_entry *e = hr_arena_alloc(c->b->arena, sizeof(*e));
	size_t name_len = (size_t)(eq - assignment);
	e->name = hr_arena_strndup(c->b->arena, assignment, name_len);
	e->value = eq + 1;
	e->node = node;
	size_t value_at = at == SIZE_MAX ? SIZE_MAX : at + name_len + 1;
	size_t value_len = strlen(e->value);
	bool verbatim = source && value_at != SIZE_MAX &&
	                value_at + value_len <= strlen(source) &&
	                memcmp(source + value_at, e->value, value_len) == 0;
	e->value_offset = verbatim ? value_at : SIZE_MAX;
	hr_strmap_put(&c->env_by_name, e->name, name_len, e);
}

static const char *shell_lookup(void *ctx, const char *name, size_t len)
{
	const collect *c = ctx;
	const env_entry *e = env_find(c, name, len);
	return e ? e->value : NULL;
}

/* ---- the command line ----------------------------------------------- */

static void push_arg(collect *c, java_arg arg)
{
	c->args = hr_arena_grow(c->b->arena, c->args, c->arg_count, &c->arg_cap,
	                        sizeof(*c->args));
	c->args[c->arg_count++] = arg;
}

/* Does the value hold several blank-separated words? */
static bool several_words(const char *s)
{
	hr_capture cap[1];
	size_t len = strlen(s), pos = 0, words = 0;
	while (pos < len) {
		if (hr_pattern_match_captures(hr_pattern_table_get(&field_patterns, 0),
		                              s + pos, len - pos, cap, 1) == HR_MATCH_FOUND) {
			pos += cap[0].len;
			continue;
		}
		if (hr_pattern_match_captures(hr_pattern_table_get(&field_patterns, 1),
		                              s + pos, len - pos, cap, 1) != HR_MATCH_FOUND)
			break;
		pos += cap[0].len;
		if (++words > 1)
			return true;
	}
	return false;
}

/* argv as the container starts it: command then args, each expanded. */
typedef struct argv_item {
	const char *text;
	const hr_node *node;
	const char *where;
	bool expanded;
	bool unknown;           /* holds a value only the cluster knows */
	const char *whole;
} argv_item;

static size_t build_argv(collect *c, argv_item **out)
{
	const hr_container *ct = c->b->container;
	size_t n = ct->command.count + ct->args.count;
	argv_item *argv = hr_arena_alloc(c->b->arena, (n + 1) * sizeof(*argv));
	size_t k = 0;
	const hr_strings *parts[2] = {&ct->command, &ct->args};
	const char *names[2] = {"command", "args"};
	for (int p = 0; p < 2; p++) {
		for (size_t i = 0; i < parts[p]->count; i++) {
			argv_item *a = &argv[k++];
			a->node = parts[p]->nodes[i];
			a->where = label(c, names[p], i);
			const char *raw = parts[p]->items[i] ? parts[p]->items[i] : "";
			a->text = k8s_expand(c, raw, true, &a->expanded, &a->whole,
			                     &a->unknown);
			if (!a->text) {
				/* Too long once expanded: read as written. */
				a->text = raw;
				a->expanded = true;
			}
		}
	}
	*out = argv;
	return k;
}

/* Skip init systems, env and nohup in front of the real program. */
static size_t skip_wrappers(collect *c, const argv_item *argv, size_t argc,
                            size_t i)
{
	while (i < argc) {
		const char *base = base_name(argv[i].text);
		if (in_list(base, init_wrappers, COUNT(init_wrappers))) {
			i++;
			while (i < argc && argv[i].text[0] == '-') {
				bool end = strcmp(argv[i].text, "--") == 0;
				i++;
				if (end)
					break;
			}
		} else if (strcmp(base, "gosu") == 0 || strcmp(base, "su-exec") == 0) {
			i += 2;
		} else if (strcmp(base, "env") == 0) {
			i++;
			while (i < argc && (argv[i].text[0] == '-' ||
			                    (strchr(argv[i].text, '=') && argv[i].text[0] != '='))) {
				if (argv[i].text[0] != '-')
					override_env(c, argv[i].text, argv[i].node,
					             argv[i].node ? argv[i].node->text : NULL,
					             argv[i].expanded ? SIZE_MAX : 0);
				i++;
			}
		} else if (strcmp(base, "nohup") == 0 ||
		           (strcmp(base, "busybox") == 0 && i + 1 < argc &&
		            in_list(argv[i + 1].text, shells, COUNT(shells)))) {
			i++;
		} else {
			break;
		}
	}
	return i;
}

/* The script of `sh [-flags] -c SCRIPT`, or SIZE_MAX. */
static size_t shell_script_index(const argv_item *argv, size_t argc, size_t i)
{
	bool has_c = false;
	size_t j = i + 1;
	while (j < argc && (argv[j].text[0] == '-' || argv[j].text[0] == '+') &&
	       strcmp(argv[j].text, "--") != 0) {
		if (strcmp(argv[j].text + 1, "o") == 0) {
			j += 2;
			continue;
		}
		if (argv[j].text[0] == '-' && strchr(argv[j].text + 1, 'c'))
			has_c = true;
		j++;
	}
	return has_c && j < argc ? j : SIZE_MAX;
}

static int follow_shell(collect *c, const argv_item *script)
{
	jvm_build *b = c->b;
	size_t error_offset = 0;
	size_t len = strlen(script->text);
	int rc = hr_words_find_command(b->arena, script->text, len, "java",
	                               shell_lookup, c, &c->shell, &error_offset);
	if (rc == HR_ELIMIT)
		return hr_fail_at(HR_ELIMIT, b->src ? b->src->path : NULL,
		                  script->node ? script->node->start.line : 0,
		                  script->node ? script->node->start.column : 0,
		                  "the shell command in %s is beyond what headroom reads "
		                  "(%u bytes, %u words)", script->where,
		                  HR_WORDS_MAX_TEXT, HR_WORDS_MAX);
	if (rc == HR_EINVALID) {
		issue_at_text(c, HR_JVM_ISSUE_INVALID, script->text, script->where,
		              script->node, script->expanded ? SIZE_MAX : error_offset,
		              "the sh -c script has an unterminated quote: the shell "
		              "refuses it and java never starts");
		/* Broken, but meant to start java: keep the issue. */
		if (strstr(script->text, "java"))
			c->runs_java = true;
		else
			c->launcher = script->text;
		return HR_OK;
	}
	if (!c->shell.found) {
		/* A script that may still start java (a start script, or one
		 * that passes JAVA_OPTS on), or plainly something else. */
		if (c->shell.unfollowed || strstr(script->text, ".sh") ||
		    strstr(script->text, "java") || strstr(script->text, "JAVA") ||
		    strstr(script->text, "JVM"))
			c->launcher = script->text;
		else
			c->runs_other = true;
		return HR_OK;
	}
	c->runs_java = true;
	for (size_t i = 0; i < c->shell.environment.count; i++) {
		const hr_word *w = &c->shell.environment.items[i];
		override_env(c, w->text, script->node, script->text,
		             script->expanded ? SIZE_MAX : w->offset);
	}
	for (size_t i = 1; i < c->shell.argv.count; i++) {
		const hr_word *w = &c->shell.argv.items[i];
		java_arg a = {.text = w->text, .node = script->node,
		              .offset = script->expanded ? SIZE_MAX : w->offset,
		              .where = script->where, .unknown = w->unknown};
		if (w->expanded_from) {
			char buf[160];
			snprintf(buf, sizeof(buf), "$%s in %s", w->expanded_from,
			         script->where);
			a.where = hr_arena_strdup(b->arena, buf);
			/* The value's own text is in the env, not the script:
			 * point at the $ that brought it. */
		}
		push_arg(c, a);
	}
	return HR_OK;
}

static int read_command(collect *c)
{
	const hr_container *ct = c->b->container;
	if (ct->command.count == 0 && ct->args.count == 0)
		return HR_OK;
	argv_item *argv;
	size_t argc = build_argv(c, &argv);
	size_t i = skip_wrappers(c, argv, argc, 0);
	if (i >= argc)
		return HR_OK;
	const char *base = base_name(argv[i].text);
	/* Only `args`: the image's ENTRYPOINT runs them, unless they start
	 * with a program (JDK images have no ENTRYPOINT). */
	bool program_first = ct->command.count > 0 || strcmp(base, "java") == 0 ||
	                     in_list(base, shells, COUNT(shells));
	if (!program_first)
		return HR_OK;
	if (strcmp(base, "java") == 0) {
		c->runs_java = true;
		for (size_t k = i + 1; k < argc; k++) {
			java_arg a = {.text = argv[k].text, .node = argv[k].node,
			              .offset = argv[k].expanded ? SIZE_MAX : 0,
			              .where = argv[k].where, .unknown = argv[k].unknown};
			if (argv[k].whole && several_words(argv[k].text))
				a.folded_var = argv[k].whole;
			push_arg(c, a);
		}
		return HR_OK;
	}
	if (in_list(base, shells, COUNT(shells))) {
		size_t s = shell_script_index(argv, argc, i);
		if (s != SIZE_MAX)
			return follow_shell(c, &argv[s]);
		c->launcher = argv[i].text; /* sh script.sh: opaque */
		return HR_OK;
	}
	if (in_list(base, not_java, COUNT(not_java)))
		c->runs_other = true;
	else
		c->launcher = argv[i].text;
	return HR_OK;
}

/* The java command line: JVM options up to the main class, `-jar FILE`
 * or `-m MODULE`; what follows belongs to the application. */
static void read_java_args(collect *c)
{
	const char *main_at = NULL;
	for (size_t k = 0; k < c->arg_count; k++) {
		const java_arg *a = &c->args[k];
		const char *t = a->text;
		if (a->unknown && (t[0] == '\0' || t[0] == '-'))
			continue; /* an option only the cluster can tell */
		if (main_at) {
			if (strncmp(t, "-X", 2) == 0) {
				char msg[256];
				snprintf(msg, sizeof(msg),
				         "%.80s comes after %.80s: java passes it to the "
				         "application, not the JVM", t, main_at);
				issue_at_text(c, HR_JVM_ISSUE_NOT_APPLIED, t, a->where,
				              a->node, a->offset, msg);
			}
			continue;
		}
		if ((strcmp(t, "-jar") == 0 || strcmp(t, "-m") == 0 ||
		     strcmp(t, "--module") == 0)) {
			if (k + 1 < c->arg_count)
				k++;
			main_at = hr_arena_strdup(c->b->arena, c->args[k].text);
			continue;
		}
		if (strncmp(t, "--module=", 9) == 0) {
			main_at = t;
			continue;
		}
		if (in_list(t, takes_value, COUNT(takes_value))) {
			k++;
			continue;
		}
		if (t[0] == '@')
			continue; /* an argfile: its content is not in the manifest */
		if (t[0] != '-') {
			if (t[0] != '\0')
				main_at = t;
			continue;
		}
		if (a->folded_var) {
			char msg[320];
			bool fatal = strncmp(t, "-X", 2) == 0;
			snprintf(msg, sizeof(msg),
			         "$(%.60s) holds several options but Kubernetes passes it "
			         "as one argument \"%.80s\"%s", a->folded_var, t,
			         fatal ? ": the JVM refuses it and does not start"
			               : ": the options after the first never reach the JVM");
			issue_at_text(c, fatal ? HR_JVM_ISSUE_INVALID : HR_JVM_ISSUE_NOT_APPLIED,
			              t, a->where, a->node, a->offset, msg);
			continue;
		}
		add_option(c, t, HR_JVM_ORIGIN_COMMAND, a->where, a->node, a->offset);
	}
}

/* ---- options in environment variables -------------------------------- */

static const env_entry *env_entry_named(const collect *c, const char *name)
{
	return env_find(c, name, strlen(name));
}

static int read_options_var(collect *c, const char *name, hr_jvm_origin origin)
{
	const env_entry *e = env_entry_named(c, name);
	if (!e || !e->value || e->value[0] == '\0')
		return HR_OK;
	jvm_build *b = c->b;
	char where[96];
	snprintf(where, sizeof(where), "env %s", name);
	const char *where_text = hr_arena_strdup(b->arena, where);
	if (origin == HR_JVM_ORIGIN_JDK_OPTIONS && b->jvm->jdk_feature == 8) {
		hr_jvm_issue_at(b, HR_JVM_ISSUE_NOT_APPLIED, NULL, e->node,
		                "JDK_JAVA_OPTIONS is read by the java launcher from JDK 9 "
		                "on; this image runs Java 8, which ignores it");
		return HR_OK;
	}
	hr_word_list words;
	size_t error_offset = 0;
	size_t len = strlen(e->value);
	int rc = hr_words_split_options(b->arena, e->value, len, &words, &error_offset);
	if (rc == HR_ELIMIT)
		return hr_fail_at(HR_ELIMIT, b->src ? b->src->path : NULL,
		                  e->node ? e->node->start.line : 0,
		                  e->node ? e->node->start.column : 0,
		                  "%s is beyond what headroom reads (%u bytes, %u words)",
		                  name, HR_WORDS_MAX_TEXT, HR_WORDS_MAX);
	/* Manifests are UTF-8 (the loader sees to it), so the splitter's
	 * only complaint from them is a quote; text from elsewhere may stop
	 * it at a byte that is not UTF-8, which the JVM does not mind. */
	if (rc == HR_EINVALID && error_offset < len &&
	    (e->value[error_offset] == '"' || e->value[error_offset] == '\'')) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%s has an unmatched quote: the JVM refuses "
		         "it and does not start", name);
		issue_at_text(c, HR_JVM_ISSUE_INVALID, e->value, where_text, e->node,
		              e->expanded || e->value_offset == SIZE_MAX
		                      ? SIZE_MAX
		                      : e->value_offset + error_offset,
		              msg);
	}
	for (size_t i = 0; i < words.count; i++) {
		const hr_word *w = &words.items[i];
		size_t offset = e->expanded || e->value_offset == SIZE_MAX
		                        ? SIZE_MAX
		                        : e->value_offset + w->offset;
		if (origin == HR_JVM_ORIGIN_JDK_OPTIONS &&
		    (in_list(w->text, jdk_options_forbidden, COUNT(jdk_options_forbidden)) ||
		     w->text[0] != '-')) {
			char msg[200];
			snprintf(msg, sizeof(msg),
			         "JDK_JAVA_OPTIONS may not contain %.60s (a main class, "
			         "-jar or an option that ends the launcher): java refuses "
			         "to start", w->text);
			issue_at_text(c, HR_JVM_ISSUE_INVALID, w->text, where_text, e->node,
			              offset, msg);
			break; /* the launcher stops at the first */
		}
		add_option(c, w->text, origin, where_text, e->node, offset);
	}
	return HR_OK;
}

static bool referenced_by_command(const collect *c, const char *name)
{
	for (size_t i = 0; i < c->k8s_ref_count; i++)
		if (strcmp(c->k8s_refs[i], name) == 0)
			return true;
	for (size_t i = 0; i < c->shell.reference_count; i++)
		if (strcmp(c->shell.references[i].name, name) == 0)
			return true;
	return false;
}

/* JAVA_OPTS and its cousins: split as a script's unquoted $JAVA_OPTS. */
static void add_convention_words(collect *c, const env_entry *e,
                                 hr_jvm_origin origin, const char *where)
{
	size_t len = strlen(e->value), pos = 0;
	while (pos < len) {
		hr_capture cap[1];
		if (hr_pattern_match_captures(hr_pattern_table_get(&field_patterns, 0),
		                              e->value + pos, len - pos, cap, 1) == HR_MATCH_FOUND) {
			pos += cap[0].len;
			continue;
		}
		if (hr_pattern_match_captures(hr_pattern_table_get(&field_patterns, 1),
		                              e->value + pos, len - pos, cap, 1) != HR_MATCH_FOUND)
			break;
		const char *word = hr_arena_strndup(c->b->arena, cap[0].text, cap[0].len);
		add_option(c, word, origin, where, e->node,
		           e->expanded || e->value_offset == SIZE_MAX
		                   ? SIZE_MAX
		                   : e->value_offset + pos);
		pos += cap[0].len;
	}
}

static bool has_jvm_flag(const char *value)
{
	return value && (strstr(value, "-X") != NULL);
}

/* Conventions: applied where a visible command passes them (already read
 * with the command), appended to JAVA_TOOL_OPTIONS on Paketo images, or
 * assumed passed by the entrypoint when the command is not visible. */
static void read_conventions(collect *c, hr_jvm_origin slot)
{
	jvm_build *b = c->b;
	for (size_t i = 0; i < COUNT(convention_vars); i++) {
		const env_entry *e = env_entry_named(c, convention_vars[i]);
		if (!e || !e->value || e->value[0] == '\0')
			continue;
		char where[160];
		if (b->jvm->paketo && strcmp(e->name, "JAVA_OPTS") == 0) {
			if (slot != HR_JVM_ORIGIN_TOOL_OPTIONS)
				continue;
			snprintf(where, sizeof(where),
			         "env JAVA_OPTS (Paketo appends it to JAVA_TOOL_OPTIONS)");
			add_convention_words(c, e, HR_JVM_ORIGIN_TOOL_OPTIONS,
			                     hr_arena_strdup(b->arena, where));
			continue;
		}
		if (slot != HR_JVM_ORIGIN_ENTRYPOINT)
			continue;
		if (c->runs_java) {
			if (!referenced_by_command(c, e->name) && has_jvm_flag(e->value))
				hr_jvm_issue_at(b, HR_JVM_ISSUE_NOT_APPLIED, NULL, e->node,
				                "%s is set, but the java command never reads "
				                "it: the JVM reads JAVA_TOOL_OPTIONS, only "
				                "shells and scripts read %s", e->name, e->name);
			continue;
		}
		if (c->runs_other)
			continue;
		snprintf(where, sizeof(where), "env %s (if %s passes it to java)",
		         e->name, c->launcher ? base_name(c->launcher)
		                              : "the image's entrypoint");
		add_convention_words(c, e, HR_JVM_ORIGIN_ENTRYPOINT,
		                     hr_arena_strdup(b->arena, where));
	}
}

static bool any_convention_flags(const collect *c)
{
	for (size_t i = 0; i < COUNT(convention_vars); i++)
		if (has_jvm_flag(env_value(c, convention_vars[i])))
			return true;
	return false;
}

/* Set, to a value or to one only the cluster knows (valueFrom). */
static bool env_sets(const collect *c, const char *name)
{
	const env_entry *e = env_entry_named(c, name);
	return e && (!e->value || e->value[0] != '\0');
}

static bool paketo_image(const collect *c, const hr_java_image *image)
{
	(void)image;
	for (size_t i = 0; i < c->env_count; i++)
		if (strncmp(c->env[i].name, "BPL_", 4) == 0 ||
		    strncmp(c->env[i].name, "BP_", 3) == 0)
			return true;
	const char *img = c->b->container->image;
	return img && (strstr(img, "paketo") || strstr(img, "buildpacks"));
}

static int collect_options(collect *c, const hr_java_image *image,
                           bool *is_java);

int hr_jvm_collect_options(jvm_build *b, const hr_java_image *image,
                           bool *is_java)
{
	collect c = {.b = b, .env_by_name = HR_STRMAP_INIT};
	int rc = collect_options(&c, image, is_java);
	hr_strmap_dispose(&c.env_by_name);
	return rc;
}

static int collect_options(collect *c, const hr_java_image *image,
                           bool *is_java)
{
	hr_jvm *jvm = c->b->jvm;
	*is_java = false;
	read_env(c);
	jvm->paketo = paketo_image(c, image);
	int rc = read_command(c);
	if (rc)
		return rc;

	bool env_options = env_sets(c, "JAVA_TOOL_OPTIONS") ||
	                   env_sets(c, "JDK_JAVA_OPTIONS") ||
	                   env_sets(c, "_JAVA_OPTIONS");
	if (c->runs_java)
		jvm->recognized_by = "command";
	else if (c->runs_other)
		return HR_OK;
	else if (env_options || any_convention_flags(c))
		jvm->recognized_by = "options";
	else if (image->is_java)
		jvm->recognized_by = "image";
	else
		return HR_OK;
	*is_java = true;
	jvm->command_visible = c->runs_java;

	rc = read_options_var(c, "JAVA_TOOL_OPTIONS", HR_JVM_ORIGIN_TOOL_OPTIONS);
	if (rc == HR_OK)
		read_conventions(c, HR_JVM_ORIGIN_TOOL_OPTIONS);
	if (rc == HR_OK)
		rc = read_options_var(c, "JDK_JAVA_OPTIONS", HR_JVM_ORIGIN_JDK_OPTIONS);
	if (rc == HR_OK) {
		read_java_args(c);
		read_conventions(c, HR_JVM_ORIGIN_ENTRYPOINT);
	}
	if (rc == HR_OK)
		rc = read_options_var(c, "_JAVA_OPTIONS", HR_JVM_ORIGIN_OVERRIDE);
	return rc;
}
