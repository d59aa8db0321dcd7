/*
 * The text report, for terminals and CI logs: the verdict and the money
 * first, then the findings grouped by file, one line each with indented
 * details, then notes.
 *
 *   FAIL  1 fail, 0 warn, 0 info  (1 workload, 1 container, 1 file)
 *   cost: $42.10/month reserved (requests x replicas); recommended: ...
 *
 *   deploy/cart.yaml
 *     41:21  fail  memory-limit-below-peak  memory limit 256Mi is below ...
 *                  Deployment shop/cart, container server, profile critical
 *                  evidence: window=14d samples=4032
 *                  suggest: resources.limits.memory: 384Mi
 *
 * Every manifest-controlled string goes through hr_fputs_terminal().  The
 * writer streams: memory stays flat however many findings there are.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RESET "\033[0m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"

typedef struct painter {
	FILE *out;
	bool color;
	const char *currency;
} painter;

static void paint(const painter *p, const char *code)
{
	if (p->color)
		fputs(code, p->out);
}

static void put(const painter *p, const char *s)
{
	hr_fputs_terminal(s ? s : "", p->out);
}

static const char *severity_color(hr_severity s)
{
	return s == HR_SEVERITY_FAIL ? RED : s == HR_SEVERITY_WARN ? YELLOW : CYAN;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* "$1,234.56" for USD, "1,234.56 EUR" (escaped) otherwise. */
static void put_money(const painter *p, double v, bool plus_sign)
{
	char amount[48];
	hr_format_amount(v, plus_sign, amount, sizeof(amount));
	if (strcmp(p->currency, "USD") == 0) {
		/* the sign goes before the symbol: "-$17.70" */
		bool sign = amount[0] == '-' || amount[0] == '+';
		if (sign)
			fputc(amount[0], p->out);
		fputc('$', p->out);
		fputs(amount + sign, p->out);
	} else {
		fputs(amount, p->out);
		fputc(' ', p->out);
		put(p, p->currency);
	}
}

static void write_headline(const painter *p, const hr_report *r)
{
	static const char *const colors[] = {GREEN, YELLOW, RED};
	static const char *const words[] = {"PASS", "WARN", "FAIL"};
	size_t workloads = r->model ? r->model->workload_count : 0;
	size_t containers = r->model ? r->model->container_count : 0;
	paint(p, BOLD);
	paint(p, colors[r->verdict]);
	fputs(words[r->verdict], p->out);
	paint(p, RESET);
	fprintf(p->out, "  %zu fail, %zu warn, %zu info",
	        r->counts[HR_SEVERITY_FAIL], r->counts[HR_SEVERITY_WARN],
	        r->counts[HR_SEVERITY_INFO]);
	if (r->waived_count)
		fprintf(p->out, ", %zu waived", r->waived_count);
	fprintf(p->out, "  (%zu workload%s, %zu container%s, %zu file%s)\n",
	        workloads, plural(workloads), containers, plural(containers),
	        r->file_count, plural(r->file_count));
	if (!workloads)
		return;
	const hr_cost_summary *c = &r->cost;
	fputs("cost: ", p->out);
	put_money(p, c->monthly, false);
	fputs("/month reserved (requests x replicas)", p->out);
	if (c->has_recommended) {
		double saves = c->monthly - c->recommended_monthly;
		fputs("; recommended: ", p->out);
		put_money(p, c->recommended_monthly, false);
		fprintf(p->out, "/month (%s ", saves >= 0 ? "saves" : "costs");
		put_money(p, saves >= 0 ? saves : -saves, false);
		fputc(')', p->out);
	}
	if (c->waste_monthly > 0) {
		fputs("; waste: ", p->out);
		put_money(p, c->waste_monthly, false);
		fputs("/month", p->out);
	}
	if (c->has_base) {
		fputs("; change: ", p->out);
		put_money(p, c->delta_monthly, true);
		fputs("/month vs base", p->out);
	}
	fputc('\n', p->out);
}

