/*
 * End-to-end over real public manifests (../shared/corpus): run
 * `headroom check -f json=FILE` on each corpus, then check that every
 * workload is found, that requests and limits equal the values read off
 * the files by hand, and that each value's reported line and column is
 * where that value stands in the file.  Skipped (exit 77) without a corpus.
 *
 *   corpus_check HEADROOM CORPUS_DIR
 */
#define _DEFAULT_SOURCE
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NONE -1.0

typedef struct expected {
	const char *corpus, *workload, *container;
	double cpu_request, cpu_limit, memory_request, memory_limit;
} expected;

/* Read off the manifests by hand (online-boutique 34ffea91, sock-shop
 * 9dff06fa); requests shown are as written, none are defaulted. */
static const expected table[] = {
	{"online-boutique", "frontend", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "adservice", "server", 0.2, 0.3, 188743680, 314572800},
	{"online-boutique", "currencyservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "cartservice", "server", 0.2, 0.3, 67108864, 134217728},
	{"online-boutique", "redis-cart", "redis", 0.07, 0.125, 209715200, 268435456},
	{"online-boutique", "loadgenerator", "main", 0.3, 0.5, 268435456, 536870912},
	{"online-boutique", "loadgenerator", "frontend-check", NONE, NONE, NONE, NONE},
	{"online-boutique", "recommendationservice", "server", 0.1, 0.2, 230686720, 471859200},
	{"online-boutique", "checkoutservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "emailservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "paymentservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "shippingservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"online-boutique", "productcatalogservice", "server", 0.1, 0.2, 67108864, 134217728},
	{"sock-shop", "carts", "carts", 0.1, 0.3, 209715200, 524288000},
	{"sock-shop", "carts-db", "carts-db", NONE, NONE, NONE, NONE},
	{"sock-shop", "catalogue", "catalogue", 0.1, 0.2, 104857600, 209715200},
	{"sock-shop", "catalogue-db", "catalogue-db", NONE, NONE, NONE, NONE},
	{"sock-shop", "front-end", "front-end", 0.1, 0.3, 314572800, 1048576000},
	{"sock-shop", "orders", "orders", 0.1, 0.5, 314572800, 524288000},
	{"sock-shop", "orders-db", "orders-db", NONE, NONE, NONE, NONE},
	{"sock-shop", "payment", "payment", 0.099, 0.2, 104857600, 209715200},
	{"sock-shop", "queue-master", "queue-master", 0.1, 0.3, 314572800, 524288000},
	{"sock-shop", "rabbitmq", "rabbitmq", NONE, NONE, NONE, NONE},
	{"sock-shop", "rabbitmq", "rabbitmq-exporter", NONE, NONE, NONE, NONE},
	{"sock-shop", "session-db", "session-db", NONE, NONE, NONE, NONE},
	{"sock-shop", "shipping", "shipping", 0.1, 0.3, 314572800, 524288000},
	{"sock-shop", "user", "user", 0.1, 0.3, 104857600, 209715200},
	{"sock-shop", "user-db", "user-db", NONE, NONE, NONE, NONE},
};

static const struct {
	const char *corpus;
	size_t deployments;
	size_t hpas_linked;
} corpora[] = {{"online-boutique", 12, 0}, {"sock-shop", 14, 7}};

static int failures;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			printf("FAIL: " __VA_ARGS__);                         \
			printf("\n");                                         \
			failures++;                                           \
		}                                                             \
	} while (0)