/* "base: HEAD~1 (merge base 1a2b3c4d5e6f, from --base): 1 changed, ..." */
static void write_base(const painter *p, const hr_report *r)
{
	const hr_change_summary *c = r->change;
	fputs("base: ", p->out);
	put(p, c->rev);
	fprintf(p->out, " (merge base %.12s", c->commit);
	if (c->source) {
		fputs(", from ", p->out);
		put(p, c->source);
	}
	fputs("):", p->out);
	static const hr_change_status order[] = {
		HR_CHANGE_CHANGED, HR_CHANGE_MOVED, HR_CHANGE_NEW,
		HR_CHANGE_DELETED, HR_CHANGE_UNCHANGED,
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		fprintf(p->out, "%s %zu %s", i ? "," : "", c->counts[order[i]],
		        hr_change_status_name(order[i]));
	fputc('\n', p->out);
	if (c->changed_only)
		fprintf(p->out, "changed-only: %zu finding%s on unchanged "
		        "workloads not shown\n", c->hidden_count,
		        plural(c->hidden_count));
}

static void put_workload_name(const painter *p, const hr_workload *w)
{
	put(p, w->kind_name);
	fputc(' ', p->out);
	put(p, w->namespace_);
	fputc('/', p->out);
	put(p, w->name);
}

/* The workloads the change touches, with what each does to the bill
 * (a few of them; the JSON report has all). */
#define CHANGE_NAMES_MAX 8u

static void write_changes(const painter *p, const hr_report *r)
{
	const hr_change_summary *c = r->change;
	size_t n = r->model ? r->model->workload_count : 0;
	size_t touched = c->deleted_count, shown = 0;
	for (size_t i = 0; i < n; i++)
		touched += r->workload_results[i].change != HR_CHANGE_UNCHANGED;
	if (!touched)
		return;
	fputs("\nchanged workloads:\n", p->out);
	for (size_t i = 0; i < n && shown < CHANGE_NAMES_MAX; i++) {
		const hr_workload_result *res = &r->workload_results[i];
		if (res->change == HR_CHANGE_UNCHANGED)
			continue;
		shown++;
		fprintf(p->out, "  %-7s  ", hr_change_status_name(res->change));
		put_workload_name(p, &r->model->workloads[i]);
		fputs("  ", p->out);
		put_money(p, res->monthly - res->base_monthly, true);
		char num[64];
		hr_format_number(res->replicas, num, sizeof(num));
		fprintf(p->out, "/month  (%s replica%s: %s)\n", num,
		        res->replicas == 1 ? "" : "s",
		        hr_replicas_source_name(res->replicas_source));
	}
	for (size_t i = 0; i < c->deleted_count && shown < CHANGE_NAMES_MAX; i++) {
		shown++;
		fprintf(p->out, "  %-7s  ", "deleted");
		put_workload_name(p, c->deleted[i].workload);
		fputs("  ", p->out);
		put_money(p, -c->deleted[i].base_monthly, true);
		fputs("/month\n", p->out);
	}
	if (touched > shown)
		fprintf(p->out, "  and %zu more\n", touched - shown);
}

/* An evidence string, quoted when it would not read as one word. */
static void put_evidence_string(const painter *p, const char *s)
{
	if (!s)
		s = "";
	if (*s && !strpbrk(s, " =\"")) {
		put(p, s);
		return;
	}
	hr_sbuf quoted = HR_SBUF_INIT;
	hr_sbuf_puts(&quoted, "\"");
	for (const char *c = s; *c; c++) {
		if (*c == '"' || *c == '\\')
			hr_sbuf_puts(&quoted, "\\");
		hr_sbuf_put(&quoted, c, 1);
	}
	hr_sbuf_puts(&quoted, "\"");
	put(p, quoted.data);
	hr_sbuf_release(&quoted);
}

static void put_evidence_value(const painter *p, const hr_evidence *e)
{
	char num[64];
	switch (e->type) {
	case HR_EVIDENCE_INT:
		fprintf(p->out, "%lld", (long long)e->as.i);
		break;
	case HR_EVIDENCE_NUMBER:
		hr_format_number(e->as.d, num, sizeof(num));
		fputs(num, p->out);
		break;
	case HR_EVIDENCE_BOOL:
		fputs(e->as.b ? "true" : "false", p->out);
		break;
	default:
		put_evidence_string(p, e->as.s);
		break;
	}
}

/* Starts one indented detail line under the severity column. */
static void detail(const painter *p, int indent, const char *label)
{
	fprintf(p->out, "%*s", indent, "");
	if (!*label)
		return;
	paint(p, DIM);
	fputs(label, p->out);
	paint(p, RESET);
}

static void write_finding(const painter *p, const hr_finding *f,
                          int loc_width, int rule_width)
{
	char loc[32];
	snprintf(loc, sizeof(loc), "%u:%u", f->line, f->column);
	fprintf(p->out, "  %-*s  ", loc_width, loc);
	paint(p, f->waived ? DIM : severity_color(f->severity));
	fprintf(p->out, "%-4s", hr_severity_name(f->severity));
	paint(p, RESET);
	fputs("  ", p->out);
	put(p, f->rule);
	int pad = rule_width - (int)strlen(f->rule ? f->rule : "");
	fprintf(p->out, "%*s  ", pad > 0 ? pad : 0, "");
	put(p, f->message);
	fputc('\n', p->out);

	int indent = 2 + loc_width + 2;
	if (f->workload || f->container || f->profile) {
		detail(p, indent, "");
		const char *sep = "";
		if (f->workload) {
			put(p, f->workload->kind_name);
			fputc(' ', p->out);
			put(p, f->workload->namespace_);
			fputc('/', p->out);
			put(p, f->workload->name);
			sep = ", ";
		}
		if (f->container) {
			fprintf(p->out, "%scontainer ", sep);
			put(p, f->container->name);
			sep = ", ";
		}
		if (f->profile) {
			fprintf(p->out, "%sprofile ", sep);
			put(p, f->profile);
		}
		if (f->changed)
			fputs("; on a line this change wrote", p->out);
		fputc('\n', p->out);
	} else if (f->changed) {
		detail(p, indent, "");
		fputs("on a line this change wrote\n", p->out);
	}
	if (f->evidence_count) {
		detail(p, indent, "evidence:");
		for (size_t i = 0; i < f->evidence_count; i++) {
			fputc(' ', p->out);
			put(p, f->evidence[i].key);
			fputc('=', p->out);
			put_evidence_value(p, &f->evidence[i]);
		}
		fputc('\n', p->out);
	}
	if (f->suggestion_value) {
		detail(p, indent, "suggest:");
		fputc(' ', p->out);
		if (f->suggestion_field) {
			put(p, f->suggestion_field);
			fputs(": ", p->out);
		}
		put(p, f->suggestion_value);
		fputc('\n', p->out);
	}
	if (f->monthly_cost > 0) {
		detail(p, indent, "waste:");
		fputc(' ', p->out);
		put_money(p, f->monthly_cost, false);
		fputs("/month\n", p->out);
	}
	if (f->waived) {
		fprintf(p->out, "%*s", indent, "");
		paint(p, YELLOW);
		fputs("waived", p->out);
		paint(p, RESET);
		if (f->waiver_expires) {
			fputs(" until ", p->out);
			put(p, f->waiver_expires);
		}
		if (f->waiver_owner) {
			fputs(" by ", p->out);
			put(p, f->waiver_owner);
		}
		if (f->waiver_reason) {
			fputs(": ", p->out);
			put(p, f->waiver_reason);
		}
		fputc('\n', p->out);
	}
}

static bool same_file(const hr_finding *a, const hr_finding *b)
{
	return strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0;
}

/* One file's findings [begin, end): widths for aligned columns. */
static void write_group(const painter *p, const hr_finding *begin,
                        const hr_finding *end)
{
	int loc_width = 0, rule_width = 0;
	for (const hr_finding *f = begin; f < end; f++) {
		char loc[32];
		int n = snprintf(loc, sizeof(loc), "%u:%u", f->line, f->column);
		int rl = (int)strlen(f->rule ? f->rule : "");
		loc_width = n > loc_width ? n : loc_width;
		rule_width = rl > rule_width ? rl : rule_width;
	}
	fputc('\n', p->out);
	paint(p, BOLD);
	put(p, begin->file);
	paint(p, RESET);
	fputc('\n', p->out);
	for (const hr_finding *f = begin; f < end; f++)
		write_finding(p, f, loc_width, rule_width);
}

static void write_findings(const painter *p, const hr_report *r)
{
	if (!r->finding_count) {
		fputs("\nno findings\n", p->out);
		return;
	}
	size_t start = 0;
	for (size_t i = 1; i <= r->finding_count; i++) {
		if (i == r->finding_count ||
		    !same_file(&r->findings[i], &r->findings[start])) {
			write_group(p, &r->findings[start], &r->findings[i]);
			start = i;
		}
	}
}

/* Workloads with nothing to report are named too (a few of them), so a
 * reader sees what passed, not only what did not. */
#define CLEAN_NAMES_MAX 8u


static void write_clean(const painter *p, const hr_report *r)
{
	if (!r->model || r->model->workload_count == 0)
		return;
	size_t n = r->model->workload_count;
	bool *seen = calloc(n, sizeof(*seen));
	if (!seen)
		abort(); /* the out-of-memory policy (util/alloc.h) */
	/* A finding's workload is one of the model's; the address check keeps
	 * a report assembled by hand from writing out of bounds. */
	uintptr_t first = (uintptr_t)r->model->workloads;
	uintptr_t last = (uintptr_t)(r->model->workloads + n);
	for (size_t i = 0; i < r->finding_count; i++) {
		uintptr_t at = (uintptr_t)r->findings[i].workload;
		if (at >= first && at < last)
			seen[(at - first) / sizeof(hr_workload)] = true;
	}
	size_t clean = 0;
	for (size_t i = 0; i < n; i++)
		clean += !seen[i];
	if (clean) {
		fprintf(p->out, "\nno findings for %zu workload%s: ", clean,
		        plural(clean));
		size_t shown = 0;
		for (size_t i = 0; i < n && shown < CLEAN_NAMES_MAX; i++) {
			const hr_workload *w = &r->model->workloads[i];
			if (seen[i])
				continue;
			fputs(shown++ ? ", " : "", p->out);
			put_workload_name(p, w);
			if (r->workload_results) {
				fputs(" (", p->out);
				put(p, r->workload_results[i].profile);
				fputc(')', p->out);
			}
		}
		if (clean > shown)
			fprintf(p->out, " and %zu more", clean - shown);
		fputc('\n', p->out);
	}
	free(seen);
}

int hr_report_write_text(const hr_report *r, const hr_report_style *style,
                         FILE *out)
{
	painter p = {out, style->color,
	             r->cost.currency ? r->cost.currency : "USD"};
	write_headline(&p, r);
	if (r->change)
		write_base(&p, r);
	write_findings(&p, r);
	if (r->finding_count)
		write_clean(&p, r);
	if (r->change && r->workload_results)
		write_changes(&p, r);
	if (r->usage_source_count == 0)
		fputs("\nnote: no usage data: only shape rules ran "
		      "(add -r recommendations.json)\n", out);
	for (size_t i = 0; i < r->note_count; i++) {
		fputs(i ? "note: " : "\nnote: ", out);
		put(&p, r->notes[i]);
		fputc('\n', out);
	}
	return ferror(out) ? HR_EIO : HR_OK;
}