static int run_headroom(const char *bin, const char *dir, const char *out)
{
	char format[512];
	snprintf(format, sizeof(format), "json=%s", out);
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(bin, bin, "check", "-f", format, dir, (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The text of line `line` of file, or NULL. */
static char *source_line(const char *file, long line)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	long n = 0;
	while (getline(&buf, &cap, f) >= 0)
		if (++n == line)
			break;
	fclose(f);
	if (n != line) {
		free(buf);
		return NULL;
	}
	return buf;
}

static double value_of(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_null(v) ? NONE : json_number_value(v);
}

/* positions: "requests.cpu": [line, column]; the line must read
 * "cpu: <value>" with the value starting at that column (ASCII corpora). */
static void check_positions(const char *file, json_t *container, const char *wname)
{
	json_t *positions = json_object_get(container, "positions");
	const char *key;
	json_t *pos;
	json_object_foreach(positions, key, pos) {
		long line = (long)json_integer_value(json_array_get(pos, 0));
		long col = (long)json_integer_value(json_array_get(pos, 1));
		char *text = source_line(file, line);
		const char *resource = strchr(key, '.') + 1;
		char want[64];
		snprintf(want, sizeof(want), "%s: ", resource);
		size_t wl = strlen(want);
		CHECK(text && col > (long)wl && strncmp(text + col - 1 - wl, want, wl) == 0 &&
		              text[col - 1] != ' ' && text[col - 1] != '\n',
		      "%s %s: %s at %s:%ld:%ld is not the value (line reads: %s)", wname,
		      json_string_value(json_object_get(container, "name")), key, file, line,
		      col, text ? text : "(none)");
		free(text);
	}
}

static void check_corpus(const char *bin, const char *root, size_t c)
{
	char dir[1024], out[] = "/tmp/hr-corpus-XXXXXX";
	snprintf(dir, sizeof(dir), "%s/%s", root, corpora[c].corpus);
	int fd = mkstemp(out);
	close(fd);
	int code = run_headroom(bin, dir, out);
	CHECK(code == 0, "%s: headroom exited %d", corpora[c].corpus, code);
	json_error_t err;
	json_t *report = json_load_file(out, 0, &err);
	unlink(out);
	CHECK(report != NULL, "%s: report is not JSON: %s", corpora[c].corpus, err.text);
	if (!report)
		return;
	json_t *workloads = json_object_get(report, "workloads");
	size_t deployments = 0, hpas = 0, matched = 0;
	size_t i;
	json_t *w;
	json_array_foreach(workloads, i, w) {
		const char *kind = json_string_value(json_object_get(w, "kind"));
		const char *name = json_string_value(json_object_get(w, "name"));
		const char *file = json_string_value(json_object_get(w, "file"));
		deployments += strcmp(kind, "Deployment") == 0;
		hpas += !json_is_null(json_object_get(w, "hpa"));
		size_t j;
		json_t *ct;
		json_array_foreach(json_object_get(w, "containers"), j, ct) {
			const char *cname = json_string_value(json_object_get(ct, "name"));
			const expected *e = NULL;
			for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++)
				if (strcmp(table[t].corpus, corpora[c].corpus) == 0 &&
				    strcmp(table[t].workload, name) == 0 &&
				    strcmp(table[t].container, cname) == 0)
					e = &table[t];
			CHECK(e != NULL, "%s/%s: unexpected container", name, cname);
			if (!e)
				continue;
			matched++;
			json_t *req = json_object_get(ct, "requests");
			json_t *lim = json_object_get(ct, "limits");
			double got[4] = {value_of(req, "cpu"), value_of(lim, "cpu"),
			                 value_of(req, "memory"), value_of(lim, "memory")};
			double want[4] = {e->cpu_request, e->cpu_limit, e->memory_request,
			                  e->memory_limit};
			for (int k = 0; k < 4; k++)
				CHECK(fabs(got[k] - want[k]) < 1e-9, "%s/%s: value %d is %g, expected %g",
				      name, cname, k, got[k], want[k]);
			check_positions(file, ct, name);
		}
	}
	size_t rows = 0;
	for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++)
		rows += strcmp(table[t].corpus, corpora[c].corpus) == 0;
	CHECK(deployments == corpora[c].deployments, "%s: %zu Deployments, expected %zu",
	      corpora[c].corpus, deployments, corpora[c].deployments);
	CHECK(matched == rows, "%s: %zu containers matched, expected %zu",
	      corpora[c].corpus, matched, rows);
	CHECK(hpas == corpora[c].hpas_linked, "%s: %zu HPAs linked, expected %zu",
	      corpora[c].corpus, hpas, corpora[c].hpas_linked);
	printf("%s: %zu Deployments, %zu containers checked\n", corpora[c].corpus,
	       deployments, matched);
	json_decref(report);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: corpus_check HEADROOM CORPUS_DIR\n");
		return 2;
	}
	struct stat st;
	if (stat(argv[2], &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("no corpus at %s: skipped\n", argv[2]);
		return 77;
	}
	for (size_t c = 0; c < sizeof(corpora) / sizeof(corpora[0]); c++)
		check_corpus(argv[1], argv[2], c);
	return failures ? 1 : 0;
}
